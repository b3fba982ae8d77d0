package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("prompts/greet.prompt"), """
                ---
                config:
                  temperature: 0.2
                input:
                  schema:
                    name: string
                    mood?: string
                ---
                {{role "system"}}You greet people. Status: {{@state.mode}}
                {{role "user"}}Hello, I am {{name}}{{#if mood}} and I feel {{mood}}{{/if}}.
                {{history}}
                {{media url="https://example.com/a.png" contentType="image/png"}}
                """);
    }

    @Test
    void printsTheSpecificationShapeAsJson() {
        CliRun run = studio("-w", ws.toString(), "render", "greet", "--input", "{\"name\": \"Ada\"}",
                "--context", "{\"state\": {\"mode\": \"calm\"}}");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"config\": {\n    \"temperature\": 0.2\n  }")
                .contains("\"role\": \"system\"")
                .contains("\"text\": \"You greet people. Status: calm\\n\"")
                .contains("\"text\": \"Hello, I am Ada.\\n\"")
                .contains("\"media\": {\n")
                .contains("\"url\": \"https://example.com/a.png\"");
    }

    @Test
    void readsInputAndHistoryFromFilesAndPrintsText() throws IOException {
        Path input = Files.writeString(tmp.resolve("case.json"), "{\"name\": \"Grace\", \"mood\": \"curious\"}");
        Path history = Files.writeString(tmp.resolve("history.json"),
                "[{\"role\": \"user\", \"content\": [{\"text\": \"earlier\"}]}]");
        CliRun run = studio("-w", ws.toString(), "render", "prompts/greet.prompt", "--input", "@" + input,
                "--messages", "@" + history, "--format", "text");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                ── system ──
                You greet people. Status:\s
                
                ── user ──
                Hello, I am Grace and I feel curious.
                
                ── user {purpose=history} ──
                earlier
                
                ── model ──
                [media https://example.com/a.png image/png]
                
                ── config ──
                {
                  "temperature": 0.2
                }
                """);
    }

    @Test
    void missingInputIsAUserErrorNamingTheField() {
        CliRun run = studio("-w", ws.toString(), "render", "greet");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(
                "error: prompts/greet.prompt: input does not match the input schema: missing required field 'name'\n");
    }

    @Test
    void exampleFillsWhatIsMissing() {
        CliRun run = studio("-w", ws.toString(), "render", "greet", "--example", "--format", "text");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Hello, I am <name> and I feel <mood>.");
    }

    @Test
    void badJsonInputNamesTheOption() {
        CliRun run = studio("-w", ws.toString(), "render", "greet", "--input", "{\"name\": ");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: --input:1:").contains("not valid JSON");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = studio("-w", ws.toString(), "render", "greet", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("usage error: Unknown option: '--bogus'");
    }

    @Test
    void notAWorkspaceIsAOneLineError() {
        CliRun run = studio("-w", tmp.toString(), "render", "greet");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + tmp + ": not a workspace (no studio.yaml; create one with 'studio init')\n");
    }

    private static final String RAG = """
            ---
            retrieve: {query: "{{question}}", k: 2, mode: bm25}
            input:
              schema:
                question: string
            ---
            {{#each context}}[{{n}}] {{text}} ({{source}})
            {{/each}}Q: {{question}}
            """;

    @Test
    void aPromptsRetrieveIsRunAsACompareCellRunsIt() throws IOException {
        Files.writeString(ws.resolve("prompts/rag.prompt"), RAG);
        Files.createDirectories(ws.resolve("docs"));
        Files.writeString(ws.resolve("docs/refunds.md"), "# Refunds\n\nRefunds are paid within 14 days.\n");
        Files.writeString(ws.resolve("docs/shipping.md"), "# Shipping\n\nShipping is free above 50 euros.\n");
        String[] render = {"-w", ws.toString(), "render", "rag", "--input", "{\"question\": \"when are refunds paid\"}",
            "--format", "text"};

        CliRun before = studio(render);
        assertThat(before.exitCode()).isZero();
        assertThat(before.err()).isEqualTo("prompts/rag.prompt:2: warning: no document index: run `studio index`"
                + " (the context is rendered empty)\n");
        assertThat(before.out()).startsWith("── user ──\nQ: when are refunds paid");

        assertThat(studio("-w", ws.toString(), "index").exitCode()).isZero();
        CliRun after = studio(render);
        assertThat(after.err()).isEmpty();
        assertThat(after.exitCode()).isZero();
        assertThat(after.out()).startsWith("── user ──\n[1] Refunds").contains("Refunds are paid within 14 days."
                + " (docs/refunds.md)\n").contains("Q: when are refunds paid");

        CliRun nothing = studio("-w", ws.toString(), "render", "rag", "--input", "{\"question\": \"zeppelin\"}",
                "--format", "text");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.err()).isEqualTo("prompts/rag.prompt:2: warning: retrieval found no chunk for query"
                + " \"zeppelin\"\n");

        CliRun empty = studio("-w", ws.toString(), "render", "rag", "--input", "{\"question\": \"\"}");
        assertThat(empty.exitCode()).isNotZero();
        assertThat(empty.err()).isEqualTo("error: prompts/rag.prompt:2: retrieve.query \"{{question}}\" renders empty for"
                + " this case (input 'question' is missing or empty), so there is nothing to search for\n");
    }
}

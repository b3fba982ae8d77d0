package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variable the input schema does not declare is a warning on stderr in {@code studio render} and
 * {@code studio run --dry-run}, with its file and line; the output on stdout is unchanged. Template errors are one
 * located line without Java class names.
 */
class TemplateWarningsCommandTest {

    @TempDir
    Path tmp;
    Path ws;

    private static final String WARNING = "prompts/ask.prompt:7:12: warning: variable 'questoin' is not declared in "
            + "the input schema, so it renders as nothing (declared: question)";

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), "name: warn\nmodels:\n  - id: echo\n    provider: echo\n");
        Files.writeString(ws.resolve("prompts/ask.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                Answer briefly.
                Question {{questoin}}
                """);
    }

    @Test
    void renderWarnsOnStderrAndStillPrintsTheMessages() {
        CliRun run = studio("-w", ws.toString(), "render", "ask", "--input", "{\"question\": \"Why?\"}", "--format", "text");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo(WARNING + System.lineSeparator());
        assertThat(run.out()).contains("Answer briefly.\nQuestion \n").doesNotContain("warning");
    }

    @Test
    void renderOfADeclaredVariableHasNoWarning() throws IOException {
        Files.writeString(ws.resolve("prompts/ask.prompt"), "---\ninput:\n  schema:\n    question: string\n---\n{{question}}\n");
        CliRun run = studio("-w", ws.toString(), "render", "ask", "--input", "{\"question\": \"Why?\"}");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void dryRunWarnsOncePerPlaceOnStderr() throws IOException {
        Files.writeString(ws.resolve("datasets/qs.jsonl"), "{\"question\": \"a\"}\n{\"question\": \"b\"}\n");
        Files.writeString(ws.resolve("experiments/qs.yaml"), "prompts: [ask]\nmodels: [echo]\ndataset: qs\n");
        assertThat(studio("-w", ws.toString(), "save", "ask", "-m", "Ask").exitCode()).isZero();
        CliRun run = studio("-w", ws.toString(), "run", "qs", "--dry-run");
        assertThat(run.exitCode()).isZero();
        // the template's place once, and (decision 0024) the cases that leave the variable out
        assertThat(run.err()).isEqualTo("qs: warning: input the prompts declare or use is missing in some cases (it renders as nothing):"
                + System.lineSeparator() + "  ask: 'questoin' (used by the template) not given in 2 of 2 case(s) (datasets/qs.jsonl:1, :2)"
                + System.lineSeparator() + WARNING + System.lineSeparator());
        assertThat(run.out()).contains("Nothing was called (--dry-run).").doesNotContain("warning");
    }

    @Test
    void helperErrorIsOneLocatedLineWithoutAJavaClassName() throws IOException {
        // issue 8, 7.1: a chat with a history loop printed "...:31:61: java.lang.IllegalArgumentException: ..."
        Files.writeString(ws.resolve("prompts/chat.prompt"), """
                ---
                input:
                  schema:
                    history(array):
                      role: string
                      content: string
                ---
                {{role "system"}}Be brief.
                {{#each history}}{{role role}}{{content}}
                {{/each}}
                """);
        CliRun run = studio("-w", ws.toString(), "render", "prompts/chat.prompt", "--input",
                "{\"history\": [{\"role\": \"\", \"content\": \"hi\"}]}");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("prompts/chat.prompt:9:20: {{role}} needs a role name: system, user, model or tool")
                .doesNotContain("java.").doesNotContain("Exception");
        assertThat(run.err().strip().lines()).hasSize(1);
    }
}

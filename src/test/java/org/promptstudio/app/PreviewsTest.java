package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.provider.TokenCounter;

class PreviewsTest {

    private static final String ANSWER = """
            ---
            config:
              maxOutputTokens: 400
            input:
              schema:
                question: string
                name?: string
              default:
                name: there
            ---
            {{role "system"}}
            Hi {{name}}.
            {{> rules}}
            {{role "user"}}
            {{question}}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void workspace() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), """
                name: test
                models:
                  - id: mini
                    provider: openai
                    model: gpt-4o-mini
                    pricing: { inputPerMillion: 0.15, outputPerMillion: 0.60 }
                  - id: haiku
                    provider: anthropic
                    model: claude-3-5-haiku-latest
                """);
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("prompts/_rules.prompt"), "Be brief.\n");
        Files.writeString(dir.resolve("prompts/answer.prompt"), "saved text, not the editor's\n");
    }

    @Test
    void theEditorsUnsavedTextIsRenderedWithItsPartialsByRole() {
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("answer.prompt", ANSWER, Map.of("question", "Where is it?"));

            assertThat(p.errors()).isEmpty();
            assertThat(p.source()).isEqualTo("prompts/answer.prompt");
            assertThat(p.messages()).extracting(m -> m.role()).containsExactly("system", "user");
            assertThat(p.texts("system")).singleElement().asString().contains("Hi there.").contains("Be brief.");
            assertThat(p.texts("user")).singleElement().asString().contains("Where is it?");
            assertThat(p.warnings()).isEmpty();
        }
    }

    @Test
    void tokensAndCostAreGivenForEveryModelOfTheWorkspace() {
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("prompts/answer.prompt", ANSWER,
                    Map.of("question", "Where is my parcel?"));

            // studio.yaml's models in its order, then the built-in ones it does not list (ModelCatalog).
            assertThat(p.costs()).extracting(Previews.ModelCost::modelId)
                    .containsExactly("mini", "haiku", "echo", "extractive");
            Previews.ModelCost mini = p.costs().get(0);
            long tokens = new TokenCounter().countMessages("gpt-4o-mini", p.messages());
            assertThat(mini.inputTokens()).isEqualTo(tokens).isGreaterThan(5);
            assertThat(mini.exactCount()).isTrue();
            // The prompt's maxOutputTokens bounds the answer; cost = tokens / 1e6 x price per million (studio.yaml).
            assertThat(mini.outputTokens()).isEqualTo(400);
            assertThat(mini.minCostUsd()).isCloseTo(tokens / 1e6 * 0.15, within(1e-12));
            assertThat(mini.maxCostUsd()).isCloseTo(tokens / 1e6 * 0.15 + 400 / 1e6 * 0.60, within(1e-12));
            Previews.ModelCost haiku = p.costs().get(1);
            assertThat(haiku.exactCount()).isFalse();
            assertThat(haiku.minCostUsd()).isNull();
            assertThat(haiku.maxCostUsd()).isNull();
            assertThat(p.costs().get(2).maxCostUsd()).isZero(); // built-in offline models cost nothing
        }
    }

    @Test
    void anUnclosedBlockIsAnErrorAtItsLineAndColumnAndNothingIsRendered() {
        String text = ANSWER.replace("{{question}}", "{{#if question}}\n  {{question}}");
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("answer.prompt", text, Map.of("question", "q"));

            assertThat(p.rendered()).isFalse();
            assertThat(p.messages()).isEmpty();
            assertThat(p.costs()).isEmpty();
            // "{{#if question}}" opens on line 15 (front matter counted), column 1.
            assertThat(p.errors()).singleElement().satisfies(e -> {
                assertThat(e.source()).isEqualTo("prompts/answer.prompt");
                assertThat(e.line()).isEqualTo(15);
                assertThat(e.column()).isEqualTo(1);
                assertThat(e.message()).contains("if");
            });
        }
    }

    @Test
    void everyBrokenTagIsReportedNotOnlyTheFirst() {
        String text = ANSWER.replace("{{question}}", "{{#if question}}{{/unless}}\n{{> missing}}");
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("answer.prompt", text, Map.of("question", "q"));

            assertThat(p.errors()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(p.errors()).extracting(Previews.Place::line).isSorted();
            assertThat(p.errors()).anySatisfy(e -> assertThat(e.toString()).startsWith("prompts/answer.prompt:16:")
                    .contains("missing"));
        }
    }

    @Test
    void brokenFrontMatterIsAnErrorWithItsLine() {
        String text = ANSWER.replace("  maxOutputTokens: 400", "  maxOutputTokens: [400");
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("answer.prompt", text, Map.of("question", "q"));

            assertThat(p.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isBetween(3, 5);
                assertThat(e.toString()).startsWith("prompts/answer.prompt:" + e.line());
            });
        }
    }

    @Test
    void anUndeclaredVariableIsAWarningAtItsPlaceAndTheTextStillRenders() {
        String text = ANSWER.replace("{{question}}", "{{questoin}}");
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("answer.prompt", text, Map.of("question", "q"));

            assertThat(p.rendered()).isTrue();
            assertThat(p.warnings()).singleElement().satisfies(w -> {
                assertThat(w.source()).isEqualTo("prompts/answer.prompt");
                assertThat(w.line()).isEqualTo(15);
                assertThat(w.column()).isEqualTo(3);
                assertThat(w.message()).contains("questoin");
            });
        }
    }

    @Test
    void inputTheSchemaRefusesIsAnErrorButItsUndeclaredVariablesAreStillWarned() {
        String text = ANSWER.replace("{{question}}", "{{questoin}}");
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("answer.prompt", text, Map.of());

            assertThat(p.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isZero();
                assertThat(e.message()).contains("input does not match the input schema").contains("question");
            });
            assertThat(p.warnings()).extracting(Previews.Place::message).anyMatch(m -> m.contains("questoin"));
        }
    }

    @Test
    void aPartialIsRenderedAloneWithTheInputAsItsData() {
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("_rules.prompt", "Answer {{name}} briefly.",
                    Map.of("name", "Ann"));

            assertThat(p.source()).isEqualTo("prompts/_rules.prompt");
            assertThat(p.errors()).isEmpty();
            assertThat(p.messages()).singleElement().satisfies(m -> {
                assertThat(m.role()).isEqualTo("user");
                assertThat(m.text()).isEqualTo("Answer Ann briefly.");
            });
        }
    }

    @Test
    void aConflictMarkerIsRefusedAtItsLine() {
        String text = "Hello\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> other\n";
        try (Studio studio = Studio.open(dir)) {
            Previews.Preview p = studio.previews().render("answer.prompt", text, Map.of());

            assertThat(p.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(2));
            assertThat(p.messages()).isEmpty();
        }
    }
}

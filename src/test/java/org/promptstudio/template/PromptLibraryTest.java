package org.promptstudio.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.Message;

class PromptLibraryTest {

    @TempDir
    Path workspace;
    Path prompts;

    @org.junit.jupiter.api.BeforeEach
    void makePromptsFolder() throws IOException {
        prompts = Files.createDirectories(workspace.resolve("prompts"));
    }

    @Test
    void listsPromptsAndVariantsButNotPartials() throws IOException {
        Files.writeString(prompts.resolve("answer.prompt"), "Hi");
        Files.writeString(prompts.resolve("answer.formal.prompt"), "Good day");
        Files.writeString(prompts.resolve("_rules.prompt"), "Be kind");
        Files.writeString(prompts.resolve("notes.txt"), "not a prompt");
        PromptLibrary lib = new PromptLibrary(prompts);
        assertThat(lib.list()).extracting(PromptRef::id).containsExactly("answer", "answer.formal");
        assertThat(lib.list().get(1).variant()).isEqualTo("formal");
        assertThat(lib.list().get(1).name()).isEqualTo("answer");
        assertThat(lib.partials()).containsExactly("rules");
        assertThat(lib.find("prompts/answer.formal.prompt")).isPresent();
        assertThat(lib.find("_rules")).isEmpty();
    }

    @Test
    void partialsComeFromUnderscoreFilesWithArguments() throws IOException {
        Files.writeString(prompts.resolve("_rules.prompt"), "Rules for {{who}}:\n- be accurate\n");
        Files.writeString(prompts.resolve("answer.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                {{role "system"}}
                {{> rules who="agents"}}
                {{role "user"}}
                {{question}}
                """);
        PromptLibrary lib = new PromptLibrary(prompts);
        List<Message> messages = lib.render(lib.require("answer"), RenderData.of(Map.of("question", "Where is my order?")),
                Map.of()).messages();
        assertThat(messages).extracting(Message::role).containsExactly("system", "user");
        // The newline after {{role}} stays (a helper call is never a standalone line); the partial's line is.
        assertThat(messages.get(0).text()).isEqualTo("\nRules for agents:\n- be accurate\n");
        assertThat(messages.get(1).text()).isEqualTo("\nWhere is my order?");
    }

    @Test
    void editsToPromptsAndPartialsShowOnTheNextRender() throws IOException {
        Files.writeString(prompts.resolve("_sig.prompt"), "-- Support");
        Files.writeString(prompts.resolve("mail.prompt"), "Hello {{name}}\n{{> sig}}");
        PromptLibrary lib = new PromptLibrary(prompts);
        RenderData data = RenderData.of(Map.of("name", "Ada"));
        assertThat(lib.render(lib.require("mail"), data, Map.of()).messages().get(0).text()).isEqualTo("Hello Ada\n-- Support");
        Files.writeString(prompts.resolve("_sig.prompt"), "-- The support team");
        assertThat(lib.render(lib.require("mail"), data, Map.of()).messages().get(0).text())
                .isEqualTo("Hello Ada\n-- The support team");
        Files.writeString(prompts.resolve("mail.prompt"), "Hi {{name}}\n{{> sig}}");
        assertThat(lib.render(lib.require("mail"), data, Map.of()).messages().get(0).text())
                .isEqualTo("Hi Ada\n-- The support team");
    }

    @Test
    void variantRendersItsOwnTemplateAndConfigOptionsMerge() throws IOException {
        Files.writeString(prompts.resolve("greet.prompt"), "---\nconfig:\n  temperature: 0.7\n---\nHey {{name}}!");
        Files.writeString(prompts.resolve("greet.formal.prompt"),
                "---\nvariant: formal\nconfig:\n  temperature: 0.1\n  topK: 20\n---\nGood evening, {{name}}.");
        PromptLibrary lib = new PromptLibrary(prompts);
        RenderedPrompt r = lib.render(lib.require("greet.formal"), RenderData.of(Map.of("name", "Ada")),
                Map.of("config", Map.of("temperature", 0.0)));
        assertThat(r.messages().get(0).text()).isEqualTo("Good evening, Ada.");
        assertThat(r.metadata().config()).containsEntry("temperature", 0L).containsEntry("topK", 20L);
        assertThat(r.metadata().variant()).isEqualTo("formal");
    }

    @Test
    void noHtmlEscapingAndJsonHelperWriteValuesAsGiven() throws IOException {
        Files.writeString(prompts.resolve("j.prompt"), "{{snippet}}\n{{json order indent=2}}");
        PromptLibrary lib = new PromptLibrary(prompts);
        Map<String, Object> order = new java.util.LinkedHashMap<>();
        order.put("id", 7);
        order.put("items", List.of("a", "b"));
        String text = lib.render(lib.require("j"), RenderData.of(Map.of("snippet", "<a href=\"x\">&</a>",
                "order", order)), Map.of()).messages().get(0).text();
        assertThat(text).isEqualTo("<a href=\"x\">&</a>\n{\n  \"id\": 7,\n  \"items\": [\n    \"a\",\n    \"b\"\n  ]\n}");
    }

    @Test
    void exampleInputSatisfiesTheSchema() throws IOException {
        Files.writeString(prompts.resolve("c.prompt"), """
                ---
                input:
                  schema:
                    ticket: string
                    priority(enum): [low, high]
                    tags(array): string
                    count?: integer
                  default:
                    count: 3
                ---
                {{ticket}} {{priority}} {{#each tags}}{{this}}{{/each}} {{count}}
                """);
        PromptLibrary lib = new PromptLibrary(prompts);
        ParsedPrompt parsed = lib.parse(lib.require("c"));
        Map<String, Object> input = ExampleInput.forPrompt(lib.renderer().resolveMetadata(parsed, Map.of()));
        assertThat(lib.render(parsed, RenderData.of(input), Map.of()).messages().get(0).text())
                .isEqualTo("<ticket> low <tags> 3");
    }

    @Test
    void partialFilesAreThoseUsedDirectlyOrThroughOtherPartialsButNotInComments() throws IOException {
        Files.writeString(prompts.resolve("_rules.prompt"), "Rules: {{> tone}}\n");
        Files.writeString(prompts.resolve("_tone.prompt"), "Be kind. {{> rules}}\n");
        Files.writeString(prompts.resolve("_unused.prompt"), "never\n");
        Files.writeString(prompts.resolve("_commented.prompt"), "never\n");
        PromptLibrary lib = new PromptLibrary(prompts);

        ParsedPrompt parsed = lib.parse("{{!-- {{> commented}} --}}\n{{~> rules}}\n{{#> missing}}fallback{{/missing}}\n",
                "prompts/answer.prompt");

        assertThat(lib.partialFiles(parsed)).containsExactly("prompts/_rules.prompt", "prompts/_tone.prompt");
    }

    @Test
    void checkReportsABrokenPartialWithItsOwnFileAndLine() throws IOException {
        Files.writeString(prompts.resolve("_rules.prompt"), "Rules\n{{#if strict}}be strict\n");
        PromptLibrary lib = new PromptLibrary(prompts);

        ParsedPrompt parsed = lib.parse("{{> rules}}\n", "prompts/answer.prompt");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lib.check(parsed))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("prompts/_rules.prompt:2:1: unclosed block {{#if}}");
    }

    @Test
    void anEnumOfCountryCodesKeepsNorway() throws IOException {
        // Issue 10 section 3: in [SE, NO, DK, FI] NO is the string "NO" (YAML 1.2 core schema, YAML 1.2.2 section
        // 10.3.2, as Dotprompt's reference implementation reads front matter); YAML 1.1 made it false and refused "NO".
        Files.writeString(prompts.resolve("ship.prompt"), """
                ---
                input:
                  schema:
                    country(enum): [SE, NO, DK, FI]
                    postcode?: integer
                  default:
                    postcode: 012345
                config:
                  stream: off
                ---
                Ship to {{country}} {{postcode}}
                """);
        PromptLibrary lib = new PromptLibrary(prompts);
        ParsedPrompt parsed = lib.parse(lib.require("ship"));
        assertThat(parsed.metadata().config()).containsEntry("stream", "off");
        assertThat(lib.render(parsed, RenderData.of(Map.of("country", "NO")), Map.of()).messages().get(0).text())
                .isEqualTo("Ship to NO 12345");
    }

    @Test
    void aPostcodeWithALeadingZeroIsANumberUnlessQuoted() throws IOException {
        // YAML 1.2.2 section 10.3.2: 012345 is the integer 12345 (as Dotprompt's JavaScript reference reads it), so a
        // string field refuses it; in quotes it keeps its zero.
        Files.writeString(prompts.resolve("post.prompt"), """
                ---
                input:
                  schema:
                    postcode?: string
                  default:
                    postcode: 012345
                ---
                {{postcode}}
                """);
        Files.writeString(prompts.resolve("quoted.prompt"), """
                ---
                input:
                  schema:
                    postcode?: string
                  default:
                    postcode: '012345'
                ---
                {{postcode}}
                """);
        PromptLibrary lib = new PromptLibrary(prompts);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lib.render(lib.parse(lib.require("post")),
                RenderData.of(Map.of()), Map.of())).isInstanceOf(TemplateException.class).hasMessageContaining("postcode");
        assertThat(lib.render(lib.parse(lib.require("quoted")), RenderData.of(Map.of()), Map.of()).messages().get(0)
                .text()).isEqualTo("012345");
    }
}

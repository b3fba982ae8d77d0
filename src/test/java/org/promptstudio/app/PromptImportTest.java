package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.Message;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.PromptRef;
import org.promptstudio.template.RenderData;

class PromptImportTest {

    static final String BASIC = """
            ---
            name: Basic Prompt
            description: A basic prompt that uses the chat API to answer questions
            authors:
              - sethjuarez
            model:
              api: chat
              configuration:
                type: openai
                name: gpt-4o-mini
              parameters:
                max_tokens: 128
            sample:
              firstName: Jane
              question: What is the meaning of life?
            ---
            system:
            You are an AI assistant who helps people find information.
            You are helping {{firstName}} to find answers to their questions.

            user:
            {{question}}
            """;

    static final String SHOUTING = """
            ---
            name: Shouting
            ---
            system:
            Answer in capitals.
            user:
            {{ question | upper }}
            {% set n = 3 %}
            """;

    @TempDir
    Path root;
    Path workspace;
    Path downloads;
    Studio studio;

    @BeforeEach
    void workspace() throws IOException {
        workspace = Files.createDirectories(root.resolve("ws"));
        Files.writeString(workspace.resolve("studio.yaml"), "name: imports\nmodels: []\n");
        downloads = Files.createDirectories(root.resolve("downloads"));
        studio = Studio.open(workspace);
    }

    @Test
    void importWritesThePromptAndTheSampleRowAndTheLibraryRendersIt() throws IOException {
        Path file = write("Basic Chat.prompty", BASIC);

        PromptImport.Result result = studio.promptImport().prompty(file, null, false);

        assertThat(result.written()).isTrue();
        assertThat(result.prompt()).isEqualTo("prompts/basic-chat.prompt");
        assertThat(result.dataset()).isEqualTo("datasets/basic-chat.jsonl");
        assertThat(Files.readAllLines(workspace.resolve("datasets/basic-chat.jsonl")))
                .containsExactly("{\"firstName\":\"Jane\",\"question\":\"What is the meaning of life?\"}");
        PromptRef ref = studio.prompts().require("basic-chat");
        List<Message> messages = studio.prompts()
                .render(ref, RenderData.of(Map.of("firstName", "Jane", "question", "Why?")), Map.of()).messages();
        assertThat(messages).extracting(Message::role).containsExactly("system", "user");
        assertThat(messages.get(1).text().strip()).isEqualTo("Why?");
        assertThat(result.notes()).contains("Basic Chat.prompty:4: 'authors' kept as metadata.prompty.authors");
    }

    @Test
    void unconvertibleSpotsAreListedWithTheirLinesAndNothingIsWritten() {
        Path file = write("shouting.prompty", SHOUTING);

        PromptImport.Result result = studio.promptImport().prompty(file, null, false);

        assertThat(result.written()).isFalse();
        assertThat(result.problems()).containsExactly(
                "shouting.prompty:7: cannot convert filter '| upper'",
                "shouting.prompty:8: cannot convert '{% set %}'");
        assertThat(workspace.resolve("prompts")).doesNotExist();
        assertThat(workspace.resolve("datasets")).doesNotExist();
    }

    @Test
    void forceWritesThePromptWithATodoCommentAtEachUnconvertibleSpot() throws IOException {
        Path file = write("shouting.prompty", SHOUTING);

        PromptImport.Result result = studio.promptImport().prompty(file, "prompts/loud.prompt", true);

        assertThat(result.written()).isTrue();
        String prompt = Files.readString(workspace.resolve("prompts/loud.prompt"));
        assertThat(prompt).contains("{{!-- TODO prompty: cannot convert filter '| upper': {{ question | upper }} --}}",
                "{{!-- TODO prompty: cannot convert '{% set %}': {% set n = 3 %} --}}");
        assertThat(studio.prompts().render(studio.prompts().require("loud"), RenderData.empty(), Map.of()).messages())
                .extracting(Message::role).containsExactly("system");
    }

    @Test
    void anExistingPromptIsOnlyReplacedWithForce() throws IOException {
        Path file = write("basic.prompty", BASIC);
        Path existing = Files.createDirectories(workspace.resolve("prompts")).resolve("basic.prompt");
        Files.writeString(existing, "hand written\n");

        assertThatThrownBy(() -> studio.promptImport().prompty(file, null, false))
                .isInstanceOf(StudioException.class)
                .hasMessage("prompts/basic.prompt already exists; use --force to replace it");
        assertThat(existing).hasContent("hand written");

        studio.promptImport().prompty(file, null, true);
        assertThat(Files.readString(existing)).startsWith("---\nname: Basic Prompt\n");
        try (Stream<Path> files = Files.list(existing.getParent())) {
            assertThat(files).containsExactly(existing);
        }
    }

    @Test
    void importingTheSameSampleTwiceAddsOneRowAndADifferentSampleAddsAnother() throws IOException {
        Path file = write("basic.prompty", BASIC);
        studio.promptImport().prompty(file, null, false);

        PromptImport.Result again = studio.promptImport().prompty(file, null, true);
        Files.writeString(file, BASIC.replace("firstName: Jane", "firstName: Joe"));
        PromptImport.Result other = studio.promptImport().prompty(file, null, true);

        assertThat(again.rowAdded()).isFalse();
        assertThat(other.rowAdded()).isTrue();
        assertThat(Files.readAllLines(workspace.resolve("datasets/basic.jsonl"))).hasSize(2);
    }

    @Test
    void targetsOutsideThePromptsFolderAreRefused() {
        Path file = write("basic.prompty", BASIC);

        for (String target : List.of("../escape.prompt", "datasets/basic.prompt", "prompts/_partial.prompt",
                "prompts/has space.prompt")) {
            assertThatThrownBy(() -> studio.promptImport().prompty(file, target, true))
                    .as(target).isInstanceOf(StudioException.class)
                    .hasMessageContaining("expected prompts/NAME.prompt");
        }
        assertThat(workspace.resolve("prompts")).doesNotExist();
    }

    @Test
    void aShortTargetNameLandsInThePromptsFolder() {
        Path file = write("basic.prompty", BASIC);

        PromptImport.Result result = studio.promptImport().prompty(file, "answer.formal", false);

        assertThat(result.prompt()).isEqualTo("prompts/answer.formal.prompt");
        assertThat(workspace.resolve("prompts/answer.formal.prompt")).exists();
        assertThat(result.dataset()).isEqualTo("datasets/answer.formal.jsonl");
    }

    @Test
    void aMissingFileIsAUserErrorNamingIt() {
        assertThatThrownBy(() -> studio.promptImport().prompty(downloads.resolve("nope.prompty"), null, false))
                .isInstanceOf(StudioException.class).hasMessage("import prompty: cannot read "
                        + downloads.resolve("nope.prompty") + ": no such file");
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(downloads.resolve(name), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

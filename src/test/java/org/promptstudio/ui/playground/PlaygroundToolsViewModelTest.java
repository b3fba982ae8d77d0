package org.promptstudio.ui.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.playground.PlaygroundViewModel.Bubble;
import org.promptstudio.ui.playground.PlaygroundViewModel.Kind;
import org.promptstudio.ui.playground.PlaygroundViewModel.Status;
import org.promptstudio.testsupport.ToolCallServer;

/**
 * Tool calls and JSON answers in the playground's view model, without a window: a real workspace, git and H2, a local
 * server speaking OpenAI's chat completions ({@link ToolCallServer}: asked "Weather in X?" it calls {@code weather};
 * given the result it answers "Tool said: RESULT"), and the built-in echo model.
 */
class PlaygroundToolsViewModelTest {

    @TempDir
    Path dir;
    Studio studio;
    ToolCallServer server;
    final HeldTaskRunner held = new HeldTaskRunner();

    @BeforeEach
    void workspace() throws Exception {
        server = ToolCallServer.start();
        Studio.init(dir, "Test");
        git(dir, "config", "user.name", "Ada Lovelace");
        git(dir, "config", "user.email", "ada@example.org");
        Files.writeString(dir.resolve("studio.yaml"), """
                name: tools
                models:
                  - id: local
                    provider: openai-compatible
                    model: local-llm
                    baseUrl: %s
                  - id: echo
                    provider: echo
                """.formatted(server.baseUrl()));
        Files.createDirectories(dir.resolve("tools"));
        Files.writeString(dir.resolve("tools/weather.yaml"), """
                description: Current weather in a city
                inputSchema:
                  properties:
                    city: { type: string }
                outputSchema:
                  type: object
                  properties:
                    temp: { type: number }
                """);
        Files.writeString(dir.resolve("prompts/chat.prompt"), """
                ---
                tools: [weather]
                ---
                {{role "system"}}You answer about the weather.
                {{history}}
                """);
        Files.writeString(dir.resolve("prompts/data.prompt"), """
                ---
                output: { format: json }
                ---
                {{role "system"}}Answer in JSON.
                {{history}}
                """);
        studio = Studio.open(dir);
    }

    @AfterEach
    void close() {
        studio.close();
        server.close();
    }

    private PlaygroundViewModel loaded(String prompt, String... models) {
        PlaygroundViewModel vm = new PlaygroundViewModel(studio, held, true);
        vm.promptProperty().set(prompt);
        vm.onActivate();
        held.complete(held.handedIn() - 1);
        vm.models().setAll(models);
        vm.inputProperty().set("");
        return vm;
    }

    private void finishLast() {
        held.complete(held.handedIn() - 1);
    }

    private static List<String> shown(PlaygroundViewModel.Column c) {
        return c.messages().stream().map(b -> b.kind() + "/" + b.status() + ": " + b.text()).toList();
    }

    @Test
    void aToolCallIsItsOwnBubbleAndTheSentResultLetsTheAnswerStreamOn() {
        PlaygroundViewModel vm = loaded("chat", "local", "echo");
        vm.draftProperty().set("Weather in Oslo?");
        vm.onSend();
        finishLast();

        Bubble call = vm.columns().get(0).messages().get(1);
        assertThat(call.kind()).isEqualTo(Kind.TOOL_CALL);
        assertThat(call.status()).isEqualTo(Status.WAITING);
        assertThat(call.call()).isEqualTo("weather({\"city\":\"Oslo\"})");
        assertThat(call.ref()).isEqualTo("call_Oslo");
        // two-space JSON, as JSON.stringify(v, null, 2) writes it
        assertThat(call.text()).isEqualTo("{\n  \"city\": \"Oslo\"\n}");
        assertThat(call.metrics()).matches("\\d+ ms \u00b7 10\u21924 tok \u00b7 unpriced");
        Bubble echo = vm.columns().get(1).messages().get(1);
        assertThat(echo.status()).isEqualTo(Status.FAILED);
        assertThat(echo.error()).isEqualTo("echo: this offline model cannot call tools (the prompt declares weather); "
                + "choose a model that can, or remove 'tools'");

        vm.draftProperty().set("And tomorrow?");
        vm.onSend();
        assertThat(vm.errorProperty().get()).isEqualTo("local waits on the result of weather({\"city\":\"Oslo\"}): "
                + "send the result first, or Edit or Resend the turn");
        assertThat(held.handedIn()).as("nothing sent").isEqualTo(2);

        vm.onSendToolResult(0, "call_Oslo", "minus 3");
        assertThat(vm.errorProperty().get()).startsWith(
                "result of weather: not JSON, which its outputSchema asks for (line 1, column ");
        assertThat(held.handedIn()).as("nothing sent").isEqualTo(2);

        vm.onSendToolResult(0, "call_Oslo", "{\"temp\": -3}");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(shown(vm.columns().get(0))).containsExactly(
                "USER/DONE: Weather in Oslo?",
                "TOOL_CALL/DONE: {\n  \"city\": \"Oslo\"\n}",
                "TOOL_RESULT/DONE: {\n  \"temp\": -3\n}",
                "ANSWER/STREAMING: ");
        finishLast();

        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(shown(vm.columns().get(0))).containsExactly(
                "USER/DONE: Weather in Oslo?",
                "TOOL_CALL/DONE: {\n  \"city\": \"Oslo\"\n}",
                "TOOL_RESULT/DONE: {\n  \"temp\": -3\n}",
                "ANSWER/DONE: Tool said: {\"temp\":-3}");
        Bubble answer = vm.columns().get(0).messages().get(3);
        assertThat(answer.metrics()).as("the call and its continuation").matches("\\d+ ms \u00b7 20\u21928 tok \u00b7 unpriced");
        assertThat(vm.columns().get(0).messages().get(2).call()).isEqualTo("weather");
        assertThat(vm.columns().get(1).messages()).hasSize(2);
        assertThat(vm.messageProperty().get()).isEqualTo("local answered with the tool's result");

        vm.onSaveAsRun("weather chat");
        finishLast();
        assertThat(vm.messageProperty().get()).matches("Saved as run \\d+ \\(2 calls\\)");
    }

    @Test
    void aJsonAnswerIsShownFormatted() {
        PlaygroundViewModel vm = loaded("data", "echo");
        vm.draftProperty().set("{\"a\": 1, \"b\": [true]}");
        vm.onSend();
        finishLast();

        // JSON.stringify({a: 1, b: [true]}, null, 2)
        assertThat(vm.columns().get(0).messages().get(1).text()).isEqualTo("{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}");
    }
}

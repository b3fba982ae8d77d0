package org.promptstudio.ui.playground;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.promptstudio.testsupport.Workspaces;

/**
 * Tool calls and JSON answers in the playground's view model, without a window: a real workspace, git and H2, a local
 * server speaking OpenAI's chat completions ({@link ToolCallServer}: asked "Weather in X?" it calls {@code weather},
 * "Weather in X and Y?" twice, "Forecast for X?" {@code forecast}; given the results it answers "Tool said: A; B"), and
 * the built-in echo model ({@link Workspaces#toolChat}).
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
        Workspaces.toolChat(dir, server);
        Files.writeString(dir.resolve("prompts/data.prompt"), """
                ---
                output: { format: json }
                ---
                {{role "system"}}Answer in JSON.
                {{history}}
                """);
        Files.writeString(dir.resolve("prompts/ticket.prompt"), """
                ---
                output:
                  format: json
                  schema:
                    type: object
                    properties:
                      priority: { type: string, enum: [low, high] }
                      tags: { type: array, items: { type: string } }
                    required: [priority]
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

    /** Says {@code text} as the next turn and lets the models answer. */
    private void say(PlaygroundViewModel vm, String text) {
        vm.draftProperty().set(text);
        vm.onSend();
        finishLast();
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
        say(vm, "Forecast for Oslo?");

        Bubble call = vm.columns().get(0).messages().get(1);
        assertThat(call.kind()).isEqualTo(Kind.TOOL_CALL);
        assertThat(call.status()).isEqualTo(Status.WAITING);
        assertThat(call.call()).isEqualTo("forecast({\"city\":\"Oslo\"})");
        assertThat(call.ref()).isEqualTo("call_Oslo");
        // two-space JSON, as JSON.stringify(v, null, 2) writes it
        assertThat(call.text()).isEqualTo("{\n  \"city\": \"Oslo\"\n}");
        assertThat(call.metrics()).matches("\\d+ ms \u00b7 10\u21924 tok \u00b7 unpriced");
        Bubble echo = vm.columns().get(1).messages().get(1);
        assertThat(echo.status()).isEqualTo(Status.FAILED);
        assertThat(echo.error()).isEqualTo("echo: this offline model cannot call tools (the prompt declares weather, forecast); "
                + "choose a model that can, or remove 'tools'");

        vm.draftProperty().set("And tomorrow?");
        vm.onSend();
        assertThat(vm.errorProperty().get()).isEqualTo("local waits on the result of forecast({\"city\":\"Oslo\"}): "
                + "send the result first, or Edit or Resend the turn");
        assertThat(held.handedIn()).as("nothing sent").isEqualTo(2);

        vm.onSendToolResult(0, "call_Oslo", "minus 3");
        assertThat(vm.errorProperty().get()).startsWith(
                "result of forecast: not JSON, which its outputSchema asks for (line 1, column ");
        assertThat(held.handedIn()).as("nothing sent").isEqualTo(2);

        vm.onSendToolResult(0, "call_Oslo", "{\"temp\": -3}");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(shown(vm.columns().get(0))).containsExactly(
                "USER/DONE: Forecast for Oslo?",
                "TOOL_CALL/DONE: {\n  \"city\": \"Oslo\"\n}",
                "TOOL_RESULT/DONE: {\n  \"temp\": -3\n}",
                "ANSWER/STREAMING: ");
        finishLast();

        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(shown(vm.columns().get(0))).containsExactly(
                "USER/DONE: Forecast for Oslo?",
                "TOOL_CALL/DONE: {\n  \"city\": \"Oslo\"\n}",
                "TOOL_RESULT/DONE: {\n  \"temp\": -3\n}",
                "ANSWER/DONE: Tool said: {\"temp\":-3}");
        Bubble answer = vm.columns().get(0).messages().get(3);
        assertThat(answer.metrics()).as("the call and its continuation").matches("\\d+ ms \u00b7 20\u21928 tok \u00b7 unpriced");
        assertThat(vm.columns().get(0).messages().get(2).call()).isEqualTo("forecast");
        assertThat(vm.columns().get(1).messages()).hasSize(2);
        assertThat(vm.messageProperty().get()).isEqualTo("local answered with the tool's result");

        vm.onSaveAsRun("weather chat");
        finishLast();
        assertThat(vm.messageProperty().get()).matches("Saved as run \\d+ \\(2 calls\\)");
    }

    @Test
    void everyPendingToolCallKeepsItsBoxUntilItHasAResultInAnyOrder() {
        PlaygroundViewModel vm = loaded("chat", "local", "local2");
        say(vm, "Weather in Oslo and Rome?");
        List<String> bothWaiting = List.of("USER/DONE: Weather in Oslo and Rome?",
                "TOOL_CALL/WAITING: {\n  \"city\": \"Oslo\"\n}", "TOOL_CALL/WAITING: {\n  \"city\": \"Rome\"\n}");
        assertThat(shown(vm.columns().get(0))).isEqualTo(bothWaiting);
        assertThat(shown(vm.columns().get(1))).isEqualTo(bothWaiting);

        // the second column first, and its second call first: kept until each call of the answer has its result
        vm.onSendToolResult(1, "call_Rome", "rain");
        assertThat(held.handedIn()).as("nothing sent yet").isEqualTo(2);
        assertThat(vm.messageProperty().get()).isEqualTo("Result of weather kept: now the result of "
                + "weather({\"city\":\"Oslo\"})");
        assertThat(shown(vm.columns().get(1))).containsExactly("USER/DONE: Weather in Oslo and Rome?",
                "TOOL_CALL/WAITING: {\n  \"city\": \"Oslo\"\n}", "TOOL_CALL/DONE: {\n  \"city\": \"Rome\"\n}",
                "TOOL_RESULT/DONE: rain");
        vm.onSendToolResult(1, "call_Oslo", "snow");
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(shown(vm.columns().get(0))).as("the other column keeps its boxes meanwhile").isEqualTo(bothWaiting);
        finishLast();
        assertThat(shown(vm.columns().get(1))).endsWith("ANSWER/DONE: Tool said: snow; rain");

        vm.draftProperty().set("Thanks");
        vm.onSend();
        assertThat(vm.errorProperty().get()).startsWith("local waits on the result of weather({\"city\":\"Oslo\"})");

        vm.onSendToolResult(0, "call_Oslo", "fog");
        vm.onSendToolResult(0, "call_Rome", "sun");
        finishLast();
        assertThat(shown(vm.columns().get(0))).endsWith("ANSWER/DONE: Tool said: fog; sun");
        assertThat(shown(vm.columns().get(1))).endsWith("ANSWER/DONE: Tool said: snow; rain");

        vm.draftProperty().set("Thanks");
        vm.onSend();
        assertThat(vm.errorProperty().get()).isEmpty();
        finishLast();
        assertThat(vm.turnCountProperty().get()).isEqualTo(2);
    }

    @Test
    void aJsonAnswerIsShownFormatted() {
        PlaygroundViewModel vm = loaded("data", "echo");
        say(vm, "{\"a\": 1, \"b\": [true]}");

        // JSON.stringify({a: 1, b: [true]}, null, 2)
        assertThat(vm.columns().get(0).messages().get(1).text()).isEqualTo("{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}");
    }

    @Test
    void aStructuredAnswerIsCheckedAgainstTheSchemaWithTheGridsBadgeNamingThePath() {
        PlaygroundViewModel vm = loaded("ticket", "echo");
        say(vm, "{\"priority\": \"high\", \"tags\": [\"lamp\"]}");
        Bubble good = vm.columns().get(0).messages().get(1);
        assertThat(good.text()).isEqualTo("{\n  \"priority\": \"high\",\n  \"tags\": [\n    \"lamp\"\n  ]\n}");
        assertThat(good.badges()).extracting(PlaygroundViewModel.Badge::type, PlaygroundViewModel.Badge::pass)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("json-schema", true));

        say(vm, "{\"priority\": \"soon\", \"tags\": [\"lamp\", 3]}");
        Bubble bad = vm.columns().get(0).messages().get(3);
        assertThat(bad.badges()).hasSize(1);
        PlaygroundViewModel.Badge badge = bad.badges().get(0);
        assertThat(badge.type()).isEqualTo("json-schema");
        assertThat(badge.pass()).isFalse();
        // the first violation's JSON path first (networknt json-schema-validator's message: "$.path: ..."), as the
        // grid's json-schema check writes it (eval.StructureChecks)
        assertThat(badge.reason()).startsWith("the prompt's output.schema: $.priority: ")
                .contains("(found \"soon\")").contains("$.tags[1]");

        say(vm, "not json");
        assertThat(vm.columns().get(0).messages().get(5).badges()).singleElement().satisfies(b -> {
            assertThat(b.pass()).isFalse();
            assertThat(b.reason()).startsWith("the prompt's output.schema: is not JSON: ");
        });
    }

    @Test
    void theToolResultsContinuationRunsAsLongWorkOnAThreadOfItsOwn() {
        // decision 0099: a streamed model call never holds one of the shared pool's few threads
        List<String> longJobs = new java.util.ArrayList<>();
        org.promptstudio.ui.common.TaskRunner recording = new org.promptstudio.ui.common.TaskRunner() {
            @Override
            public <T> org.promptstudio.ui.common.TaskHandle run(String title, Job<? extends T> job,
                    java.util.function.Consumer<? super T> ok, java.util.function.Consumer<? super Throwable> failed) {
                return held.run(title, job, ok, failed);
            }

            @Override
            public <T> org.promptstudio.ui.common.TaskHandle runLong(String title, Job<? extends T> job,
                    java.util.function.Consumer<? super T> ok, java.util.function.Consumer<? super Throwable> failed) {
                longJobs.add(title);
                return held.run(title, job, ok, failed);
            }

            @Override
            public javafx.collections.ObservableList<org.promptstudio.ui.common.TaskHandle> running() {
                return held.running();
            }
        };
        PlaygroundViewModel vm = new PlaygroundViewModel(studio, recording, true);
        vm.promptProperty().set("chat");
        vm.onActivate();
        finishLast();
        vm.models().setAll("local");
        vm.inputProperty().set("");
        say(vm, "Forecast for Oslo?");
        vm.onSendToolResult(0, "call_Oslo", "{\"temp\": -3}");
        finishLast();

        assertThat(longJobs).containsExactly("Playground chat", "Tool result for local");
        assertThat(vm.columns().get(0).messages().get(3).text()).isEqualTo("Tool said: {\"temp\":-3}");
    }
}

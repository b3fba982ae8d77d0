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
import org.promptstudio.app.StudioParts;
import org.promptstudio.model.RunKind;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.playground.PlaygroundViewModel.Bubble;
import org.promptstudio.testsupport.Workspaces;

/** The playground's view model without a window: real workspace, real git, real H2, the built-in echo model. */
class PlaygroundViewModelTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() throws Exception {
        Workspaces.init(dir, "playground", """
                  - id: echo
                    provider: echo
                  - id: echo-priced
                    provider: echo
                    pricing: { inputPerMillion: 1000000, outputPerMillion: 0 }
                """);
        Workspaces.write(dir, "prompts/chat.prompt", Workspaces.CHAT_PROMPT);
        studio = Studio.open(dir);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private PlaygroundViewModel loaded(TaskRunner runner) {
        PlaygroundViewModel vm = new PlaygroundViewModel(studio, runner, true);
        vm.promptProperty().set("chat");
        vm.onActivate();
        vm.models().setAll("echo", "echo-priced");
        vm.inputProperty().set("topic: returns");
        return vm;
    }

    private static List<String> texts(PlaygroundViewModel.Column c) {
        return c.messages().stream().map(b -> (b.user() ? "you: " : "model: ") + b.text()).toList();
    }

    @Test
    void choicesAndThePromptsVariablesAreRead() {
        PlaygroundViewModel vm = new PlaygroundViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("chat");
        vm.onActivate();

        assertThat(vm.promptChoices()).containsExactly("chat");
        assertThat(vm.modelChoices()).startsWith("echo", "echo-priced");
        assertThat(vm.models()).containsExactly("echo");
        assertThat(vm.inputProperty().get()).startsWith("topic: ");
    }

    @Test
    void twoTurnsFillOneColumnPerModelWithMetrics() {
        PlaygroundViewModel vm = loaded(TaskRunner.callingThread());

        vm.draftProperty().set("Can I return a lamp?");
        vm.onSend();
        vm.draftProperty().set("Within how many days?");
        vm.onSend();

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.columns()).extracting(PlaygroundViewModel.Column::model).containsExactly("echo", "echo-priced");
        assertThat(texts(vm.columns().get(1))).containsExactly("you: Can I return a lamp?",
                "model: Can I return a lamp?", "you: Within how many days?", "model: Within how many days?");
        Bubble answer = vm.columns().get(1).messages().get(3);
        assertThat(answer.status()).isEqualTo(PlaygroundViewModel.Status.DONE);
        assertThat(answer.metrics()).matches("\\d+ ms \u00b7 \\d+\u2192\\d+ tok \u00b7 \\$\\d.*");
        assertThat(vm.columns().get(0).messages().get(1).metrics()).as("the built-in echo is free").endsWith("$0");
        assertThat(vm.turnCountProperty().get()).isEqualTo(2);
        assertThat(vm.draftProperty().get()).as("the box is emptied for the next turn").isEmpty();
    }

    @Test
    void editingATurnDropsTheLaterOnesAndResendAsksAgain() {
        PlaygroundViewModel vm = loaded(TaskRunner.callingThread());
        for (String s : List.of("first", "second", "third")) {
            vm.draftProperty().set(s);
            vm.onSend();
        }

        vm.onEdit(1);
        assertThat(vm.draftProperty().get()).isEqualTo("second");
        assertThat(vm.editingProperty().get()).isEqualTo(1);
        vm.draftProperty().set("second, edited");
        vm.onSend();

        assertThat(texts(vm.columns().get(0))).containsExactly("you: first", "model: first", "you: second, edited",
                "model: second, edited");
        assertThat(vm.editingProperty().get()).isEqualTo(-1);

        vm.onResend(0);
        assertThat(texts(vm.columns().get(0))).containsExactly("you: first", "model: first");
    }

    @Test
    void aTurnShowsWhatStreamedBeforeItEnds() {
        HeldTaskRunner held = new HeldTaskRunner();
        PlaygroundViewModel vm = new PlaygroundViewModel(studio, held, true);
        vm.promptProperty().set("chat");
        vm.onActivate();
        held.complete(0);
        vm.models().setAll("echo");
        vm.inputProperty().set("topic: returns");
        vm.draftProperty().set("Hello there");

        vm.onSend();

        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.busy()).isTrue();
        assertThat(vm.columns().get(0).messages()).extracting(Bubble::status)
                .containsExactly(PlaygroundViewModel.Status.DONE, PlaygroundViewModel.Status.STREAMING);
        held.complete(1);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(texts(vm.columns().get(0))).containsExactly("you: Hello there", "model: Hello there");
    }

    @Test
    void saveAsRunAndAddToDatasetSayWhereTheyWrote() throws Exception {
        PlaygroundViewModel vm = loaded(TaskRunner.callingThread());
        vm.onSaveAsRun("");
        assertThat(vm.errorProperty().get()).isEqualTo("nothing to save yet: send a message first");
        vm.draftProperty().set("Can I return a lamp?");
        vm.onSend();

        vm.onSaveAsRun("lamp");
        assertThat(vm.messageProperty().get()).matches("Saved as run \\d+ \\(2 calls\\)");
        long runId = Long.parseLong(vm.messageProperty().get().replaceAll("\\D+(\\d+).*", "$1"));
        assertThat(StudioParts.runs(studio).find(runId).orElseThrow().kind()).isEqualTo(RunKind.PLAYGROUND);
        assertThat(StudioParts.calls(studio).inRunWithAnswers(runId)).hasSize(2);

        vm.datasetProperty().set("kept");
        vm.onAddToDataset(0, 1);
        assertThat(vm.messageProperty().get()).isEqualTo("Added to datasets/kept.jsonl:1 (no split)");
        assertThat(Files.readString(dir.resolve("datasets/kept.jsonl")))
                .contains("\"expected\":\"Can I return a lamp?\"").contains("\"topic\":\"returns\"")
                .doesNotContain("split");
    }

    @Test
    void aKeptCaseTakesTheSplitTheDatasetsRowsUseOrTheOneChosen() throws Exception {
        Workspaces.write(dir, "datasets/qa.jsonl", """
                {"id": "a", "topic": "returns", "split": "test"}
                {"id": "b", "topic": "returns", "split": "test"}
                {"id": "c", "topic": "returns", "split": "dev"}
                """);
        PlaygroundViewModel vm = loaded(TaskRunner.callingThread());
        vm.draftProperty().set("Can I return a lamp?");
        vm.onSend();
        vm.datasetProperty().set("qa");
        assertThat(vm.splitProperty().get()).isEqualTo(PlaygroundViewModel.SPLIT_AS_DATASET);
        assertThat(vm.splitChoices()).containsExactly(PlaygroundViewModel.SPLIT_AS_DATASET, "none", "dev", "test");

        vm.onAddToDataset(0, 0);
        assertThat(vm.messageProperty().get()).isEqualTo("Added to datasets/qa.jsonl:4 (split test)");
        vm.splitProperty().set("dev");
        vm.onAddToDataset(0, 1);
        assertThat(vm.messageProperty().get()).isEqualTo("Added to datasets/qa.jsonl:5 (split dev)");
        vm.splitProperty().set("none");
        vm.onAddToDataset(0, 1);

        // read back as any run reads the dataset
        assertThat(studio.loadDatasets().stream().filter(d -> d.name().equals("qa")).findFirst().orElseThrow().cases())
                .extracting(c -> c.split())
                .containsExactly("test", "test", "dev", "test", "dev", null);
    }

    @Test
    void badInputSaysWhatToWrite() {
        PlaygroundViewModel vm = loaded(TaskRunner.callingThread());
        vm.draftProperty().set("  ");
        vm.onSend();
        assertThat(vm.errorProperty().get()).isEqualTo("type a message first");

        vm.inputProperty().set("just words");
        vm.draftProperty().set("Hi");
        vm.onSend();
        assertThat(vm.errorProperty().get())
                .isEqualTo("input, line 1: write 'name: value' (the prompt's input variable, then its value)");
        assertThat(vm.columns()).isEmpty();
    }

    @Test
    void structuredInputsAreShownAndEditedAsJsonAndBadJsonNamesTheField() throws Exception {
        // compact JSON as RFC 8259 writes it (InputText), not Java's {id=7, items=[pen, ink]}
        Workspaces.write(dir, "prompts/order.prompt", """
                ---
                input:
                  schema:
                    type: object
                    properties:
                      order: {type: object, default: {id: 7, items: [pen, ink]}}
                ---
                {{history}}
                {{role "user"}}Order {{order.id}}: {{#each order.items}}{{this}};{{/each}}
                """);
        PlaygroundViewModel vm = new PlaygroundViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("order");
        vm.onActivate();
        vm.models().setAll("echo");
        assertThat(vm.inputProperty().get()).isEqualTo("order: {\"id\":7,\"items\":[\"pen\",\"ink\"]}\n");

        vm.inputProperty().set("order: {\"id\": 8,\n  \"items\": [\"cap\", \"nib\"]}");
        vm.draftProperty().set("Hi");
        vm.onSend();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(texts(vm.columns().get(0))).containsExactly("you: Hi", "model: Order 8: cap;nib;");

        vm.inputProperty().set("order: {\"id\": 8, \"items\": [\"cap\"}");
        vm.draftProperty().set("Again");
        vm.onSend();
        assertThat(vm.errorProperty().get()).startsWith("input field 'order': not valid JSON (line 1, column ");
        assertThat(vm.columns().get(0).messages()).hasSize(2);
    }

    @Test
    void anAnswersFiguresSayWhatItsJudgesTook() {
        org.promptstudio.model.CallRecord answer = org.promptstudio.model.CallRecord.builder().model("echo", "echo")
                .tokens(10, 2).cost(new java.math.BigDecimal("0.00001")).latencyMs(5L).build();
        org.promptstudio.model.CallRecord judge = org.promptstudio.model.CallRecord.builder()
                .model("openai-compatible", "judge").prompt("judge:judge-rubric", null)
                .tokens(20, 8).cost(new java.math.BigDecimal("0.000036")).build();
        org.promptstudio.model.CallRecord judge2 = org.promptstudio.model.CallRecord.builder()
                .model("openai-compatible", "judge").prompt("judge:judge-pairwise", null)
                .tokens(5, 1).cost(new java.math.BigDecimal("0.000004")).build();
        var reply = new org.promptstudio.app.Playground.Reply(0, "echo",
                org.promptstudio.model.Message.text(org.promptstudio.model.Message.MODEL, "hi"), answer, List.of(),
                List.of(), List.of(judge, judge2));

        // the two judges summed: 25 in, 9 out, $0.00004
        assertThat(PlaygroundViewModel.metrics(reply)).isEqualTo("5 ms \u00b7 10\u21922 tok \u00b7 "
                + org.promptstudio.model.Usd.text(new java.math.BigDecimal("0.00001")) + " \u00b7 judge 25\u21929 tok "
                + org.promptstudio.model.Usd.text(new java.math.BigDecimal("0.00004")));
    }
}

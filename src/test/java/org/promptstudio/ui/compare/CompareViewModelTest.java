package org.promptstudio.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Feedback;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.testsupport.GridWorkspace;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.vcs.DiffRow;

/** The compare grid's view model without a window: real workspace, real git, real H2, the built-in echo model. */
class CompareViewModelTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() {
        studio = GridWorkspace.open(dir, """
                  - id: echo
                    provider: echo
                  - id: echo-2
                    provider: echo
                  - id: echo-priced
                    provider: echo
                    pricing: { inputPerMillion: 1000000, outputPerMillion: 0 }
                """, """
                {"id": "dial", "question": "Can I return a Dial?", "assert": [{"type": "contains", "value": "Question:"}]}
                {"id": "valve", "question": "How do valves pair?", "assert": [{"type": "contains", "value": "Question:"}]}
                """, GridWorkspace.QUESTION_THEN_Q);
        studio.versions().label("ask", "production", "1");
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private CompareViewModel model(TaskRunner runner) {
        CompareViewModel vm = new CompareViewModel(studio, runner, true);
        vm.promptProperty().set("ask");
        vm.onLoadChoices();
        return vm;
    }

    @Test
    void choicesOfferTheLabelsAndVersionsAndPickProductionFirst() {
        CompareViewModel vm = model(TaskRunner.callingThread());
        assertThat(vm.versionChoices()).containsExactly("working", "production", "1");
        assertThat(vm.modelChoices()).contains("echo", "echo-2");
        assertThat(vm.datasetChoices()).contains("qs");
        assertThat(vm.versions()).containsExactly("production", "working");
    }

    @Test
    void aPreferredDatasetIsShownOnlyWhenItExistsAndNothingWasChosen() {
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("ask");
        vm.preferDataset("qs");
        vm.onLoadChoices();
        assertThat(vm.datasetProperty().get()).isEqualTo("qs");

        CompareViewModel typed = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        typed.promptProperty().set("ask");
        typed.typedInputProperty().set("question: Hello?");
        typed.preferDataset("qs");
        typed.onLoadChoices();
        assertThat(typed.datasetProperty().get()).isEmpty();

        CompareViewModel missing = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        missing.promptProperty().set("ask");
        missing.preferDataset("no-such-dataset");
        missing.onLoadChoices();
        assertThat(missing.datasetProperty().get()).isEmpty();
        // once only: reading the choices again keeps what the user has since chosen
        vm.datasetProperty().set("");
        vm.onLoadChoices();
        assertThat(vm.datasetProperty().get()).isEmpty();
    }

    @Test
    void everyCellFillsAndDiffersFromTheProductionBaselineWordByWord() {
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.versions().setAll("working", "production");
        vm.models().setAll("echo");
        vm.datasetProperty().set("qs");

        vm.onRun();

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::title)
                .containsExactly("working \u00b7 echo", "production \u00b7 echo");
        assertThat(vm.baselineProperty().get()).as("each model's own baseline").isEqualTo(CompareViewModel.PER_MODEL);
        assertThat(vm.baselineFor(0)).as("the production label is echo's baseline").isEqualTo(1);
        assertThat(vm.cellsDoneProperty().get()).isEqualTo(4).isEqualTo(vm.cellsTotalProperty().get());
        CompareViewModel.CellState working = vm.rows().get(0).cell(0).get();
        CompareViewModel.CellState production = vm.rows().get(0).cell(1).get();
        assertThat(production.status()).isEqualTo(CompareViewModel.Status.DONE);
        assertThat(production.text()).isEqualTo("Question: Can I return a Dial?\n");
        assertThat(production.versus()).isEqualTo(CompareViewModel.Versus.BASELINE);
        assertThat(production.badges()).extracting(CompareViewModel.Badge::pass).containsExactly(true);
        assertThat(working.text()).isEqualTo("Q: Can I return a Dial?\n");
        assertThat(working.diff()).containsExactly(new DiffRow.Piece(DiffRow.Piece.Kind.REMOVED, "Question"),
                new DiffRow.Piece(DiffRow.Piece.Kind.ADDED, "Q"),
                new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, ": Can I return a Dial?\n"));
        assertThat(working.versus()).as("fails the check the baseline passes").isEqualTo(CompareViewModel.Versus.WORSE);
        assertThat(working.metrics()).contains(" ms").contains("tok");
        assertThat(vm.messageProperty().get()).startsWith("Done: 4 of 4 cells (run ");

        vm.onBaseline(0);

        assertThat(vm.rows().get(0).cell(1).get().versus()).isEqualTo(CompareViewModel.Versus.BETTER);
        assertThat(vm.rows().get(0).cell(1).get().diff()).contains(new DiffRow.Piece(DiffRow.Piece.Kind.ADDED, "Question"));
        assertThat(vm.rows().get(0).cell(0).get().diff()).isNull();
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::baseline).containsExactly(true, false);
        assertThat(vm.baselineProperty().get()).isZero();
    }

    /** The grid of {@code versions} x {@code models} over the dataset qs, run to its end; its column titles. */
    private CompareViewModel ranOverQs(List<String> versions, List<String> models, String... titles) {
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.versions().setAll(versions);
        vm.models().setAll(models);
        vm.datasetProperty().set("qs");
        vm.onRun();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::title).containsExactly(titles);
        return vm;
    }

    @Test
    void eachModelIsComparedWithItsOwnProductionVersionUnlessOneColumnIsPinned() {
        CompareViewModel vm = ranOverQs(List.of("working", "production"), List.of("echo", "echo-2"),
                "working \u00b7 echo", "working \u00b7 echo-2", "production \u00b7 echo", "production \u00b7 echo-2");

        // production is version 1 ("Question: ..."), the working copy says "Q: ..." (GridWorkspace.QUESTION_THEN_Q)
        assertThat(vm.baselineProperty().get()).isEqualTo(CompareViewModel.PER_MODEL);
        assertThat(List.of(0, 1, 2, 3)).extracting(vm::baselineFor).containsExactly(2, 3, 2, 3);
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::baseline)
                .containsExactly(false, false, true, true);
        CompareViewModel.GridRow row = vm.rows().get(0);
        assertThat(row.cell(2).get().versus()).isEqualTo(CompareViewModel.Versus.BASELINE);
        assertThat(row.cell(3).get().versus()).isEqualTo(CompareViewModel.Versus.BASELINE);
        assertThat(row.cell(3).get().diff()).as("echo-2's production is a baseline, not compared with echo's").isNull();
        // echo-2's working copy against echo-2's production: the same words as echo's pair differ, no more
        assertThat(row.cell(1).get().diff()).isEqualTo(row.cell(0).get().diff())
                .containsExactly(new DiffRow.Piece(DiffRow.Piece.Kind.REMOVED, "Question"),
                        new DiffRow.Piece(DiffRow.Piece.Kind.ADDED, "Q"),
                        new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, ": Can I return a Dial?\n"));
        assertThat(row.cell(1).get().versus()).as("fails the check its model's production passes")
                .isEqualTo(CompareViewModel.Versus.WORSE);

        vm.onBaseline(1); // working · echo-2 pinned for every column

        assertThat(List.of(0, 1, 2, 3)).extracting(vm::baselineFor).containsExactly(1, 1, 1, 1);
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::baseline)
                .containsExactly(false, true, false, false);
        assertThat(row.cell(3).get().versus()).isEqualTo(CompareViewModel.Versus.BETTER);
        assertThat(row.cell(0).get().versus()).isEqualTo(CompareViewModel.Versus.SAME);
        assertThat(row.cell(0).get().diff()).as("echo and echo-2 answer alike").extracting(DiffRow.Piece::kind)
                .containsOnly(DiffRow.Piece.Kind.KEPT);

        vm.onBaseline(CompareViewModel.PER_MODEL);

        assertThat(List.of(0, 1, 2, 3)).extracting(vm::baselineFor).containsExactly(2, 3, 2, 3);
        assertThat(row.cell(1).get().versus()).isEqualTo(CompareViewModel.Versus.WORSE);
        assertThat(vm.rows().get(1).cell(3).get().versus()).isEqualTo(CompareViewModel.Versus.BASELINE);
    }

    @Test
    void theVersionLabelledProductionIsTheDefaultBaselineEvenWhenAskedForByItsNumber() {
        // production is version 1: asked for as "1", its columns are still each model's baseline (the trial saw the
        // first column picked when versions 1,2,3 were asked for with production on 2)
        CompareViewModel vm = ranOverQs(List.of("working", "1"), List.of("echo", "echo-2"),
                "working \u00b7 echo", "working \u00b7 echo-2", "1 \u00b7 echo", "1 \u00b7 echo-2");

        assertThat(List.of(0, 1, 2, 3)).extracting(vm::baselineFor).containsExactly(2, 3, 2, 3);
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::baseline)
                .containsExactly(false, false, true, true);
    }

    @Test
    void theBaselineButtonsTextFollowsThePickedBaselineTheDefaultAndEachNewGrid() {
        CompareViewModel vm = ranOverQs(List.of("production", "working"), List.of("echo"),
                "production \u00b7 echo", "working \u00b7 echo");
        assertThat(vm.baselineLabelProperty().get()).isEqualTo("Baseline: default (production \u00b7 echo)");

        // a new grid, the choice still the default: the text names the new grid's column (it kept echo's before)
        vm.models().setAll("echo-2");
        vm.onRun();
        assertThat(vm.baselineProperty().get()).isEqualTo(CompareViewModel.PER_MODEL);
        assertThat(vm.baselineLabelProperty().get()).isEqualTo("Baseline: default (production \u00b7 echo-2)");

        vm.versions().setAll("working", "production");
        vm.models().setAll("echo", "echo-2");
        vm.onRun();
        assertThat(vm.baselineLabelProperty().get()).isEqualTo("Baseline: default (per model)");

        vm.onBaseline(1);
        assertThat(vm.baselineLabelProperty().get()).isEqualTo("Baseline: working \u00b7 echo-2");
        assertThat(vm.baselineText(CompareViewModel.PER_MODEL)).as("the list's default item, while a column is pinned")
                .isEqualTo("Baseline: default (per model)");

        vm.onBaseline(CompareViewModel.PER_MODEL);
        assertThat(vm.baselineLabelProperty().get()).isEqualTo("Baseline: default (per model)");
        assertThat(vm.baselineText(3)).isEqualTo("Baseline: production \u00b7 echo-2");
        assertThat(vm.baselineText(4)).as("no such column").isEmpty();
    }

    @Test
    void withoutAProductionLabelEachModelsFirstColumnIsItsBaseline() {
        CompareViewModel vm = ranOverQs(List.of("1", "working"), List.of("echo-2", "echo"),
                "1 \u00b7 echo-2", "1 \u00b7 echo", "working \u00b7 echo-2", "working \u00b7 echo");

        assertThat(List.of(0, 1, 2, 3)).extracting(vm::baselineFor).containsExactly(0, 1, 0, 1);
        assertThat(vm.rows().get(1).cell(3).get().versus()).isEqualTo(CompareViewModel.Versus.WORSE);
    }

    @Test
    void samplesShowHowFarTheyAgree() {
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.versions().setAll("working");
        vm.models().setAll("echo", "echo-2");
        vm.typedInputProperty().set("question: Why?\n---\nquestion: How\n  exactly?");
        vm.samplesProperty().set(3);

        vm.onRun();

        assertThat(vm.rows()).extracting(CompareViewModel.GridRow::input)
                .containsExactly("question: Why?", "question: How\n  exactly?");
        CompareViewModel.CellState cell = vm.rows().get(1).cell(1).get();
        assertThat(cell.status()).isEqualTo(CompareViewModel.Status.DONE);
        assertThat(cell.consistencyText()).isEqualTo("3/3 agree \u00b7 1 distinct");
        assertThat(cell.verdict()).isEqualTo("unchecked");
        assertThat(cell.versus()).isEqualTo(CompareViewModel.Versus.NONE);
    }

    @Test
    void streamedTextWaitsForTheNextFrameAndTheEndSetsEveryCell() {
        HeldTaskRunner runner = new HeldTaskRunner();
        CompareViewModel vm = new CompareViewModel(studio, runner, true);
        vm.promptProperty().set("ask");
        vm.models().setAll("echo");
        vm.versions().setAll("working");
        vm.datasetProperty().set("qs");
        vm.onRun();
        assertThat(vm.runningProperty().get()).isTrue();
        runner.complete(0); // prepared: the grid is laid out before any call
        assertThat(vm.rows()).hasSize(2);
        assertThat(vm.rows().get(0).cell(0).get().status()).isEqualTo(CompareViewModel.Status.WAITING);
        assertThat(vm.updatesApplied()).isZero();

        runner.complete(1); // the comparison ran; its end applies everything once

        assertThat(vm.rows().get(1).cell(0).get().text()).isEqualTo("Q: How do valves pair?\n");
        assertThat(vm.updatesApplied()).isEqualTo(1);
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aRatingIsInTheDatabaseAtOnce() {
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.versions().setAll("working");
        vm.models().setAll("echo");
        vm.datasetProperty().set("qs");
        vm.onRun();

        vm.onRate(1, 0, Feedback.Rating.DOWN, "misses the pairing steps");

        assertThat(vm.rows().get(1).cell(0).get().rating()).isEqualTo("down");
        vm.onOpen(1, 0);
        CompareViewModel.CellDetail detail = vm.openedProperty().get();
        assertThat(detail.path()).isEqualTo("prompts/ask.prompt");
        assertThat(detail.commit()).endsWith("+dirty");
        assertThat(detail.samples()).singleElement().satisfies(s -> {
            assertThat(s.renderedPrompt()).isEqualTo("user:\nQ: How do valves pair?\n");
            assertThat(s.response()).isEqualTo("Q: How do valves pair?\n");
        });
        long callId = detail.samples().get(0).call().id();
        List<FeedbackRecord> stored = StudioParts.database(studio).feedback().forCall(callId);
        assertThat(stored).singleElement().extracting(FeedbackRecord::valueJson)
                .isEqualTo("{\"rating\":\"down\",\"comment\":\"misses the pairing steps\"}");
        // the annotator is the name commits are made under (git user.name of the workspace), not the OS login
        assertThat(stored).singleElement().extracting(FeedbackRecord::annotator).isEqualTo("Ada Lovelace");
    }

    @Test
    void aCancelledGridsLateAnswersStayOutOfTheNextGrid() {
        HeldTaskRunner runner = new HeldTaskRunner();
        CompareViewModel vm = new CompareViewModel(studio, runner, true);
        vm.promptProperty().set("ask");
        vm.models().setAll("echo");
        vm.versions().setAll("working");
        vm.typedInputProperty().set("question: old");
        vm.onRun();
        runner.complete(0); // grid A laid out; its comparison (job 1) not begun
        vm.onCancel();
        assertThat(vm.messageProperty().get()).isEqualTo("Cancelled: 0 of 1 cells");

        vm.typedInputProperty().set("question: new");
        vm.onRun();
        runner.complete(2); // grid B laid out, same shape; its comparison (job 3) waits
        runner.runAfterCancel(1); // A's comparison goes on after the cancel: every cell of A ends, late
        vm.applyStreamed();

        CompareViewModel.CellState cell = vm.rows().get(0).cell(0).get();
        assertThat(cell.status()).as("nothing of grid A lands in grid B").isEqualTo(CompareViewModel.Status.WAITING);
        assertThat(cell.text()).isEmpty();
        assertThat(cell.error()).isNull();
        assertThat(vm.cellsDoneProperty().get()).isZero();

        runner.complete(3);
        assertThat(vm.rows().get(0).cell(0).get().text()).isEqualTo("Q: new\n");
        assertThat(vm.messageProperty().get()).isEqualTo("Done: 1 of 1 cells (run " + vm.lastRunId() + ")");
    }

    @Test
    void aCancelledGridCountsItsLateEndsAndExportsUnderItsOwnRun() throws Exception {
        HeldTaskRunner runner = new HeldTaskRunner();
        CompareViewModel vm = new CompareViewModel(studio, runner, true);
        vm.promptProperty().set("ask");
        vm.models().setAll("echo");
        vm.versions().setAll("working");
        vm.datasetProperty().set("qs");
        vm.onRun();
        runner.complete(0);
        runner.complete(1); // the first comparison is done
        long first = vm.lastRunId();

        vm.onRun();
        runner.complete(2); // the second comparison's grid laid out, not begun
        vm.onExport(false);
        assertThat(vm.errorProperty().get()).as("never under the earlier run's name")
                .isEqualTo("nothing to export yet: the comparison has not started");
        assertThat(runner.handedIn()).as("no export job").isEqualTo(4);

        vm.onCancel();
        runner.runAfterCancel(3); // its cells end after the cancel (here: all cancelled before their calls started)
        vm.applyStreamed();
        long second = vm.lastRunId();
        assertThat(second).isNotEqualTo(first);
        assertThat(vm.messageProperty().get()).isEqualTo("Cancelled: 2 of 2 cells (run " + second + ")");

        vm.onExport(false);
        runner.complete(4);
        assertThat(dir.resolve("exports/compare-ask-run-" + second + ".csv")).exists();
        assertThat(dir.resolve("exports/compare-ask-run-" + first + ".csv")).doesNotExist();
    }

    @Test
    void aRatingThatEndsAfterANewGridMarksNoCellOfIt() {
        HeldTaskRunner runner = new HeldTaskRunner();
        CompareViewModel vm = new CompareViewModel(studio, runner, true);
        vm.promptProperty().set("ask");
        vm.models().setAll("echo");
        vm.versions().setAll("working");
        vm.datasetProperty().set("qs");
        vm.onRun();
        runner.complete(0);
        runner.complete(1);
        vm.onOpen(1, 0);
        long callId = vm.openedProperty().get().samples().get(0).call().id();
        vm.onRate(1, 0, Feedback.Rating.UP, null); // job 2, held

        vm.onRun();
        runner.complete(3);
        runner.complete(4); // a new grid of the same shape, done
        runner.complete(2); // the rating is stored now

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.rows().get(1).cell(0).get().rating()).as("the new grid's cell was not rated").isNull();
        assertThat(StudioParts.database(studio).feedback().forCall(callId)).hasSize(1);
    }

    @Test
    void theRunButtonLeavesEveryAppCallToTheRunner() throws Exception {
        // A studio whose workspace was closed under the tab: any app call fails. None may run on the UI thread
        // (onRun), only in the runner's job, whose failure is the one-line error.
        Studio closed = Studio.open(dir);
        closed.close();
        HeldTaskRunner runner = new HeldTaskRunner();
        CompareViewModel vm = new CompareViewModel(closed, runner, true);
        vm.promptProperty().set("ask");
        vm.models().setAll("echo");
        vm.versions().setAll("working");
        vm.typedInputProperty().set("question: q");

        vm.onRun();

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.runningProperty().get()).isTrue();
        runner.complete(0);
        assertThat(vm.errorProperty().get()).contains("the studio is closed").doesNotContain("Exception");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aCellWithAnUnpricedAnswerSaysSoAndAPricedOneShowsDollars() throws Exception {
        // A local server speaking OpenAI's chat completion stream (API reference, chat chunk object) for a model that
        // has no price in studio.yaml: its answers cost an unknown amount.
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"local\",\"choices\":"
                        + "[{\"index\":0,\"delta\":{\"content\":\"Because.\"},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"local\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\ndata: [DONE]\n\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        server.start();
        try {
            Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")) + """
                      - id: local
                        provider: openai-compatible
                        model: local-llm
                        baseUrl: http://127.0.0.1:%d/v1
                    """.formatted(server.getAddress().getPort()));
            CompareViewModel vm = model(TaskRunner.callingThread());
            vm.versions().setAll("working");
            vm.models().setAll("local", "echo-priced");
            vm.typedInputProperty().set("question: Why?");
            vm.onRun();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertCosts(vm);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aReplayModelWithoutARecordingSaysNoRecordingNotAnErrorText() throws Exception {
        // "remote" is never called: a replay model answers from the response cache only, here empty.
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")) + """
                  - id: remote
                    provider: openai-compatible
                    model: never-called
                    baseUrl: http://127.0.0.1:9/v1
                  - id: replayed
                    provider: replay
                    model: remote
                """);
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.versions().setAll("working");
        vm.models().setAll("replayed", "echo");
        vm.typedInputProperty().set("question: Why?");
        vm.onRun();

        CompareViewModel.CellState replayed = vm.rows().get(0).cell(0).get();
        assertThat(replayed.status()).isEqualTo(CompareViewModel.Status.FAILED);
        assertThat(replayed.error()).isEqualTo("No recording: replayed has no recorded answer to this request (the"
                + " prompt, the input or a setting changed since it was recorded)");
        assertThat(vm.rows().get(0).cell(1).get().status()).isEqualTo(CompareViewModel.Status.DONE);
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    private static void assertCosts(CompareViewModel vm) {

        CompareViewModel.CellState unpriced = vm.rows().get(0).cell(0).get();
        CompareViewModel.CellState priced = vm.rows().get(0).cell(1).get();
        assertThat(unpriced.costUsd()).isNull();
        assertThat(unpriced.metrics()).endsWith(" \u00b7 unpriced");
        assertThat(priced.costUsd()).isPositive();
        assertThat(priced.metrics()).endsWith(" \u00b7 " + org.promptstudio.model.Usd.text(priced.costUsd()));
    }

    @Test
    void theHtmlExportEscapesMarkupFromTheAnswers() throws Exception {
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.versions().setAll("working");
        vm.models().setAll("echo");
        vm.typedInputProperty().set("question: <script>alert(1)</script>");
        vm.onRun();

        vm.onExport(true);

        String html = Files.readString(dir.resolve("exports/compare-ask-run-" + vm.lastRunId() + ".html"));
        assertThat(html).contains("Q: &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'\">");
    }

    @Test
    void theGridExportsAsCsvAndAsOneHtmlPage() throws Exception {
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.versions().setAll("working", "production");
        vm.models().setAll("echo");
        vm.datasetProperty().set("qs");
        vm.onRun();

        vm.onExport(false);
        Path csv = dir.resolve("exports/compare-ask-run-" + vm.lastRunId() + ".csv");
        assertThat(vm.messageProperty().get()).isEqualTo("Exported exports/" + csv.getFileName());
        List<String> lines = List.of(Files.readString(csv).split("\r\n"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("\"row\",\"source\",\"input\",\"working \u00b7 echo status\",");
        assertThat(lines.get(0)).contains("\"production \u00b7 echo (baseline) text\"");
        assertThat(lines.get(1)).startsWith("\"1\",\"datasets/qs.jsonl:1\",\"question: Can I return a Dial?\",\"done\","
                + "\"Q: Can I return a Dial?\n\"");
        assertThat(lines.get(1)).contains("\"fail\",\"worse\"", "\"pass\",\"baseline\"");

        vm.onExport(true);
        String html = Files.readString(dir.resolve("exports/compare-ask-run-" + vm.lastRunId() + ".html"));
        assertThat(html).contains("<del>Question</del><ins>Q</ins>: Can I return a Dial?").doesNotContain("<script",
                "href=", "src=");
    }

    @Test
    void aChoiceThatCannotRunSaysWhyInOneLine() {
        CompareViewModel vm = model(TaskRunner.callingThread());
        vm.models().setAll("echo");
        vm.typedInputProperty().set("just text");
        vm.onRun();
        assertThat(vm.errorProperty().get())
                .isEqualTo("typed input 1, line 1: write 'name: value' (the prompt's input variable, then its value)");

        vm.datasetProperty().set("nope");
        vm.onRun();
        assertThat(vm.errorProperty().get()).contains("no dataset 'nope'").doesNotContain("Exception");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void typedInputsAreNameValueBlocks() {
        assertThat(CompareViewModel.typedInputs("a: 1\nb: two\n---\na: 3\n  more"))
                .containsExactly(Map.of("a", "1", "b", "two"), Map.of("a", "3\n  more"));
        assertThatThrownBy(() -> CompareViewModel.typedInputs("a: 1\n---\n\nfree text"))
                .hasMessage("typed input 2, line 2: write 'name: value' (the prompt's input variable, then its value)");
    }
}

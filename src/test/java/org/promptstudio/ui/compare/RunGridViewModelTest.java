package org.promptstudio.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.testsupport.RecordedRunWorkspace;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.vcs.DiffRow;

/**
 * A recorded run shown in the compare grid's view model, without a window: real workspace, git, H2 and the built-in
 * echo model (it answers with the prompt's text).
 */
class RunGridViewModelTest {

    @TempDir
    Path dir;
    Studio studio;
    long runId;

    @BeforeEach
    void workspace() {
        studio = RecordedRunWorkspace.open(dir, 2);
        runId = RecordedRunWorkspace.run(studio);
        Scoreboards.of(studio).evaluateAndStore(runId, null);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private CompareViewModel shown(long run) {
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.onShowRun(run);
        return vm;
    }

    @Test
    void aRecordedRunFillsEveryCellAndDiffersFromTheBaseline() {
        CompareViewModel vm = shown(runId);

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.busy()).isFalse();
        assertThat(vm.shownRunProperty().get()).isEqualTo(runId);
        assertThat(vm.shownRunTitleProperty().get())
                .isEqualTo("Recorded run " + runId + " \u00b7 experiment 'two' \u00b7 done"); // as `studio runs` says it
        assertThat(vm.messageProperty().get()).isEqualTo("Recorded: 8 of 8 planned cells (run " + runId + ")");
        assertThat(vm.lastRunId()).isEqualTo(runId);
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::title)
                .containsExactly("1 \u00b7 echo", "1 \u00b7 echo-2", "2 \u00b7 echo", "2 \u00b7 echo-2");
        assertThat(vm.rows()).extracting(CompareViewModel.GridRow::caseId).containsExactly("dial", "valve");
        assertThat(vm.rows().get(1).input()).isEqualTo("question: How do valves pair?");
        assertThat(vm.baselineProperty().get()).as("each model's own").isEqualTo(CompareViewModel.PER_MODEL);
        assertThat(List.of(0, 1, 2, 3)).extracting(vm::baselineFor).as("no production label: each model's first column")
                .containsExactly(0, 1, 0, 1);

        CompareViewModel.CellState base = vm.rows().get(0).cell(0).get();
        CompareViewModel.CellState v2 = vm.rows().get(0).cell(2).get();
        assertThat(base.status()).isEqualTo(CompareViewModel.Status.DONE);
        assertThat(base.text()).isEqualTo("Question: Can I return a Dial?\n");
        assertThat(base.verdict()).isEqualTo("fail");
        assertThat(base.versus()).isEqualTo(CompareViewModel.Versus.BASELINE);
        assertThat(v2.text()).isEqualTo("Q: Can I return a Dial?\n");
        assertThat(v2.verdict()).isEqualTo("pass");
        assertThat(v2.badges()).extracting(CompareViewModel.Badge::type).containsExactly("contains");
        assertThat(v2.versus()).as("passes the check the baseline fails").isEqualTo(CompareViewModel.Versus.BETTER);
        assertThat(v2.diff()).containsExactly(new DiffRow.Piece(DiffRow.Piece.Kind.REMOVED, "Question"),
                new DiffRow.Piece(DiffRow.Piece.Kind.ADDED, "Q"),
                new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, ": Can I return a Dial?\n"));
        assertThat(v2.consistencyText()).isEqualTo("2/2 agree \u00b7 1 distinct");
        assertThat(v2.metrics()).contains(" ms").contains("tok");
        assertThat(vm.rows().get(0).cell(1).get().versus()).as("echo-2's own baseline")
                .isEqualTo(CompareViewModel.Versus.BASELINE);
        assertThat(vm.rows().get(0).cell(3).get().versus()).isEqualTo(CompareViewModel.Versus.BETTER);

        vm.onBaseline(2);

        assertThat(vm.rows().get(1).cell(0).get().versus()).isEqualTo(CompareViewModel.Versus.WORSE);
        assertThat(vm.rows().get(1).cell(2).get().versus()).isEqualTo(CompareViewModel.Versus.BASELINE);
    }

    @Test
    void aRatingOnARecordedCellIsWrittenAtOnceAndShownWhenTheRunIsOpenedAgain() {
        CompareViewModel vm = shown(runId);
        long callId = StudioParts.calls(studio).inRunWithAnswers(runId).stream()
                .filter(c -> "valve".equals(c.caseId()) && c.model().equals("echo-2") && c.sampleIndex() == 0
                        && c.planIndex() != null && c.planIndex() == 8 + 3 * 2)
                .findFirst().orElseThrow().id();

        vm.onRate(1, 3, false, "too terse");

        List<FeedbackRecord> stored = StudioParts.database(studio).feedback().forCall(callId);
        assertThat(stored).singleElement().extracting(FeedbackRecord::valueJson)
                .isEqualTo("{\"rating\":\"down\",\"comment\":\"too terse\"}");
        assertThat(vm.rows().get(1).cell(3).get().rating()).isEqualTo("down");
        assertThat(shown(runId).rows().get(1).cell(3).get().rating()).as("read back from the database")
                .isEqualTo("down");
        assertThat(shown(runId).rows().get(1).cell(2).get().rating()).isNull();
    }

    @Test
    void runDoesNotRunARecordedRunAgain() {
        CompareViewModel vm = shown(runId);
        long calls = StudioParts.database(studio).calls().count();

        vm.onRun();

        assertThat(vm.errorProperty().get()).isEqualTo("this tab shows recorded run " + runId
                + "; open Compare to run a new comparison");
        assertThat(StudioParts.database(studio).calls().count()).isEqualTo(calls);
        assertThat(vm.rows()).hasSize(2);
    }

    @Test
    void anOpenedRecordedCellShowsThePromptSentTheAnswerAndItsTemplateVersion() {
        CompareViewModel vm = shown(runId);

        vm.onOpen(1, 2);

        CompareViewModel.CellDetail d = vm.openedProperty().get();
        assertThat(d.path()).isEqualTo("prompts/ask.prompt");
        assertThat(d.commit()).isEqualTo(studio.versions().resolve("ask", "2").commitId());
        assertThat(d.model()).isEqualTo("echo");
        assertThat(d.samples()).hasSize(2);
        assertThat(d.samples().get(0).renderedPrompt()).isEqualTo("user:\nQ: How do valves pair?\n");
        assertThat(d.samples().get(1).response()).isEqualTo("Q: How do valves pair?\n");
        assertThat(d.samples().get(1).call().sampleIndex()).isEqualTo(1);
    }

    @Test
    void aRecordedRunExportsAsCsvUnderItsRunNumber() throws Exception {
        CompareViewModel vm = shown(runId);

        vm.onExport(false);

        Path csv = dir.resolve("exports/compare-ask-run-" + runId + ".csv");
        assertThat(vm.messageProperty().get()).contains("compare-ask-run-" + runId + ".csv");
        assertThat(Files.readString(csv)).contains("Q: How do valves pair?").contains("better");
    }

    @Test
    void aGridRunShownAgainLooksAsItDidWhenItRan() {
        CompareViewModel live = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        live.promptProperty().set("ask");
        live.onLoadChoices();
        live.versions().setAll("1", "2");
        live.models().setAll("echo", "echo-2");
        live.datasetProperty().set("qs");
        live.samplesProperty().set(2);
        live.onRun();
        assertThat(live.errorProperty().get()).isEmpty();

        CompareViewModel again = shown(live.lastRunId());

        assertThat(again.errorProperty().get()).isEmpty();
        assertThat(again.columns()).extracting(CompareViewModel.GridColumn::model)
                .containsExactlyElementsOf(live.columns().stream().map(CompareViewModel.GridColumn::model).toList());
        assertThat(again.shownRunTitleProperty().get()).contains("playground 'compare-ask'");
        // the grid's run names its dataset: the rows show their inputs and where they are written
        assertThat(again.rows()).extracting(CompareViewModel.GridRow::input)
                .containsExactly("question: Can I return a Dial?", "question: How do valves pair?");
        assertThat(again.rows()).extracting(CompareViewModel.GridRow::source)
                .containsExactly("datasets/qs.jsonl:1", "datasets/qs.jsonl:2");
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                CompareViewModel.CellState was = live.rows().get(r).cell(c).get();
                CompareViewModel.CellState is = again.rows().get(r).cell(c).get();
                assertThat(is.text()).isEqualTo(was.text());
                assertThat(is.verdict()).as("the checks the grid stored").isEqualTo(was.verdict());
                assertThat(is.badges()).isEqualTo(was.badges());
                assertThat(is.versus()).isEqualTo(was.versus());
                assertThat(is.consistencyText()).isEqualTo(was.consistencyText());
                assertThat(is.tokensIn()).isEqualTo(was.tokensIn());
            }
        }
    }

    @Test
    void aFewShotRunStoppedByItsBudgetShowsItsInputsItsPromptsAndItsStateAsTheRunsListSaysIt() {
        long fewShot = RecordedRunWorkspace.fewShotStoppedByBudget(studio, dir);

        CompareViewModel vm = shown(fewShot);

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.rows()).extracting(CompareViewModel.GridRow::input)
                .containsExactly("question: Can I return a Dial?", "question: How do valves pair?");
        assertThat(vm.columns()).extracting(CompareViewModel.GridColumn::title)
                .allSatisfy(t -> assertThat(t).matches("ask(-short)?@\\S+ \u00b7 echo"));
        // 2 cases x 2 prompts planned, 3 called before the budget stopped the run
        assertThat(vm.messageProperty().get()).isEqualTo("Recorded: 3 of 4 planned cells (run " + fewShot + ")");
        assertThat(vm.shownRunTitleProperty().get()).startsWith("Recorded run " + fewShot
                + " \u00b7 experiment 'fewshot' \u00b7 budget-reached");
        CompareViewModel.CellState notRun = vm.rows().get(1).cell(1).get();
        assertThat(notRun.error()).isEqualTo("not run: the run stopped at its budget");
    }
}

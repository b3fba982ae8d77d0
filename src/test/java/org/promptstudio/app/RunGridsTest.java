package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.Verdict;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.testsupport.RecordedRunWorkspace;

/**
 * A recorded experiment run read back into the grid's shape, on a real H2 file, real git and the built-in echo model
 * ({@link RecordedRunWorkspace}: versions 1 and 2 x two models x 2 samples over 3 cases checking for "Q:").
 */
class RunGridsTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void open() {
        studio = RecordedRunWorkspace.open(dir, 3);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void anExperimentRunComesBackAsRowsColumnsAndSamplesInPlanOrderWithItsStoredChecks() {
        long runId = RecordedRunWorkspace.run(studio);
        Scoreboards.of(studio).evaluateAndStore(runId, null); // as its scoreboard or `studio eval` keeps the checks

        RunGrids.RunGrid grid = studio.runGrids().open(runId);

        StreamingCompare.Prepared p = grid.grid();
        assertThat(p.recorded()).isTrue();
        assertThat(p.runId()).isEqualTo(runId);
        assertThat(p.samples()).isEqualTo(2);
        assertThat(p.rows()).extracting(StreamingCompare.Row::caseId).containsExactly("dial", "valve", "bridge");
        assertThat(p.rows().get(1).input()).containsEntry("question", "How do valves pair?");
        assertThat(p.rows().get(1).source()).isEqualTo("datasets/qs.jsonl:2");
        assertThat(p.columns()).extracting(c -> c.version() + " " + c.model())
                .containsExactly("1 echo", "1 echo-2", "2 echo", "2 echo-2");
        assertThat(p.columns()).extracting(StreamingCompare.Column::path).containsOnly("prompts/ask.prompt");
        // 3 rows x 4 columns x 2 samples, every cell's call in the plan's order (row, column, sample)
        assertThat(grid.answers()).hasSize(24);
        for (int i = 0; i < 24; i++) {
            StreamingCompare.Answer a = grid.answers().get(i);
            CallRecord call = a.call();
            assertThat(a.cell().index()).isEqualTo(i);
            assertThat(a.cell().row()).isEqualTo(i / 8);
            assertThat(a.cell().column()).isEqualTo(i % 8 / 2);
            assertThat(a.cell().sample()).isEqualTo(i % 2);
            assertThat(call.planIndex()).as("cell %d", i).isEqualTo(i);
            assertThat(call.caseId()).isEqualTo(p.rows().get(a.cell().row()).caseId());
            assertThat(call.model()).isEqualTo(p.columns().get(a.cell().column()).model());
            assertThat(call.sampleIndex()).isEqualTo(a.cell().sample());
            assertThat(call.latencyMs()).isNotNull();
            assertThat(call.tokensIn()).isPositive();
            // version 1 says "Question:", which has no "Q:": its cells fail; version 2's pass
            boolean versionOne = a.cell().column() < 2;
            assertThat(a.text()).startsWith(versionOne ? "Question: " : "Q: ");
            assertThat(a.check().verdict()).as("cell %d", i).isEqualTo(versionOne ? Verdict.FAIL : Verdict.PASS);
            assertThat(a.check().assertions()).extracting(r -> r.type()).containsExactly("contains");
        }
        assertThat(grid.checked()).isTrue();
        assertThat(grid.title()).isEqualTo("run " + runId + " \u00b7 experiment 'two' \u00b7 done"); // as `studio runs` says it
        // both samples of a cell said the same: the grid's consistency over them
        List<String> samples = List.of(grid.answers().get(0).text(), grid.answers().get(1).text());
        assertThat(StreamingCompare.consistency(samples).distinct()).isEqualTo(1);
    }

    @Test
    void aRunNotJudgedYetHasNoChecksAndIsNotJudgedByOpeningIt() {
        // recorded as the runner records calls, never judged (a run of `studio run` is judged at its end)
        long runId = RecordedRunWorkspace.fewShotStoppedByBudget(studio, dir);

        RunGrids.RunGrid grid = studio.runGrids().open(runId);

        assertThat(grid.checked()).isFalse();
        assertThat(grid.answers()).allSatisfy(a -> assertThat(a.check()).isNull());
        assertThat(StudioParts.database(studio).evalResults().inRun(runId)).as("nothing written").isEmpty();
    }

    @Test
    void aRecordedGridIsNeverRunAgain() {
        long runId = RecordedRunWorkspace.run(studio);
        RunGrids.RunGrid grid = studio.runGrids().open(runId);
        long calls = StudioParts.database(studio).calls().count();

        assertThatThrownBy(() -> studio.compare(studio.models(CachePolicy.OFF)).run(grid.grid(), null))
                .isInstanceOf(StudioException.class).hasMessageContaining("recorded run");
        assertThat(StudioParts.database(studio).calls().count()).isEqualTo(calls);
    }

    @Test
    void aSessionThatAsksTheSameCaseAgainGetsARowPerTimeInPlanOrder() {
        // A playground session saved as a run: two turns to two models, every call the same case (as Playground
        // records them), the plan index numbering the turns' replies.
        long runId = StudioParts.runs(studio).insert(org.promptstudio.model.RunRecord.started(
                org.promptstudio.model.RunKind.PLAYGROUND, "chat-ask", null, null)).id();
        List<CallRecord> calls = new java.util.ArrayList<>();
        String[][] said = {{"hello", "hi"}, {"bye", "ciao"}};
        for (int turn = 0; turn < 2; turn++) {
            for (int m = 0; m < 2; m++) {
                calls.add(CallRecord.builder().runId(runId).prompt("prompts/ask.prompt", "0123456789abcdef")
                        .model("echo", m == 0 ? "echo" : "echo-2").caseId("input:1").planIndex(turn * 2 + m)
                        .texts(new org.promptstudio.model.CallTexts("[]", said[turn][m], null, null)).build());
            }
        }
        // stored newest first: the order read back is the plan's, not the order of the rows
        StudioParts.calls(studio).insertBatch(List.of(calls.get(3), calls.get(2), calls.get(1), calls.get(0)));

        RunGrids.RunGrid grid = studio.runGrids().open(runId);

        assertThat(grid.grid().rows()).extracting(StreamingCompare.Row::source)
                .containsExactly("case input:1 (its input is not in the run's experiment now: open a cell for the"
                        + " prompt sent)", "case input:1 (its input is not in the run's experiment now: open a cell"
                        + " for the prompt sent) (again, 2)");
        assertThat(grid.grid().columns()).extracting(StreamingCompare.Column::model).containsExactly("echo", "echo-2");
        assertThat(grid.answers()).extracting(StreamingCompare.Answer::text).containsExactly("hello", "hi", "bye", "ciao");
        assertThat(grid.title()).isEqualTo("run " + runId + " \u00b7 playground 'chat-ask' \u00b7 running");
    }

    @Test
    void aFewShotRunOfTwoPromptsStoppedByItsBudgetKeepsItsInputsNamesItsPromptsAndSaysWhatWasNotRun() {
        long runId = RecordedRunWorkspace.fewShotStoppedByBudget(studio, dir);

        RunGrids.RunGrid grid = studio.runGrids().open(runId);

        StreamingCompare.Prepared p = grid.grid();
        // "nearest" examples need the embedding model only to pick them, not to read the run's cases back
        assertThat(p.rows()).extracting(StreamingCompare.Row::caseId).containsExactly("dial", "valve");
        assertThat(p.rows().get(0).input()).containsEntry("question", "Can I return a Dial?");
        assertThat(p.rows().get(1).source()).isEqualTo("datasets/qs.jsonl:2");
        // two prompt files: each header names its prompt, so ask-short's version is not read as ask's
        int askVersion = studio.versions().history("prompts/ask.prompt").get(0).number();
        assertThat(p.columns()).extracting(c -> c.versionAmong(p.columns()))
                .containsExactly("ask@" + askVersion, "ask-short@0123456+dirty");
        // planned: 3 cases x 2 prompts x 1 model; recorded: the 3 calls made before the budget stopped it
        assertThat(grid.planned()).isEqualTo(6);
        assertThat(grid.recorded()).isEqualTo(3);
        assertThat(grid.countText()).isEqualTo("Recorded: 3 of 6 planned cells (run " + runId + ")");
        // the state in the words of `studio runs` (RunHistory), and why the cell was not called
        assertThat(grid.state()).isEqualTo(studio.runHistory().find(runId).orElseThrow().state())
                .isEqualTo("budget-reached");
        assertThat(grid.title()).isEqualTo("run " + runId + " \u00b7 experiment 'fewshot' \u00b7 budget-reached");
        assertThat(grid.answers().get(3).call()).isNull();
        assertThat(grid.answers().get(3).error()).isEqualTo("not run: the run stopped at its budget");
        assertThat(grid.answers().get(2).text()).isEqualTo("Q: How do valves pair?");
    }

    @Test
    void aColumnNamesItsPromptOnlyWhenTheGridHasSeveral() {
        StreamingCompare.Column a1 = new StreamingCompare.Column(0, "1", "c1", "echo", "prompts/answer.prompt");
        StreamingCompare.Column f1 = new StreamingCompare.Column(1, "1", "c2", "echo", "prompts/sub/answer-fewshot.prompt");
        assertThat(a1.versionAmong(List.of(a1))).isEqualTo("1");
        assertThat(f1.versionAmong(List.of(a1, f1))).isEqualTo("sub/answer-fewshot@1");
        assertThat(a1.versionAmong(List.of(a1, f1))).isEqualTo("answer@1");
    }

    @Test
    void aCellNeverCalledSaysWhyFromTheRunsState() {
        assertThat(RunGrids.notRun("budget-reached")).isEqualTo("not run: the run stopped at its budget");
        assertThat(RunGrids.notRun("cancelled")).isEqualTo("not run: the run was cancelled");
        assertThat(RunGrids.notRun("interrupted")).isEqualTo("not run: the run was interrupted");
    }

    @Test
    void anUnknownRunSaysSoInOneLine() {
        assertThatThrownBy(() -> studio.runGrids().open(999)).isInstanceOf(StudioException.class)
                .hasMessage("no run 999 (see 'studio runs')");
    }
}

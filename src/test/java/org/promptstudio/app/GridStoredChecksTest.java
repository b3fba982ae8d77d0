package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.Verdict;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.GridWorkspace;

/**
 * A compare grid's checks, stored as the recorded run's eval results, read back as the grid judged them: with the
 * assertions' own weights (a failing weight-0 assertion is a figure to watch, never a fail: Evaluator's rule,
 * decision 0020) and a row with no assertion as unchecked, so the run list shows the grid's board without judging.
 */
class GridStoredChecksTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() {
        // The echo model answers with the rendered prompt: version 1 says "Question: ...", never "zzz".
        studio = GridWorkspace.open(dir, GridWorkspace.ECHO_AND_SLOW_ECHO, """
                {"id": "dial", "question": "Can I return a Dial?", "assert": [{"type": "contains", "value": "Question:"}, {"type": "contains", "value": "zzz", "weight": 0}]}
                {"id": "plain", "question": "Is there a Dial app?"}
                """, GridWorkspace.QUESTION_THEN_Q);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void theStoredChecksKeepTheirWeightsAndAnUncheckedRowStaysUnchecked() {
        StreamingCompare compare = studio.compare(studio.models(CachePolicy.OFF));
        StreamingCompare.Prepared grid = compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of("1"), List.of("echo"), "qs", null, null, null, null, 1));
        StreamingCompare.Result result = compare.run(grid, null, new Cancellation());
        assertThat(result.answers()).extracting(a -> a.check().verdict())
                .containsExactly(Verdict.PASS, Verdict.UNCHECKED);

        List<EvalRecord> stored = StudioParts.database(studio).evalResults().inRun(result.runId());
        assertThat(stored).extracting(e -> e.type() + ":" + e.pass() + ":" + e.weight())
                .containsExactly("contains:true:1.0", "contains:false:0.0", EvalRecord.NO_CHECK + ":false:0.0");

        Scoreboards.Shown shown = Scoreboards.of(studio).show(result.runId());
        assertThat(shown.judgedNow()).as("the grid's stored checks stand for the run").isFalse();
        List<CaseResult> read = shown.scored().results();
        assertThat(read).extracting(CaseResult::verdict).containsExactly(Verdict.PASS, Verdict.UNCHECKED);
        // weighted mean: (1 x 1.0 + 0 x 0.0) / 1 = 1.0, as the grid's own check said
        assertThat(read.get(0).score()).isEqualTo(result.answers().get(0).check().score()).isEqualTo(1.0);
        assertThat(read.get(1).assertions()).as("the marker is no assertion's result").isEmpty();

        // the recorded run reopened as a grid reads the same verdicts
        assertThat(RunGrids.result(result.answers().get(0).call(), stored.subList(0, 2)).verdict()).isEqualTo(Verdict.PASS);
        assertThat(RunGrids.result(result.answers().get(1).call(), stored.subList(2, 3)).verdict())
                .isEqualTo(Verdict.UNCHECKED);
    }
}

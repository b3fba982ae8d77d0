package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.promptstudio.eval.Results.result;
import static org.promptstudio.eval.Results.unchecked;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreboardTest {

    @Test
    void rowsPerPromptVersionAndModelWithPassRateMetricsCostAndLatencyPercentiles() {
        List<CaseResult> results = new ArrayList<>();
        long[] latencies = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
        for (int i = 0; i < 10; i++) {
            results.add(result(i, "c" + i, "aaa", "gpt", i < 8, i < 8 ? 1 : 0.2, latencies[i], "0.001"));
            results.add(result(100 + i, "c" + i, "aaa", "echo", i < 3, 0, 5, null));
        }
        Scoreboard board = Scoreboard.of(results);
        assertThat(board.rows()).extracting(Scoreboard.Row::model).containsExactly("gpt", "echo");
        Scoreboard.Row gpt = board.rows().get(0);
        assertThat(gpt.n()).isEqualTo(10);
        assertThat(gpt.passed()).isEqualTo(8);
        assertThat(gpt.passRate().value()).isEqualTo(0.8);
        assertThat(gpt.passRate().low()).isLessThan(0.8);
        assertThat(gpt.passRate().high()).isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
        assertThat(gpt.metrics()).containsOnlyKeys("contains");
        assertThat(gpt.metrics().get("contains").value()).isCloseTo(0.84, within(1e-9)); // (8 + 0.4) / 10
        assertThat(gpt.cost()).isEqualByComparingTo(new BigDecimal("0.010"));
        assertThat(gpt.tokensIn()).isEqualTo(1000);
        assertThat(gpt.latencyP50()).isEqualTo(500); // nearest rank: ceil(0.5 * 10) = 5th
        assertThat(gpt.latencyP95()).isEqualTo(1000); // ceil(0.95 * 10) = 10th
        assertThat(gpt.split()).isEqualTo("test");
        assertThat(board.rows().get(1).cost()).as("a call without a price makes the cost unknown").isNull();
        assertThat(board.overallPassRate()).isCloseTo(11 / 20.0, within(1e-12));
    }

    @Test
    void splitComesFromTheCaseElseFromAStableHash() {
        assertThat(HeldOut.splitOf("x", "dev")).isEqualTo("dev");
        assertThat(HeldOut.splitOf("x", "test")).isEqualTo("test");
        int dev = 0;
        for (int i = 0; i < 3000; i++) {
            String s = HeldOut.splitOf("tickets:" + i, null);
            assertThat(HeldOut.splitOf("tickets:" + i, null)).isEqualTo(s);
            if (s.equals("dev")) dev++;
        }
        assertThat(dev).as("about a third is dev").isBetween(900, 1100);
        assertThat(HeldOut.label(List.of("test", "dev", "test"))).isEqualTo("dev+test");
        assertThat(HeldOut.overuseWarning("prompts/a.prompt", 5)).isEmpty();
        assertThat(HeldOut.overuseWarning("prompts/a.prompt", 6)).hasValueSatisfying(w ->
                assertThat(w).startsWith("prompts/a.prompt: the test split has been scored in 6 runs"));
    }

    // Decision 0020: unchecked cases are counted apart and are in no pass rate.
    @Test
    void uncheckedCasesAreCountedApartAndLeftOutOfThePassRate() {
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) results.add(result(i, "c" + i, "aaa", "gpt", i < 3, i < 3 ? 1 : 0, 10, "0"));
        for (int i = 4; i < 10; i++) results.add(unchecked(i, "c" + i, "aaa", "gpt"));
        Scoreboard board = Scoreboard.of(results);
        Scoreboard.Row row = board.rows().get(0);
        assertThat(row.n()).isEqualTo(10);
        assertThat(row.passed()).isEqualTo(3);
        assertThat(row.failed()).isEqualTo(1);
        assertThat(row.unchecked()).isEqualTo(6);
        assertThat(row.checked()).isEqualTo(4);
        assertThat(row.passRate().value()).as("3 of 4 checked, not 3 of 10 nor 9 of 10").isEqualTo(0.75);
        assertThat(row.passRate().high()).isLessThanOrEqualTo(1.0);
        assertThat(board.overallPassRate()).isEqualTo(0.75);
        assertThat(board.total()).isEqualTo(10);
        assertThat(board.unchecked()).isEqualTo(6);
    }

    @Test
    void aBoardWithNothingCheckedHasNoPassRate() {
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < 25; i++) results.add(unchecked(i, "c" + i, "aaa", "echo"));
        Scoreboard board = Scoreboard.of(results);
        Scoreboard.Row row = board.rows().get(0);
        assertThat(row.unchecked()).isEqualTo(25);
        assertThat(row.passed()).isZero();
        assertThat(row.passRate().value()).as("n/a, never 0% or 100%").isNaN();
        assertThat(row.passRate().low()).isNaN();
        assertThat(board.overallPassRate()).isNaN();
    }

    // The pass rate's interval is Wilson's (values worked by hand in StatisticsTest): all 8 passed -> [0.6756, 1],
    // none of 10 -> [0, 0.2775], never the zero-width [1, 1] or [0, 0] a bootstrap over 0/1 gives.
    @Test
    void passRateAtAllAndNoneHasAWilsonIntervalOfSomeWidth() {
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) results.add(result(i, "c" + i, "aaa", "gpt", true, 1, 100, "0.001"));
        for (int i = 0; i < 10; i++) results.add(result(100 + i, "c" + i, "aaa", "echo", false, 0, 100, "0.001"));
        Scoreboard board = Scoreboard.of(results);
        Scoreboard.Row all = board.rows().get(0);
        assertThat(all.passRate().value()).isEqualTo(1.0);
        assertThat(all.passRate().low()).isCloseTo(0.6756, within(1e-4));
        assertThat(all.metrics().get("contains").low()).as("0/1 scores get Wilson too").isCloseTo(0.6756, within(1e-4));
        Scoreboard.Row none = board.rows().get(1);
        assertThat(none.passRate().high()).isCloseTo(0.2775, within(1e-4));
    }

    @Test
    void latencyPercentilesAreOverCallsThatAnsweredOnly() {
        List<CaseResult> results = new ArrayList<>();
        results.add(result(1, "c1", "aaa", "gpt", true, 1, 100, "0.001"));
        results.add(result(2, "c2", "aaa", "gpt", true, 1, 200, "0.001"));
        results.add(result(3, "c3", "aaa", "gpt", false, 0, 5000, "0.001").withCallError("connection refused"));
        results.add(result(4, "c1", "aaa", "down", false, 0, 3268, null).withCallError("connection refused"));
        Scoreboard board = Scoreboard.of(results);
        assertThat(board.rows().get(0).latencyP95()).as("the refused call's 5000 ms is left out").isEqualTo(200);
        assertThat(board.rows().get(1).latencyP50()).as("no call answered: no latency").isNaN();
    }

    @Test
    void aCaseCountsOncePerMetricAndACallThatDidNotAnswerIsNotInAnyChecksRate() {
        // issue 12 trial: 8 cases, each with the experiment's json-schema and its own, gave a rate over 16 results
        // ([80.6, 100.0] is the Wilson-like interval of 16 of 16); calls that were never made gave json-schema 0.0%
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean ownPasses = i != 0;   // case 0: the experiment's check passes, its own fails
            results.add(new CaseResult(i, "c" + i, "prompts/answer.prompt", "aaa", "gpt", 0, ownPasses,
                    ownPasses ? 1 : 0.5, List.of(new AssertionResult("json-schema", true, 1, "ok"),
                    new AssertionResult("json-schema", ownPasses, ownPasses ? 1 : 0, "bad")), 10L, 1L, 1L,
                    java.math.BigDecimal.ZERO, "test"));
        }
        for (int i = 8; i < 11; i++) {
            results.add(new CaseResult(i, "c" + i, "prompts/answer.prompt", "aaa", "gpt", 0, false, 0,
                    List.of(new AssertionResult("json-schema", false, 0, "connection refused")), 10L, null, null,
                    null, "test").withCallError("connection refused"));
        }
        Scoreboard.Row row = Scoreboard.of(results).rows().get(0);

        Statistics.Estimate schema = row.metrics().get("json-schema");
        // one result per answered case: 7 of 8 cases pass both checks (case 0 fails its own), the 3 unsent left out
        assertThat(schema.value()).isEqualTo(7 / 8.0);
        assertThat(row.failed()).as("the 3 calls never made still fail their cases").isGreaterThanOrEqualTo(4);
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.promptstudio.testsupport.SumsWorkspace;

/**
 * {@code studio run --max-cost/--max-calls}: bad values are usage errors (exit 2, one line); a run stopped by its
 * budget exits 3 with one line naming the cap and the resume command, {@code studio runs} shows it
 * {@code budget-reached}, and {@code --resume} makes the rest. A run in which every call failed exits 1, as
 * {@code studio test} exits 1 when a case fails.
 */
class RunBudgetCommandTest {

    // A model server that refuses every request (400: not retried).
    @RegisterExtension
    final SumsRun sums = SumsRun.refusing(4);
    Path ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = sums.ws();
        SumsWorkspace.experiment(ws, "sums", "dear-echo", 2);
        SumsWorkspace.experiment(ws, "broken", "broken", 0);
    }

    @Test
    void badBudgetsAreUsageErrorsInOneLine() {
        List<List<String>> cases = List.of(
                List.of("--max-cost must be at least 0, not -1", "--max-cost", "-1"),
                List.of("--max-cost must be an amount in US dollars, not 'lots'", "--max-cost", "lots"),
                List.of("--max-cost must be an amount in US dollars, not 'NaN'", "--max-cost", "NaN"),
                List.of("--max-calls must be at least 1, not 0", "--max-calls", "0"),
                List.of("--max-calls must be a whole number, not '2.5'", "--max-calls", "2.5"));
        for (List<String> c : cases) {
            CliRun run = studio("-w", ws.toString(), "run", "sums", c.get(1), c.get(2));
            assertThat(run.exitCode()).as(c.get(2)).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(run.err().lines().toList()).as(c.get(2)).first().isEqualTo("usage error: " + c.get(0));
            assertThat(run.err()).doesNotContain("Exception");
        }
        assertThat(studio("-w", ws.toString(), "runs").out()).contains("No runs recorded yet");
    }

    @Test
    void aRunStoppedByItsBudgetExitsThreeAndResumesToTheEnd() {
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--max-calls", "1");

        assertThat(run.exitCode()).isEqualTo(RunCommand.BUDGET_REACHED);
        assertThat(run.err().strip()).isEqualTo("budget of 1 call reached (1 call sent); stopped before call 2; 1 of 4"
                + " calls recorded; resume with: studio run --resume 1 (with a new --max-cost/--max-calls, or none)");
        assertThat(run.out()).contains("Run 1 stopped by its budget: 1 call(s) made, 0 failed.");
        assertThat(studio("-w", ws.toString(), "runs").out()).contains("budget-reached");

        CliRun money = studio("-w", ws.toString(), "run", "--resume", "1", "--max-cost", "$0");
        assertThat(money.exitCode()).isEqualTo(RunCommand.BUDGET_REACHED);
        // a cap of $0 is reached before any spend; the refused call is the plan's second (the first was recorded)
        assertThat(money.err()).startsWith("budget of $0 reached ($0 spent); stopped before call 2; 1 of 4 calls"
                + " recorded");

        CliRun rest = studio("-w", ws.toString(), "run", "--resume", "1");
        assertThat(rest.err()).isEmpty();
        assertThat(rest.exitCode()).isZero();
        assertThat(rest.out()).contains("Run 1 finished: 3 call(s) made, 0 failed (resumed).");
        assertThat(studio("-w", ws.toString(), "calls", "--run", "1").out().lines()
                .filter(l -> l.contains("dear-echo")).count()).isEqualTo(4);
    }

    @Test
    void aCallRefusedForItsWorstCaseSaysSoWithTheSpendAndTheRunListSaysTheSame() {
        // dear-echo costs $1 a token (SumsWorkspace), so a cap of $40 lets some calls through and refuses a later one
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--max-cost", "40");

        assertThat(run.exitCode()).isEqualTo(RunCommand.BUDGET_REACHED);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stopped before call (\\d+): its worst-case"
                + " estimate \\$([0-9.]+) would pass the budget of \\$40\\.00 \\(\\$([0-9.]+) spent"
                // calls still in flight when the gate refused are named too: whether any are depends on the threads
                + "(?:, up to \\$([0-9.]+) more in calls still running)?\\); (\\d+) of 4"
                + " calls recorded; resume with: studio run --resume 1 \\(with a new --max-cost/--max-calls, or none\\)")
                .matcher(run.err().strip());
        assertThat(m.matches()).as(run.err()).isTrue();
        java.math.BigDecimal estimate = new java.math.BigDecimal(m.group(2));
        java.math.BigDecimal spent = new java.math.BigDecimal(m.group(3));
        assertThat(spent).isLessThanOrEqualTo(new java.math.BigDecimal("40"));
        java.math.BigDecimal inFlight = m.group(4) == null ? java.math.BigDecimal.ZERO : new java.math.BigDecimal(m.group(4));
        // the gate's rule (decision 0075): refused when spent + in flight + this call's worst case would pass the cap
        assertThat(spent.add(inFlight).add(estimate)).isGreaterThan(new java.math.BigDecimal("40"));
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(Integer.parseInt(m.group(5)) + 1);
        assertThat(run.err()).doesNotContain("budget of $40.00 reached");
        // the run list keeps the same words
        assertThat(studio("-w", ws.toString(), "runs").out())
                .contains(run.err().strip().substring(0, run.err().indexOf("; ")));
    }

    @Test
    void aRunWhoseEveryCallFailedExitsOne() {
        CliRun run = studio("-w", ws.toString(), "run", "broken");

        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err().lines().filter(l -> l.startsWith("error: ")).toList())
                .singleElement().asString().startsWith("error: every call of run 1 failed (").contains("model not loaded")
                .endsWith("see: studio calls --run 1");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void theHelpListsTheBudgetOptionsAndTheExitCodes() {
        String help = studio("run", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("--max-cost=USD").contains("--max-calls=N")
                .contains("0 the run finished").contains("1 an error: nothing could run, every call failed")
                .contains("3 stopped by its budget").contains("130 stopped with Ctrl-C");
    }
}

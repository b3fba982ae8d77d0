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
 * A run stopped before its first call (the trial's {@code 0 cases, 0 passed (NaN%)}): every command a user reads it
 * with says {@code no cases were answered}, prints no empty table, and no output anywhere holds NaN or Infinity.
 */
class EmptyRunOutputTest {

    @RegisterExtension
    final SumsRun sums = SumsRun.refusing(3);
    Path ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = sums.ws();
        SumsWorkspace.experiment(ws, "sums", "dear-echo", 1);
    }

    @Test
    void aRunStoppedBeforeAnyCallSaysNoCasesWereAnsweredAndNeverNaN() {
        // dear-echo costs $1 a token: a cap of $0.50 refuses the first call's worst case, so run 1 records nothing
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--max-cost", "0.5");
        assertThat(run.exitCode()).isEqualTo(RunCommand.BUDGET_REACHED);
        assertThat(run.out()).contains("run 1: no cases were answered").doesNotContain("PROMPT@VERSION")
                .doesNotContain("CALLS OF PROMPT@VERSION").doesNotContain("0 cases");
        assertThat(run.err()).startsWith("stopped before call 1: its worst-case estimate $");

        CliRun eval = studio("-w", ws.toString(), "eval", "1");
        assertThat(eval.out()).contains("run 1: no cases were answered").doesNotContain("PROMPT@VERSION")
                .doesNotContain("passed (");
        assertThat(studio("-w", ws.toString(), "run", "sums").exitCode()).isZero(); // run 2 answers every case
        CliRun diff = studio("-w", ws.toString(), "diff-runs", "1", "2");
        assertThat(diff.err()).contains("run 1 has no recorded call");

        List<CliRun> outputs = List.of(run, eval, diff, studio("-w", ws.toString(), "runs"),
                studio("-w", ws.toString(), "calls", "--run", "1"), studio("-w", ws.toString(), "feedback", "--run", "1"));
        for (CliRun o : outputs) {
            assertThat(o.out() + o.err()).doesNotContainIgnoringCase("nan").doesNotContain("Infinity")
                    .doesNotContain("Exception");
        }
    }
}

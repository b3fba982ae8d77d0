package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Experiments;
import org.promptstudio.app.ModelAccess;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.store.Database;

/**
 * A run whose calls could not be recorded (the database went away under it) is never "finished": it ends failed,
 * short of its plan, and says how many calls are missing and how to make them (a new-user trial saw a run lose a call
 * and report done with exit 0).
 */
class UnrecordedCallsTest {

    @TempDir
    Path tmp;

    @Test
    void aRunWhoseCallsCannotBeRecordedEndsFailedWithTheMissingCount() {
        Path dir = tmp.resolve("ws");
        CliRun init = CliRun.studio("init", dir.toString(), "--from-sample", "support-assistant");
        assertThat(init.exitCode()).as(init.err()).isZero();
        Database gone = Database.open(tmp.resolve("gone"));
        gone.close(); // every insert into it fails, as when the database is not available
        try (Studio studio = Studio.open(dir)) {
            Experiments experiments = studio.experiments();
            RunPlan plan = experiments.plan(experiments.read("ci-smoke"), null, 2, null);
            ModelAccess access = studio.models(CachePolicy.fromFlags(true, false, false));
            ExperimentRunner runner = new ExperimentRunner(studio.prompts().renderer(), access,
                    gone.calls());
            Experiments.Outcome outcome = experiments.run(plan, null, runner, StudioParts.runs(studio), StudioParts.calls(studio),
                    (s, call) -> { }, new Cancellation());

            assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
            assertThat(outcome.snapshot().done()).isZero();
            assertThat(outcome.snapshot().total()).isEqualTo(plan.cells().size()).isPositive();
            assertThat(StudioParts.runs(studio).find(outcome.runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        }
        String line = RunCommand.unrecordedLine(2, 4, 7);
        assertThat(line).startsWith("2 of 4 call(s) could not be recorded").endsWith("studio run --resume 7")
                .doesNotContain("Exception");
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.promptstudio.testsupport.SumsWorkspace;

/**
 * What a new user's trial of {@code studio run} found (issue 12): the calls table charges only what a call cost this
 * run ({@code CallRecord.spent()}), a resumed run keeps its cache policy, option conflicts are usage errors, and a
 * resume names its experiment in either order or refuses another one.
 */
class RunTrialFindingsCommandTest {

    // A model answering "2" (10 tokens in, 1 out) at $1 a token: $11 a call.
    @RegisterExtension
    final SumsRun sums = new SumsRun("trial", "priced", 4, reply -> reply.whole("2", 10, 1));
    Path ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = sums.ws();
        // prompt solve is at temperature 0, so its answers are cached by default
        java.nio.file.Files.writeString(ws.resolve("studio.yaml"),
                "    pricing: { inputPerMillion: 1000000, outputPerMillion: 1000000 }\n",
                java.nio.file.StandardOpenOption.APPEND);
        SumsWorkspace.experiment(ws, "sums", "priced", 1);
    }

    /** The priced model's row of the CALLS OF table in {@code out}. */
    private static String callsRow(String out) {
        return out.lines().dropWhile(l -> !l.startsWith("CALLS OF")).filter(l -> l.startsWith("prompts/solve.prompt@") && l.contains("priced")).findFirst()
                .orElseThrow();
    }

    @Test
    void theCallsTableChargesNothingForCachedAnswers() {
        CliRun first = studio("-w", ws.toString(), "run", "sums");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(callsRow(first.out())).endsWith("$44.00");

        CliRun second = studio("-w", ws.toString(), "run", "sums");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("cache: 4 of 4 answers from the cache");
        // every answer came from the cache: nothing was spent (as the run's "cost $0." line says)
        assertThat(callsRow(second.out())).endsWith("$0");
        assertThat(second.out()).contains("cost $0.");
    }

    @Test
    void aResumedRunKeepsItsNoCache() {
        assertThat(studio("-w", ws.toString(), "run", "sums").exitCode()).isZero(); // fills the cache
        CliRun stopped = studio("-w", ws.toString(), "run", "sums", "--no-cache", "--max-calls", "1");
        assertThat(stopped.exitCode()).isEqualTo(RunCommand.BUDGET_REACHED);

        CliRun rest = studio("-w", ws.toString(), "run", "--resume", "2");
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("Run 2 finished: 3 call(s) made, 0 failed (resumed).")
                .contains("cache: 0 of 4 answers from the cache");

        // a resume that names a policy uses it
        CliRun stopped2 = studio("-w", ws.toString(), "run", "sums", "--no-cache", "--max-calls", "1");
        assertThat(stopped2.exitCode()).isEqualTo(RunCommand.BUDGET_REACHED);
        CliRun cached = studio("-w", ws.toString(), "run", "--resume", "3", "--cache");
        assertThat(cached.out()).contains("cache: 3 of 4 answers from the cache");
    }

    @Test
    void conflictingOptionsAreUsageErrors() {
        String[][] cases = {
            {"--no-cache cannot be combined with --refresh", "run", "sums", "--no-cache", "--refresh"},
            {"--no-cache cannot be combined with --cache", "run", "sums", "--no-cache", "--cache"},
            {"--refresh cannot be combined with --cache", "run", "sums", "--refresh", "--cache"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "-w";
            args[1] = ws.toString();
            System.arraycopy(c, 1, args, 2, c.length - 1);
            CliRun run = studio(args);
            assertThat(run.exitCode()).as(c[0]).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(run.err().lines().findFirst().orElse("")).isEqualTo("usage error: " + c[0]);
        }
        assertThat(studio("-w", ws.toString(), "runs").out()).contains("No runs recorded yet");
    }

    @Test
    void aResumeNamesItsOwnExperimentInEitherOrderOrNone() throws Exception {
        assertThat(studio("-w", ws.toString(), "run", "sums", "--max-calls", "1").exitCode())
                .isEqualTo(RunCommand.BUDGET_REACHED);
        SumsWorkspace.experiment(ws, "other", "priced", 1);

        CliRun other = studio("-w", ws.toString(), "run", "other", "--dry-run", "--resume", "1");
        assertThat(other.exitCode()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(other.err().lines().findFirst().orElse("")).isEqualTo("usage error: run 1 is of experiment 'sums',"
                + " not 'other'; resume it with: studio run --resume 1");

        CliRun before = studio("-w", ws.toString(), "run", "sums", "--dry-run", "--resume", "1");
        CliRun after = studio("-w", ws.toString(), "run", "--resume", "1", "sums", "--dry-run");
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.out()).isEqualTo(before.out()).contains("Nothing was called (--dry-run).");
    }

    @Test
    void anUnknownRunIsNamedTheSameWayEverywhere() {
        String[][] commands = {{"calls", "--run", "999"}, {"eval", "999"}, {"run", "--resume", "999"},
            {"feedback", "--run", "999"}};
        for (String[] c : commands) {
            String[] args = new String[c.length + 2];
            args[0] = "-w";
            args[1] = ws.toString();
            System.arraycopy(c, 0, args, 2, c.length);
            CliRun run = studio(args);
            assertThat(run.exitCode()).as(String.join(" ", c)).isEqualTo(StudioCommand.USER_ERROR);
            assertThat(run.err().strip()).as(String.join(" ", c)).isEqualTo("error: no run 999 (see 'studio runs')");
        }
        CliRun zero = studio("-w", ws.toString(), "eval", "0");
        assertThat(zero.exitCode()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(zero.err().lines().findFirst().orElse("")).contains("must be at least 1, not 0");
    }

    @Test
    void numericPositionalsSayWhatTheyNeed() {
        CliRun show = studio("-w", ws.toString(), "calls", "show", "abc");
        assertThat(show.exitCode()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(show.err().lines().findFirst().orElse("")).isEqualTo("usage error: ID must be a whole number, not 'abc'");
        CliRun eval = studio("-w", ws.toString(), "eval", "abc");
        assertThat(eval.err().lines().findFirst().orElse("")).isEqualTo("usage error: RUN_ID must be a whole number, not 'abc'");
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --models} is read by one rule wherever a command takes it (issue 12 trial): a model named twice is a usage
 * error naming it (it used to give one column silently), and no model named is the studio's own one-line error with
 * the known models (it used to be "no model ''"). Nothing is recorded either way.
 */
class ModelNamesCommandTest {

    private static final String INPUT = "{\"question\": \"Can I return a Dial?\"}";

    @TempDir
    Path tmp;
    String ws;

    @BeforeEach
    void workspace() {
        ws = tmp.resolve("ws").toString();
        assertThat(studio("init", ws, "--from-sample", "support-assistant").exitCode()).isZero();
    }

    @Test
    void aModelNamedTwiceIsAUsageErrorNamingItInEveryCommand() {
        CliRun compare = studio("-w", ws, "compare", "answer", "--models", "echo,extractive,echo", "--input", INPUT);
        CliRun columns = studio("-w", ws, "compare", "answer", "--models", "echo, echo", "--columns", "--input", INPUT);
        CliRun run = studio("-w", ws, "run", "ci-smoke", "--models", "echo,echo", "--limit", "1");
        CliRun test = studio("-w", ws, "test", "ci-smoke", "--models", "echo,echo");
        CliRun screenshot = studio("-w", ws, "screenshot", "compare", "--prompt", "answer", "--models", "echo,echo");

        for (CliRun r : new CliRun[] {compare, columns, run, test, screenshot}) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(r.err().lines().findFirst().orElse("")).isEqualTo(
                    "usage error: --models: 'echo' is named twice; name each model once");
            assertThat(r.out()).isEmpty();
        }
        assertThat(studio("-w", ws, "runs").out()).startsWith("No runs recorded yet");
    }

    @Test
    void noModelNamedIsTheStudiosOneLineErrorWithTheKnownModels() {
        String known = "known: echo, extractive, gpt-4o-mini, gpt-4o-mini-replay, claude-haiku, llama-local";
        CliRun compare = studio("-w", ws, "compare", "answer", "--models", "", "--input", INPUT);
        CliRun run = studio("-w", ws, "run", "ci-smoke", "--models", " ", "--limit", "1");
        CliRun test = studio("-w", ws, "test", "ci-smoke", "--models", "");
        CliRun comma = studio("-w", ws, "compare", "answer", "--models", "echo,,extractive", "--input", INPUT);

        for (CliRun r : new CliRun[] {compare, run, test}) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(r.err().lines().findFirst().orElse("")).isEqualTo("usage error: --models: no model named; " + known);
        }
        assertThat(comma.err().lines().findFirst().orElse(""))
                .isEqualTo("usage error: --models: no model named between two commas; " + known);
        assertThat(studio("-w", ws, "runs").out()).startsWith("No runs recorded yet");
    }
}

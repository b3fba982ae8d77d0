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

    @Test
    void aCommaAtEitherEndIsAnEmptyNameInRunAsInCompare() {
        // issue 12 trial: "studio run ... --models echo, --dry-run" was accepted (picocli's split drops the empty end)
        String known = "known: echo, extractive, gpt-4o-mini, gpt-4o-mini-replay, claude-haiku, llama-local";
        CliRun run = studio("-w", ws, "run", "ci-smoke", "--models", "echo,", "--dry-run");
        CliRun lead = studio("-w", ws, "run", "ci-smoke", "--models", ",echo", "--dry-run");
        CliRun compare = studio("-w", ws, "compare", "answer", "--models", "echo,", "--input", INPUT);

        for (CliRun r : new CliRun[] {run, lead, compare}) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(r.err().lines().findFirst().orElse(""))
                    .isEqualTo("usage error: --models: no model named between two commas; " + known);
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void versionsFollowTheModelsRule() {
        // issue 12 trial: "--versions 1,1" gave one column silently, "--versions ," ran the working version
        CliRun twice = studio("-w", ws, "compare", "answer", "--models", "echo", "--versions", "1, 1", "--input", INPUT);
        CliRun comma = studio("-w", ws, "compare", "answer", "--models", "echo", "--versions", ",", "--input", INPUT);
        CliRun trailing = studio("-w", ws, "compare", "answer", "--models", "echo", "--versions", "1,",
                "--input", INPUT);

        assertThat(twice.exitCode()).as(twice.err()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(twice.err().lines().findFirst().orElse(""))
                .isEqualTo("usage error: --versions: '1' is named twice; name each version once");
        for (CliRun r : new CliRun[] {comma, trailing}) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(r.err().lines().findFirst().orElse(""))
                    .isEqualTo("usage error: --versions: no version named between two commas");
        }
        for (CliRun r : new CliRun[] {twice, comma, trailing}) assertThat(r.out()).isEmpty();
        assertThat(studio("-w", ws, "runs").out()).startsWith("No runs recorded yet");
    }

    @Test
    void compareNamesTheOptionNotAFileTheUserNeverNamed() {
        // issue 12 trial: "error: experiments/compare-nosuch.yaml: no prompt 'nosuch' ..."
        CliRun prompt = studio("-w", ws, "compare", "nosuch", "--models", "echo", "--input", INPUT);
        CliRun version = studio("-w", ws, "compare", "answer", "--models", "echo", "--versions", "99",
                "--input", INPUT);

        assertThat(prompt.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(prompt.err().strip()).startsWith("error: --prompt: no prompt 'nosuch' (prompts: ")
                .contains("answer").doesNotContain("experiments/").doesNotContain("\n");
        assertThat(version.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(version.err().strip()).startsWith("error: --versions: prompts/answer.prompt has no version 99 (")
                .doesNotContain("experiments/");
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every numeric option is checked by one converter ({@link Numbers}) when the command line is parsed, before a
 * workspace is opened: exit 2 and one usage line naming the option and the value. Trial finding: {@code run --limit
 * -5 --dry-run} failed with "fromIndex(0) > toIndex(-5)" while {@code calls --limit -1} gave a usage error.
 */
class NumericOptionsTest {

    @Test
    void everyNumericOptionRefusesAnOutOfRangeValueAtParseTimeInOneLine() {
        List<List<String>> cases = List.of(
                List.of("--limit must be at least 1, not -5", "run", "answer-vs-fewshot", "--limit", "-5", "--dry-run"),
                List.of("--limit must be at least 1, not 0", "run", "answer-vs-fewshot", "--limit", "0"),
                List.of("--resume must be at least 1, not 0", "run", "--resume", "0"),
                List.of("--limit must be at least 1, not 0", "test", "--limit", "0"),
                List.of("--limit must be at least 1, not -1", "calls", "--limit", "-1"),
                List.of("--run must be at least 1, not -3", "calls", "--run", "-3"),
                List.of("--limit must be at least 1, not 0", "runs", "--limit", "0"),
                List.of("--limit must be at least 1, not 0", "screenshot", "compare", "--limit", "0"),
                List.of("--width must be at least 20, not 5", "compare", "answer", "--models", "echo", "--input", "{}",
                        "--width", "5"),
                List.of("--concurrency must be at least 1, not 0", "bench", "runner", "--concurrency", "1,0"),
                List.of("--delay-ms must be at least 0, not -1", "bench", "runner", "--delay-ms", "-1"),
                List.of("--calls must be at least 1, not 0", "bench", "runner", "--calls", "0"),
                List.of("--batch must be at least 1, not 0", "bench", "store", "--batch", "0"),
                List.of("--seconds must be above 0, not 0", "bench", "templates", "--seconds", "0"),
                List.of("--cold-starts must be at least 1, not -2", "bench", "templates", "--cold-starts", "-2"),
                List.of("--versions must be at least 1, not 0", "bench", "vcs", "--versions", "0"),
                List.of("--distinct must be at least 1, not 0", "bench", "eval", "--distinct", "0"),
                List.of("--calls must be a whole number, not 'ten'", "bench", "eval", "--calls", "ten"));
        for (List<String> c : cases) {
            String[] args = c.subList(1, c.size()).toArray(String[]::new);
            CliRun run = studio(args);
            String what = String.join(" ", args);
            assertThat(run.exitCode()).as(what).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(run.err().lines().findFirst().orElse("")).as(what).isEqualTo("usage error: " + c.get(0));
            assertThat(run.err()).as(what).doesNotContain("Exception").doesNotContain("fromIndex");
        }
    }

    // 0 means the same everywhere: it is refused, and each --help says "at least 1".
    @Test
    void helpSaysALimitIsAtLeastOneForRunTestAndScreenshot() {
        for (String command : List.of("run", "test", "screenshot")) {
            String help = studio(command, "--help").out().replaceAll("\\s+", " ");
            assertThat(help).as(command).contains("--limit=N").contains("at least 1").doesNotContain("0: all");
        }
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import org.junit.jupiter.api.Test;

/** The runner benchmark runs end to end against its local server and prints a line per level. */
class BenchRunnerCommandTest {

    @Test
    void printsCallsPerSecondCpuAndHeapPerConcurrencyLevel() {
        CliRun run = studio("bench", "runner", "--calls", "20", "--delay-ms", "5", "--concurrency", "1,4");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("\\n +1 +20 +0 +[\\d.]+ +[\\d.]+ +\\d+ µs +\\d+ MB")
                .containsPattern("\\n +4 +20 +0 +[\\d.]+ +[\\d.]+ +\\d+ µs +\\d+ MB");
    }
}

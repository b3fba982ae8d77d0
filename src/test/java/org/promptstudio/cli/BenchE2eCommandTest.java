package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import org.junit.jupiter.api.Test;

/** {@code studio bench e2e} prints each run's figures and the median, with the floor and how it measured. */
class BenchE2eCommandTest {

    @Test
    void printsWallCpuMemoryFloorRatioAndPhasesForEachRunAndTheMedian() {
        CliRun run = studio("bench", "e2e", "--calls", "20", "--delay-ms", "5", "--concurrency", "4", "--repeat", "1");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("20 calls (10 cases x 2 models)")
                .contains("floor: 20 / 4 x 5 ms = 25 ms")
                .contains("CPU: user + system time").contains("peak memory: VmHWM")
                .contains("LOAD: the machine's 1-minute load average")
                .containsPattern("\\n  1 +[\\d,]+ +[\\d.]+ +[\\d,]+ +[\\d,]+ +[\\d,]+ +[\\d,]+ +[\\d,]+ +20 +[\\d.]+\\n")
                .containsPattern("\\n  median +[\\d,]+ +[\\d.]+ +[\\d,]+ +[\\d,]+ +[\\d,]+ +[\\d,]+ +[\\d,]+\\n")
                .contains("studio test started as: ").doesNotContain("error");
    }

    @Test
    void anOddNumberOfCallsIsAUsageError() {
        CliRun run = studio("bench", "e2e", "--calls", "7");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--calls must be an even number of at least 2 (calls/2 cases x 2 models), not 7");
        assertThat(run.out()).isEmpty();
    }
}

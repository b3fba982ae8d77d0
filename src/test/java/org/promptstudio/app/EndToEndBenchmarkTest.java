package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.StudioException;

/**
 * The end-to-end bench runs a real {@code studio test} in a fresh JVM against its server in another process, reports
 * figures for every run, and leaves neither a process nor a temporary folder behind. No timing is asserted.
 */
class EndToEndBenchmarkTest {

    @Test
    void aSmallRunCountsEveryCallAtTheServerAndReportsSaneFigures() throws IOException {
        Set<String> foldersBefore = scratchFolders();
        List<EndToEndBenchmark.Run> heard = new ArrayList<>();

        EndToEndBenchmark.Result result = EndToEndBenchmark.run(new EndToEndBenchmark.Settings(20, 5, 4, 1), heard::add);

        assertThat(result.runs()).hasSize(1).isEqualTo(heard);
        EndToEndBenchmark.Run run = result.runs().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.callsSeen()).isEqualTo(20);
        assertThat(run.wallMillis()).isPositive();
        assertThat(run.cpuMillis()).isPositive();
        assertThat(run.peakBytes()).isGreaterThan(16L << 20); // a JVM that ran the studio is past 16 MB resident
        assertThat(run.startToFirstMillis()).isPositive().isLessThan(run.wallMillis());
        assertThat(run.callsMillis()).isNotNegative().isLessThan(run.wallMillis());
        assertThat(run.lastToExitMillis()).isNotNegative().isLessThan(run.wallMillis());
        assertThat(run.loadAverage()).isNotNegative();
        assertThat(result.settings().floorMillis()).isEqualTo(25.0);
        assertThat(result.median()).hasValueSatisfying(m -> {
            assertThat(m.wallMillis()).isEqualTo(run.wallMillis());
            assertThat(m.cpuMillis()).isEqualTo(run.cpuMillis());
        });
        assertThat(result.command()).contains("org.promptstudio.Main").endsWith(" test");
        // The server process and the studio's are gone, and so is the temporary workspace.
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")))
                .noneMatch(c -> c.contains("BenchChatServer") || c.contains("studio-bench-e2e"));
        assertThat(scratchFolders()).isEqualTo(foldersBefore);
    }

    @Test
    void aRunWhoseTestFailsIsAnErrorAndNotAFigure() {
        // Every answer is "The answer is 42.": an assertion looking for 43 fails every case.
        EndToEndBenchmark.Result result = EndToEndBenchmark.run(new EndToEndBenchmark.Settings(4, 0, 2, 1), r -> { },
                "43");

        assertThat(result.runs()).singleElement().satisfies(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).startsWith("studio test exited with 1: ").endsWith("(4 of 4 calls answered)");
        });
        assertThat(result.median()).isEmpty();
    }

    @Test
    void anOddNumberOfCallsIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> new EndToEndBenchmark.Settings(21, 5, 4, 1))
                .isInstanceOf(StudioException.class)
                .hasMessage("bench e2e: --calls must be an even number of at least 2 (calls/2 cases x 2 models), not 21");
    }

    private static Set<String> scratchFolders() throws IOException {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("studio-bench-e2e"))
                    .collect(Collectors.toSet());
        }
    }
}

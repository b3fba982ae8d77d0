package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.ModelUsage;

class StoreBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theSummaryCoversEveryCallTheBenchmarkRecorded() {
        StoreBenchmark.Result r = StoreBenchmark.run(dir, 2500, 1500, 700);

        assertThat(r.singleCalls()).isEqualTo(StoreBenchmark.SINGLE_CALLS);
        assertThat(r.usage()).hasSize(5);
        assertThat(r.usage().stream().mapToLong(ModelUsage::calls).sum()).isEqualTo(2500 + r.singleCalls());
        assertThat(r.usage()).allSatisfy(u -> {
            assertThat(u.p95LatencyMs()).isGreaterThan(u.meanLatencyMs());
            assertThat(u.cost()).isPositive();
        });
        assertThat(r.callsPerSecond()).isPositive();
        assertThat(r.peakHeapBytes()).isPositive();
        assertThat(r.fileBytes()).isGreaterThan(2500L * 1500);
        assertThat(r.openFileBytes()).isPositive();
        assertThat(r.compactedBytes()).isPositive().isLessThanOrEqualTo(r.fileBytes());
    }
}

package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The log-bucket histogram: a percentile read from it is within the relative error bound of the exact one (nearest
 * rank of the sorted values), two histograms merged read as one made of both, and empty reads as no value.
 */
class LatencyBucketsTest {

    @Test
    void percentilesStayWithinTheRelativeErrorBound() {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(500);
            long[] values = new long[n];
            // log-normal-ish latencies from 1 ms to minutes
            for (int i = 0; i < n; i++) values[i] = Math.max(1, Math.round(Math.exp(r.nextGaussian() * 1.5 + 6)));
            LatencyBuckets h = LatencyBuckets.ofMillis(values);
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            for (double q : new double[] {0, 0.5, 0.95, 1}) {
                long exact = sorted[(int) Math.floor(q * (n - 1))];
                long estimate = h.quantile(q);
                assertThat((double) Math.abs(estimate - exact))
                        .as("q %s of %s", q, Arrays.toString(values))
                        .isLessThanOrEqualTo(exact * LatencyBuckets.RELATIVE_ERROR + 0.5);
            }
        }
    }

    @Test
    void mergedHistogramsReadAsOneMadeOfBoth() {
        LatencyBuckets a = LatencyBuckets.ofMillis(5, 80, 700);
        LatencyBuckets b = LatencyBuckets.ofMillis(0, 1, 12_000, 3_000_000);
        assertThat(a.plus(b)).isEqualTo(LatencyBuckets.ofMillis(5, 80, 700, 0, 1, 12_000, 3_000_000));
        assertThat(a.plus(b).total()).isEqualTo(7);
        assertThat(LatencyBuckets.of(a.counts())).isEqualTo(a);
        assertThat(LatencyBuckets.ofMillis(0).quantile(0.5)).isZero();
        assertThat(LatencyBuckets.ofMillis(1).quantile(0.5)).isEqualTo(1);
        // beyond the last bucket's bound: counted in the last bucket
        assertThat(LatencyBuckets.index(3_000_000)).isEqualTo(LatencyBuckets.SIZE - 1);
    }

    @Test
    void anEmptyHistogramHasNoPercentile() {
        assertThat(LatencyBuckets.EMPTY.quantile(0.95)).isNull();
        assertThatThrownBy(() -> LatencyBuckets.EMPTY.quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyBuckets.of(new long[3])).hasMessageContaining("64");
    }
}

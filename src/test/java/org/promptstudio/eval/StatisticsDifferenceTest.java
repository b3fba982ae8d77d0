package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Newcombe's and Welch's intervals for a difference between two independent samples, against published values. */
class StatisticsDifferenceTest {

    @Test
    void newcombeMatchesTheArticlesTable() {
        // Newcombe 1998, Table II, method 10 (hybrid score), examples (a) to (e) and (g), to the four places printed.
        assertDifference(Statistics.newcombe(56, 70, 48, 80, 0.95), 0.2000, 0.0524, 0.3339);
        assertDifference(Statistics.newcombe(9, 10, 3, 10, 0.95), 0.6000, 0.1705, 0.8090);
        assertDifference(Statistics.newcombe(6, 7, 2, 7, 0.95), 0.5714, 0.0582, 0.8062);
        assertDifference(Statistics.newcombe(5, 56, 0, 29, 0.95), 0.0893, -0.0381, 0.1926);
        assertDifference(Statistics.newcombe(0, 10, 0, 20, 0.95), 0.0000, -0.1611, 0.2775);
        assertDifference(Statistics.newcombe(10, 10, 0, 20, 0.95), 1.0000, 0.6791, 1.0000);
        assertThat(Statistics.newcombe(56, 70, 48, 80, 0.95).excludesZero()).isTrue();
        assertThat(Statistics.newcombe(5, 56, 0, 29, 0.95).excludesZero()).isFalse();
    }

    private static void assertDifference(Statistics.Estimate e, double value, double low, double high) {
        assertThat(e.value()).isCloseTo(value, within(0.00005));
        assertThat(e.low()).isCloseTo(low, within(0.00005));
        assertThat(e.high()).isCloseTo(high, within(0.00005));
    }

    @Test
    void newcombeKeepsAWidthAtTheEdges() {
        // 10/10 against 0/10: the Wald interval would be [1, 1]; the hybrid score interval is not.
        Statistics.Estimate e = Statistics.newcombe(10, 10, 0, 10, 0.95);
        assertThat(e.value()).isEqualTo(1.0);
        assertThat(e.low()).isBetween(0.6, 0.9);
        assertThat(e.high()).isEqualTo(1.0);
        Statistics.Estimate none = Statistics.newcombe(0, 10, 0, 20, 0.95);
        assertThat(none.value()).isZero();
        assertThat(none.low()).isNegative();
        assertThat(none.high()).isPositive();
    }

    @Test
    void newcombeWithAnEmptySideHasNoInterval() {
        assertThat(Statistics.newcombe(3, 10, 0, 0, 0.95).value()).isNaN();
        assertThatThrownBy(() -> Statistics.newcombe(11, 10, 0, 5, 0.95))
                .hasMessageContaining("11 of 10");
        assertThatThrownBy(() -> Statistics.newcombe(1, 10, 0, 5, 95)).hasMessageContaining("confidence");
    }

    @Test
    void welchMatchesRsSleepExample() {
        // R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, 95% CI -3.3654832 0.2054832.
        double[] one = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
        double[] two = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
        Statistics.Estimate e = Statistics.welch(Statistics.mean(one), variance(one), 10,
                Statistics.mean(two), variance(two), 10, 0.95);
        assertThat(e.value()).isCloseTo(-1.58, within(1e-9));
        assertThat(e.low()).isCloseTo(-3.3654832, within(1e-6));
        assertThat(e.high()).isCloseTo(0.2054832, within(1e-6));
        assertThat(Statistics.welchDf(variance(one), 10, variance(two), 10)).isCloseTo(17.776, within(0.0005));
    }

    @Test
    void welchNeedsTwoValuesASide() {
        assertThat(Statistics.welch(1, 0.5, 1, 2, 0.5, 10, 0.95).low()).isNaN();
        Statistics.Estimate same = Statistics.welch(3, 0, 5, 1, 0, 5, 0.95);
        assertThat(same.low()).isEqualTo(2);
        assertThat(same.high()).isEqualTo(2);
    }

    @Test
    void quantilesMatchTheTables() {
        assertThat(Statistics.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(Statistics.normalQuantile(0.95)).isCloseTo(1.644854, within(1e-6));
        assertThat(Statistics.normalQuantile(0.005)).isCloseTo(-2.575829, within(1e-6));
        assertThat(Statistics.tQuantile(0.975, 1)).isCloseTo(12.7062, within(1e-4));
        assertThat(Statistics.tQuantile(0.975, 10)).isCloseTo(2.2281, within(1e-4));
        assertThat(Statistics.tQuantile(0.995, 5)).isCloseTo(4.0321, within(1e-4));
        assertThat(Statistics.tQuantile(0.975, 30)).isCloseTo(2.0423, within(1e-4));
        assertThat(Statistics.tQuantile(0.025, 30)).isCloseTo(-2.0423, within(1e-4));
        assertThat(Statistics.tQuantile(0.975, 1e7)).isCloseTo(1.959964, within(1e-5));
    }

    private static double variance(double[] xs) {
        double m = Statistics.mean(xs);
        double s = 0;
        for (double x : xs) s += (x - m) * (x - m);
        return s / (xs.length - 1);
    }
}

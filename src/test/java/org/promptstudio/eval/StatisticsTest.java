package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void mcnemarExactMatchesTheBinomialSumOnATextbookTable() {
        // b = 10, c = 2, n = 12: P(X <= 2) = (C(12,0) + C(12,1) + C(12,2)) / 2^12 = (1 + 12 + 66) / 4096
        // = 79 / 4096 = 0.019287; two-sided p = 2 * 0.019287 = 0.038574.
        Statistics.McNemar m = Statistics.mcnemarExact(10, 2);
        assertThat(m.p()).isCloseTo(79.0 / 2048, within(1e-12)).isCloseTo(0.0386, within(5e-5));
        assertThat(m.significant()).isTrue();
        assertThat(Statistics.mcnemarExact(2, 10).p()).isCloseTo(m.p(), within(1e-12));
    }

    @Test
    void mcnemarOfBalancedOrNoDisagreementIsNotSignificant() {
        assertThat(Statistics.mcnemarExact(5, 5).p()).isEqualTo(1.0); // capped at 1
        assertThat(Statistics.mcnemarExact(0, 0).p()).isEqualTo(1.0);
        // b = 5, c = 0: 2 * (1 / 32) = 0.0625, not significant at 0.05 however lopsided it looks
        assertThat(Statistics.mcnemarExact(5, 0).p()).isCloseTo(0.0625, within(1e-12));
        assertThat(Statistics.mcnemarExact(5, 0).significant()).isFalse();
    }

    @Test
    void mcnemarChiSquareUsesTheContinuityCorrection() {
        // b = 40, c = 20: (|40 - 20| - 1)^2 / 60 = 361 / 60 = 6.0167; P(chi2_1 > 6.0167) = 0.01417 (tables)
        Statistics.McNemar m = Statistics.mcnemarChiSquare(40, 20);
        assertThat(m.p()).isCloseTo(0.01417, within(1e-4));
        // b = 59, c = 1 is past the exact limit, so mcnemar() answers with the chi-square
        assertThat(Statistics.mcnemar(59, 1).method()).isEqualTo("chi-square");
        assertThat(Statistics.mcnemar(10, 2).method()).isEqualTo("exact");
        // erfc(1) = 0.157299 (tables)
        assertThat(Statistics.erfc(1)).isCloseTo(0.157299, within(1e-6));
    }

    @Test
    void bootstrapOfAConstantSampleIsAPoint() {
        Statistics.Estimate e = Statistics.bootstrapMean(new double[] {0.7, 0.7, 0.7, 0.7}, 1);
        assertThat(e.value()).isCloseTo(0.7, within(1e-12));
        assertThat(e.low()).isCloseTo(0.7, within(1e-12));
        assertThat(e.high()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void bootstrapIntervalCoversTheMeanAndIsReproducibleWithTheSeed() {
        double[] xs = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1}; // 15 of 20: mean 0.75
        Statistics.Estimate e = Statistics.bootstrapMean(xs, 42);
        assertThat(e.value()).isEqualTo(0.75);
        assertThat(e.low()).isLessThan(0.75).isGreaterThanOrEqualTo(0.5);
        assertThat(e.high()).isGreaterThan(0.75).isLessThanOrEqualTo(0.95);
        // normal approximation: 0.75 +- 1.96 * sqrt(0.75 * 0.25 / 20) = [0.560, 0.940]; the bootstrap is close
        assertThat(e.low()).isCloseTo(0.56, within(0.06));
        assertThat(e.high()).isCloseTo(0.94, within(0.06));
        assertThat(Statistics.bootstrapMean(xs, 42)).isEqualTo(e);
        // a 0/1 sample has few possible means, so another seed may well give the same interval; a continuous one not
        double[] latencies = {120, 340, 95, 410, 230, 180, 505, 150, 275, 310, 88, 199};
        assertThat(Statistics.bootstrapMean(latencies, 42)).isEqualTo(Statistics.bootstrapMean(latencies, 42))
                .isNotEqualTo(Statistics.bootstrapMean(latencies, 43));
    }

    @Test
    void pairedBootstrapSeesAConsistentImprovementThatUnpairedNoiseWouldHide() {
        double[] before = {0.1, 0.9, 0.3, 0.8, 0.2, 0.7, 0.4, 0.6, 0.5, 0.95};
        double[] after = new double[before.length];
        for (int i = 0; i < before.length; i++) after[i] = before[i] + 0.05;
        Statistics.Estimate d = Statistics.pairedBootstrap(before, after, 7);
        assertThat(d.value()).isCloseTo(0.05, within(1e-12));
        assertThat(d.low()).isCloseTo(0.05, within(1e-12));
        assertThat(d.excludesZero()).isTrue();
        Statistics.Estimate same = Statistics.pairedBootstrap(before, before, 7);
        assertThat(same.excludesZero()).isFalse();
    }

    @Test
    void nearestRankPercentilesOnSmallArrays() {
        // The worked example of the nearest-rank method: 15, 20, 35, 40, 50
        double[] xs = {50, 15, 40, 20, 35};
        assertThat(Statistics.percentile(xs, 5)).isEqualTo(15);
        assertThat(Statistics.percentile(xs, 30)).isEqualTo(20);
        assertThat(Statistics.percentile(xs, 40)).isEqualTo(20);
        assertThat(Statistics.percentile(xs, 50)).isEqualTo(35);
        assertThat(Statistics.percentile(xs, 95)).isEqualTo(50);
        assertThat(Statistics.percentile(xs, 100)).isEqualTo(50);
        assertThat(Statistics.percentile(new double[] {7}, 95)).isEqualTo(7);
        assertThat(Statistics.percentile(new double[0], 50)).isNaN();
    }

    // Wilson score interval (Wilson 1927; Brown, Cai & DasGupta 2001, eq. 4), z = 1.959964, z^2 = 3.841459:
    // bounds = (p + z^2/(2n) -+ z * sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n). Worked by hand:
    // 8/8:  denominator 1 + 3.841459/8 = 1.480182; centre (1 + 0.240091) / 1.480182 = 0.837799;
    //       half 1.959964 * sqrt(3.841459/256) / 1.480182 = 1.959964 * 0.122498 / 1.480182 = 0.162204 -> [0.6756, 1].
    // 0/10: denominator 1.384146; centre 0.192073 / 1.384146 = 0.138766; half 1.959964 * 0.097998 / 1.384146
    //       = 0.138766 -> [0, 0.2775].
    // 0/1:  denominator 4.841459; centre 1.920729 / 4.841459 = 0.396725; half 1.959964 * 0.979982 / 4.841459
    //       = 0.396725 -> [0, 0.7935]; 1/1 is its mirror [0.2065, 1].
    // 8/10: centre (0.8 + 0.192073) / 1.384146 = 0.716746; half 1.959964 * sqrt(0.016 + 0.009604) / 1.384146
    //       = 0.226582 -> [0.4902, 0.9433] (the textbook value for 8 of 10).
    @Test
    void wilsonIntervalKeepsAWidthAtZeroAndAllAndMatchesTheFormulaByHand() {
        Statistics.Estimate all8 = Statistics.wilson(8, 8);
        assertThat(all8.value()).isEqualTo(1.0);
        assertThat(all8.low()).isCloseTo(0.6756, within(1e-4));
        assertThat(all8.high()).isEqualTo(1.0);
        Statistics.Estimate none10 = Statistics.wilson(0, 10);
        assertThat(none10.value()).isEqualTo(0.0);
        assertThat(none10.low()).isEqualTo(0.0);
        assertThat(none10.high()).isCloseTo(0.2775, within(1e-4));
        Statistics.Estimate none1 = Statistics.wilson(0, 1);
        assertThat(none1.high()).isCloseTo(0.7935, within(1e-4));
        Statistics.Estimate one1 = Statistics.wilson(1, 1);
        assertThat(one1.low()).isCloseTo(0.2065, within(1e-4));
        assertThat(one1.high()).isEqualTo(1.0);
        Statistics.Estimate eight10 = Statistics.wilson(8, 10);
        assertThat(eight10.low()).isCloseTo(0.4902, within(1e-4));
        assertThat(eight10.high()).isCloseTo(0.9433, within(1e-4));
        assertThat(Statistics.wilson(0, 0).value()).isNaN();
    }

    @Test
    void meanIntervalUsesWilsonForBinaryScoresAndTheBootstrapOtherwise() {
        double[] binary = {1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(Statistics.meanInterval(binary, Statistics.SEED)).isEqualTo(Statistics.wilson(8, 8));
        double[] graded = {1, 0.5, 0.25, 1};
        assertThat(Statistics.meanInterval(graded, Statistics.SEED))
                .isEqualTo(Statistics.bootstrapMean(graded, Statistics.SEED));
        assertThat(Statistics.binary(new double[0])).isFalse();
    }
}

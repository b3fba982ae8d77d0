package org.promptstudio.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The statistics behind scoreboards and comparisons, on plain arrays: Wilson score intervals for a share of binary
 * outcomes (a pass rate), percentile bootstrap confidence intervals for a mean of other scores and for a paired
 * difference of means, McNemar's test for paired pass/fail outcomes, and nearest-rank percentiles. Every resampling
 * takes a seed, so the same results print the same intervals.
 */
public final class Statistics {

    /** Resamples per bootstrap: enough for a stable 95% percentile interval. */
    public static final int RESAMPLES = 2000;
    /** The seed used when a caller has no reason to choose one. */
    public static final long SEED = 20261126L;
    /** Above this many discordant pairs McNemar uses the chi-square approximation; below, the exact binomial. */
    public static final int EXACT_LIMIT = 50;

    /** A point estimate with its 95% interval; NaN everywhere for an empty sample. */
    public record Estimate(double value, double low, double high) {

        /** Whether the interval leaves out zero (for a difference: a significant change at 0.05). */
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    /** McNemar's test on the discordant pairs: {@code b} passed before and failed after, {@code c} the reverse. */
    public record McNemar(int b, int c, double p, String method) {

        public boolean significant() {
            return p < 0.05;
        }
    }

    private Statistics() {
    }

    public static double mean(double[] xs) {
        if (xs.length == 0) return Double.NaN;
        double sum = 0;
        for (double x : xs) sum += x;
        return sum / xs.length;
    }

    /** The 0.975 quantile of the standard normal distribution: the z of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /**
     * The share {@code successes / n} with its 95% Wilson score interval (E. B. Wilson, "Probable inference, the law of
     * succession, and statistical inference", JASA 22, 1927; recommended over the Wald and bootstrap intervals by
     * Brown, Cai and DasGupta, "Interval Estimation for a Binomial Proportion", Statistical Science 16, 2001):
     * with p = successes / n and z = {@link #Z95}, the bounds are
     * {@code (p + z^2/(2n) -+ z * sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n)}. Unlike a bootstrap over 0/1 values it
     * keeps a width at 0% and 100% (8 of 8 gives [0.676, 1]). Takes counts with {@code 0 <= successes <= n}; NaN
     * everywhere when {@code n == 0}.
     *
     * @throws IllegalArgumentException when a count is negative or {@code successes > n}
     */
    public static Estimate wilson(int successes, int n) {
        if (successes < 0 || n < 0 || successes > n) {
            throw new IllegalArgumentException("a share needs 0 <= successes <= n, found " + successes + " of " + n);
        }
        if (n == 0) return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // At 0 and n the outer bound is exactly 0 or 1; rounding must not move it past the share.
        double low = successes == 0 ? 0.0 : Math.max(0.0, center - half);
        double high = successes == n ? 1.0 : Math.min(1.0, center + half);
        return new Estimate(p, low, high);
    }

    /** Whether every value is exactly 0 or 1 (and there is at least one): a sample of binary outcomes. */
    public static boolean binary(double[] xs) {
        if (xs.length == 0) return false;
        for (double x : xs) if (x != 0.0 && x != 1.0) return false;
        return true;
    }

    /**
     * The mean of {@code xs} with a 95% interval fit for its kind: the {@link #wilson Wilson score interval} when every
     * value is 0 or 1 (a share of binary outcomes, where a bootstrap collapses to zero width at 0% and 100%), else the
     * {@link #bootstrapMean percentile bootstrap} with {@code seed}. NaN everywhere for an empty sample.
     */
    public static Estimate meanInterval(double[] xs, long seed) {
        if (binary(xs)) {
            int ones = 0;
            for (double x : xs) if (x == 1.0) ones++;
            return wilson(ones, xs.length);
        }
        return bootstrapMean(xs, seed);
    }

    /** The mean of {@code xs} with a 95% percentile-bootstrap interval ({@link #RESAMPLES} resamples). */
    public static Estimate bootstrapMean(double[] xs, long seed) {
        return bootstrapMean(xs, RESAMPLES, seed);
    }

    public static Estimate bootstrapMean(double[] xs, int resamples, long seed) {
        int n = xs.length;
        if (n == 0) return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += xs[random.nextInt(n)];
            means[r] = sum / n;
        }
        return interval(mean(xs), means);
    }

    /**
     * The mean of {@code after[i] - before[i]} over paired observations (the same cases), with a 95% interval from
     * resampling the cases, so case difficulty cancels out.
     */
    public static Estimate pairedBootstrap(double[] before, double[] after, long seed) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("paired samples differ in size: " + before.length + " and " + after.length);
        }
        double[] diffs = new double[before.length];
        for (int i = 0; i < diffs.length; i++) diffs[i] = after[i] - before[i];
        return bootstrapMean(diffs, seed);
    }

    /** The 2.5th and 97.5th percentiles of the resampled statistics, around {@code value}. */
    private static Estimate interval(double value, double[] resampled) {
        Arrays.sort(resampled);
        int b = resampled.length;
        int lo = (int) Math.floor(0.025 * b);
        int hi = Math.max(lo, (int) Math.ceil(0.975 * b) - 1);
        return new Estimate(value, resampled[lo], resampled[hi]);
    }

    /** McNemar's test: exact while {@code b + c <= EXACT_LIMIT}, the continuity-corrected chi-square above. */
    public static McNemar mcnemar(int b, int c) {
        return b + c <= EXACT_LIMIT ? mcnemarExact(b, c) : mcnemarChiSquare(b, c);
    }

    /** Two-sided exact test: twice the binomial(b + c, 1/2) tail at min(b, c), at most 1. */
    public static McNemar mcnemarExact(int b, int c) {
        if (b < 0 || c < 0) throw new IllegalArgumentException("counts must not be negative");
        int n = b + c;
        if (n == 0) return new McNemar(b, c, 1.0, "exact");
        double tail = 0;
        for (int k = 0; k <= Math.min(b, c); k++) {
            tail += Math.exp(logChoose(n, k) - n * Math.log(2));
        }
        return new McNemar(b, c, Math.min(1.0, 2 * tail), "exact");
    }

    /** Chi-square with Edwards' continuity correction, (|b - c| - 1)^2 / (b + c), one degree of freedom. */
    public static McNemar mcnemarChiSquare(int b, int c) {
        int n = b + c;
        if (n == 0) return new McNemar(b, c, 1.0, "chi-square");
        double d = Math.max(0, Math.abs(b - c) - 1);
        double chi2 = d * d / n;
        // P(X > chi2) for chi-square with 1 df is P(|Z| > sqrt(chi2)) = erfc(sqrt(chi2 / 2)).
        return new McNemar(b, c, Math.min(1.0, erfc(Math.sqrt(chi2 / 2))), "chi-square");
    }

    /**
     * The {@code p}-th percentile (0 < p <= 100) by the nearest-rank method: the smallest value with at least p% of
     * the sample at or below it, {@code sorted[ceil(p / 100 * n) - 1]}. Always one of the observed values, so a p95
     * latency is a latency some call really had. NaN for an empty sample.
     */
    public static double percentile(double[] xs, double p) {
        if (p <= 0 || p > 100) throw new IllegalArgumentException("percentile must be in (0, 100], found " + p);
        if (xs.length == 0) return Double.NaN;
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
        return s;
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}

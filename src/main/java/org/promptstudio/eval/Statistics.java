package org.promptstudio.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The statistics behind scoreboards and comparisons, on plain arrays: Wilson score intervals for a share of binary
 * outcomes (a pass rate), percentile bootstrap confidence intervals for a mean of other scores and for a paired
 * difference of means, McNemar's test for paired pass/fail outcomes, nearest-rank percentiles, and for two independent samples
 * (A/B dashboards) Newcombe's interval for a difference of shares and Welch's for a difference of means. Every resampling
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

    /**
     * The difference {@code successesA / nA - successesB / nB} of two independent shares, with its interval at
     * {@code confidence} (0.95 for 95%) by Newcombe's hybrid score method (R. G. Newcombe, "Interval estimation for
     * the difference between independent proportions: comparison of eleven methods", Statistics in Medicine 17, 1998,
     * method 10): with Wilson intervals [l1, u1] and [l2, u2] of each share, the bounds are
     * {@code d - sqrt((p1 - l1)^2 + (u2 - p2)^2)} and {@code d + sqrt((u1 - p1)^2 + (p2 - l2)^2)}. It keeps a sensible
     * width at 0% and 100% and with small samples, where the Wald interval does not. NaN everywhere when a side has
     * no value.
     *
     * @throws IllegalArgumentException when a count is out of range or {@code confidence} is not within (0, 1)
     */
    public static Estimate newcombe(long successesA, long nA, long successesB, long nB, double confidence) {
        double z = normalQuantile(twoSided(confidence));
        if (nA == 0 || nB == 0) {
            checkShare(successesA, nA);
            checkShare(successesB, nB);
            return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        }
        double[] a = wilson(successesA, nA, z);
        double[] b = wilson(successesB, nB, z);
        double d = a[0] - b[0];
        double low = d - Math.sqrt(square(a[0] - a[1]) + square(b[2] - b[0]));
        double high = d + Math.sqrt(square(a[2] - a[0]) + square(b[0] - b[1]));
        return new Estimate(d, Math.max(-1, low), Math.min(1, high));
    }

    /**
     * The difference {@code meanA - meanB} of two independent means with its interval at {@code confidence}, by
     * Welch's t interval: standard error sqrt(varA/nA + varB/nB) and the Welch–Satterthwaite degrees of freedom
     * ({@link #welchDf}); variances are sample variances (divisor n - 1). With both variances 0 the interval is the
     * difference itself. NaN everywhere when a side has fewer than two values.
     *
     * @throws IllegalArgumentException when a variance is negative or {@code confidence} is not within (0, 1)
     */
    public static Estimate welch(double meanA, double varA, long nA, double meanB, double varB, long nB,
                                 double confidence) {
        double p = twoSided(confidence);
        if (varA < 0 || varB < 0) throw new IllegalArgumentException("a variance must not be negative");
        if (nA < 2 || nB < 2) return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        double d = meanA - meanB;
        double se2 = varA / nA + varB / nB;
        if (se2 == 0) return new Estimate(d, d, d);
        double half = tQuantile(p, welchDf(varA, nA, varB, nB)) * Math.sqrt(se2);
        return new Estimate(d, d - half, d + half);
    }

    /**
     * The Welch–Satterthwaite degrees of freedom of a difference of two means (B. L. Welch, Biometrika 34, 1947;
     * F. E. Satterthwaite, Biometrics Bulletin 2, 1946): {@code (va/na + vb/nb)^2 / ((va/na)^2/(na-1) +
     * (vb/nb)^2/(nb-1))}; NaN when both variances are 0 or a side has fewer than two values.
     */
    public static double welchDf(double varA, long nA, double varB, long nB) {
        if (nA < 2 || nB < 2) return Double.NaN;
        double a = varA / nA;
        double b = varB / nB;
        double denominator = a * a / (nA - 1) + b * b / (nB - 1);
        return denominator == 0 ? Double.NaN : (a + b) * (a + b) / denominator;
    }

    /**
     * The {@code p} quantile of the standard normal distribution (0 < p < 1), by P. J. Acklam's rational
     * approximation (relative error below 1.2e-9): 1.959964 for 0.975.
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("a quantile needs 0 < p < 1, found " + p);
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -normalQuantile(1 - p);
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /**
     * The {@code p} quantile of Student's t distribution with {@code df} degrees of freedom (df > 0, not necessarily
     * whole, as Welch's are): the t CDF from the regularised incomplete beta function, inverted by bisection to
     * 1e-12. 2.228 for p = 0.975 and df = 10; tends to the normal quantile as df grows.
     */
    public static double tQuantile(double p, double df) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("a quantile needs 0 < p < 1, found " + p);
        if (!(df > 0)) throw new IllegalArgumentException("degrees of freedom must be positive, found " + df);
        if (p < 0.5) return -tQuantile(1 - p, df);
        if (p == 0.5) return 0;
        double lo = 0;
        double hi = 1;
        while (tCdf(hi, df) < p) hi *= 2;
        for (int i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
            double mid = (lo + hi) / 2;
            if (tCdf(mid, df) < p) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /** P(T <= t) for Student's t with {@code df} degrees of freedom. */
    static double tCdf(double t, double df) {
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** I_x(a, b), the regularised incomplete beta function (continued fraction by the modified Lentz method). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        if (x > (a + 1) / (a + b + 2)) return 1 - front * betaFraction(1 - x, b, a) / b;
        return front * betaFraction(x, a, b) / a;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) break;
        }
        return h;
    }

    /** ln Gamma(x) for x > 0 (Lanczos approximation, g = 7, nine terms; about 15 significant digits). */
    static double logGamma(double x) {
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double sum = g[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) sum += g[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** The upper quantile of a two-sided interval at {@code confidence}: 0.975 for 0.95. */
    private static double twoSided(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be within (0, 1), found " + confidence);
        }
        return 1 - (1 - confidence) / 2;
    }

    /** {share, low, high}: the Wilson score interval at normal quantile {@code z}. */
    private static double[] wilson(long successes, long n, double z) {
        checkShare(successes, n);
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        double low = successes == 0 ? 0.0 : Math.max(0.0, center - half);
        double high = successes == n ? 1.0 : Math.min(1.0, center + half);
        return new double[] {p, low, high};
    }

    private static void checkShare(long successes, long n) {
        if (successes < 0 || n < 0 || successes > n) {
            throw new IllegalArgumentException("a share needs 0 <= successes <= n, found " + successes + " of " + n);
        }
    }

    private static double square(double x) {
        return x * x;
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

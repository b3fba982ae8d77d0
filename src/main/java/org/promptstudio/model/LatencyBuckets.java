package org.promptstudio.model;

import java.util.Arrays;

/**
 * A latency histogram in logarithmic buckets, as DDSketch keeps one (Masson, Rim and Lee, "DDSketch: a fast and
 * fully-mergeable quantile sketch with relative-error guarantees", VLDB 2019): bucket {@code i >= 1} holds the
 * latencies x (in ms) with {@code GAMMA^(i-2) < x <= GAMMA^(i-1)}, bucket 0 holds 0 ms. Two histograms add bucket by
 * bucket, so hours add up to days and days to a period exactly, and a percentile read from the sum has the same
 * bound as one read from the raw values: a relative error of at most {@link #RELATIVE_ERROR} (about 11% for
 * {@link #GAMMA} 1.25), plus half a millisecond of rounding. Latencies above the last bucket's bound
 * ({@link #MAX_MS}, about 17 minutes) fall in the last bucket, where the bound does not hold.
 *
 * <p>Immutable; {@link #SIZE} counts, stored as that many columns (docs/decisions/0147-latency-sketch.md).
 */
public final class LatencyBuckets {

    /** The ratio of one bucket's upper bound to the one before. */
    public static final double GAMMA = 1.25;
    /** How many buckets there are (0 ms, then {@code SIZE - 1} logarithmic ones). */
    public static final int SIZE = 64;
    /** The relative error bound of an estimate: (GAMMA - 1) / (GAMMA + 1), 1/9. */
    public static final double RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);
    /** The upper bound in ms of the last bucket: GAMMA^(SIZE - 2). */
    public static final double MAX_MS = Math.pow(GAMMA, SIZE - 2);
    private static final double LOG_GAMMA = Math.log(GAMMA);

    /** No latency. */
    public static final LatencyBuckets EMPTY = new LatencyBuckets(new long[SIZE]);

    private final long[] counts;

    private LatencyBuckets(long[] counts) {
        this.counts = counts;
    }

    /**
     * The histogram with these {@code counts} per bucket (copied).
     *
     * @throws IllegalArgumentException when there are not {@link #SIZE} counts or one is negative
     */
    public static LatencyBuckets of(long[] counts) {
        if (counts.length != SIZE) throw new IllegalArgumentException("need " + SIZE + " counts, not " + counts.length);
        for (long c : counts) {
            if (c < 0) throw new IllegalArgumentException("a bucket count is negative");
        }
        return new LatencyBuckets(counts.clone());
    }

    /** The histogram of these latencies in ms (negative values count as 0 ms). */
    public static LatencyBuckets ofMillis(long... millis) {
        long[] c = new long[SIZE];
        for (long ms : millis) c[index(ms)]++;
        return new LatencyBuckets(c);
    }

    /** The bucket a latency of {@code ms} milliseconds falls in: 0 for 0 ms (or less), up to {@code SIZE - 1}. */
    public static int index(long ms) {
        if (ms <= 0) return 0;
        // the smallest i with ms <= GAMMA^(i-1); a tiny margin keeps exact powers (1 ms) in their own bucket
        int i = 1 + (int) Math.ceil(Math.log(ms) / LOG_GAMMA - 1e-9);
        return Math.min(SIZE - 1, Math.max(1, i));
    }

    /**
     * The value that stands for bucket {@code i}, in ms: 0 for bucket 0, else 2 GAMMA^(i-1) / (GAMMA + 1), the point
     * whose relative distance to both bounds of the bucket is {@link #RELATIVE_ERROR}; rounded to a whole ms.
     */
    public static long estimate(int i) {
        if (i <= 0) return 0;
        return Math.round(2 * Math.pow(GAMMA, i - 1) / (GAMMA + 1));
    }

    /** The count of bucket {@code i}. */
    public long count(int i) {
        return counts[i];
    }

    /** The counts of every bucket (a copy). */
    public long[] counts() {
        return counts.clone();
    }

    /** How many latencies the histogram holds. */
    public long total() {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }

    /** This histogram and {@code other} together. */
    public LatencyBuckets plus(LatencyBuckets other) {
        long[] sum = counts.clone();
        for (int i = 0; i < SIZE; i++) sum[i] += other.counts[i];
        return new LatencyBuckets(sum);
    }

    /** This histogram with one more latency of {@code ms}. */
    public LatencyBuckets with(long ms) {
        long[] c = counts.clone();
        c[index(ms)]++;
        return new LatencyBuckets(c);
    }

    /**
     * The {@code q}-quantile in ms (0.5 for the median, 0.95 for p95), as DDSketch reads it: the bucket holding the
     * value of rank q (n - 1) in sorted order, given as {@link #estimate}; null for an empty histogram.
     *
     * @throws IllegalArgumentException for q outside [0, 1]
     */
    public Long quantile(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile must be from 0 to 1, not " + q);
        long n = total();
        if (n == 0) return null;
        double rank = q * (n - 1);
        long seen = 0;
        for (int i = 0; i < SIZE; i++) {
            seen += counts[i];
            if (seen > rank) return estimate(i);
        }
        return estimate(SIZE - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyBuckets other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LatencyBuckets[");
        for (int i = 0; i < SIZE; i++) {
            if (counts[i] != 0) b.append(b.length() > 15 ? ", " : "").append(i).append(':').append(counts[i]);
        }
        return b.append(']').toString();
    }
}

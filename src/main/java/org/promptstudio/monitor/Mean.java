package org.promptstudio.monitor;

/**
 * A mean kept as sums so that buckets add exactly: {@code n} values, their {@code sum} and the sum of their squares
 * ({@code sumOfSquares}), in the figure's own unit (characters, a rating, a sentiment score, turns).
 */
public record Mean(long n, double sum, double sumOfSquares) {

    /** No values. */
    public static final Mean NONE = new Mean(0, 0, 0);

    public Mean {
        if (n < 0) throw new IllegalArgumentException("n is negative");
    }

    /** The mean, or null when there is no value (never 0 for "nothing"). */
    public Double mean() {
        return n == 0 ? null : sum / n;
    }

    /**
     * The sample variance (divisor n - 1), or null under two values. From the sums:
     * (sumOfSquares - sum^2 / n) / (n - 1), clamped at 0 against rounding.
     */
    public Double variance() {
        if (n < 2) return null;
        return Math.max(0, (sumOfSquares - sum * sum / n) / (n - 1));
    }

    /** This mean and {@code other} together. */
    public Mean plus(Mean other) {
        return new Mean(n + other.n, sum + other.sum, sumOfSquares + other.sumOfSquares);
    }
}

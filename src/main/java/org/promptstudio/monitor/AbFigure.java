package org.promptstudio.monitor;

/**
 * One figure of an A/B view: its {@code name} ("thumbs up share", "latency p95"...), {@code unit} ("share", "ms",
 * "chars", "USD", "tokens"...), the value of each side ({@code a}, {@code b}; null when a side has no data), the
 * {@code difference} b - a, and its confidence interval [{@code low}, {@code high}] at 95% (null when none can be
 * given). {@code method} names how the interval was made ("Newcombe hybrid score", "Welch", or "none" with why, e.g.
 * "none: percentiles" or "none: under 30 per side"); {@code nA}, {@code nB} are how many values each side had.
 */
public record AbFigure(String name, String unit, Double a, Double b, Double difference, Double low, Double high,
        String method, long nA, long nB) {
}

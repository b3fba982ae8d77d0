package org.promptstudio.model;

import java.math.BigDecimal;

/**
 * What the recorded calls to one model add up to: counts, tokens, cost (null when no call had a price) and
 * latency (mean and 95th percentile, in milliseconds; 0 when no call had a latency). {@code tokensOut} counts every
 * generated token; {@code reasoningTokens} is how many of them were reasoning ("thinking"), priced as output.
 */
public record ModelUsage(String model, long calls, long errors, long tokensIn, long tokensOut, long reasoningTokens,
        BigDecimal cost,
        double meanLatencyMs, double p95LatencyMs) {
}

package org.promptstudio.model;

import java.math.BigDecimal;

/**
 * What the recorded calls to one model add up to: counts, tokens, cost (null when no call had a price) and
 * latency (mean and 95th percentile, in milliseconds; 0 when no call had a latency).
 */
public record ModelUsage(String model, long calls, long errors, long tokensIn, long tokensOut, BigDecimal cost,
        double meanLatencyMs, double p95LatencyMs) {
}

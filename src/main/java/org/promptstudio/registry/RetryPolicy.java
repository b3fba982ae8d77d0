package org.promptstudio.registry;

import java.time.Duration;

/**
 * How often a publish whose push the remote rejected (someone else pushed first) is fetched, re-applied on the new
 * tip and pushed again, and how long it waits before each retry: {@code backoff}, doubled each time, plus up to as
 * much again at random so that two publishers that collided do not collide again.
 */
public record RetryPolicy(int maxAttempts, Duration backoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(200));

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (backoff == null || backoff.isNegative()) throw new IllegalArgumentException("backoff must be >= 0");
    }

    /** The wait before attempt {@code next} (2 or more). */
    Duration delayBefore(int next, double random) {
        long base = backoff.toMillis() << Math.min(next - 2, 10);
        return Duration.ofMillis(base + (long) (random * base));
    }
}

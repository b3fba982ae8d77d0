package org.promptstudio.provider;

import java.time.Duration;

/**
 * When and how long to wait before trying a failed call again. Retried: rate limits (429, waiting what
 * {@code Retry-After} says), 408, 5xx, refused or broken connections, timeouts, broken streams. Never retried: other
 * 4xx, malformed answers, cancelled calls, and a {@code Retry-After} longer than {@code maxRetryAfter} (the call gives
 * up at once with that error). Without {@code Retry-After} the wait is "full jitter": random between 0 and
 * {@code min(maxDelay, baseDelay * 2^(retry - 1))}.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /** 4 attempts; backoff caps of 1 s, 2 s, 4 s (up to 30 s); Retry-After honoured up to 2 minutes. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2));

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxRetryAfter);
    }

    /** Whether a failure of this kind may be tried again at all. */
    public static boolean retryable(ProviderException e) {
        if (e instanceof CallCancelledException) return false;
        int status = e.status();
        if (status >= 400 && status < 500 && status != 429 && status != 408) return false;
        return e.retryable();
    }

    /**
     * Milliseconds to wait before attempt {@code failedAttempts + 1}, or -1 to give up. {@code random} is in [0, 1).
     */
    public long delayMillis(int failedAttempts, ProviderException e, double random) {
        if (failedAttempts >= maxAttempts || !retryable(e)) return -1;
        if (e.retryAfterMillis() >= 0) {
            return e.retryAfterMillis() <= maxRetryAfter.toMillis() ? e.retryAfterMillis() : -1;
        }
        double cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * Math.pow(2, failedAttempts - 1));
        return (long) Math.floor(random * cap);
    }
}

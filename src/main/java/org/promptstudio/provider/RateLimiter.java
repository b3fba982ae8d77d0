package org.promptstudio.provider;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code requestsPerMinute} spread evenly, with a small burst (a second's worth, at least one), so a
 * run never sends more than the provider allows and does not fire its whole minute at once.
 */
public final class RateLimiter {

    private int requestsPerMinute;
    private double perNano;
    private double burst;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public RateLimiter(int requestsPerMinute, int burst, LongSupplier nanoClock, Sleeper sleeper) {
        if (requestsPerMinute < 1) throw new IllegalArgumentException("requestsPerMinute must be at least 1");
        if (burst < 1) throw new IllegalArgumentException("burst must be at least 1");
        this.requestsPerMinute = requestsPerMinute;
        this.perNano = requestsPerMinute / 60e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    public static RateLimiter perMinute(int requestsPerMinute) {
        return new RateLimiter(requestsPerMinute, burstFor(requestsPerMinute), System::nanoTime, Sleeper.system());
    }

    /** The burst for a rate: a second's worth, at least one. */
    public static int burstFor(int requestsPerMinute) {
        return Math.max(1, (int) Math.ceil(requestsPerMinute / 60.0));
    }

    /** The rate now in force, in requests per minute. */
    public synchronized int requestsPerMinute() {
        return requestsPerMinute;
    }

    /**
     * Changes the rate in place (studio.yaml changed it): tokens already saved up are kept up to the new burst, so
     * a lower rate applies from the next call on and never adds to what was allowed before.
     *
     * @throws IllegalArgumentException when {@code requestsPerMinute} is below 1
     */
    public synchronized void setRate(int requestsPerMinute) {
        if (requestsPerMinute < 1) throw new IllegalArgumentException("requestsPerMinute must be at least 1");
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        this.requestsPerMinute = requestsPerMinute;
        this.perNano = requestsPerMinute / 60e9;
        this.burst = burstFor(requestsPerMinute);
        tokens = Math.min(tokens, burst);
    }

    /**
     * Takes a token, waiting as long as needed: there is no time limit on the wait (at the rate in force, one token
     * is due at most {@code 60 / requestsPerMinute} seconds after the last).
     *
     * @param cancellation the call's cancellation: the wait ends early when it is cancelled
     * @param modelId      the model, named in the exception
     * @throws CallCancelledException when {@code cancellation} is cancelled or the thread is interrupted before a
     *                                token was taken (the interrupt flag stays set)
     */
    public void acquire(Cancellation cancellation, String modelId) {
        while (true) {
            if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
                throw new CallCancelledException(modelId);
            }
            long waitNanos = tryAcquire();
            if (waitNanos == 0) return;
            sleeper.sleep(Math.max(1, (waitNanos + 999_999) / 1_000_000), cancellation);
        }
    }

    /** Takes a token and returns 0, or takes none and returns the nanoseconds until one is due. */
    public synchronized long tryAcquire() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}

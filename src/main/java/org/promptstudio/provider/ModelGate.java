package org.promptstudio.provider;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every call to one model passes before it is sent: a concurrency limit (calls in flight) and, when set, a
 * {@link RateLimiter}. One gate per model, shared by everything that calls it ({@link ModelGates}), also across a
 * change of studio.yaml: {@link #limit} changes the limits in place, so calls already in flight under the old limit
 * count against the new one and the total never exceeds the limit now in force.
 */
public final class ModelGate {

    private final String modelId;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition freed = lock.newCondition();
    private int maxConcurrency;
    private int inFlight;
    private int waiting;
    private volatile RateLimiter limiter;

    /**
     * @param maxConcurrency calls in flight at most (at least 1)
     * @param limiter        the requests-per-minute limit, or null for none
     * @throws IllegalArgumentException when {@code maxConcurrency} is below 1
     */
    public ModelGate(String modelId, int maxConcurrency, RateLimiter limiter) {
        if (maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be at least 1");
        this.modelId = modelId;
        this.maxConcurrency = maxConcurrency;
        this.limiter = limiter;
    }

    public static ModelGate unlimited(String modelId) {
        return new ModelGate(modelId, Integer.MAX_VALUE, null);
    }

    public int maxConcurrency() {
        lock.lock();
        try {
            return maxConcurrency;
        } finally {
            lock.unlock();
        }
    }

    /** The requests-per-minute limiter now in force; null when there is none. */
    public RateLimiter limiter() {
        return limiter;
    }

    /** Calls in flight now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Calls waiting for a slot now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the limits in place. A lower concurrency lets no new call in until the calls in flight are below it; a
     * higher one lets waiting calls in at once. A changed rate takes effect for the next call that asks for a token.
     *
     * @param maxConcurrency calls in flight at most (at least 1)
     * @param requestsPerMinute the new rate, or null for none
     * @param sleeper           how a new rate limiter waits (when there was none before)
     * @throws IllegalArgumentException when {@code maxConcurrency} is below 1
     */
    public void limit(int maxConcurrency, Integer requestsPerMinute, Sleeper sleeper) {
        if (maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be at least 1");
        lock.lock();
        try {
            this.maxConcurrency = maxConcurrency;
            RateLimiter now = limiter;
            if (requestsPerMinute == null) {
                limiter = null;
            } else if (now == null) {
                limiter = new RateLimiter(requestsPerMinute, RateLimiter.burstFor(requestsPerMinute), System::nanoTime,
                        sleeper);
            } else {
                now.setRate(requestsPerMinute);
            }
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a free slot, then for a rate token ({@link RateLimiter#acquire}); close the permit when the call is
     * over. There is no time limit on the wait: it lasts until a slot and a token are free, or until the call is
     * cancelled.
     *
     * @param cancellation the call's cancellation, looked at while waiting (at least every 50 ms)
     * @return the permit, to close when the call is over (it frees the slot)
     * @throws CallCancelledException when {@code cancellation} is cancelled or the thread is interrupted while
     *                                waiting (the interrupt flag is then set again); no slot is kept then
     */
    public Permit enter(Cancellation cancellation) {
        lock.lock();
        waiting++;
        try {
            while (inFlight >= maxConcurrency) {
                if (cancellation.isCancelled()) throw new CallCancelledException(modelId);
                freed.await(50, TimeUnit.MILLISECONDS); // wakes to see a cancel, which does not signal
            }
            inFlight++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallCancelledException(modelId);
        } finally {
            waiting--;
            lock.unlock();
        }
        Permit permit = new Permit();
        try {
            if (cancellation.isCancelled()) throw new CallCancelledException(modelId);
            RateLimiter rate = limiter;
            if (rate != null) rate.acquire(cancellation, modelId);
            return permit;
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    private void release() {
        lock.lock();
        try {
            inFlight--;
            freed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** A taken slot; closing it twice frees it once. */
    public final class Permit implements AutoCloseable {
        private boolean closed;

        private Permit() {
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            release();
        }
    }
}

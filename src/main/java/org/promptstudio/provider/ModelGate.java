package org.promptstudio.provider;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What every call to one model passes before it is sent: a concurrency limit (calls in flight) and, when set, a
 * {@link RateLimiter}. One gate per model, shared by everything that calls it ({@link ModelGates}); the experiment
 * runner may use it directly to bound its own work.
 */
public final class ModelGate {

    private final String modelId;
    private final int maxConcurrency;
    private final Semaphore slots;
    private final RateLimiter limiter;

    public ModelGate(String modelId, int maxConcurrency, RateLimiter limiter) {
        if (maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be at least 1");
        this.modelId = modelId;
        this.maxConcurrency = maxConcurrency;
        this.slots = new Semaphore(maxConcurrency, true);
        this.limiter = limiter;
    }

    public static ModelGate unlimited(String modelId) {
        return new ModelGate(modelId, Integer.MAX_VALUE, null);
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** Calls in flight now. */
    public int inFlight() {
        return maxConcurrency - slots.availablePermits();
    }

    /**
     * Waits for a free slot, then for a rate token; close the permit when the call is over. Throws
     * {@link CallCancelledException} if cancelled while waiting.
     */
    public Permit enter(Cancellation cancellation) {
        try {
            while (!slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) throw new CallCancelledException(modelId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallCancelledException(modelId);
        }
        Permit permit = new Permit();
        try {
            if (cancellation.isCancelled()) throw new CallCancelledException(modelId);
            if (limiter != null) limiter.acquire(cancellation, modelId);
            return permit;
        } catch (RuntimeException e) {
            permit.close();
            throw e;
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
            slots.release();
        }
    }
}

package org.promptstudio.ui.common;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Folds many update requests, from any thread, into at most one run of the update per frame on the JavaFX thread:
 * streamed tokens arrive far faster than the screen is drawn, and laying a grid out for each would stall it. A request
 * made while an update is already waiting for the next frame adds nothing; one made during or after the update asks
 * for the next frame. Windowless tests use {@link #held()}, which runs nothing until {@link #flush()} is called.
 */
public final class FrameCoalescer {

    private final Runnable update;
    private final boolean onFrames;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicLong runs = new AtomicLong();

    private FrameCoalescer(Runnable update, boolean onFrames) {
        this.update = update;
        this.onFrames = onFrames;
    }

    /** Runs {@code update} on the JavaFX thread at the next frame after a {@link #request()}, once per frame. */
    public static FrameCoalescer perFrame(Runnable update) {
        return new FrameCoalescer(update, true);
    }

    /** Holds requests until {@link #flush()} (view-model tests: no toolkit, no frames). */
    public static FrameCoalescer held(Runnable update) {
        return new FrameCoalescer(update, false);
    }

    /** Asks for the update at the next frame; safe from any thread. */
    public void request() {
        if (!onFrames || !waiting.compareAndSet(false, true)) return;
        Fx.afterFrames(0, this::flush);
    }

    /** Runs the update now (on the caller, which must be the thread that owns the UI). */
    public void flush() {
        waiting.set(false);
        runs.incrementAndGet();
        update.run();
    }

    /** How many times the update has run, for benchmarks and tests. */
    public long runs() {
        return runs.get();
    }
}

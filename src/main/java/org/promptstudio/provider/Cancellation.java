package org.promptstudio.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Cancels calls: new calls do not start, and calls in flight are aborted through the hooks they register. */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    public void cancel() {
        cancelled = true;
        hooks.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code abort} on cancel (at once if already cancelled); adapters use it to abort their HTTP call. */
    public void onCancel(Runnable abort) {
        hooks.add(abort);
        if (cancelled) abort.run();
    }

    public void removeHook(Runnable abort) {
        hooks.remove(abort);
    }
}

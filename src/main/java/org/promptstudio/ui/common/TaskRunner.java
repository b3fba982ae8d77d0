package org.promptstudio.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs slow work (disk, rendering, later git, the index, models) away from the JavaFX thread and hands the result
 * back on it. View models get one through their constructor; tests give them {@link #callingThread()}.
 */
public interface TaskRunner {

    /**
     * Runs {@code work} and then exactly one of {@code onSuccess} (with its result) or {@code onFailure} (with
     * what it threw), both on the thread that owns the UI.
     */
    <T> void run(Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs the work at once on the calling thread: for view-model tests, which need no window and no waiting. */
    static TaskRunner callingThread() {
        return new TaskRunner() {
            @Override
            public <T> void run(Callable<? extends T> work, Consumer<? super T> onSuccess,
                                Consumer<? super Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }
        };
    }
}

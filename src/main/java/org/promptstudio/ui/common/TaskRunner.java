package org.promptstudio.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs slow work (disk, rendering, git, the index, models) away from the JavaFX thread and hands the result back
 * on it; each piece of work gets a {@link TaskHandle} (progress, message, cancel, state), as JabRef's
 * {@code BackgroundTask} does. View models get one through their constructor; tests give them
 * {@link #callingThread()}.
 */
public interface TaskRunner {

    /** Work that reports its progress and checks for cancellation. */
    @FunctionalInterface
    interface Job<T> {
        T call(TaskHandle.Progress progress) throws Exception;
    }

    /**
     * Runs {@code job} and then exactly one of {@code onSuccess} (with its result) or {@code onFailure} (with what it
     * threw, or a {@link CancellationException} when it was cancelled), both on the thread that owns the UI. Work
     * with a non-empty {@code title} is listed in {@link #running()} until it ends, so the status bar shows it.
     *
     * @return the handle, already listed when titled
     */
    <T> TaskHandle run(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                       Consumer<? super Throwable> onFailure);

    /**
     * Long work (a grid filling, an experiment run, a playground turn: minutes of model calls) on a thread of its own,
     * so it never holds one of the few threads that short reads (a page of calls, a scoreboard, a rating) wait for.
     * Otherwise as {@link #run(String, Job, Consumer, Consumer)}: the same handle, cancel and handlers. This default
     * runs it as {@code run} does (right for runners with no pool, as the test runners); the window's runner
     * overrides it (decision 0099).
     */
    default <T> TaskHandle runLong(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                                   Consumer<? super Throwable> onFailure) {
        return run(title, job, onSuccess, onFailure);
    }

    /** Untitled work (loading a pane): as {@link #run(String, Job, Consumer, Consumer)}, not listed. */
    default <T> TaskHandle run(Callable<? extends T> work, Consumer<? super T> onSuccess,
                               Consumer<? super Throwable> onFailure) {
        return run("", progress -> work.call(), onSuccess, onFailure);
    }

    /** The titled work now running, oldest first; changes on the UI thread only. */
    ObservableList<TaskHandle> running();

    /** Runs the work at once on the calling thread: for view-model tests, which need no window and no waiting. */
    static TaskRunner callingThread() {
        return new TaskRunner() {
            private final ObservableList<TaskHandle> running = FXCollections.observableArrayList();
            private final ObservableList<TaskHandle> runningView = FXCollections.unmodifiableObservableList(running);

            @Override
            public <T> TaskHandle run(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                                      Consumer<? super Throwable> onFailure) {
                TaskHandle handle = new TaskHandle(title, () -> { });
                boolean listed = !handle.title().isEmpty();
                if (listed) running.add(handle);
                T result;
                try {
                    result = job.call(new TaskHandle.Progress() {
                        @Override
                        public void update(double done, double total) {
                            handle.setProgress(total <= 0 ? TaskHandle.INDETERMINATE : done / total);
                        }

                        @Override
                        public void message(String text) {
                            handle.setMessage(text);
                        }

                        @Override
                        public boolean isCancelled() {
                            return handle.cancelRequested();
                        }
                    });
                } catch (Exception e) {
                    if (listed) running.remove(handle);
                    boolean cancelled = handle.cancelRequested();
                    handle.setState(cancelled ? TaskHandle.State.CANCELLED : TaskHandle.State.FAILED);
                    onFailure.accept(cancelled ? cancelled(e) : e);
                    return handle;
                }
                if (listed) running.remove(handle);
                if (handle.cancelRequested()) {
                    handle.setState(TaskHandle.State.CANCELLED);
                    onFailure.accept(cancelled(null));
                } else {
                    handle.setProgress(1);
                    handle.setState(TaskHandle.State.SUCCEEDED);
                    onSuccess.accept(result);
                }
                return handle;
            }

            @Override
            public ObservableList<TaskHandle> running() {
                return runningView;
            }
        };
    }

    /** The exception a cancelled task's failure handler gets. */
    static CancellationException cancelled(Throwable cause) {
        CancellationException e = new CancellationException("cancelled");
        if (cause != null) e.initCause(cause);
        return e;
    }
}

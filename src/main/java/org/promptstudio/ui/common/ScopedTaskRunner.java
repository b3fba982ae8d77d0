package org.promptstudio.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The task runner of one shell (one workspace shown in the window): it hands work to the window's runner and keeps
 * track of it, so that when the window shows another workspace, {@link #close()} ends this shell's work for good.
 * After the close no job of it starts, none that is queued runs, no result or error of one reaches its handlers
 * (the old shell's view models and notifications), and {@link #running()} is empty, so the next shell's status bar
 * lists none of them. {@link #close()} says when the jobs that were already running have returned, so the old
 * workspace is closed only after nothing uses it any more.
 *
 * <p>Handlers run on the thread that owns the UI, as the wrapped runner delivers them; the job wrapper runs on the
 * worker thread and is thread safe.
 */
public final class ScopedTaskRunner implements TaskRunner {

    private final TaskRunner runner;
    private final ObservableList<TaskHandle> running = FXCollections.observableArrayList();
    private final ObservableList<TaskHandle> runningView = FXCollections.unmodifiableObservableList(running);
    /** Every handle not yet ended, to cancel on close; touched on the UI thread only. */
    private final List<TaskHandle> open = new ArrayList<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: closed, and how many jobs are inside their {@code call} now. */
    private boolean closed;
    private int inside;
    private final CompletableFuture<Void> idle = new CompletableFuture<>();

    /** Work of this scope runs on {@code runner}. */
    public ScopedTaskRunner(TaskRunner runner) {
        this.runner = java.util.Objects.requireNonNull(runner, "runner");
    }

    /**
     * As {@link TaskRunner#run(String, Job, Consumer, Consumer)}; once this scope is closed the job does not run and
     * neither handler is called. A job that is running when the scope closes finishes in the background, and its
     * result is dropped.
     */
    @Override
    public <T> TaskHandle run(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                              Consumer<? super Throwable> onFailure) {
        return submit(false, title, job, onSuccess, onFailure);
    }

    /** As {@link #run}, on the wrapped runner's threads for long work; a close cancels it all the same. */
    @Override
    public <T> TaskHandle runLong(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                                  Consumer<? super Throwable> onFailure) {
        return submit(true, title, job, onSuccess, onFailure);
    }

    private <T> TaskHandle submit(boolean longWork, String title, Job<? extends T> job,
                                  Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        TaskHandle[] self = new TaskHandle[1];
        Job<T> guarded = progress -> {
            synchronized (lock) {
                if (closed) throw TaskRunner.cancelled(null);
                inside++;
            }
            try {
                return job.call(progress);
            } finally {
                left();
            }
        };
        Consumer<T> success = result -> {
            if (ended(self[0])) onSuccess.accept(result);
        };
        Consumer<Throwable> failure = error -> {
            if (ended(self[0])) onFailure.accept(error);
        };
        TaskHandle handle = longWork ? runner.runLong(title, guarded, success, failure)
                : runner.run(title, guarded, success, failure);
        self[0] = handle;
        if (handle.isDone()) return handle; // a runner that ran it on the calling thread
        synchronized (lock) {
            if (closed) {
                handle.cancel();
                return handle;
            }
        }
        open.add(handle);
        if (!handle.title().isEmpty()) running.add(handle);
        return handle;
    }

    /** The titled work of this scope now running, oldest first; empty once closed. */
    @Override
    public ObservableList<TaskHandle> running() {
        return runningView;
    }

    /**
     * Closes the scope: cancels its work and drops whatever it still reports. Call on the UI thread.
     *
     * @return completes (on the worker thread of the last job, or at once) when no job of this scope is inside its
     * work any more, so what the jobs used can be closed then
     */
    public CompletableFuture<Void> close() {
        synchronized (lock) {
            if (closed) return idle;
            closed = true;
        }
        List<TaskHandle> toCancel = List.copyOf(open);
        open.clear();
        running.clear();
        toCancel.forEach(TaskHandle::cancel);
        synchronized (lock) {
            if (inside == 0) idle.complete(null);
        }
        return idle;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** A job left its work: the scope is idle when it was the last one after the close. */
    private void left() {
        boolean nowIdle;
        synchronized (lock) {
            inside--;
            nowIdle = closed && inside == 0;
        }
        if (nowIdle) idle.complete(null);
    }

    /** The job of {@code handle} ended: forget it; true when its handlers may still be told (the scope is open). */
    private boolean ended(TaskHandle handle) {
        if (handle != null) {
            open.remove(handle);
            running.remove(handle);
        }
        return !isClosed();
    }

}

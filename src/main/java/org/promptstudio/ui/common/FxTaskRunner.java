package org.promptstudio.ui.common;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The window's {@link TaskRunner}: each piece of work is a {@link Task} on a small pool of daemon threads; its
 * progress, message and result come back through the task's own properties and events, which JavaFX delivers on
 * its thread (coalesced, so a chatty job cannot flood the UI).
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {

    private final ThreadPoolExecutor pool;
    /** Long work, one thread each, made when needed and ended after 30 s idle (decision 0099). */
    private final ThreadPoolExecutor longPool;
    private final ObservableList<TaskHandle> running = FXCollections.observableArrayList();
    private final ObservableList<TaskHandle> runningView = FXCollections.unmodifiableObservableList(running);

    /** A runner on {@code threads} daemon threads (at least 1). */
    public FxTaskRunner(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads < 1");
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("studio-task-"));
        pool.allowCoreThreadTimeOut(true);
        longPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("studio-long-"));
    }

    /** Two to four threads: enough to keep loading and rendering apart, few enough to leave the UI a core. */
    public static FxTaskRunner forThisMachine() {
        return new FxTaskRunner(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    @Override
    public <T> TaskHandle run(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                              Consumer<? super Throwable> onFailure) {
        return submit(pool, title, job, onSuccess, onFailure);
    }

    /** As {@link #run}, on a thread of its own (named {@code studio-long-N}), never waiting for the shared pool. */
    @Override
    public <T> TaskHandle runLong(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                                  Consumer<? super Throwable> onFailure) {
        return submit(longPool, title, job, onSuccess, onFailure);
    }

    private <T> TaskHandle submit(ThreadPoolExecutor executor, String title, Job<? extends T> job,
                                  Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        JobTask<T> task = new JobTask<>(job);
        TaskHandle handle = new TaskHandle(title, () -> Fx.run(() -> task.cancel(true)));
        task.handle = handle;
        boolean listed = !handle.title().isEmpty();
        task.progressProperty().addListener((obs, old, value) -> handle.setProgress(value.doubleValue()));
        task.messageProperty().addListener((obs, old, value) -> handle.setMessage(value));
        task.setOnSucceeded(e -> {
            if (listed) running.remove(handle);
            handle.setProgress(1);
            handle.setState(TaskHandle.State.SUCCEEDED);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            if (listed) running.remove(handle);
            handle.setState(TaskHandle.State.FAILED);
            onFailure.accept(task.getException());
        });
        task.setOnCancelled(e -> {
            if (listed) running.remove(handle);
            handle.setState(TaskHandle.State.CANCELLED);
            onFailure.accept(TaskRunner.cancelled(null));
        });
        if (listed) Fx.run(() -> running.add(handle));
        executor.execute(task);
        return handle;
    }

    @Override
    public ObservableList<TaskHandle> running() {
        return runningView;
    }

    /** Stops taking work and interrupts what is running; the window is closing. */
    @Override
    public void close() {
        pool.shutdownNow();
        longPool.shutdownNow();
    }

    /** A task whose job reports through the task's own (FX-thread, coalesced) progress and message. */
    private static final class JobTask<T> extends Task<T> {
        private final Job<? extends T> job;
        TaskHandle handle;

        JobTask(Job<? extends T> job) {
            this.job = job;
        }

        @Override
        protected T call() throws Exception {
            return job.call(new TaskHandle.Progress() {
                @Override
                public void update(double done, double total) {
                    if (total <= 0) updateProgress(-1, 1);
                    else updateProgress(done, total);
                }

                @Override
                public void message(String text) {
                    updateMessage(text);
                }

                @Override
                public boolean isCancelled() {
                    return JobTask.this.isCancelled() || handle.cancelRequested();
                }
            });
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package org.promptstudio.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * The window's {@link TaskRunner}: each piece of work is a {@link Task} on a small pool of daemon threads, and
 * its result comes back through the task's own events, which JavaFX delivers on its thread.
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {

    private final ThreadPoolExecutor pool;

    public FxTaskRunner(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads < 1");
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Two to four threads: enough to keep loading and rendering apart, few enough to leave the UI a core. */
    public static FxTaskRunner forThisMachine() {
        return new FxTaskRunner(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    @Override
    public <T> void run(Callable<? extends T> work, Consumer<? super T> onSuccess,
                        Consumer<? super Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onFailure.accept(task.getException()));
        pool.execute(task);
    }

    /** Stops taking work and interrupts what is running; the window is closing. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "studio-task-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

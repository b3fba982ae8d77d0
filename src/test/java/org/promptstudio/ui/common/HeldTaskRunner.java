package org.promptstudio.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A runner for view-model tests that holds each job until the test says which finishes, in any order, on the
 * calling thread: titled jobs stay in {@link #running()} meanwhile, and a job cancelled before it runs ends cancelled
 * without running.
 */
public final class HeldTaskRunner implements TaskRunner {

    private final List<Runnable> pending = new ArrayList<>();
    private final List<Job<?>> jobs = new ArrayList<>();
    /** Each job's work, returning how to hand its outcome to the UI thread ({@link #work}, {@link #deliver}). */
    private final List<java.util.function.Supplier<Runnable>> works = new ArrayList<>();
    private final java.util.Map<Integer, Runnable> worked = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObservableList<TaskHandle> running = FXCollections.observableArrayList();

    @Override
    public <T> TaskHandle run(String title, Job<? extends T> job, Consumer<? super T> onSuccess,
                              Consumer<? super Throwable> onFailure) {
        TaskHandle[] self = new TaskHandle[1];
        TaskHandle handle = new TaskHandle(title, () -> {
            running.remove(self[0]);
            self[0].setState(TaskHandle.State.CANCELLED);
            onFailure.accept(TaskRunner.cancelled(null));
        });
        self[0] = handle;
        jobs.add(job);
        works.add(() -> {
            Runnable[] then = new Runnable[1];
            TaskRunner.callingThread().run("", job, result -> then[0] = () -> {
                running.remove(handle);
                if (handle.isDone()) return;
                handle.setState(TaskHandle.State.SUCCEEDED);
                onSuccess.accept(result);
            }, error -> then[0] = () -> {
                running.remove(handle);
                if (handle.isDone()) return;
                handle.setState(TaskHandle.State.FAILED);
                onFailure.accept(error);
            });
            return then[0];
        });
        if (!handle.title().isEmpty()) running.add(handle);
        pending.add(() -> {
            if (handle.isDone()) return;
            running.remove(handle);
            TaskRunner.callingThread().run(title, job, result -> {
                handle.setState(TaskHandle.State.SUCCEEDED);
                onSuccess.accept(result);
            }, error -> {
                handle.setState(TaskHandle.State.FAILED);
                onFailure.accept(error);
            });
        });
        return handle;
    }

    /** Lets job {@code index} (in the order they were handed in) run now. */
    public void complete(int index) {
        pending.get(index).run();
    }

    /**
     * Runs job {@code index}'s work now on the calling thread (a test's own worker thread, as the window's runner uses
     * a pool thread) and keeps its outcome: the handlers run only at {@link #deliver}, on the thread that calls it. A
     * test stands between the two as a user acts between the work's end and the window's hearing of it.
     */
    public void work(int index) {
        worked.put(index, works.get(index).get());
    }

    /** Hands job {@code index}'s outcome, kept by {@link #work}, to its handler now, on the calling thread. */
    public void deliver(int index) {
        Runnable then = worked.remove(index);
        if (then == null) throw new IllegalStateException("job " + index + " has not worked yet");
        then.run();
    }

    /**
     * Runs job {@code index}'s work now on the calling thread even when it was cancelled, and drops what it returns
     * or throws: the window's runner answers a cancel at once, while the work itself (a comparison whose calls end
     * later) may go on and report through its own channels after that.
     */
    public void runAfterCancel(int index) {
        try {
            jobs.get(index).call(new TaskHandle.Progress() {
                @Override
                public void update(double done, double total) {
                }

                @Override
                public void message(String text) {
                }

                @Override
                public boolean isCancelled() {
                    return true;
                }
            });
        } catch (Exception dropped) {
            // a cancelled job's result goes nowhere
        }
    }

    /** How many jobs were handed in so far. */
    public int handedIn() {
        return pending.size();
    }

    @Override
    public ObservableList<TaskHandle> running() {
        return running;
    }
}

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

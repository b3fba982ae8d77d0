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

    /** How many jobs were handed in so far. */
    public int handedIn() {
        return pending.size();
    }

    @Override
    public ObservableList<TaskHandle> running() {
        return running;
    }
}

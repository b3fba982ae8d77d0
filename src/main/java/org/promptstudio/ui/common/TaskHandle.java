package org.promptstudio.ui.common;

import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One piece of work handed to a {@link TaskRunner}, as the window sees it (JabRef's {@code BackgroundTask}): a title,
 * its progress (0..1, or {@link #INDETERMINATE}), its latest message, its state, and a way to cancel it. The
 * properties change on the thread that owns the UI only.
 */
public final class TaskHandle {

    /** Progress of work that cannot say how far it is. */
    public static final double INDETERMINATE = -1;

    /** Where the work is. */
    public enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** What the work gets to report on itself; safe to call from the thread that does the work. */
    public interface Progress {

        /** {@code done} of {@code total} units (calls, files, bytes); a total of 0 or less is indeterminate. */
        void update(double done, double total);

        /** A short line on what it is doing now ("Listing datasets/"). */
        void message(String text);

        /** True once {@link TaskHandle#cancel()} was called: long work checks this between its steps. */
        boolean isCancelled();
    }

    private final String title;
    private final Runnable canceller;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(INDETERMINATE);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.RUNNING);

    /**
     * @param title     what the status bar calls it; empty for work the user does not need to see
     * @param canceller asked once when the user cancels (interrupts the worker, for instance)
     */
    TaskHandle(String title, Runnable canceller) {
        this.title = title == null ? "" : title;
        this.canceller = canceller;
    }

    /**
     * Asks the work to stop. Its success handler is then never called; its failure handler gets a
     * {@link java.util.concurrent.CancellationException}. Does nothing once the work has ended.
     */
    public void cancel() {
        if (state.get() != State.RUNNING) return;
        if (cancelRequested.compareAndSet(false, true)) canceller.run();
    }

    boolean cancelRequested() {
        return cancelRequested.get();
    }

    public String title() {
        return title;
    }

    /** 0..1, or {@link #INDETERMINATE} while the work has not said how far it is. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** True once it succeeded, failed or was cancelled. */
    public boolean isDone() {
        return state.get() != State.RUNNING;
    }

    void setProgress(double value) {
        progress.set(value < 0 || Double.isNaN(value) ? INDETERMINATE : Math.min(1, value));
    }

    void setMessage(String text) {
        message.set(text == null ? "" : text);
    }

    void setState(State value) {
        state.set(value);
    }

    @Override
    public String toString() {
        return title + " (" + state.get() + ")";
    }
}

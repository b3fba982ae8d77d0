package org.promptstudio.ui.common;

import java.time.Duration;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import org.reactfx.EventSource;
import org.reactfx.EventStreams;
import org.reactfx.Subscription;

/**
 * Acts once a burst of events has ended: only the last value of a succession is passed on, {@code quiet} after it
 * (ReactFX's {@code successionEnds}, as RichTextFX's async highlighting demo uses it). Events may be pushed from any
 * thread; the action runs on the JavaFX thread.
 */
public final class Debouncer<T> implements AutoCloseable {

    private final EventSource<T> source = new EventSource<>();
    private final Subscription subscription;

    /** Runs {@code action} with the last pushed value once no value came for {@code quiet}. */
    public Debouncer(Duration quiet, Consumer<? super T> action) {
        subscription = source.successionEnds(quiet).subscribe(action::accept);
    }

    /** Adds an event to the current succession (from any thread). */
    public void push(T value) {
        Fx.run(() -> source.push(value));
    }

    /** Stops: events pushed after this are dropped and a pending action never runs. */
    @Override
    public void close() {
        Fx.run(subscription::unsubscribe);
    }

    /**
     * Calls {@code action} with {@code value}'s latest value once it stopped changing for {@code quiet}; on the JavaFX
     * thread. The returned subscription stops it (a view calls it when it is hidden).
     */
    public static <V> Subscription values(ObservableValue<V> value, Duration quiet, Consumer<? super V> action) {
        return EventStreams.changesOf(value).map(change -> change.getNewValue())
                .successionEnds(quiet).subscribe(action::accept);
    }
}

package org.promptstudio.ui.common;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The listeners an {@link Activatable} added while shown, removed together when it is hidden, so none is forgotten.
 */
public final class Listeners {

    private final List<Runnable> removers = new ArrayList<>();

    /** Adds {@code listener} to {@code value} until {@link #removeAll()}. */
    public <T> void onChange(ObservableValue<T> value, ChangeListener<? super T> listener) {
        value.addListener(listener);
        removers.add(() -> value.removeListener(listener));
    }

    /** Adds {@code listener} to {@code list} until {@link #removeAll()}. */
    public <E> void onChange(ObservableList<E> list, ListChangeListener<? super E> listener) {
        list.addListener(listener);
        removers.add(() -> list.removeListener(listener));
    }

    /** How many listeners are added now. */
    public int size() {
        return removers.size();
    }

    /** Removes every listener added since the last call. */
    public void removeAll() {
        removers.forEach(Runnable::run);
        removers.clear();
    }
}

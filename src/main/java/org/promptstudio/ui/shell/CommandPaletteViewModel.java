package org.promptstudio.ui.shell;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The command palette (Ctrl+Shift+P): every action of the menu bar with its shortcut, filtered as the user types
 * (each word of the query must appear in the title or the menu's name, in any order), run with Enter.
 */
public final class CommandPaletteViewModel {

    private final List<ShellAction> all;
    private final ObservableList<ShellAction> shown = FXCollections.observableArrayList();
    private final ObservableList<ShellAction> shownView = FXCollections.unmodifiableObservableList(shown);
    private final ReadOnlyStringWrapper query = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(false);

    /** @param actions every action, in menu order (the order the palette lists them in) */
    public CommandPaletteViewModel(List<ShellAction> actions) {
        this.all = List.copyOf(actions);
        shown.setAll(all);
    }

    /** Opens the palette with an empty query: every action listed. */
    public void onOpen() {
        onQuery("");
        open.set(true);
    }

    public void onClose() {
        open.set(false);
    }

    /** Filters the list by {@code text}. */
    public void onQuery(String text) {
        query.set(text == null ? "" : text);
        String[] words = query.get().toLowerCase(Locale.ROOT).strip().split("\\s+");
        shown.setAll(all.stream().filter(a -> {
            String hay = (a.title() + " " + a.menu() + " " + a.id()).toLowerCase(Locale.ROOT);
            for (String w : words) if (!w.isEmpty() && !hay.contains(w)) return false;
            return true;
        }).toList());
    }

    /** Closes the palette and runs {@code action}; null (nothing matches) does nothing. */
    public void onRun(ShellAction action) {
        if (action == null) return;
        open.set(false);
        action.run().run();
    }

    /** The actions matching the query, in menu order. */
    public ObservableList<ShellAction> shown() {
        return shownView;
    }

    public ReadOnlyStringProperty queryProperty() {
        return query.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }
}

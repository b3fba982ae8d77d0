package org.promptstudio.ui.shell;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One open tab as the shell's view model keeps it: the document, whether its file is gone, and changes on disk. */
public final class OpenTab {

    private final OpenDocument document;
    private final ReadOnlyBooleanWrapper deleted = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyLongWrapper changes = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();

    OpenTab(OpenDocument document) {
        this.document = document;
        title.set(document.name());
    }

    public OpenDocument document() {
        return document;
    }

    /** True while the file is missing on disk (deleted or moved by something else than this window). */
    public ReadOnlyBooleanProperty deletedProperty() {
        return deleted.getReadOnlyProperty();
    }

    /** Counts the times the file changed on disk while open; the tab's content reloads on each. */
    public ReadOnlyLongProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    /** The file's name, with "(deleted)" while it is missing. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    void markDeleted(boolean gone) {
        deleted.set(gone);
        title.set(document.name() + (gone ? " (deleted)" : ""));
    }

    void markChanged() {
        changes.set(changes.get() + 1);
    }

    @Override
    public String toString() {
        return document.path();
    }
}

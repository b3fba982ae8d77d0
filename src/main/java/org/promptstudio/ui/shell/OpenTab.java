package org.promptstudio.ui.shell;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One open tab as the shell's view model keeps it: a workspace file (the document, whether its file is gone, and
 * changes on disk) or a view that is no file ({@link ViewKey}).
 */
public final class OpenTab {

    private final OpenDocument document;
    private final ViewKey view;
    private final ReadOnlyBooleanWrapper deleted = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyLongWrapper changes = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();

    OpenTab(OpenDocument document) {
        this.document = document;
        this.view = null;
        title.set(document.name());
    }

    OpenTab(ViewKey view) {
        this.document = null;
        this.view = view;
        title.set(view.title());
    }

    /** The file this tab shows; null for a view ({@link #view()}). */
    public OpenDocument document() {
        return document;
    }

    /** The view this tab shows; null for a file. */
    public ViewKey view() {
        return view;
    }

    public boolean isFile() {
        return document != null;
    }

    /** One tab per key: the file's path from the workspace root, or the view's {@link ViewKey#id()}. */
    public String key() {
        return document != null ? document.path() : view.id();
    }

    /** True while the file is missing on disk (deleted or moved by something else than this window). */
    public ReadOnlyBooleanProperty deletedProperty() {
        return deleted.getReadOnlyProperty();
    }

    /** Counts the times the file changed on disk while open; the tab's content is told each time. */
    public ReadOnlyLongProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    /** The file's name, with "(deleted)" while it is missing; a view's title. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    void markDeleted(boolean gone) {
        if (document == null) return;
        deleted.set(gone);
        title.set(document.name() + (gone ? " (deleted)" : ""));
    }

    void markChanged() {
        changes.set(changes.get() + 1);
    }

    @Override
    public String toString() {
        return key();
    }
}

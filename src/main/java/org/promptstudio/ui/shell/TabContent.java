package org.promptstudio.ui.shell;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import org.promptstudio.ui.common.Activatable;

/**
 * The inside of one tab, made by a {@link TabFactory} (files) or {@link ViewTabs} (views). The shell activates it
 * while its tab is the selected one and the window shows, tells it when its file changed on disk, asks it before
 * closing, and closes it with its tab.
 */
public interface TabContent extends Activatable {

    /** The content's root node (one node per content; the shell puts it in the tab). */
    Node node();

    /**
     * The file changed on disk (another editor, git): show what it says now, or, with unsaved changes, keep them and
     * say so.
     */
    default void reload() {
    }

    /** The tab is closed for good. */
    default void close() {
    }

    /** The tab's title as it changes (an editor's name with its unsaved mark); null: the shell's own title. */
    default ObservableValue<String> title() {
        return null;
    }

    /** Whether closing now would lose something the user typed. */
    default boolean hasUnsavedChanges() {
        return false;
    }

    /**
     * Asks the user before closing when something is unsaved (save, discard, cancel); returns whether the tab may
     * close now. Called on the UI thread; true at once when nothing is unsaved.
     */
    default boolean confirmClose() {
        return askToClose().map(discard -> {
            discard.run();
            return true;
        }).orElse(false);
    }

    /**
     * Asks as {@link #confirmClose()} does, but applies nothing yet: empty when the tab must stay open (the user
     * cancelled, or chose to save first); else what to do once the close really happens (discard the typed text and
     * its recovery copy; nothing when nothing is unsaved). The shell asks every tab first and applies the answers
     * only when all of them let it close (quitting, opening another workspace), so a later Cancel loses nothing.
     */
    default java.util.Optional<Runnable> askToClose() {
        return java.util.Optional.of(() -> { });
    }

    /**
     * Whether background work of this content (reading, a preview) has not finished yet; a screenshot waits until it
     * has.
     */
    default boolean busy() {
        return false;
    }

    /**
     * What the content could not show, in one line (a diff of a version that does not exist), once its work is done;
     * empty when it shows what was asked. {@code studio screenshot} refuses a picture of a failed view.
     */
    default java.util.Optional<String> problem() {
        return java.util.Optional.empty();
    }

    @Override
    default void onActivate() {
    }

    @Override
    default void onDeactivate() {
    }

    /**
     * A content of {@code node} whose view model listens while shown ({@code lifecycle}; may be null): what a view
     * built as {@code new XView(new XViewModel(...))} needs to sit in a tab.
     */
    static TabContent of(Node node, Activatable lifecycle) {
        return new TabContent() {
            @Override
            public Node node() {
                return node;
            }

            @Override
            public void onActivate() {
                if (lifecycle != null) lifecycle.onActivate();
            }

            @Override
            public void onDeactivate() {
                if (lifecycle != null) lifecycle.onDeactivate();
            }
        };
    }
}

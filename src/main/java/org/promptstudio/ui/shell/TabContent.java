package org.promptstudio.ui.shell;

import javafx.scene.Node;
import org.promptstudio.ui.common.Activatable;

/**
 * The inside of one tab, made by a {@link TabFactory}. The shell activates it while its tab is the selected one and
 * the window shows, tells it when its file changed on disk, and closes it with its tab.
 */
public interface TabContent extends Activatable {

    /** The content's root node (one node per content; the shell puts it in the tab). */
    Node node();

    /** The file changed on disk (another editor, git): show what it says now. */
    void reload();

    /** The tab is closed for good. */
    default void close() {
    }

    @Override
    default void onActivate() {
    }

    @Override
    default void onDeactivate() {
    }
}

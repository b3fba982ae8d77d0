package org.promptstudio.ui.shell;

/**
 * What a view in a tab may ask of the shell: open a workspace file in its tab (the editor for a prompt), or open
 * another view. The history view asks for a file with a merge conflict this way; a view model can take the two
 * methods as plain functions ({@code nav::onOpenPath}), so it needs no shell class.
 */
public interface ShellNavigation {

    /** Opens {@code path} (from the workspace root: {@code prompts/answer.prompt}) in its tab. */
    void onOpenPath(String path);

    /** Opens the view {@code key} in its tab (or brings it forward). */
    void onOpenView(ViewKey key);

    /** The window's look, as the shell keeps it (the settings view shows and changes it). */
    javafx.beans.property.ReadOnlyObjectProperty<org.promptstudio.ui.common.Theme> themeProperty();

    /** Changes the window's look; the shell applies and remembers it. */
    void onTheme(org.promptstudio.ui.common.Theme theme);

    /**
     * The workspace's folder as the window names it: the user's own folder when the window shows a temporary copy
     * of it ({@code studio screenshot}), so views name files under it, not under the copy.
     */
    javafx.beans.property.ReadOnlyStringProperty workspacePathProperty();
}

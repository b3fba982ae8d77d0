package org.promptstudio.ui.shell;

/**
 * Something the user can do from the menu bar, the command palette and a shortcut: one list feeds all three, so the
 * palette lists every action with the same shortcut the menu shows.
 *
 * @param id       stable name, also the menu item's id ({@code newPrompt})
 * @param menu     the menu it sits in (File, Edit, View, Go)
 * @param title    what the menu and the palette say ("New prompt…")
 * @param shortcut a JavaFX key combination ({@code Shortcut+Shift+P}), or empty
 * @param run      what it does; called on the UI thread
 */
public record ShellAction(String id, String menu, String title, String shortcut, Runnable run) {

    public ShellAction {
        shortcut = shortcut == null ? "" : shortcut;
    }

    /** The shortcut as this machine's keyboard says it: {@code Shortcut} is Cmd on a Mac, Ctrl elsewhere. */
    public String shortcutText() {
        boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
        return shortcut.replace("Shortcut", mac ? "Cmd" : "Ctrl");
    }
}

package org.promptstudio.ui.common;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Every icon the window shows, so the set can change in one place. */
public enum AppIcon {
    WORKSPACE(Feather.HARD_DRIVE),
    PROMPTS(Feather.MESSAGE_SQUARE),
    PROMPT(Feather.FILE_TEXT),
    VARIANT(Feather.GIT_BRANCH),
    PARTIAL(Feather.LAYERS),
    DATASETS(Feather.DATABASE),
    EXPERIMENTS(Feather.ACTIVITY),
    DOCS(Feather.BOOK_OPEN),
    FOLDER(Feather.FOLDER),
    FILE(Feather.FILE),
    ERROR(Feather.ALERT_TRIANGLE),
    INFO(Feather.INFO),
    BRANCH(Feather.GIT_BRANCH),
    MODELS(Feather.CPU),
    TASKS(Feather.LOADER),
    CANCEL(Feather.X_CIRCLE),
    SEARCH(Feather.SEARCH),
    NEW(Feather.PLUS),
    DELETED(Feather.TRASH_2),
    THEME(Feather.MOON),
    LINK(Feather.LINK),
    PENDING(Feather.MORE_HORIZONTAL),
    ROLE_SYSTEM(Feather.SETTINGS),
    ROLE_USER(Feather.USER),
    ROLE_MODEL(Feather.CPU),
    ROLE_OTHER(Feather.TOOL);

    private final Ikon ikon;

    AppIcon(Ikon ikon) {
        this.ikon = ikon;
    }

    /** A new icon node (a node has one parent, so each place gets its own). */
    public FontIcon icon() {
        return new FontIcon(ikon);
    }

    /** The icon for a message role: system, user, model, anything else. */
    public static AppIcon forRole(String role) {
        return switch (role) {
            case "system" -> ROLE_SYSTEM;
            case "user" -> ROLE_USER;
            case "model" -> ROLE_MODEL;
            default -> ROLE_OTHER;
        };
    }
}

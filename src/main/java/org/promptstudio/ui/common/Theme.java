package org.promptstudio.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The window's two looks, AtlantaFX's Primer light and dark. */
public enum Theme {
    LIGHT, DARK;

    /**
     * Makes this the look of every window of the application (AtlantaFX as the user-agent stylesheet), in its binary
     * form: JavaFX reads a {@code .bss} without parsing 170 kB of CSS, which the window's start waits for.
     */
    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheetBSS()
                : new PrimerLight().getUserAgentStylesheetBSS());
    }

    /** The theme named {@code name} ({@code light}, {@code dark}, any case); LIGHT for anything else. */
    public static Theme named(String name) {
        return "dark".equalsIgnoreCase(name == null ? "" : name.strip()) ? DARK : LIGHT;
    }
}

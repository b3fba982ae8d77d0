package org.promptstudio.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The window's two looks, AtlantaFX's Primer light and dark. */
public enum Theme {
    LIGHT, DARK;

    /** Makes this the look of every window of the application (AtlantaFX as the user-agent stylesheet). */
    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** The theme named {@code name} ({@code light}, {@code dark}, any case); LIGHT for anything else. */
    public static Theme named(String name) {
        return "dark".equalsIgnoreCase(name == null ? "" : name.strip()) ? DARK : LIGHT;
    }
}

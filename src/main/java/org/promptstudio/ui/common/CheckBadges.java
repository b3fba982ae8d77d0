package org.promptstudio.ui.common;

import java.util.Objects;
import javafx.css.PseudoClass;
import javafx.scene.Parent;
import javafx.scene.control.Label;

/**
 * The look of a check's badge ("✓ contains", "✗ json-schema"), one stylesheet for the grid and the playground
 * ({@code check-badges.css}): style class {@code check-badge}, pseudo-class {@code :pass} or {@code :fail}.
 */
public final class CheckBadges {

    private static final String CSS = Objects.requireNonNull(CheckBadges.class.getResource("check-badges.css"))
            .toExternalForm();
    private static final PseudoClass PASS = PseudoClass.getPseudoClass("pass");
    private static final PseudoClass FAIL = PseudoClass.getPseudoClass("fail");

    private CheckBadges() {
    }

    /** Adds the badges' stylesheet to {@code root} (once), for the badges below it. */
    public static void styleBelow(Parent root) {
        if (!root.getStylesheets().contains(CSS)) root.getStylesheets().add(CSS);
    }

    /** Makes {@code label} a badge (once) and shows it as passed or failed. */
    public static void show(Label label, boolean pass) {
        if (!label.getStyleClass().contains("check-badge")) label.getStyleClass().add("check-badge");
        label.pseudoClassStateChanged(PASS, pass);
        label.pseudoClassStateChanged(FAIL, !pass);
    }
}

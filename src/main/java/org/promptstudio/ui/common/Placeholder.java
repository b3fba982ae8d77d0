package org.promptstudio.ui.common;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.StackPane;

/**
 * A text area's placeholder on several lines. JavaFX drops the line breaks of a text input's prompt text (its
 * {@code promptText} property strips {@code \n}), so a placeholder that shows the lines the user must type
 * ({@code question: ...}, {@code ---}, {@code question: ...}) is drawn as a label over the empty area instead.
 */
public final class Placeholder {

    private Placeholder() {
    }

    /**
     * {@code area} with {@code lines} shown over it, line by line, while it is empty; clicks go through to the area.
     *
     * @param area  the text area (its own prompt text is cleared)
     * @param lines the placeholder, lines split by {@code \n}
     * @return the stack holding both; put it where the area would go
     */
    public static StackPane over(TextArea area, String lines) {
        area.setPromptText("");
        Label hint = new Label(lines);
        hint.setId(area.getId() == null ? null : area.getId() + "Placeholder");
        hint.getStyleClass().add("text-muted");
        hint.setMouseTransparent(true);
        hint.setPadding(new Insets(6, 8, 6, 8)); // where the area's text starts
        hint.visibleProperty().bind(area.textProperty().isEmpty());
        StackPane stack = new StackPane(area, hint);
        StackPane.setAlignment(hint, Pos.TOP_LEFT);
        stack.visibleProperty().bind(area.visibleProperty());
        stack.managedProperty().bind(area.managedProperty());
        return stack;
    }
}

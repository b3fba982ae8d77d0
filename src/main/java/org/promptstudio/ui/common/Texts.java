package org.promptstudio.ui.common;

import java.util.Objects;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/**
 * Text the views share the look of, so that a small window still lets the user read and reach everything:
 * <ul>
 *   <li>{@link #hint}: a field's placeholder reads as a hint, never as a value ({@code USD per 1M input tokens},
 *   not {@code 0.15}), in the muted italic of {@code .hinted:empty}; a typed or loaded value is upright in the
 *   normal text colour, so an empty field and a set one look different;</li>
 *   <li>{@link #emptyState}: what a pane with nothing in it tells the user to do;</li>
 *   <li>{@link #fullText}: a label that may be cut shows an ellipsis where it is cut and the whole text as its
 *   tooltip;</li>
 *   <li>{@link #wrappingBar}: a row of buttons and fields that goes on to a second line when the window is narrow,
 *   instead of cutting its buttons to "…".</li>
 * </ul>
 */
public final class Texts {

    /** Style class of a field with a hint as placeholder; {@code :empty} while it holds no text. */
    public static final String HINTED = "hinted";
    /** Style class of an empty-state line. */
    public static final String EMPTY_STATE = "empty-state";

    private static final PseudoClass EMPTY = PseudoClass.getPseudoClass("empty");
    private static final String CSS = Objects.requireNonNull(Texts.class.getResource("texts.css")).toExternalForm();

    private Texts() {
    }

    /**
     * Gives {@code field} the placeholder {@code hint}: words that say what goes in (the unit, where a default comes
     * from), shown muted and italic while the field is empty.
     *
     * @return the field
     */
    public static <T extends TextInputControl> T hint(T field, String hint) {
        field.setPromptText(hint);
        if (!field.getStyleClass().contains(HINTED)) field.getStyleClass().add(HINTED);
        if (!field.getStylesheets().contains(CSS)) field.getStylesheets().add(CSS);
        field.pseudoClassStateChanged(EMPTY, isEmpty(field.getText()));
        field.textProperty().addListener((obs, old, text) -> field.pseudoClassStateChanged(EMPTY, isEmpty(text)));
        Tooltip tip = new Tooltip(hint);
        field.setTooltip(tip);
        return field;
    }

    /**
     * A muted line, wrapped and centred, telling the user what to do in a pane that shows nothing yet (a list's
     * placeholder, a diff before two versions are chosen).
     *
     * @param id   the label's id, for tests
     * @param text what to do, e.g. "Select two versions, or a version and the working copy, to compare"
     */
    public static Label emptyState(String id, ObservableValue<String> text) {
        Label l = emptyState(id, "");
        l.textProperty().bind(text);
        return l;
    }

    /** As {@link #emptyState(String, ObservableValue)} with a fixed text. */
    public static Label emptyState(String id, String text) {
        Label l = new Label(text);
        if (id != null) l.setId(id);
        l.setWrapText(true);
        l.setAlignment(Pos.CENTER);
        l.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        l.setMaxWidth(480);
        l.getStyleClass().add(EMPTY_STATE);
        l.getStylesheets().add(CSS);
        return l;
    }

    /**
     * Lets {@code labeled} be cut with an ellipsis at {@code overrun} (the middle for paths, so the file name stays)
     * and shows its whole text as a tooltip, kept up to date with the text.
     *
     * @return the labeled
     */
    public static <T extends Labeled> T fullText(T labeled, OverrunStyle overrun) {
        labeled.setTextOverrun(overrun);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(labeled.textProperty());
        labeled.tooltipProperty().bind(labeled.textProperty().map(t -> t == null || t.isBlank() ? null : tip));
        return labeled;
    }

    /**
     * A row of {@code nodes} that wraps on to more lines when it has not the width, each keeping its own preferred
     * width (buttons are never cut to "…").
     */
    public static FlowPane wrappingBar(double gap, Node... nodes) {
        FlowPane bar = new FlowPane(gap, 6, nodes);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setRowValignment(javafx.geometry.VPos.CENTER);
        for (Node n : nodes) {
            if (n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        }
        // A FlowPane asks for the width of one line: let its parent give it less, so it wraps.
        bar.setPrefWrapLength(200);
        bar.setMinWidth(0);
        return bar;
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    /**
     * A wrapping label whose text follows {@code text}: a status or summary line a view model keeps up to date.
     *
     * @param id   the label's id, for tests
     * @param text what it shows
     */
    public static Label bound(String id, ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.textProperty().bind(text);
        return l;
    }
}

package org.promptstudio.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;

/**
 * The window's content when its workspace cannot be opened (bound to an {@link OpenProblemViewModel}): the reason
 * in one line, studio.yaml to mend with its problem shown as typed, and "Save and open", "Try again" and "Open
 * another workspace…". Built in code.
 */
public final class OpenProblemView {

    private final BorderPane root = new BorderPane();

    public OpenProblemView(OpenProblemViewModel vm) {
        Label title = new Label("Cannot open the workspace " + vm.workspace().getFileName());
        title.getStyleClass().add(Styles.TITLE_3);
        Label where = new Label(vm.workspace().toString());
        where.getStyleClass().add(Styles.TEXT_MUTED);
        Label reason = new Label();
        reason.setId("open-problem-reason");
        reason.setWrapText(true);
        reason.getStyleClass().add(Styles.DANGER);
        reason.textProperty().bind(vm.reasonProperty());

        Label hint = new Label("Mend " + vm.file().getFileName() + " here and save it, or mend it elsewhere and try"
                + " again. The change is saved to the file, not committed.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);

        // A plain code area: the text is plain YAML. No line-number gutter (its labels are styled off the scene here
        // and warn); the caret goes to the reported place instead, and the line under the area says where it is.
        CodeArea area = new CodeArea();
        area.setId("open-problem-text");
        area.getStyleClass().add("open-problem-text");
        area.setWrapText(true); // unwrapped, the area measures every line off the scene (unstyled labels, warnings)
        Node editor = new VirtualizedScrollPane<>(area);
        VBox.setVgrow(editor, Priority.ALWAYS);
        vm.loadedProperty().addListener((obs, old, now) -> {
            if (now && !area.getText().equals(vm.textProperty().get())) {
                area.replaceText(vm.textProperty().get());
                int[] place = OpenProblemViewModel.place(vm.textProblemProperty().get());
                if (place != null && area.getParagraphs().size() > 0) {
                    int line = Math.min(place[0], area.getParagraphs().size()) - 1;
                    int column = Math.min(place[1] - 1, area.getParagraph(line).length());
                    area.moveTo(line, Math.max(0, column));
                    area.requestFollowCaret();
                }
                area.requestFocus();
            }
        });
        Label caret = new Label();
        caret.setId("open-problem-caret");
        caret.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        caret.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                "Line " + (area.getCurrentParagraph() + 1) + ", column " + (area.getCaretColumn() + 1),
                area.caretPositionProperty()));
        area.textProperty().addListener((obs, old, now) -> vm.textProperty().set(now));

        Label problem = new Label();
        problem.setId("open-problem-text-problem");
        problem.setWrapText(true);
        problem.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String p = vm.textProblemProperty().get();
            return p.isBlank() ? "The text reads well as studio.yaml." : p;
        }, vm.textProblemProperty()));
        problem.styleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                vm.textProblemProperty().get().isBlank() ? "-fx-text-fill: -color-success-fg;"
                        : "-fx-text-fill: -color-danger-fg;", vm.textProblemProperty()));

        Button save = new Button("Save and open");
        save.setId("open-problem-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setDefaultButton(true);
        save.setOnAction(e -> vm.onSaveAndOpen());
        save.disableProperty().bind(vm.workingProperty().or(vm.textProblemProperty().isNotEmpty()));
        Button retry = new Button("Try again");
        retry.setId("open-problem-retry");
        retry.setOnAction(e -> vm.onTryAgain());
        retry.disableProperty().bind(vm.workingProperty());
        Button other = new Button("Open another workspace…");
        other.setId("open-problem-other");
        other.setOnAction(e -> vm.onChooseOther());
        other.disableProperty().bind(vm.workingProperty());
        Label status = new Label();
        status.setId("open-problem-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        HBox buttons = new HBox(8, save, retry, other, status);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);

        VBox mend = new VBox(8, hint, editor, caret, problem);
        VBox.setVgrow(mend, Priority.ALWAYS);
        mend.visibleProperty().bind(vm.configBrokenProperty());
        mend.managedProperty().bind(vm.configBrokenProperty());
        save.visibleProperty().bind(vm.configBrokenProperty());
        save.managedProperty().bind(vm.configBrokenProperty());

        VBox page = new VBox(10, title, where, reason, mend, buttons);
        page.setPadding(new Insets(20));
        root.setCenter(page);
        root.getStyleClass().add("open-problem-view");
    }

    /** The node to put on the stage. */
    public Node node() {
        return root;
    }

    /** The root, as a scene's root. */
    public javafx.scene.Parent root() {
        return root;
    }
}

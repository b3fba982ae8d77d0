package org.promptstudio.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.common.SourceArea;

/** A workspace file as read-only text, under a header naming it. */
public final class FileView {

    private final VBox root = new VBox();

    public FileView(FileViewModel vm) {
        Label title = new Label();
        title.setId("fileTitle");
        title.textProperty().bind(vm.titleProperty());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setGraphic(AppIcon.FILE.icon());
        HBox header = new HBox(12, title);
        header.setAlignment(Pos.BASELINE_LEFT);
        header.getStyleClass().add("pane-header");

        Label error = new Label();
        error.setId("fileError");
        error.textProperty().bind(vm.errorProperty());
        error.getStyleClass().addAll(Styles.DANGER, "file-error");
        error.setGraphic(AppIcon.ERROR.icon());
        error.setWrapText(true);
        error.managedProperty().bind(vm.errorProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        SourceArea text = new SourceArea("fileView");
        vm.contentProperty().addListener((obs, old, content) -> text.show(content));
        text.show(vm.contentProperty().get());
        VBox.setVgrow(text.node(), Priority.ALWAYS);

        root.getStyleClass().add("file-view");
        root.getChildren().addAll(header, error, text.node());
    }

    public Node node() {
        return root;
    }
}

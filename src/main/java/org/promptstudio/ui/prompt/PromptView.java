package org.promptstudio.ui.prompt;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.common.SourceArea;

/** The selected prompt, read-only: source on the left, metadata and rendered preview on the right. */
public final class PromptView {

    private final PromptViewModel vm;
    private final VBox root = new VBox();
    private final SourceArea source = new SourceArea("promptSource");
    private final GridPane meta = new GridPane();
    private final VBox preview = new VBox(10);

    public PromptView(PromptViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("prompt-view");
        root.getStylesheets().add(Objects.requireNonNull(PromptView.class.getResource("prompt.css")).toExternalForm());

        SplitPane split = new SplitPane(sourcePane(), detailsPane());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.52);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(header(), split);

        vm.sourceProperty().addListener((obs, old, text) -> source.show(text));
        source.show(vm.sourceProperty().get());
        vm.meta().addListener((ListChangeListener<PromptViewModel.MetaRow>) c -> fillMeta());
        vm.messages().addListener((ListChangeListener<PromptViewModel.MessageBlock>) c -> fillPreview());
        fillMeta();
        fillPreview();
    }

    public Node node() {
        return root;
    }

    private Node header() {
        Label title = new Label();
        title.setId("promptTitle");
        title.textProperty().bind(vm.titleProperty());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setGraphic(AppIcon.PROMPT.icon());
        Label path = new Label();
        path.setId("promptPath");
        path.textProperty().bind(vm.pathProperty());
        path.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(12, title, path);
        header.getStyleClass().add("pane-header");
        header.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
        return header;
    }

    private Node sourcePane() {
        VBox box = new VBox(sectionTitle("Source"), source.node());
        VBox.setVgrow(source.node(), Priority.ALWAYS);
        box.getStyleClass().add("source-pane");
        return box;
    }

    private Node detailsPane() {
        meta.setId("promptMeta");
        meta.getStyleClass().add("prompt-meta");
        meta.setHgap(14);
        meta.setVgap(6);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(90);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        meta.getColumnConstraints().addAll(keys, values);

        Label example = new Label();
        example.setId("exampleInput");
        example.textProperty().bind(vm.exampleInputProperty().map(s -> s.isEmpty() ? "" : "Example input: " + s));
        example.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        example.setWrapText(true);
        example.managedProperty().bind(example.textProperty().isNotEmpty());
        example.visibleProperty().bind(example.managedProperty());

        Label error = new Label();
        error.setId("renderError");
        error.textProperty().bind(vm.renderErrorProperty());
        error.getStyleClass().addAll(Styles.DANGER, "render-error");
        error.setGraphic(AppIcon.ERROR.icon());
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.managedProperty().bind(vm.renderErrorProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        preview.setId("renderedPreview");
        preview.getStyleClass().add("rendered-preview");

        VBox content = new VBox(8, sectionTitle("Metadata"), meta, sectionTitle("Preview"), example, error, preview);
        content.setPadding(new Insets(0, 16, 16, 16));
        content.getStyleClass().add("details");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("details-scroll");
        return scroll;
    }

    private static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TITLE_4, "section-title");
        return label;
    }

    private void fillMeta() {
        meta.getChildren().clear();
        int row = 0;
        for (PromptViewModel.MetaRow r : vm.meta()) {
            Label key = new Label(r.label());
            key.getStyleClass().addAll(Styles.TEXT_MUTED, "meta-key");
            key.setMinWidth(Label.USE_PREF_SIZE);
            Label value = new Label(r.value());
            value.setWrapText(true);
            value.getStyleClass().add("meta-value");
            value.setMaxWidth(Double.MAX_VALUE);
            GridPane.setValignment(key, javafx.geometry.VPos.TOP);
            meta.addRow(row++, key, value);
        }
    }

    private void fillPreview() {
        preview.getChildren().clear();
        for (PromptViewModel.MessageBlock m : vm.messages()) {
            Label role = new Label(m.role().toUpperCase(java.util.Locale.ROOT), AppIcon.forRole(m.role()).icon());
            role.getStyleClass().add("message-role");
            VBox block = new VBox(6, role);
            block.getStyleClass().addAll("message-block", "role-" + m.role());
            for (PromptViewModel.Line line : m.lines()) {
                block.getChildren().add(lineNode(line));
            }
            preview.getChildren().add(block);
        }
    }

    private static Node lineNode(PromptViewModel.Line line) {
        switch (line.kind()) {
            case MEDIA: {
                Hyperlink link = new Hyperlink(line.text(), AppIcon.LINK.icon());
                link.getStyleClass().add("message-media");
                link.setFocusTraversable(false);
                return link;
            }
            case PENDING: {
                Label pending = new Label(line.text(), AppIcon.PENDING.icon());
                pending.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_ITALIC, "message-pending");
                return pending;
            }
            default: {
                Label text = new Label(line.text());
                text.setWrapText(true);
                text.setMinHeight(Label.USE_PREF_SIZE);
                text.getStyleClass().add("message-text");
                return text;
            }
        }
    }
}

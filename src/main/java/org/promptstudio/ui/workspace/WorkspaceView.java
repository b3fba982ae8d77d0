package org.promptstudio.ui.workspace;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.files.FileView;
import org.promptstudio.ui.prompt.PromptView;
import org.promptstudio.ui.workspace.WorkspaceViewModel.Detail;

/** The main window's content: the workspace tree, the pane for the selected entry, and the status bar. */
public final class WorkspaceView {

    private final WorkspaceViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TreeView<WorkspaceNode> tree = new TreeView<>(new TreeItem<>());

    public WorkspaceView(WorkspaceViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("workspace-view");
        root.getStylesheets().add(Objects.requireNonNull(
                WorkspaceView.class.getResource("workspace.css")).toExternalForm());

        SplitPane split = new SplitPane(treePane(), detailPane());
        split.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        root.setCenter(split);
        root.setBottom(statusBar());
    }

    public Parent root() {
        return root;
    }

    private Node treePane() {
        tree.setId("workspaceTree");
        tree.setShowRoot(false);
        tree.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        tree.setCellFactory(t -> new NodeCell());
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) ->
                vm.onSelect(item == null ? null : item.getValue()));
        vm.groups().addListener((ListChangeListener<WorkspaceNode>) c -> fillTree());
        fillTree();
        return tree;
    }

    private void fillTree() {
        TreeItem<WorkspaceNode> top = tree.getRoot();
        top.getChildren().clear();
        for (WorkspaceNode group : vm.groups()) {
            top.getChildren().add(item(group, true));
        }
    }

    private static TreeItem<WorkspaceNode> item(WorkspaceNode node, boolean expanded) {
        TreeItem<WorkspaceNode> item = new TreeItem<>(node);
        for (WorkspaceNode child : node.children()) {
            item.getChildren().add(item(child, child.kind() == WorkspaceNode.Kind.PROMPT));
        }
        item.setExpanded(expanded);
        return item;
    }

    private Node detailPane() {
        Node prompt = new PromptView(vm.prompt()).node();
        Node file = new FileView(vm.file()).node();
        Label hint = new Label("Select a prompt to see its source and how it renders,\nor a file to read it.");
        hint.setId("detailHint");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        show(prompt, Detail.PROMPT);
        show(file, Detail.FILE);
        show(hint, Detail.NONE);
        StackPane detail = new StackPane(hint, prompt, file);
        detail.setId("detailPane");
        return detail;
    }

    private void show(Node node, Detail when) {
        node.visibleProperty().bind(vm.detailProperty().isEqualTo(when));
    }

    private Node statusBar() {
        Label path = new Label();
        path.setId("statusPath");
        path.textProperty().bind(vm.workspacePathProperty());
        path.setGraphic(AppIcon.WORKSPACE.icon());
        Label message = new Label();
        message.setId("statusMessage");
        message.textProperty().bind(vm.loadErrorProperty());
        message.getStyleClass().add(Styles.DANGER);
        Label count = new Label();
        count.setId("statusCount");
        count.textProperty().bind(vm.promptCountProperty());
        HBox bar = new HBox(12, path, new Spacer(), message, count);
        bar.setId("statusBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    /** A tree entry: icon, label and a muted tag (partial, variant, a count). */
    private static final class NodeCell extends TreeCell<WorkspaceNode> {
        @Override
        protected void updateItem(WorkspaceNode node, boolean empty) {
            super.updateItem(node, empty);
            setText(null);
            if (empty || node == null) {
                setGraphic(null);
                return;
            }
            Label label = new Label(node.label(), icon(node).icon());
            label.getStyleClass().add("node-label");
            if (node.kind() == WorkspaceNode.Kind.GROUP) label.getStyleClass().add(Styles.TEXT_BOLD);
            if (node.kind() == WorkspaceNode.Kind.PARTIAL) label.getStyleClass().add(Styles.TEXT_ITALIC);
            HBox box = new HBox(6, label);
            box.setAlignment(Pos.CENTER_LEFT);
            if (!node.tag().isEmpty()) {
                Label tag = new Label(node.tag());
                tag.getStyleClass().addAll("node-tag", "tag-" + node.kind().name().toLowerCase(java.util.Locale.ROOT));
                box.getChildren().add(tag);
            }
            setGraphic(box);
        }

        private static AppIcon icon(WorkspaceNode node) {
            return switch (node.kind()) {
                case GROUP -> switch (node.path()) {
                    case "prompts" -> AppIcon.PROMPTS;
                    case "datasets" -> AppIcon.DATASETS;
                    case "experiments" -> AppIcon.EXPERIMENTS;
                    default -> AppIcon.DOCS;
                };
                case PROMPT -> AppIcon.PROMPT;
                case VARIANT -> AppIcon.VARIANT;
                case PARTIAL -> AppIcon.PARTIAL;
                case FOLDER -> AppIcon.FOLDER;
                case FILE -> AppIcon.FILE;
            };
        }
    }
}

package org.promptstudio.ui.history;

import atlantafx.base.theme.Styles;
import org.promptstudio.ui.common.ActivatableView;
import org.promptstudio.ui.common.Texts;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.history.HistoryViewModel.VersionRow;

/**
 * A prompt's history, bound to a {@link HistoryViewModel}: the branch bar (switch, create, merge), the versions table
 * (select one to restore or label it, two to compare them), the restore confirmation, the merge's conflicts, and under
 * them the side-by-side {@link DiffView}. Builds controls, binds them and forwards events; never calls app.
 *
 * <p>Ids: {@code #versionTable}, {@code #compareVersions}, {@code #restoreVersion}, {@code #confirmRestore},
 * {@code #cancelRestore}, {@code #labelName}, {@code #addLabel}, {@code #labelToRemove}, {@code #removeLabel},
 * {@code #branchPicker}, {@code #switchBranch}, {@code #mergeBranch}, {@code #newBranchName}, {@code #createBranch},
 * {@code #conflictList}, {@code #openConflict}, {@code #continueMerge}, {@code #abortMerge}, {@code #historyError},
 * {@code #historyStatus}, {@code #registryNote}, {@code #refreshHistory}, {@code #currentBranch}.
 */
public final class HistoryView extends ActivatableView<HistoryViewModel, BorderPane> {

    private final TableView<VersionRow> table = new TableView<>();
    private final DiffView diff;
    private boolean syncing;

    public HistoryView(HistoryViewModel vm) {
        super(vm, new BorderPane());
        this.diff = new DiffView(vm.diff());
        root.setId("historyView");
        root.getStyleClass().add("history-view");
        root.getStylesheets().add(Objects.requireNonNull(HistoryView.class.getResource("history.css")).toExternalForm());
        // The branch bar wraps on a narrow window: in a VBox it gets the height of all its lines (a BorderPane's
        // top gave it one line's, and its second line lay over the actions).
        Node branches = branchBar();
        VBox actions = new VBox(6, actionBar(), confirmBar(), mergeBar(), table(), statusLines());
        actions.setPadding(new Insets(8, 12, 6, 12));
        VBox.setVgrow(actions, Priority.ALWAYS);
        VBox bars = new VBox(branches, actions);
        // A low window cannot give the bars and two versions their height: the upper pane scrolls, nothing is cut.
        javafx.scene.control.ScrollPane upper = new javafx.scene.control.ScrollPane(bars);
        upper.setId("historyUpper");
        upper.setFitToWidth(true);
        upper.setFitToHeight(true);
        upper.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        upper.getStyleClass().add(atlantafx.base.theme.Styles.BG_DEFAULT);
        // The split may not squeeze the versions out of sight: the bars and three rows stay, the rest scrolls.
        upper.setMinHeight(300);
        VBox.setVgrow(table, Priority.ALWAYS);
        SplitPane split = new SplitPane(upper, diff.node());
        split.setId("historySplit");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        root.setCenter(split);
    }


    private Node branchBar() {
        Label title = new Label();
        title.setId("historyTitle");
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(vm.titleProperty());

        Label onBranch = new Label("on");
        onBranch.getStyleClass().add(Styles.TEXT_MUTED);
        Label current = new Label();
        current.setId("currentBranch");
        current.setGraphic(AppIcon.BRANCH.icon());
        current.getStyleClass().add("branch-name");
        current.textProperty().bind(vm.branchProperty());

        ComboBox<String> branches = new ComboBox<>(vm.branches());
        branches.setId("branchPicker");
        branches.setPromptText("choose a branch");
        branches.setPrefWidth(150);
        vm.branchProperty().addListener((o, a, b) -> branches.setValue(b));
        branches.setValue(vm.branchProperty().get());
        // A reload (after a write, or git changed outside) lists the branches anew: the branch the user picked stays
        // picked while it still exists, instead of the picker going blank under their click on Switch.
        String[] picked = new String[1];
        branches.valueProperty().addListener((o, a, b) -> {
            if (b != null) picked[0] = b;
        });
        vm.branches().addListener((javafx.collections.ListChangeListener<String>) change -> {
            if (branches.getValue() == null && picked[0] != null && vm.branches().contains(picked[0])) {
                branches.setValue(picked[0]);
            }
        });
        Button switchTo = button("switchBranch", "Switch", () -> vm.onSwitchBranch(branches.getValue()));
        switchTo.disableProperty().bind(vm.writingProperty().or(branches.valueProperty().isNull())
                .or(Bindings.equal(branches.valueProperty(), vm.branchProperty())));
        Button merge = button("mergeBranch", "Merge into current", () -> vm.onMerge(branches.getValue()));
        merge.disableProperty().bind(switchTo.disableProperty().or(vm.mergeInProgressProperty()));
        merge.setTooltip(new Tooltip("Merge the chosen branch into the current one"));

        TextField newName = new TextField();
        newName.setId("newBranchName");
        Texts.hint(newName, "name of a new branch");
        newName.setPrefColumnCount(12);
        Button create = button("createBranch", "Create", () -> {
            vm.onCreateBranch(newName.getText());
        });
        create.setGraphic(AppIcon.NEW.icon());
        create.disableProperty().bind(vm.writingProperty().or(newName.textProperty().isEmpty()));
        newName.setOnAction(e -> create.fire());
        vm.statusProperty().addListener((o, a, b) -> {
            if (b.startsWith("Created branch")) newName.clear();
        });

        Button refresh = button("refreshHistory", "Refresh", vm::onRefresh);
        refresh.getStyleClass().add(Styles.FLAT);

        // A narrow window puts the branch actions on a second line rather than cutting them to "…".
        Texts.fullText(title, javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        title.setMaxWidth(420);
        HBox heading = new HBox(8, title, onBranch, current);
        heading.setAlignment(Pos.CENTER_LEFT);
        FlowPane bar = Texts.wrappingBar(8, heading, branches, switchTo, merge,
                new Separator(Orientation.VERTICAL), newName, create, new Separator(Orientation.VERTICAL), refresh);
        bar.setHgap(8);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.getStyleClass().add("history-bar");
        return bar;
    }

    private Node actionBar() {
        Button compare = button("compareVersions", "Compare", vm::onCompare);
        compare.getStyleClass().add(Styles.ACCENT);
        compare.disableProperty().bind(vm.canCompareProperty().not());
        compare.setTooltip(new Tooltip("Select two versions (Ctrl+click), or a version and the working copy"));
        Button restore = button("restoreVersion", "Restore…", vm::onRestoreRequested);
        restore.disableProperty().bind(vm.canRestoreProperty().not());

        TextField label = new TextField();
        label.setId("labelName");
        Texts.hint(label, "label to set, e.g. production");
        label.setPrefColumnCount(14);
        Button add = button("addLabel", "Set label", () -> vm.onAddLabel(label.getText()));
        add.disableProperty().bind(vm.canLabelProperty().not().or(label.textProperty().isEmpty()));
        label.setOnAction(e -> add.fire());
        vm.statusProperty().addListener((o, a, b) -> {
            if (b.startsWith("Labelled") || b.startsWith("Moved")) label.clear();
        });

        ComboBox<String> labels = new ComboBox<>(vm.labels());
        labels.setId("labelToRemove");
        labels.setPromptText("label to remove");
        Button remove = button("removeLabel", "Remove label", () -> vm.onRemoveLabel(labels.getValue()));
        remove.disableProperty().bind(vm.writingProperty().or(labels.valueProperty().isNull()));
        remove.getStyleClass().add(Styles.FLAT);

        Label hint = new Label();
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        hint.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.selected().size()) {
            case 0 -> "Select a version; Ctrl+click a second one to compare";
            case 1 -> "Ctrl+click another version to compare";
            default -> "";
        }, vm.selected()));

        hint.setWrapText(true);
        FlowPane bar = Texts.wrappingBar(8, compare, restore, new Separator(Orientation.VERTICAL), label, add, labels,
                remove, hint);
        hint.setMinWidth(0);
        return bar;
    }

    private Node confirmBar() {
        Label question = new Label();
        question.setId("restoreQuestion");
        question.textProperty().bind(vm.confirmationProperty());
        Button yes = button("confirmRestore", "Restore", vm::onRestoreConfirmed);
        yes.getStyleClass().add(Styles.DANGER);
        Button no = button("cancelRestore", "Cancel", vm::onRestoreCancelled);
        HBox bar = new HBox(10, question, grow(), yes, no);
        bar.setId("restoreConfirm");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        bar.getStyleClass().add("confirm-bar");
        bar.visibleProperty().bind(vm.confirmationProperty().isNotEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private Node mergeBar() {
        Label what = new Label();
        what.setId("mergeState");
        what.getStyleClass().add(Styles.TEXT_BOLD);
        what.textProperty().bind(Bindings.createStringBinding(() -> vm.conflicts().isEmpty()
                ? "A merge is in progress: every conflict is resolved; Continue merge commits it"
                : "A merge is in progress: " + vm.conflicts().size()
                + (vm.conflicts().size() == 1 ? " file is" : " files are") + " in conflict. Open each in the editor,"
                + " keep what you want, save, then Continue merge", vm.conflicts()));
        what.setWrapText(true);
        ListView<String> files = new ListView<>(vm.conflicts());
        files.setId("conflictList");
        files.setPrefHeight(72);
        files.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setGraphic(empty ? null : AppIcon.ERROR.icon());
            }
        });
        files.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) vm.onOpenFile(files.getSelectionModel().getSelectedItem());
        });
        Button open = button("openConflict", "Open in editor", () -> vm.onOpenFile(files.getSelectionModel().getSelectedItem()));
        open.disableProperty().bind(files.getSelectionModel().selectedItemProperty().isNull());
        Button cont = button("continueMerge", "Continue merge", vm::onContinueMerge);
        cont.getStyleClass().add(Styles.ACCENT);
        cont.disableProperty().bind(vm.writingProperty());
        Button abort = button("abortMerge", "Abort merge", vm::onAbortMerge);
        abort.disableProperty().bind(vm.writingProperty());
        VBox buttons = new VBox(6, open, cont, abort);
        for (Node n : buttons.getChildren()) ((Button) n).setMaxWidth(Double.MAX_VALUE);
        HBox body = new HBox(10, files, buttons);
        HBox.setHgrow(files, Priority.ALWAYS);
        VBox bar = new VBox(6, what, body);
        bar.setId("mergeBar");
        bar.setPadding(new Insets(8, 10, 8, 10));
        bar.getStyleClass().add("merge-bar");
        bar.visibleProperty().bind(vm.mergeInProgressProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private Node table() {
        table.setId("versionTable");
        // The split keeps the header and two versions in sight however low the window is.
        table.setMinHeight(140);
        table.setItems(vm.rows());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(Texts.emptyState("versionTableEmpty", Bindings.createStringBinding(() ->
                !vm.loadedProperty().get() ? "Reading the history…"
                        : "No saved version of this prompt yet: save it in the editor (Ctrl+S) to start its history",
                vm.loadedProperty())));
        table.getColumns().add(column("Version", 70, r -> r.working() ? "working" : r.version().isEmpty()
                ? r.shortId() : r.version()));
        table.getColumns().add(column("Commit", 80, VersionRow::shortId));
        table.getColumns().add(column("Date", 130, VersionRow::date));
        table.getColumns().add(column("Author", 130, VersionRow::author));
        table.getColumns().add(column("Message", 300, VersionRow::message));
        TableColumn<VersionRow, VersionRow> labels = new TableColumn<>("Labels");
        labels.setPrefWidth(150);
        labels.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        labels.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(VersionRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                if (empty || item == null || item.labels().isEmpty()) {
                    setGraphic(null);
                    return;
                }
                FlowPane tags = new FlowPane(4, 2);
                tags.setAlignment(Pos.CENTER_LEFT);
                for (String l : item.labels()) {
                    Label tag = new Label(l);
                    tag.setId("label-" + l);
                    tag.getStyleClass().add("version-label");
                    tags.getChildren().add(tag);
                }
                setGraphic(tags);
            }
        });
        table.getColumns().add(labels);
        TableColumn<VersionRow, VersionRow> registry = new TableColumn<>("Registry");
        registry.setPrefWidth(150);
        registry.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        registry.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(VersionRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("registry-published", "registry-none");
                if (empty || item == null || item.working()) {
                    setText(null);
                    return;
                }
                setText(item.registry());
                boolean none = item.registry().isEmpty() || item.registry().equals("not published")
                        || item.registry().equals("unknown");
                getStyleClass().add(none ? "registry-none" : "registry-published");
            }
        });
        table.getColumns().add(registry);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(VersionRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("working-row");
                if (!empty && item != null && item.working()) getStyleClass().add("working-row");
            }
        });

        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<VersionRow>) c -> {
            if (syncing) return;
            vm.onSelect(table.getSelectionModel().getSelectedItems().stream().map(VersionRow::spec).toList());
        });
        // The view model keeps the selection across a refresh; the table follows it.
        vm.selected().addListener((ListChangeListener<VersionRow>) c -> syncSelection());
        vm.rows().addListener((ListChangeListener<VersionRow>) c -> syncSelection());
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && vm.canCompareProperty().get()) vm.onCompare();
        });
        return table;
    }

    private void syncSelection() {
        List<VersionRow> want = List.copyOf(vm.selected());
        if (want.equals(List.copyOf(table.getSelectionModel().getSelectedItems()))) return;
        syncing = true;
        try {
            table.getSelectionModel().clearSelection();
            for (VersionRow r : want) {
                int i = vm.rows().indexOf(r);
                if (i >= 0) table.getSelectionModel().select(i);
            }
        } finally {
            syncing = false;
        }
    }

    private Node statusLines() {
        Label error = DiffView.oneLine("historyError", vm.errorProperty(), Styles.DANGER);
        error.setGraphic(AppIcon.ERROR.icon());
        Label status = DiffView.oneLine("historyStatus", vm.statusProperty(), Styles.SUCCESS);
        Label registry = DiffView.oneLine("registryNote", vm.registryNoteProperty(), Styles.TEXT_MUTED);
        registry.getStyleClass().add(Styles.TEXT_SMALL);
        return new VBox(2, error, status, registry);
    }

    private static TableColumn<VersionRow, String> column(String title, double width,
                                                          java.util.function.Function<VersionRow, String> value) {
        TableColumn<VersionRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        // Never narrower than the heading; a cut cell shows its whole text as a tooltip.
        c.setMinWidth(Math.min(width, 40 + 8 * title.length()));
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(col -> {
            TableCell<VersionRow, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            };
            Texts.fullText(cell, javafx.scene.control.OverrunStyle.ELLIPSIS);
            return cell;
        });
        return c;
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}

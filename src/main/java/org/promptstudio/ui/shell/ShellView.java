package org.promptstudio.ui.shell;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.nio.file.Path;
import java.util.Optional;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.common.Texts;
import org.promptstudio.ui.common.NotificationView;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.ViewLifecycle;
import org.promptstudio.ui.shell.WorkspaceNode.Kind;

/**
 * The main window's content: menu bar, input bar for questions, workspace tree, tabs, command palette, status bar
 * and notifications. It builds controls, binds them to the view models and forwards events; nothing more.
 */
public final class ShellView {

    private final ShellViewModel vm;
    private final StatusBarViewModel status;
    private final CommandPaletteViewModel palette;
    private final TabFactory tabs;
    private final ViewTabs views;
    private final BorderPane root = new BorderPane();
    private final TreeView<WorkspaceNode> tree = new TreeView<>(new TreeItem<>());
    private final TabPane tabPane = new TabPane();
    private final Map<OpenTab, Tab> tabOf = new HashMap<>();
    private final Set<String> expanded = new HashSet<>();
    private final Menu recentMenu = new Menu("Recent workspaces");
    private boolean fillingTree;

    /** What each open tab's content needs to be closed with. */
    private record Opened(TabContent content, ViewLifecycle lifecycle) {
    }

    private final Map<Tab, Opened> opened = new HashMap<>();

    public ShellView(ShellViewModel vm, StatusBarViewModel status, CommandPaletteViewModel palette, TabFactory tabs,
                     Notifications notifications) {
        this(vm, status, palette, tabs, new ViewTabs(), notifications);
    }

    /**
     * @param tabs  makes the content of a file's tab
     * @param views makes the content of a view's tab (history, diff, settings, ...)
     */
    public ShellView(ShellViewModel vm, StatusBarViewModel status, CommandPaletteViewModel palette, TabFactory tabs,
                     ViewTabs views, Notifications notifications) {
        this.vm = vm;
        this.views = views;
        this.status = status;
        this.palette = palette;
        this.tabs = tabs;
        root.setId("shell");
        root.getStyleClass().add("shell-view");
        root.getStylesheets().add(Objects.requireNonNull(ShellView.class.getResource("shell.css")).toExternalForm());

        SplitPane split = new SplitPane(treePane(), tabsPane());
        split.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        // The notices sit below the views, never over them: a notice left standing must not hide a view's buttons.
        Node notices = new NotificationView(notifications).node();
        BorderPane.setAlignment(notices, Pos.BOTTOM_RIGHT);
        Node paletteNode = paletteOverlay();
        BorderPane center = new BorderPane(new StackPane(split, paletteNode));
        center.setBottom(notices);
        root.setTop(new VBox(menuBar(), questionBar()));
        root.setCenter(center);
        root.setBottom(statusBar());
        vm.setCloseGuard(this::mayClose);
        vm.setCloseAsker(this::askToClose);
    }

    /** As {@link #mayClose}, applying nothing yet (see {@link TabContent#askToClose()}). */
    private Optional<Runnable> askToClose(OpenTab open) {
        Tab tab = tabOf.get(open);
        Opened o = tab == null ? null : opened.get(tab);
        if (o == null || !o.content().hasUnsavedChanges()) return Optional.of(() -> { });
        tabPane.getSelectionModel().select(tab);
        return o.content().askToClose();
    }

    /** Asks the content of {@code open}'s tab before it closes (its tab brought forward first). */
    private boolean mayClose(OpenTab open) {
        Tab tab = tabOf.get(open);
        Opened o = tab == null ? null : opened.get(tab);
        if (o == null || !o.content().hasUnsavedChanges()) return true;
        tabPane.getSelectionModel().select(tab);
        return o.content().confirmClose();
    }

    /** What the selected tab's content could not show (see {@link TabContent#problem()}). */
    public Optional<String> activeTabProblem() {
        Tab tab = tabPane.getSelectionModel().getSelectedItem();
        Opened o = tab == null ? null : opened.get(tab);
        return o == null ? Optional.empty() : o.content().problem();
    }

    /** Whether the selected tab's content still works in the background (reading, a preview). */
    public boolean activeTabBusy() {
        Tab tab = tabPane.getSelectionModel().getSelectedItem();
        Opened o = tab == null ? null : opened.get(tab);
        return o != null && o.content().busy();
    }

    public Parent root() {
        return root;
    }

    // ---- menu bar ------------------------------------------------------------------------------------------

    private Node menuBar() {
        Map<String, Menu> menus = new LinkedHashMap<>();
        for (ShellAction action : vm.actions()) {
            Menu menu = menus.computeIfAbsent(action.menu(), Menu::new);
            if (action.id().equals("quit")) {
                menu.getItems().addAll(new SeparatorMenuItem(), recentMenu, new SeparatorMenuItem());
            }
            if (action.id().equals("lightTheme")) menu.getItems().add(new SeparatorMenuItem());
            MenuItem item = new MenuItem(action.title());
            item.setId(action.id());
            if (!action.shortcut().isEmpty()) item.setAccelerator(KeyCombination.valueOf(action.shortcut()));
            item.setOnAction(e -> action.run().run());
            menu.getItems().add(item);
        }
        recentMenu.setId("recentMenu");
        vm.recent().addListener((ListChangeListener<Path>) c -> fillRecent());
        fillRecent();
        MenuBar bar = new MenuBar();
        bar.setId("menuBar");
        bar.getMenus().addAll(menus.values());
        return bar;
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recent()) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p);
            item.setOnAction(e -> vm.onOpenWorkspace(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(vm.recent().isEmpty());
    }

    // ---- question bar --------------------------------------------------------------------------------------

    private Node questionBar() {
        Label text = new Label();
        text.setId("questionText");
        TextField input = new TextField();
        input.setId("questionInput");
        input.setPrefColumnCount(28);
        Button ok = new Button("OK");
        ok.setId("questionOk");
        ok.getStyleClass().add(Styles.ACCENT);
        Button cancel = new Button("Cancel");
        cancel.setId("questionCancel");
        HBox bar = new HBox(10, text, input, ok, cancel);
        bar.setId("questionBar");
        bar.getStyleClass().add("question-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(input, Priority.SOMETIMES);
        bar.managedProperty().bind(vm.questionProperty().isNotNull());
        bar.visibleProperty().bind(bar.managedProperty());
        ok.setOnAction(e -> vm.onAnswer(input.getText()));
        input.setOnAction(e -> vm.onAnswer(input.getText()));
        cancel.setOnAction(e -> vm.onCancelQuestion());
        bar.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                vm.onCancelQuestion();
                e.consume();
            }
        });
        vm.questionProperty().addListener((obs, old, q) -> {
            if (q == null) {
                tree.requestFocus();
                return;
            }
            text.setText(q.text());
            input.setText(q.initial());
            input.setVisible(q.wantsText());
            input.setManaged(q.wantsText());
            ok.setText(q.wantsText() ? "OK" : "Delete");
            ok.getStyleClass().removeAll(Styles.ACCENT, Styles.DANGER);
            ok.getStyleClass().add(q.wantsText() ? Styles.ACCENT : Styles.DANGER);
            if (q.wantsText()) {
                input.requestFocus();
                input.selectAll();
            } else {
                ok.requestFocus();
            }
        });
        return bar;
    }

    // ---- tree ----------------------------------------------------------------------------------------------

    private Node treePane() {
        tree.setId("workspaceTree");
        tree.setShowRoot(false);
        tree.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        tree.setCellFactory(t -> new NodeCell(t));
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!fillingTree) vm.onSelect(item == null ? null : item.getValue());
        });
        // A filter: the tree's own behaviour takes F2 (edit a cell) before the menu's accelerator would see it.
        tree.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DELETE && !e.isShortcutDown()) {
                vm.onDelete();
                e.consume();
            } else if (e.getCode() == KeyCode.F2) {
                vm.onRename();
                e.consume();
            }
        });
        ContextMenu menu = new ContextMenu();
        for (String id : new String[] {"newPrompt", "newDataset", "newExperiment", "", "rename", "duplicate", "delete"}) {
            if (id.isEmpty()) {
                menu.getItems().add(new SeparatorMenuItem());
                continue;
            }
            ShellAction action = vm.actions().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
            MenuItem item = new MenuItem(action.title());
            item.setId("tree-" + id);
            item.setOnAction(e -> action.run().run());
            menu.getItems().add(item);
        }
        tree.setContextMenu(menu);
        vm.groups().addListener((ListChangeListener<WorkspaceNode>) c -> fillTree());
        // A file opened by other means (a view's request, the screenshot tool) is selected in the tree too.
        vm.selectedProperty().addListener((obs, old, node) -> {
            if (fillingTree || node == null) return;
            TreeItem<WorkspaceNode> current = tree.getSelectionModel().getSelectedItem();
            if (current != null && current.getValue().path().equals(node.path())) return;
            TreeItem<WorkspaceNode> item = findItem(tree.getRoot(), node.path());
            if (item == null) return;
            fillingTree = true;
            try {
                tree.getSelectionModel().select(item);
            } finally {
                fillingTree = false;
            }
        });
        fillTree();
        Label title = new Label("WORKSPACE");
        title.setMinWidth(Region.USE_PREF_SIZE);
        title.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, Styles.TEXT_BOLD);
        HBox header = new HBox(2, title, new Spacer(),
                treeButton("treeNewPrompt", AppIcon.PROMPT, "New prompt (Ctrl+N)", vm::onNewPrompt),
                treeButton("treeNewDataset", AppIcon.DATASETS, "New dataset", vm::onNewDataset),
                treeButton("treeNewExperiment", AppIcon.EXPERIMENTS, "New experiment", vm::onNewExperiment));
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("tree-header");
        // An empty tree says why: still reading, could not read, or nothing there yet.
        Label empty = Texts.emptyState("workspaceTreeEmpty", javafx.beans.binding.Bindings.createStringBinding(() ->
                !vm.loadErrorProperty().get().isEmpty() ? "Cannot list the workspace: see the status bar"
                        : vm.loadsProperty().get() == 0 ? "Reading the workspace…"
                        : "Nothing in the workspace yet: New prompt (Ctrl+N) makes the first one",
                vm.loadErrorProperty(), vm.loadsProperty()));
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.groups()));
        javafx.scene.layout.StackPane treeArea = new javafx.scene.layout.StackPane(tree, empty);
        VBox box = new VBox(header, treeArea);
        // Narrow enough to leave the tabs their room in a small window, wide enough for a name and its tag.
        box.setMinWidth(210);
        VBox.setVgrow(treeArea, Priority.ALWAYS);
        return box;
    }

    private static Button treeButton(String id, AppIcon icon, String tip, Runnable action) {
        javafx.scene.layout.StackPane graphic = new javafx.scene.layout.StackPane(icon.icon());
        Node plus = AppIcon.NEW.icon();
        plus.getStyleClass().add("plus-badge");
        StackPane.setAlignment(plus, Pos.BOTTOM_RIGHT);
        graphic.getChildren().add(plus);
        Button b = new Button(null, graphic);
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Fills the tree again, keeping what was expanded and the selection (by path). */
    private void fillTree() {
        fillingTree = true;
        try {
            TreeItem<WorkspaceNode> top = tree.getRoot();
            rememberExpanded(top);
            top.getChildren().clear();
            for (WorkspaceNode group : vm.groups()) top.getChildren().add(item(group));
            WorkspaceNode selected = vm.selectedProperty().get();
            TreeItem<WorkspaceNode> again = selected == null ? null : findItem(top, selected.path());
            if (again != null) tree.getSelectionModel().select(again);
            else tree.getSelectionModel().clearSelection();
        } finally {
            fillingTree = false;
        }
    }

    private static String key(WorkspaceNode node) {
        return node.kind() + ":" + node.path() + ":" + node.label();
    }

    private void rememberExpanded(TreeItem<WorkspaceNode> item) {
        for (TreeItem<WorkspaceNode> child : item.getChildren()) {
            if (child.isExpanded()) expanded.add(key(child.getValue()));
            else expanded.remove(key(child.getValue()));
            rememberExpanded(child);
        }
    }

    private TreeItem<WorkspaceNode> item(WorkspaceNode node) {
        TreeItem<WorkspaceNode> item = new TreeItem<>(node);
        for (WorkspaceNode child : node.children()) item.getChildren().add(item(child));
        boolean firstTime = node.kind() == Kind.GROUP || node.kind() == Kind.PROMPT;
        item.setExpanded(expanded.contains(key(node)) || (firstTime && !expandedKnown(node)));
        return item;
    }

    private final Set<String> seen = new HashSet<>();

    /** True once the node was shown before (so its expansion is the user's choice, not the default). */
    private boolean expandedKnown(WorkspaceNode node) {
        return !seen.add(key(node));
    }

    private static TreeItem<WorkspaceNode> findItem(TreeItem<WorkspaceNode> item, String path) {
        for (TreeItem<WorkspaceNode> child : item.getChildren()) {
            if (child.getValue().kind() != Kind.GROUP && child.getValue().path().equals(path)) return child;
            TreeItem<WorkspaceNode> inside = findItem(child, path);
            if (inside != null) return inside;
        }
        return null;
    }

    // ---- tabs ----------------------------------------------------------------------------------------------

    private Node tabsPane() {
        tabPane.setId("tabs");
        tabPane.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        tabPane.getStyleClass().add(Styles.TABS_FLOATING);
        vm.tabs().addListener((ListChangeListener<OpenTab>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(this::closeTab);
                c.getAddedSubList().forEach(this::addTab);
            }
        });
        vm.tabs().forEach(this::addTab);
        vm.activeTabProperty().addListener((obs, old, t) -> {
            if (t != null && tabOf.containsKey(t)) tabPane.getSelectionModel().select(tabOf.get(t));
        });
        tabPane.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
            if (tab != null) vm.onActivateTab((OpenTab) tab.getUserData());
        });
        Label hint = new Label("Select a prompt or a file in the tree to open it here.\n"
                + "Ctrl+Shift+P lists every action.");
        hint.setId("detailHint");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(tabPane.getTabs()));
        StackPane box = new StackPane(hint, tabPane);
        tabPane.visibleProperty().bind(hint.visibleProperty().not());
        box.setId("detailPane");
        return box;
    }

    private void addTab(OpenTab open) {
        TabContent content = open.isFile() ? tabs.create(open.document())
                : views.create(open.view(), vm).orElseGet(() -> unavailable(open.view()));
        Label deleted = new Label("This file was deleted on disk. What the tab shows is what it last read; "
                + "close the tab when you are done with it.", AppIcon.DELETED.icon());
        deleted.setId("deletedNotice");
        deleted.getStyleClass().addAll(Styles.WARNING, "deleted-notice");
        deleted.setWrapText(true);
        deleted.setMaxWidth(Double.MAX_VALUE);
        deleted.managedProperty().bind(open.deletedProperty());
        deleted.visibleProperty().bind(open.deletedProperty());
        VBox box = new VBox(deleted, content.node());
        VBox.setVgrow(content.node(), Priority.ALWAYS);
        Tab tab = new Tab();
        tab.setId("tab:" + open.key());
        javafx.beans.value.ObservableValue<String> own = content.title();
        if (own == null) {
            tab.textProperty().bind(open.titleProperty());
        } else {
            tab.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                    () -> own.getValue() + (open.deletedProperty().get() ? " (deleted)" : ""),
                    own, open.deletedProperty()));
        }
        tab.setGraphic(icon(open).icon());
        // The title may be cut in the tab (shell.css): the tooltip has it whole, with the file's path.
        Tooltip tabTip = new Tooltip();
        tabTip.textProperty().bind(tab.textProperty().map(t -> !open.isFile() ? t
                : t.equals(open.document().file().getFileName().toString()) ? open.document().path()
                : open.document().path() + " — " + t));
        tab.setTooltip(tabTip);
        tab.setUserData(open);
        tab.setContent(box);
        tab.setOnCloseRequest(e -> {
            if (!content.confirmClose()) e.consume();
        });
        tab.setOnClosed(e -> vm.onCloseTab(open));
        open.changesProperty().addListener((obs, old, n) -> content.reload());
        opened.put(tab, new Opened(content, ViewLifecycle.bind(box, tab.selectedProperty(), content)));
        tabOf.put(open, tab);
        tabPane.getTabs().add(tab);
        if (vm.activeTabProperty().get() == open) tabPane.getSelectionModel().select(tab);
    }

    private static AppIcon icon(OpenTab open) {
        if (open.isFile()) return open.document().name().endsWith(".prompt") ? AppIcon.PROMPT : AppIcon.FILE;
        return switch (open.view().kind()) {
            case ViewKey.HISTORY, ViewKey.DIFF, ViewKey.COMPARE -> AppIcon.BRANCH;
            case ViewKey.SETTINGS -> AppIcon.ROLE_SYSTEM;
            default -> AppIcon.FILE;
        };
    }

    /** What a view's tab shows when no factory makes it (the shell opens none, but a test or caller may try). */
    private static TabContent unavailable(ViewKey key) {
        Label text = new Label(key.describe() + " is not available yet.");
        text.setId("viewUnavailable");
        text.getStyleClass().add(Styles.TEXT_MUTED);
        StackPane pane = new StackPane(text);
        return () -> pane;
    }

    private void closeTab(OpenTab open) {
        Tab tab = tabOf.remove(open);
        if (tab == null) return;
        Opened o = opened.remove(tab);
        tabPane.getTabs().remove(tab);
        if (o != null) {
            o.lifecycle().unbind();
            o.content().close();
        }
    }

    // ---- command palette -----------------------------------------------------------------------------------

    private Node paletteOverlay() {
        TextField query = new TextField();
        query.setId("paletteQuery");
        query.setPromptText("Type to find an action");
        ListView<ShellAction> list = new ListView<>(palette.shown());
        list.setId("paletteList");
        list.setFixedCellSize(34);
        list.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.max(1, Math.min(10, palette.shown().size())) * 34 + 4.0, palette.shown()));
        list.setCellFactory(l -> new ActionCell());
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() >= 1 && list.getSelectionModel().getSelectedItem() != null) {
                palette.onRun(list.getSelectionModel().getSelectedItem());
            }
        });
        query.textProperty().addListener((obs, old, text) -> {
            palette.onQuery(text);
            list.getSelectionModel().selectFirst();
        });
        query.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case ESCAPE -> palette.onClose();
                case DOWN -> list.getSelectionModel().selectNext();
                case UP -> list.getSelectionModel().selectPrevious();
                case ENTER -> palette.onRun(list.getSelectionModel().getSelectedItem() != null
                        ? list.getSelectionModel().getSelectedItem()
                        : palette.shown().isEmpty() ? null : palette.shown().get(0));
                default -> {
                    return;
                }
            }
            e.consume();
        });
        Label title = new Label("Command palette", AppIcon.SEARCH.icon());
        title.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(8, title, query, list);
        box.setId("commandPalette");
        box.getStyleClass().addAll("command-palette", Styles.ELEVATED_3);
        box.setMaxSize(560, VBox.USE_PREF_SIZE);
        StackPane.setAlignment(box, Pos.TOP_CENTER);
        StackPane.setMargin(box, new Insets(40, 0, 0, 0));
        box.visibleProperty().bind(palette.openProperty());
        box.managedProperty().bind(palette.openProperty());
        vm.paletteRequestsProperty().addListener((obs, old, n) -> {
            query.clear();
            palette.onOpen();
            list.getSelectionModel().selectFirst();
            query.requestFocus();
        });
        palette.openProperty().addListener((obs, was, is) -> {
            if (!is) tree.requestFocus();
        });
        return box;
    }

    /** A palette row: the action's title, its menu, and its shortcut on the right. */
    private static final class ActionCell extends ListCell<ShellAction> {
        @Override
        protected void updateItem(ShellAction action, boolean empty) {
            super.updateItem(action, empty);
            setText(null);
            if (empty || action == null) {
                setGraphic(null);
                return;
            }
            Label title = new Label(action.title());
            Label menu = new Label(action.menu());
            menu.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            Label keys = new Label(action.shortcut().isEmpty() ? ""
                    : KeyCombination.valueOf(action.shortcut()).getDisplayText());
            keys.getStyleClass().addAll("shortcut", Styles.TEXT_SMALL);
            keys.setVisible(!action.shortcut().isEmpty());
            HBox row = new HBox(8, title, menu, new Spacer(), keys);
            row.setAlignment(Pos.CENTER_LEFT);
            setGraphic(row);
        }
    }

    // ---- status bar ----------------------------------------------------------------------------------------

    private Node statusBar() {
        Label path = Texts.fullText(new Label(), javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        path.setId("statusPath");
        path.textProperty().bind(vm.workspacePathProperty());
        path.setGraphic(AppIcon.WORKSPACE.icon());
        Label branch = new Label();
        branch.setId("statusBranch");
        branch.textProperty().bind(status.branchProperty());
        branch.setGraphic(AppIcon.BRANCH.icon());
        Label models = new Label();
        models.setId("statusModels");
        models.textProperty().bind(status.modelsProperty());
        models.setGraphic(AppIcon.MODELS.icon());
        Tooltip modelsTip = new Tooltip();
        modelsTip.textProperty().bind(status.modelsDetailProperty());
        models.setTooltip(modelsTip);
        HBox tasks = new HBox(10);
        tasks.setId("statusTasks");
        tasks.setAlignment(Pos.CENTER_LEFT);
        status.tasks().addListener((ListChangeListener<TaskHandle>) c -> fillTasks(tasks));
        fillTasks(tasks);
        Label message = Texts.fullText(new Label(), javafx.scene.control.OverrunStyle.ELLIPSIS);
        message.setId("statusMessage");
        message.textProperty().bind(vm.loadErrorProperty());
        message.getStyleClass().add(Styles.DANGER);
        Label count = new Label();
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.setId("statusCount");
        count.textProperty().bind(vm.promptCountProperty());
        HBox bar = new HBox(14, branch, models, path, new Spacer(), tasks, message, count);
        bar.setId("statusBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void fillTasks(HBox box) {
        box.getChildren().clear();
        for (TaskHandle task : status.tasks()) {
            Label title = new Label(task.title());
            title.getStyleClass().add("task-title");
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(task.messageProperty());
            title.setTooltip(tip);
            ProgressBar bar = new ProgressBar();
            bar.progressProperty().bind(task.progressProperty());
            bar.setPrefWidth(90);
            bar.getStyleClass().add(Styles.SMALL);
            Button cancel = new Button(null, AppIcon.CANCEL.icon());
            cancel.setId("cancelTask");
            cancel.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            cancel.setTooltip(new Tooltip("Cancel " + task.title().toLowerCase(Locale.ROOT)));
            cancel.setOnAction(e -> status.onCancel(task));
            HBox one = new HBox(4, title, bar, cancel);
            one.setAlignment(Pos.CENTER_LEFT);
            one.getStyleClass().add("running-task");
            box.getChildren().add(one);
        }
    }

    /** A tree entry: icon, label and a muted tag (partial, variant, a count). */
    private static final class NodeCell extends TreeCell<WorkspaceNode> {
        /** Room the tree takes besides the entry's own box: the disclosure arrow, padding, a vertical scroll bar. */
        private static final double CHROME = 44;
        /** The indent of each level (AtlantaFX's tree cell indent plus its arrow). */
        private static final double INDENT = 18;
        private final TreeView<WorkspaceNode> tree;

        NodeCell(TreeView<WorkspaceNode> tree) {
            this.tree = tree;
        }

        @Override
        protected void updateItem(WorkspaceNode node, boolean empty) {
            super.updateItem(node, empty);
            setText(null);
            if (empty || node == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            Label label = new Label(node.label(), icon(node).icon());
            label.getStyleClass().add("node-label");
            // A long name is cut in the middle (the extension stays) at the tree's width; the tooltip has it whole.
            label.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
            label.setMinWidth(0);
            String tip = node.kind() == Kind.GROUP ? node.label() + " (" + node.path() + "/)" : node.path();
            // A file that cannot be used is marked, its one-line reason (naming the place) in the tooltip.
            setTooltip(new Tooltip(node.hasProblem() ? tip + "\n" + node.problem() : tip));
            if (node.kind() == Kind.GROUP) label.getStyleClass().add(Styles.TEXT_BOLD);
            if (node.kind() == Kind.PARTIAL) label.getStyleClass().add(Styles.TEXT_ITALIC);
            HBox box = new HBox(6, label);
            box.setAlignment(Pos.CENTER_LEFT);
            if (!node.tag().isEmpty()) {
                Label tag = new Label(node.tag());
                tag.getStyleClass().addAll("node-tag", "tag-" + node.kind().name().toLowerCase(Locale.ROOT));
                tag.setMinWidth(Region.USE_PREF_SIZE);
                box.getChildren().add(tag);
            }
            if (node.hasProblem()) {
                Label mark = new Label("", AppIcon.ERROR.icon());
                mark.getStyleClass().addAll("node-problem", Styles.DANGER);
                mark.setMinWidth(Region.USE_PREF_SIZE);
                label.getStyleClass().add(Styles.DANGER);
                box.getChildren().add(mark);
            }
            int level = Math.max(0, tree.getTreeItemLevel(getTreeItem()) - 1);
            box.setMinWidth(0);
            box.prefWidthProperty().bind(tree.widthProperty().subtract(CHROME + level * INDENT));
            box.setMaxWidth(Region.USE_PREF_SIZE);
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

package org.promptstudio.ui.shell;

import java.nio.file.Path;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Studio;
import org.promptstudio.app.WorkspaceFiles;
import org.promptstudio.model.StudioException;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.common.Theme;
import org.promptstudio.ui.shell.WorkspaceNode.Kind;

/**
 * The main window over one workspace: the tree of its prompts, datasets, experiments and docs (new, rename,
 * duplicate, delete; refreshed when files change on disk), the open tabs, the actions of the menu bar and the
 * command palette, the theme, and which workspace to open next. Everything slow runs through the task runner.
 *
 * <p>Tabs show files (opened from the tree, or asked for by a view through {@link #onOpenPath(String)}) and views
 * that are no file (a prompt's history, a diff, the settings: {@link #onOpenView(ViewKey)}), one tab per key. A tab
 * with unsaved changes is not closed without asking: the view sets a {@link #setCloseGuard close guard} that asks
 * the user, and the tab, the window and a switch of workspace go through it.
 */
public final class ShellViewModel implements ShellNavigation {

    /**
     * A question the window asks in its input bar before an action goes on.
     *
     * @param id        what it is about ({@code newPrompt}, {@code rename}, {@code delete}), for tests and styles
     * @param text      the question ("Name of the new prompt")
     * @param initial   the text the field starts with
     * @param wantsText true for a name to type; false for a yes/no confirmation
     */
    public record Question(String id, String text, String initial, boolean wantsText, Consumer<String> answer) {
    }

    private static final String PROMPT_EXTENSION = WorkspaceFiles.Folder.PROMPTS.extension();

    /** What a new file of each kind starts with. */
    private static final String NEW_PROMPT = """
            ---
            model: echo
            input:
              schema:
                question: string
            ---
            {{role "system"}}
            You are a helpful assistant.
            {{role "user"}}
            {{question}}
            """;
    private static final String NEW_DATASET = "{\"question\": \"What can you do?\"}\n";

    private record Scan(List<WorkspaceNode> groups, int prompts, int partials, Set<String> missing) {
    }

    /** The views besides files this shell can open, by kind ({@link ViewKey#HISTORY} ...). */
    private final Predicate<String> viewAvailable;
    private Predicate<OpenTab> closeGuard = tab -> true;
    private java.util.function.Function<OpenTab, Optional<Runnable>> closeAsker =
            tab -> Optional.of(() -> { });

    private final Studio studio;
    private final TaskRunner runner;
    private final Notifications notifications;
    private final ShellPreferences preferences;

    private final ObservableList<WorkspaceNode> groups = FXCollections.observableArrayList();
    private final ObservableList<OpenTab> tabs = FXCollections.observableArrayList();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<WorkspaceNode> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ObservableList<OpenTab> tabsView = FXCollections.unmodifiableObservableList(tabs);
    private final ObservableList<Path> recentView = FXCollections.unmodifiableObservableList(recent);
    private final ReadOnlyObjectWrapper<WorkspaceNode> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<OpenTab> activeTab = new ReadOnlyObjectWrapper<>();
    /** A prompt is open in the active tab or selected in the tree: the notice asking for one goes then. */
    private final javafx.beans.binding.BooleanBinding promptChosen = javafx.beans.binding.Bindings.createBooleanBinding(
            () -> activePromptId().isPresent(), selected, activeTab);
    /** A prompt or file is selected in the tree (rename, duplicate, delete apply): the notice asking for one goes. */
    private final javafx.beans.binding.BooleanBinding editableChosen = javafx.beans.binding.Bindings
            .createBooleanBinding(() -> {
                WorkspaceNode node = selected.get();
                return node != null && node.file() != null && (node.isPrompt() || node.isFile());
            }, selected);
    private final ReadOnlyObjectWrapper<Question> question = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Theme> theme;
    private final ReadOnlyObjectWrapper<Path> openRequest = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper chooseWorkspaceRequests = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper quitRequests = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper headChanges = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper paletteRequests = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper loads = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper title;
    private final ReadOnlyStringWrapper workspacePath;
    private final ReadOnlyStringWrapper promptCount = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper("");
    private final List<ShellAction> actions;
    private long scanRequest;
    /** Guards {@link #watcher} and {@link #watching}; the watcher is started on a worker thread. */
    private final Object watchLock = new Object();
    private AutoCloseable watcher;
    /** Between {@link #onWatch()} and {@link #onClose()}: a watcher that starts then is kept. */
    private boolean watching;
    /** Moves on at each {@link #onClose()}: a watcher started for an older value is closed at once. */
    private final java.util.concurrent.atomic.AtomicLong watchGeneration = new java.util.concurrent.atomic.AtomicLong();

    /** How long the workspace must be quiet after a change on disk before the tree is listed again. */
    static final java.time.Duration QUIET = java.time.Duration.ofMillis(200);

    /**
     * @param preferences where the theme and the recent workspaces are remembered (the user's config folder)
     */
    public ShellViewModel(Studio studio, TaskRunner runner, Notifications notifications, ShellPreferences preferences) {
        this(studio, runner, notifications, preferences, kind -> false);
    }

    /**
     * @param preferences   where the theme and the recent workspaces are remembered (the user's config folder)
     * @param viewAvailable whether a view kind ({@link ViewKey#HISTORY}, {@link ViewKey#DIFF},
     *                      {@link ViewKey#SETTINGS}) can be opened; the actions of the others say it is not available
     *                      yet
     */
    public ShellViewModel(Studio studio, TaskRunner runner, Notifications notifications, ShellPreferences preferences,
                          Predicate<String> viewAvailable) {
        this.viewAvailable = viewAvailable;
        this.studio = studio;
        this.runner = runner;
        this.notifications = notifications;
        this.preferences = preferences;
        Path root = studio.files().root();
        this.title = new ReadOnlyStringWrapper("Prompt Studio — " + root.getFileName());
        this.workspacePath = new ReadOnlyStringWrapper(root.toString());
        this.theme = new ReadOnlyObjectWrapper<>(preferences.theme());
        this.actions = List.of(
                new ShellAction("newPrompt", "File", "New prompt…", "Shortcut+N", this::onNewPrompt),
                new ShellAction("newDataset", "File", "New dataset…", "", this::onNewDataset),
                new ShellAction("newExperiment", "File", "New experiment…", "", this::onNewExperiment),
                new ShellAction("openWorkspace", "File", "Open workspace…", "Shortcut+O", this::onChooseWorkspace),
                new ShellAction("closeTab", "File", "Close tab", "Shortcut+W", this::onCloseActiveTab),
                new ShellAction("quit", "File", "Quit", "Shortcut+Q", this::onQuit),
                new ShellAction("rename", "Edit", "Rename…", "F2", this::onRename),
                new ShellAction("duplicate", "Edit", "Duplicate", "Shortcut+D", this::onDuplicate),
                new ShellAction("delete", "Edit", "Delete…", "Shortcut+Delete", this::onDelete),
                new ShellAction("commandPalette", "View", "Command palette…", "Shortcut+Shift+P", this::onShowPalette),
                new ShellAction("reload", "View", "Reload workspace", "F5", this::onLoad),
                new ShellAction("showHistory", "Go", "Show history", "Shortcut+Shift+H", this::onShowHistory),
                new ShellAction("compareVersions", "Go", "Compare versions…", "Shortcut+Shift+D",
                        this::onCompareVersions),
                new ShellAction("compareOutputs", "Go", "Compare outputs…", "Shortcut+Shift+G",
                        this::onCompareOutputs),
                new ShellAction("settings", "Go", "Settings…", "Shortcut+Comma", this::onShowSettings),
                new ShellAction("playground", "Go", "Playground…", "", this::onPlayground),
                new ShellAction("lightTheme", "View", "Light theme", "", () -> onTheme(Theme.LIGHT)),
                new ShellAction("darkTheme", "View", "Dark theme", "", () -> onTheme(Theme.DARK)),
                new ShellAction("showRuns", "Go", "Runs", "", () -> onOpenView(ViewKey.runs())),
                new ShellAction("showCalls", "Go", "Calls…", "", () -> onOpenView(ViewKey.calls())),
                new ShellAction("labelling", "Go", "Labelling", "Shortcut+Shift+L", () -> onOpenView(ViewKey.labelling(""))),
                new ShellAction("documents", "Go", "Documents", "Shortcut+Shift+O", () -> onOpenView(ViewKey.documents())),
                new ShellAction("dashboards", "Go", "Dashboards", "Shortcut+Shift+M", () -> onOpenView(ViewKey.dashboards())),
                new ShellAction("runExperiment", "Run", "Run experiment…", "Shortcut+R", this::onRunExperiment));
    }

    // ---- the tree -------------------------------------------------------------------------------------------

    /** Lists the workspace in the background and fills the tree; reads the recent workspaces. */
    public void onLoad() {
        rescan(Set.of());
        runner.run(preferences::recent, recent::setAll, e -> notifications.error("Cannot read the recent workspaces", e));
    }

    /**
     * Files changed on disk ({@code paths} from the workspace root, as the watcher reports them; {@code ""} for
     * everything): the tree is listed again, an open tab whose file is gone says so, one whose file changed reloads.
     */
    public void onFilesChanged(Collection<String> paths) {
        if (paths.contains(WorkspaceFiles.GIT_HEAD) || paths.contains("")) headChanges.set(headChanges.get() + 1);
        rescan(Set.copyOf(paths));
        keepDocumentsIndexed(List.copyOf(paths));
    }

    /**
     * While the window is open, new, changed and deleted documents are ingested into an index the user has built
     * (never a first index unasked): once when the workspace opens (what changed while the studio was closed), then
     * after each change under the document folders. What was ingested is told as a notice; a failure too.
     *
     * @param paths the changed paths, workspace-relative; null at opening (everything is compared)
     */
    void keepDocumentsIndexed(List<String> paths) {
        runner.runLong("Updating the document index", progress -> {
            org.promptstudio.app.Documents documents = studio.documents();
            if (paths != null && paths.stream().noneMatch(documents::covers)) return null;
            if (!documents.built()) return null;
            return documents.index(false, null);
        }, report -> {
            if (report == null) return;
            int changed = report.added() + report.updated() + report.removed();
            if (changed > 0) {
                notifications.info("Document index updated: " + report.added() + " added, " + report.updated()
                        + " updated, " + report.removed() + " removed" + (report.skipped().isEmpty() ? ""
                        : ", " + report.skipped().size() + " skipped"));
            }
        }, e -> {
            if (!(e instanceof java.util.concurrent.CancellationException)) {
                notifications.error("The document index could not be updated", e);
            }
        });
    }

    /**
     * Counts the times the checked-out branch changed on disk (a switch or a checkout, from the window or from git):
     * the status bar reads the branch again when it changes.
     */
    public ReadOnlyLongProperty headChangesProperty() {
        return headChanges.getReadOnlyProperty();
    }

    private void rescan(Set<String> changed) {
        long id = ++scanRequest;
        List<OpenTab> open = List.copyOf(tabs);
        runner.run(() -> scan(open), scan -> {
            if (id != scanRequest) return;
            groups.setAll(scan.groups());
            promptCount.set(count(scan.prompts(), "prompt") + " · " + count(scan.partials(), "partial"));
            loadError.set("");
            for (OpenTab tab : tabs) {
                if (!tab.isFile()) continue;
                boolean gone = scan.missing().contains(tab.document().path());
                boolean wasGone = tab.deletedProperty().get();
                tab.markDeleted(gone);
                if (!gone && (wasGone || touches(changed, tab.document().path()))) tab.markChanged();
            }
            if (selected.get() != null) selected.set(find(selected.get().path()).orElse(null));
            loads.set(loads.get() + 1);
        }, error -> {
            if (id != scanRequest) return;
            loadError.set("Cannot list the workspace: " + org.promptstudio.model.ErrorText.reason(error));
            notifications.error("Cannot list the workspace", error);
            loads.set(loads.get() + 1);
        });
    }

    private static boolean touches(Set<String> changed, String path) {
        for (String c : changed) {
            if (c.isEmpty() || c.equals(path) || path.startsWith(c + "/")) return true;
        }
        return false;
    }

    /**
     * Remembers the selection: what rename, duplicate and delete act on. Opens a prompt or file in its tab; the
     * {@code docs} group opens the documents view (their index, search and chunks) when the window has it.
     */
    public void onSelect(WorkspaceNode node) {
        selected.set(node);
        if (node != null && (node.isPrompt() || node.isFile()) && node.file() != null) onOpen(node);
        if (node != null && node.kind() == Kind.GROUP && node.path().equals("docs")
                && viewAvailable.test(ViewKey.DOCUMENTS)) {
            onOpenView(ViewKey.documents());
        }
    }

    /** The tree entry whose path (from the workspace root) is {@code path}. */
    public Optional<WorkspaceNode> find(String path) {
        return flatten(groups.stream()).filter(n -> n.path().equals(path) && n.kind() != Kind.GROUP).findFirst();
    }

    /** The tree entry of a prompt or variant by id ({@code answer}, {@code answer.formal}). */
    public Optional<WorkspaceNode> findPrompt(String id) {
        Optional<WorkspaceNode> byId = flatten(groups.stream())
                .filter(n -> n.isPrompt() && n.prompt().id().equals(id)).findFirst();
        if (byId.isPresent() || id == null) return byId;
        // As the command line takes them too: a path (prompts/answer.prompt) or a partial's file name (_rules).
        return find(id).filter(WorkspaceNode::isPrompt)
                .or(() -> flatten(groups.stream()).filter(n -> n.isPrompt()
                        && n.path() != null && n.path().endsWith("/" + id + ".prompt")).findFirst());
    }

    private static Stream<WorkspaceNode> flatten(Stream<WorkspaceNode> nodes) {
        return nodes.flatMap(n -> Stream.concat(Stream.of(n), flatten(n.children().stream())));
    }

    /**
     * Starts watching the workspace: files changed by anyone (another editor, git, the command line) reach
     * {@link #onFilesChanged(Collection)} on the UI thread, a short quiet time after the last change. Ends with
     * {@link #onClose()}.
     */
    public void onWatch() {
        synchronized (watchLock) {
            if (watching) return;
            watching = true;
        }
        keepDocumentsIndexed(null);
        long mine = watchGeneration.get();
        // Registering the folders with the watch service walks the tree: off the UI thread. Whether the watcher is
        // kept is decided in the job itself, under the lock onClose takes: a shell closed during the walk (a switch
        // of workspace drops this job's result, so no handler would see the watcher) closes it right there.
        runner.run(() -> {
            AutoCloseable started = studio.files().watch(QUIET, batch -> Fx.run(() -> onFilesChanged(batch)));
            synchronized (watchLock) {
                if (watchGeneration.get() == mine) {
                    watcher = started;
                    return null;
                }
            }
            closeQuietly(started);
            return null;
        }, started -> { }, e -> {
            synchronized (watchLock) {
                if (watchGeneration.get() == mine) watching = false;
            }
            if (!(e instanceof java.util.concurrent.CancellationException)) {
                notifications.error("Changes on disk will show after Reload workspace (F5)", e);
            }
        });
    }

    /**
     * The window closes or shows another workspace: a running ingestion of the documents stops at once (what it
     * committed stays), and the shell stops watching, also a watcher still starting.
     */
    public void onClose() {
        studio.stopIndexing();
        AutoCloseable toClose;
        synchronized (watchLock) {
            watchGeneration.incrementAndGet();
            watching = false;
            toClose = watcher;
            watcher = null;
        }
        if (toClose != null) closeQuietly(toClose);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(ShellViewModel.class).debug("closing the file watcher", e);
        }
    }

    // ---- tabs -----------------------------------------------------------------------------------------------

    /** Opens {@code node}'s file in a tab, or brings its tab forward when it is open. */
    public void onOpen(WorkspaceNode node) {
        if (node.file() == null) return;
        OpenDocument doc = new OpenDocument(node.path(), node.file(), node.isPrompt() ? node.prompt() : null);
        OpenTab tab = tabs.stream().filter(t -> t.key().equals(doc.path())).findFirst().orElse(null);
        if (tab == null) {
            tab = new OpenTab(doc);
            tabs.add(tab);
        }
        activeTab.set(tab);
    }

    /**
     * Opens the workspace file {@code path} (from the workspace root: {@code prompts/answer.prompt}) in its tab, the
     * editor for a prompt: what a view asks for (the history view, for a file with a merge conflict). A file the
     * tree does not list yet is looked for after listing the workspace again; a missing one is said so.
     */
    @Override
    public void onOpenPath(String path) {
        if (path == null || path.isBlank()) return;
        Optional<WorkspaceNode> node = find(path);
        if (node.isPresent() && node.get().file() != null) {
            selected.set(node.get());
            onOpen(node.get());
            return;
        }
        runner.run(() -> studio.files().exists(path), exists -> {
            if (exists) afterChange(path, true);
            else notifications.info(path + ": no such file in the workspace.");
        }, e -> notifications.error("Cannot open " + path, e));
    }

    /**
     * Opens the view {@code key} in its tab (or brings its tab forward). A view this window does not have yet is
     * said so in a notification, and no tab opens.
     */
    @Override
    public void onOpenView(ViewKey key) {
        if (!viewAvailable.test(key.kind())) {
            notifications.info(key.describe() + " is not available yet.");
            return;
        }
        OpenTab tab = tabs.stream().filter(t -> t.key().equals(key.id())).findFirst().orElse(null);
        if (tab == null) {
            tab = new OpenTab(key);
            tabs.add(tab);
        }
        activeTab.set(tab);
    }

    /** Whether view {@code kind} can be opened in this window. */
    public boolean isViewAvailable(String kind) {
        return viewAvailable.test(kind);
    }

    /** The history of the selected prompt, or of the prompt in the active tab. */
    public void onShowHistory() {
        promptForView(ViewKey.HISTORY).ifPresent(id -> onOpenView(ViewKey.history(id)));
    }

    /** The diff of two versions of the selected prompt (or the active tab's); the view picks the versions. */
    public void onCompareVersions() {
        promptForView(ViewKey.DIFF).ifPresent(id -> onOpenView(ViewKey.diff(id, List.of())));
    }

    /** The compare grid for the selected prompt (or the active tab's): versions x models over inputs. */
    public void onCompareOutputs() {
        promptForView(ViewKey.COMPARE).ifPresent(id -> onOpenView(ViewKey.compare(id, List.of())));
    }

    /** The run launcher, on the experiment selected in the tree (or open in the active tab) when there is one. */
    public void onRunExperiment() {
        if (!viewAvailable.test(ViewKey.LAUNCH)) {
            notifications.info(new ViewKey(ViewKey.LAUNCH, "", List.of()).describe() + " is not available yet.");
            return;
        }
        OpenTab tab = activeTab.get();
        String path = tab != null && tab.isFile() ? tab.document().path() : null;
        WorkspaceNode node = selected.get();
        if (path == null && node != null) path = node.path();
        String name = path != null && path.matches("experiments/[^/]+\\.ya?ml") ? path.substring("experiments/".length())
                .replaceFirst("\\.ya?ml$", "") : "";
        onOpenView(ViewKey.launch(name));
    }

    /**
     * The playground with the prompt of the active tab (the editor's) or the tree's selection chosen; with none, the
     * playground asks for one.
     */
    public void onPlayground() {
        if (!viewAvailable.test(ViewKey.PLAYGROUND)) {
            notifications.info(ViewKey.playground("").describe() + " is not available yet.");
            return;
        }
        onOpenView(ViewKey.playground(activePromptId().orElse("")));
    }

    public void onShowSettings() {
        onOpenView(ViewKey.settings());
    }

    /** The prompt a history or diff is about: the active tab's, else the tree's selection; else says what to do. */
    private Optional<String> promptForView(String kind) {
        if (!viewAvailable.test(kind)) {
            notifications.info(new ViewKey(kind, "", List.of()).describe() + " is not available yet.");
            return Optional.empty();
        }
        Optional<String> id = activePromptId();
        if (id.isEmpty()) notifications.until("Select a prompt in the tree (or open one) first.", promptChosen);
        return id;
    }

    /** The prompt id ({@code answer}, {@code answer.formal}) of the active file tab, else of the tree's selection. */
    public Optional<String> activePromptId() {
        OpenTab tab = activeTab.get();
        if (tab != null && tab.isFile() && tab.document().isPrompt()) return Optional.of(tab.document().prompt().id());
        WorkspaceNode node = selected.get();
        if (node != null && node.isPrompt()) return Optional.of(node.prompt().id());
        return Optional.empty();
    }

    /**
     * What asks the user before a tab with unsaved changes closes; returns whether it may close. Set by the view
     * (a dialog); without one every tab closes.
     */
    public void setCloseGuard(Predicate<OpenTab> guard) {
        closeGuard = guard == null ? tab -> true : guard;
        closeAsker = tab -> closeGuard.test(tab) ? Optional.of(() -> { }) : Optional.empty();
    }

    /**
     * What asks, without applying anything yet, before several tabs close together: empty keeps the tab; else what
     * to run once all agreed (discard typed text). Set by the view; without one, the close guard's answer.
     */
    public void setCloseAsker(java.util.function.Function<OpenTab, Optional<Runnable>> asker) {
        closeAsker = asker == null ? tab -> closeGuard.test(tab) ? Optional.of(() -> { }) : Optional.empty() : asker;
    }

    /**
     * Asks, tab by tab, before the window closes or shows another workspace; what each tab's answer does (a discard)
     * is applied only when every tab agreed, so a Cancel on a later tab loses nothing on an earlier one.
     *
     * @return true when no tab keeps the window open (nothing unsaved, or the user discarded it)
     */
    public boolean mayCloseAll() {
        List<Runnable> agreed = new ArrayList<>();
        for (OpenTab tab : List.copyOf(tabs)) {
            Optional<Runnable> answer = closeAsker.apply(tab);
            if (answer.isEmpty()) return false;
            agreed.add(answer.get());
        }
        agreed.forEach(Runnable::run);
        return true;
    }

    /** The user picked {@code tab}. */
    public void onActivateTab(OpenTab tab) {
        if (tab == null || tabs.contains(tab)) activeTab.set(tab);
    }

    /**
     * Closes {@code tab} unless the close guard keeps it (unsaved changes the user wants to keep); the next tab (or
     * the previous) becomes active.
     */
    public void onCloseTab(OpenTab tab) {
        if (!tabs.contains(tab) || !closeGuard.test(tab)) return;
        closeNow(tab);
    }

    private void closeNow(OpenTab tab) {
        int i = tabs.indexOf(tab);
        if (i < 0) return;
        tabs.remove(i);
        if (activeTab.get() == tab) activeTab.set(tabs.isEmpty() ? null : tabs.get(Math.min(i, tabs.size() - 1)));
    }

    public void onCloseActiveTab() {
        if (activeTab.get() != null) onCloseTab(activeTab.get());
    }

    // ---- new, rename, duplicate, delete -------------------------------------------------------------------

    public void onNewPrompt() {
        ask("newPrompt", "Name of the new prompt (in prompts/)", "", name -> create(WorkspaceFiles.Folder.PROMPTS,
                "prompts", name, NEW_PROMPT));
    }

    public void onNewDataset() {
        ask("newDataset", "Name of the new dataset (in datasets/, .jsonl)", "", name ->
                create(WorkspaceFiles.Folder.DATASETS, "datasets", name, NEW_DATASET));
    }

    public void onNewExperiment() {
        ask("newExperiment", "Name of the new experiment (in experiments/, .yaml)", "", name -> {
            String first = firstPromptId();
            String text = "description: \n"
                    + "prompts:\n  - { prompt: " + first + ", version: working }\n"
                    + "models: [echo]\n"
                    + "dataset: \n";
            create(WorkspaceFiles.Folder.EXPERIMENTS, "experiments", name, text);
        });
    }

    private String firstPromptId() {
        return flatten(groups.stream()).filter(WorkspaceNode::isPrompt).map(n -> n.prompt().id()).findFirst()
                .orElse("PROMPT");
    }

    private void create(WorkspaceFiles.Folder folder, String folderName, String name, String text) {
        String what = "Cannot create " + folderName + "/" + name;
        runner.run("Creating " + name, p -> studio.files().relative(studio.files().create(folder, name, text)),
                path -> afterChange(path, true), e -> notifications.error(what, e));
    }

    /** Renames the selected prompt or file (asks for the new name). */
    public void onRename() {
        WorkspaceNode node = editable();
        if (node == null) return;
        String name = node.file().getFileName().toString();
        String shown = name.endsWith(PROMPT_EXTENSION) ? name.substring(0, name.length() - PROMPT_EXTENSION.length())
                : name;
        ask("rename", "New name for " + node.path(), shown, newName -> rename(node, newName));
    }

    private void rename(WorkspaceNode node, String newName) {
        // Its tab closes with the rename: typed text is asked about first (save, discard or keep the old name).
        Optional<OpenTab> open = tabs.stream().filter(t -> t.key().equals(node.path())).findFirst();
        if (open.isPresent() && !closeGuard.test(open.get())) return;
        runner.run("Renaming " + node.path(), p -> {
            if (isPromptFile(node) && saved(node)) {
                studio.versions().move(promptId(node), newName);
                String n = newName.strip();
                return studio.files().relative(node.file().resolveSibling(n.endsWith(PROMPT_EXTENSION) ? n
                        : n + PROMPT_EXTENSION));
            }
            return studio.files().relative(studio.files().rename(node.file(), newName));
        }, path -> {
            closeTabOf(node.path());
            afterChange(path, true);
        }, e -> notifications.error("Cannot rename " + node.path(), e));
    }

    /** Copies the selected prompt or file beside itself and opens the copy. */
    public void onDuplicate() {
        WorkspaceNode node = editable();
        if (node == null) return;
        runner.run("Duplicating " + node.path(), p -> studio.files().relative(studio.files().duplicate(node.file())),
                path -> afterChange(path, true),
                e -> notifications.error("Cannot duplicate " + node.path(), e));
    }

    /** Deletes the selected prompt or file after the user confirms; its tab closes. */
    public void onDelete() {
        WorkspaceNode node = editable();
        if (node == null) return;
        ask("delete", "Delete " + node.path() + "? Its saved versions stay in the history.", "", yes ->
                runner.run("Deleting " + node.path(), p -> {
                    studio.files().delete(node.file());
                    return node.path();
                }, path -> {
                    closeTabOf(path);
                    selected.set(null);
                    afterChange(null, false);
                }, e -> notifications.error("Cannot delete " + node.path(), e)));
    }

    /** The selection when rename, duplicate and delete apply to it (a prompt, partial or file); else says why. */
    private WorkspaceNode editable() {
        WorkspaceNode node = selected.get();
        if (node == null || node.file() == null || !(node.isPrompt() || node.isFile())) {
            notifications.until("Select a prompt or a file in the tree first.", editableChosen);
            return null;
        }
        return node;
    }

    private static boolean isPromptFile(WorkspaceNode node) {
        return node.file().getFileName().toString().endsWith(PROMPT_EXTENSION) && node.path().startsWith("prompts/");
    }

    private static String promptId(WorkspaceNode node) {
        String name = node.file().getFileName().toString();
        return name.substring(0, name.length() - PROMPT_EXTENSION.length());
    }

    /** Whether a prompt has a saved version: then a rename goes through git so its history follows. */
    private boolean saved(WorkspaceNode node) {
        try {
            return !studio.versions().history(promptId(node)).isEmpty();
        } catch (StudioException notAGitWorkspaceOrNeverSaved) {
            return false;
        }
    }

    private void closeTabOf(String path) {
        // The file was renamed or deleted by the user: its tab goes (a rename keeps the text on disk).
        tabs.stream().filter(t -> t.key().equals(path)).findFirst().ifPresent(this::closeNow);
    }

    /** After the window changed files: list again at once (the watcher will also tell), then open {@code path}. */
    private void afterChange(String open, boolean select) {
        long before = loads.get();
        rescan(open == null ? Set.of() : Set.of(open));
        if (open == null || !select) return;
        Runnable openIt = () -> find(open).ifPresent(this::onSelect);
        if (loads.get() != before) {
            openIt.run(); // the listing already ended (calling-thread runner)
        } else {
            loads.addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number o, Number n) {
                    loads.removeListener(this);
                    openIt.run();
                }
            });
        }
    }

    // ---- questions ------------------------------------------------------------------------------------------

    private void ask(String id, String text, String initial, Consumer<String> answer) {
        question.set(new Question(id, text, initial, !id.equals("delete"), answer));
    }

    /** The user answered the open question ({@code text} is ignored for a confirmation). */
    public void onAnswer(String text) {
        Question q = question.get();
        if (q == null) return;
        if (q.wantsText() && (text == null || text.isBlank())) return;
        question.set(null);
        q.answer().accept(q.wantsText() ? text.strip() : "yes");
    }

    /** The user dismissed the open question: nothing happens. */
    public void onCancelQuestion() {
        question.set(null);
    }

    // ---- theme, workspaces, palette, quit -------------------------------------------------------------------

    /** Switches to {@code value} and remembers it in the user's config folder. */
    public void onTheme(Theme value) {
        theme.set(value);
        runner.run(() -> {
            preferences.saveTheme(value);
            return value;
        }, v -> { }, e -> notifications.error("Cannot remember the theme", e));
    }

    /** Asks the view for a folder to open (a directory chooser). */
    public void onChooseWorkspace() {
        chooseWorkspaceRequests.set(chooseWorkspaceRequests.get() + 1);
    }

    /** Opens the workspace at {@code folder} in this window (the application does the switch). */
    public void onOpenWorkspace(Path folder) {
        if (folder == null) return;
        // Whether it holds a studio.yaml is a look at the disk: off the UI thread, as every app call.
        runner.run(() -> WorkspaceFiles.isWorkspace(folder), isWorkspace -> {
            if (!isWorkspace) {
                notifications.info(folder + " is not a workspace (no studio.yaml); studio init " + folder
                        + " makes it one.");
                return;
            }
            if (!mayCloseAll()) return;
            openRequest.set(folder.toAbsolutePath().normalize());
        }, e -> notifications.error("Cannot open " + folder, e));
    }

    /**
     * The workspace asked for through {@link #openRequestProperty()} could not be opened: says so in one line, and
     * this window stays on its workspace (the same folder may be asked for again).
     */
    public void onOpenFailed(Path folder, Throwable error) {
        openRequest.set(null);
        notifications.error("Cannot open the workspace " + folder, error);
    }

    /** Remembers that this workspace was opened (first in the recent list). */
    public void onOpened() {
        Path root = studio.files().root();
        runner.run(() -> preferences.addRecent(root), recent::setAll,
                e -> notifications.error("Cannot remember the recent workspaces", e));
    }

    public void onShowPalette() {
        paletteRequests.set(paletteRequests.get() + 1);
    }

    /** Quits once every tab with unsaved changes was asked about. */
    public void onQuit() {
        if (!mayCloseAll()) return;
        quitRequests.set(quitRequests.get() + 1);
    }

    // ---- listing -------------------------------------------------------------------------------------------

    private Scan scan(List<OpenTab> open) {
        WorkspaceFiles files = studio.files();
        WorkspaceFiles.Tree tree = files.tree();
        Set<String> missing = new TreeSet<>();
        for (OpenTab tab : open) {
            if (tab.isFile() && !files.exists(tab.document().path())) missing.add(tab.document().path());
        }
        return new Scan(tree.groups().stream().map(ShellViewModel::node).toList(), tree.prompts(), tree.partials(),
                missing);
    }

    private static WorkspaceNode node(WorkspaceFiles.TreeEntry e) {
        return new WorkspaceNode(Kind.valueOf(e.kind().name()), e.label(), e.tag(), e.prompt(), e.file(), e.path(),
                e.children().stream().map(ShellViewModel::node).toList(), e.problem());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ---- properties ----------------------------------------------------------------------------------------

    /** Every action of the menu bar and the palette, in menu order. */
    public List<ShellAction> actions() {
        return actions;
    }

    /** The four groups: Prompts, Datasets, Experiments, Docs. */
    public ObservableList<WorkspaceNode> groups() {
        return groupsView;
    }

    public ObservableList<OpenTab> tabs() {
        return tabsView;
    }

    /** Recently opened workspaces, newest first. */
    public ObservableList<Path> recent() {
        return recentView;
    }

    public ReadOnlyObjectProperty<WorkspaceNode> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<OpenTab> activeTabProperty() {
        return activeTab.getReadOnlyProperty();
    }

    /** The question the input bar shows, or null. */
    public ReadOnlyObjectProperty<Question> questionProperty() {
        return question.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    /** A workspace the user chose to open next; the application switches to it. */
    public ReadOnlyObjectProperty<Path> openRequestProperty() {
        return openRequest.getReadOnlyProperty();
    }

    /** Grows each time the user asks to choose a workspace folder. */
    public ReadOnlyLongProperty chooseWorkspaceRequestsProperty() {
        return chooseWorkspaceRequests.getReadOnlyProperty();
    }

    /** Grows each time the user asks to quit. */
    public ReadOnlyLongProperty quitRequestsProperty() {
        return quitRequests.getReadOnlyProperty();
    }

    /** Grows each time the user asks for the command palette. */
    public ReadOnlyLongProperty paletteRequestsProperty() {
        return paletteRequests.getReadOnlyProperty();
    }

    /** Grows each time a listing of the workspace ended (filled the tree or failed). */
    public ReadOnlyLongProperty loadsProperty() {
        return loads.getReadOnlyProperty();
    }

    /** "Prompt Studio — name of the workspace folder". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty workspacePathProperty() {
        return workspacePath.getReadOnlyProperty();
    }

    /**
     * Shows {@code shown} as the workspace's path in the status bar: {@code studio screenshot} opens a temporary copy
     * of the user's workspace, and its pictures name the user's folder, not the copy's.
     */
    public void showWorkspaceAs(Path shown) {
        workspacePath.set(shown.toString());
    }

    /** "6 prompts · 1 partial"; empty until the workspace is listed. */
    public ReadOnlyStringProperty promptCountProperty() {
        return promptCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }
}

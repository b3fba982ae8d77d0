package org.promptstudio.ui;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.compare.CompareView;
import org.promptstudio.ui.compare.CompareViewModel;
import org.promptstudio.ui.runs.launch.RunLaunchView;
import org.promptstudio.ui.runs.launch.RunLaunchViewModel;
import org.promptstudio.ui.playground.PlaygroundView;
import org.promptstudio.ui.playground.PlaygroundViewModel;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.common.WindowIcons;
import org.promptstudio.ui.shell.CommandPaletteViewModel;
import org.promptstudio.ui.shell.ShellPreferences;
import org.promptstudio.ui.shell.ShellView;
import org.promptstudio.ui.shell.ShellViewModel;
import org.promptstudio.ui.shell.StatusBarViewModel;
import org.promptstudio.ui.shell.FileTabs;
import org.promptstudio.ui.shell.TabFactory;
import org.promptstudio.ui.shell.TabContent;
import org.promptstudio.ui.shell.ViewKey;
import org.promptstudio.ui.shell.ViewTabs;
import org.promptstudio.ui.history.DiffView;
import org.promptstudio.ui.history.DiffViewModel;
import org.promptstudio.ui.history.HistoryView;
import org.promptstudio.ui.history.HistoryViewModel;
import org.promptstudio.ui.settings.SettingsView;
import org.promptstudio.ui.settings.SettingsViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: opens the workspace given on the command line and builds the window from it. The one
 * place that composes the UI (constructor injection, no framework): the studio, the task runner, the theme, the
 * shell and the tab factories (files in {@link FileTabs}, the views that are no file in {@link #viewTabs}). The
 * database, the models and the embedding model are not touched to show the window; they load when something first
 * needs them. {@link #screenshot} opens the same window and writes a picture of one view.
 */
public final class StudioApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(StudioApp.class);

    public static final double WIDTH = 1400;
    public static final double HEIGHT = 880;
    /** The smallest window the views are laid out for (every control reachable, text wrapped or cut with a tooltip). */
    public static final double MIN_WIDTH = 900;
    public static final double MIN_HEIGHT = 600;

    private static final String MEASURE = "--measure-startup";
    private static final String SCREENSHOT = "--screenshot";
    private static volatile Duration measured;
    private static volatile Screenshots.Request shot;
    private static volatile Screenshots.Result shotResult;

    private FxTaskRunner runner;
    /** The studio of a screenshot's window. */
    private Studio opened;
    /** The workspace the window shows, and switching to another. */
    private WorkspaceSwitch workspaces;

    /** The workspace opened before JavaFX started (by {@code Main}), taken by the first {@link #start}. */
    private static volatile CompletableFuture<Studio> firstOpen;
    /** Why that workspace could not be opened, for a timed start (the window shows it otherwise): one line. */
    private static volatile String startFailure;

    /** Starts JavaFX and opens a window on {@code workspace}; returns when the window is closed. */
    public static void launchWindow(Path workspace) {
        launchWindow(workspace, null);
    }

    /**
     * Starts JavaFX and opens a window on {@code workspace}, taking the studio from {@code opening} (being opened on
     * another thread while JavaFX starts; null: open it here). Returns when the window is closed. A workspace that
     * cannot be opened (a broken studio.yaml, a database another process holds) opens the window all the same, on
     * the reason and the file to mend ({@link #showOpenProblem}).
     *
     * @return empty (kept for a start that may end in one line)
     */
    public static Optional<String> launchWindow(Path workspace, CompletableFuture<Studio> opening) {
        firstOpen = opening;
        startFailure = null;
        Application.launch(StudioApp.class, workspace.toString());
        return startFailure();
    }

    /** Why the last launch could not open its workspace, when it could not. */
    public static Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    /**
     * The views besides files the window opens in tabs. <b>Where a view plugs in</b>: one {@code add} per view, e.g.
     * <pre>
     * views.add(ViewKey.SETTINGS, (key, nav) -&gt; {
     *     SettingsViewModel vm = new SettingsViewModel(studio, runner);
     *     return TabContent.of(new SettingsView(vm).node(), vm);
     * });
     * </pre>
     * {@link ViewKey} carries the prompt and the versions ({@code studio screenshot diff --versions 1,2}); the
     * shell's "Show history", "Compare versions…" and "Settings…" actions and {@code studio screenshot VIEW} open a
     * kind once it is added here, and say it is not available yet before.
     */
    public static ViewTabs viewTabs(Studio studio, TaskRunner runner) {
        return viewTabs(studio, runner, null);
    }

    /**
     * As {@link #viewTabs(Studio, TaskRunner)}; a compare tab opened from these starts {@code compareStart} (models,
     * dataset, limit) as soon as it has read its choices ({@code studio screenshot compare}); null: it waits for Run.
     */
    public static ViewTabs viewTabs(Studio studio, TaskRunner runner,
                                    CompareViewModel.Start compareStart) {
        return viewTabs(studio, runner, compareStart, null);
    }

    /**
     * As {@link #viewTabs(Studio, TaskRunner, CompareViewModel.Start)}; a playground tab opened from these says
     * {@code playgroundStart}'s messages to its models as soon as it has read its choices ({@code studio screenshot
     * playground}); null: it waits for Send.
     */
    public static ViewTabs viewTabs(Studio studio, TaskRunner runner, CompareViewModel.Start compareStart,
                                    PlaygroundViewModel.Start playgroundStart) {
        return viewTabs(studio, runner, compareStart, playgroundStart, false);
    }

    /**
     * As {@link #viewTabs(Studio, TaskRunner, CompareViewModel.Start, PlaygroundViewModel.Start)}; a run launcher
     * opened from these estimates and runs its experiment to the end when {@code launchRun} is true ({@code studio
     * screenshot launch}); false: it waits for Estimate and Start.
     */
    public static ViewTabs viewTabs(Studio studio, TaskRunner runner, CompareViewModel.Start compareStart,
                                    PlaygroundViewModel.Start playgroundStart, boolean launchRun) {
        return viewTabs(studio, runner, compareStart, playgroundStart, launchRun, null);
    }

    /**
     * As {@link #viewTabs(Studio, TaskRunner, CompareViewModel.Start, PlaygroundViewModel.Start, boolean)}; a
     * documents view opened from these indexes the documents, searches and shows the first hit's chunk
     * ({@code documentsStart}, for {@code studio screenshot documents}); null: it waits for the user.
     */
    public static ViewTabs viewTabs(Studio studio, TaskRunner runner, CompareViewModel.Start compareStart,
                                    PlaygroundViewModel.Start playgroundStart, boolean launchRun,
                                    org.promptstudio.ui.documents.DocumentsViewModel.Start documentsStart) {
        return viewTabs(studio, runner, compareStart, playgroundStart, launchRun, documentsStart, null);
    }

    /**
     * As {@link #viewTabs(Studio, TaskRunner, CompareViewModel.Start, PlaygroundViewModel.Start, boolean,
     * org.promptstudio.ui.documents.DocumentsViewModel.Start)}; a dashboards view opened from these starts with the
     * prompt filter and the A/B sides of {@code dashboardsStart} ({@code studio screenshot dashboards --models A,B});
     * null: every filter open, no A/B table.
     */
    public static ViewTabs viewTabs(Studio studio, TaskRunner runner, CompareViewModel.Start compareStart,
                                    PlaygroundViewModel.Start playgroundStart, boolean launchRun,
                                    org.promptstudio.ui.documents.DocumentsViewModel.Start documentsStart,
                                    org.promptstudio.ui.dashboards.DashboardsViewModel.Start dashboardsStart) {
        ViewTabs views = new ViewTabs();
        views.add(ViewKey.HISTORY, (key, nav) -> {
            // The prompt goes as named: the view model's reads (on the runner) find its file, not the UI thread.
            HistoryViewModel vm = new HistoryViewModel(studio.versions(), studio.branches(), studio.publishing(),
                    runner, key.prompt());
            HistoryView view = new HistoryView(vm);
            // A file in conflict during a merge opens in the editor; the property passes through null between asks.
            vm.openFileRequestProperty().addListener((obs, old, path) -> {
                if (path != null) nav.onOpenPath(path);
            });
            return viewTab(view.node(), view, vm.titleProperty(), () -> !vm.loadedProperty().get(), vm::onRefresh, null);
        });
        views.add(ViewKey.DIFF, (key, nav) -> {
            // No versions: what the working copy changes against the newest version (as `git diff` shows);
            // one: that version against the working copy.
            List<String> v = key.versions();
            String from = v.isEmpty() ? "latest" : v.get(0);
            String to = v.size() > 1 ? v.get(1) : "working";
            DiffViewModel vm = new DiffViewModel(studio.versions(), runner, key.prompt(), from, to);
            DiffView view = new DiffView(vm);
            return viewTab(view.node(), view, vm.titleProperty(), () -> !vm.loadedProperty().get(), null,
                    vm.errorProperty()::get);
        });
        views.add(ViewKey.COMPARE, (key, nav) -> {
            CompareViewModel vm = new CompareViewModel(studio, runner);
            vm.promptProperty().set(key.prompt());
            if (!key.versions().isEmpty()) vm.versions().setAll(key.versions());
            vm.preferDataset(studio.defaultDataset());
            if (compareStart != null) vm.onRunWhenReady(compareStart);
            vm.savedExperimentProperty().addListener((obs, old, saved) -> {
                if (saved != null) nav.onOpenView(ViewKey.launch(saved.name(), saved.limit()));
            });
            return viewTab(new CompareView(vm).node(), vm,
                    new javafx.beans.property.SimpleStringProperty(key.title()), vm::busy, null, vm.errorProperty()::get);
        });
        views.add(ViewKey.RUNS, (key, nav) -> {
            org.promptstudio.ui.runs.RunsViewModel vm = new org.promptstudio.ui.runs.RunsViewModel(studio, runner,
                    key.runId());
            vm.setGridOpener(id -> nav.onOpenView(ViewKey.runGrid(id)));
            return viewTab(new org.promptstudio.ui.runs.RunsView(vm).node(), vm,
                    new javafx.beans.property.SimpleStringProperty(key.title()), vm::busy, vm::onRefresh,
                    vm.errorProperty()::get);
        });
        views.add(ViewKey.CALLS, (key, nav) -> {
            org.promptstudio.ui.runs.CallsViewModel vm = new org.promptstudio.ui.runs.CallsViewModel(studio, runner,
                    key.runId());
            return viewTab(new org.promptstudio.ui.runs.CallsView(vm).node(), vm,
                    new javafx.beans.property.SimpleStringProperty(key.title()), () -> !vm.loadedProperty().get(),
                    vm::onApply, null);
        });
        views.add(ViewKey.LAUNCH, (key, nav) -> {
            RunLaunchViewModel vm = new RunLaunchViewModel(studio, runner);
            if (!key.prompt().isEmpty()) vm.experimentProperty().set(key.prompt());
            if (key.versions().size() == 1) vm.limitProperty().set(key.versions().get(0));
            if (launchRun) vm.onRunWhenReady();
            // The run list with the run's scoreboard (ui.runs); the run in the compare grid (decision 0090).
            vm.setOpeners(id -> nav.onOpenView(ViewKey.run(id)), id -> nav.onOpenView(ViewKey.runGrid(id)));
            return viewTab(new RunLaunchView(vm).node(), vm, new javafx.beans.property.SimpleStringProperty(key.title()),
                    vm::busy, null, null);
        });
        views.add(ViewKey.PLAYGROUND, (key, nav) -> {
            PlaygroundViewModel vm = new PlaygroundViewModel(studio, runner);
            vm.promptProperty().set(key.prompt());
            if (playgroundStart != null) vm.onStartWhenReady(playgroundStart);
            return viewTab(new PlaygroundView(vm).node(), vm,
                    new javafx.beans.property.SimpleStringProperty(key.title()), vm::busy, null, vm.errorProperty()::get);
        });
        views.add(ViewKey.GRID, (key, nav) -> {
            // A recorded run in the compare grid, read-only (decision 0090).
            CompareViewModel vm = new CompareViewModel(studio, runner);
            if (key.runId() != null) vm.onShowRun(key.runId());
            return viewTab(new CompareView(vm).node(), vm,
                    new javafx.beans.property.SimpleStringProperty(key.title()), vm::busy, null, vm.errorProperty()::get);
        });
        views.add(ViewKey.LABELLING, (key, nav) -> {
            // The labelling window (decision 0129): the queue the key names, else the first.
            org.promptstudio.ui.labelling.LabellingViewModel vm = new org.promptstudio.ui.labelling.LabellingViewModel(
                    new org.promptstudio.ui.labelling.StudioLabelSource(studio), runner, key.prompt());
            return viewTab(new org.promptstudio.ui.labelling.LabellingView(vm).node(), vm,
                    new javafx.beans.property.SimpleStringProperty(key.title()), vm::busy, vm::refreshQueues,
                    vm.errorProperty()::get);
        });
        views.add(ViewKey.DOCUMENTS, (key, nav) -> {
            // The document index (issue 14): status, ingestion, search and chunks; it watches the folders while shown.
            org.promptstudio.ui.documents.DocumentsViewModel vm = new org.promptstudio.ui.documents.DocumentsViewModel(
                    studio, runner);
            if (documentsStart != null) vm.onStartWhenReady(documentsStart);
            return viewTab(new org.promptstudio.ui.documents.DocumentsView(vm).node(), vm,
                    new javafx.beans.property.SimpleStringProperty(key.title()), vm::busy, vm::onRefresh,
                    vm.errorProperty()::get);
        });
        views.add(ViewKey.DASHBOARDS, (key, nav) -> {
            // The monitor figures (issue 15): filters, charts and the A/B table over the workspace's calls.
            org.promptstudio.ui.dashboards.DashboardsViewModel vm = new org.promptstudio.ui.dashboards.DashboardsViewModel(
                    monitorSource(studio), runner);
            if (dashboardsStart != null) vm.onStart(dashboardsStart);
            org.promptstudio.ui.dashboards.DashboardsView view = new org.promptstudio.ui.dashboards.DashboardsView(vm);
            return viewTab(view.node(), vm, new javafx.beans.property.SimpleStringProperty(key.title()), vm::busy,
                    vm::onRefresh, vm.errorProperty()::get);
        });
        views.add(ViewKey.SETTINGS, (key, nav) -> {
            SettingsViewModel vm = new SettingsViewModel(studio, runner);
            // studio.yaml under the folder the window names: the user's, for a picture of a temporary copy
            vm.showWorkspaceAs(java.nio.file.Path.of(nav.workspacePathProperty().get()));
            // Both ways: the settings' theme buttons change the shell's look, and a change from the View menu shows
            // here while the tab is shown (the shell's listener goes with the tab's deactivation).
            vm.themeProperty().set(nav.themeProperty().get());
            vm.themeProperty().addListener((obs, old, theme) -> {
                if (theme != null && theme != nav.themeProperty().get()) nav.onTheme(theme);
            });
            javafx.beans.value.ChangeListener<org.promptstudio.ui.common.Theme> fromShell =
                    (obs, old, theme) -> vm.themeProperty().set(theme);
            return TabContent.of(new SettingsView(vm).node(), new org.promptstudio.ui.common.Activatable() {
                @Override
                public void onActivate() {
                    vm.themeProperty().set(nav.themeProperty().get());
                    nav.themeProperty().addListener(fromShell);
                    vm.onActivate();
                }

                @Override
                public void onDeactivate() {
                    nav.themeProperty().removeListener(fromShell);
                    vm.onDeactivate();
                }
            });
        });
        return views;
    }

    /** What the dashboards read: the workspace's monitor figures ({@code app.Monitoring}). */
    static org.promptstudio.ui.dashboards.MonitorSource monitorSource(Studio studio) {
        return new org.promptstudio.ui.dashboards.StudioMonitorSource(studio);
    }

    /**
     * A view's tab: its node, shown and hidden with {@code lifecycle}, titled, busy until its work is done, reloaded
     * by {@code reload} (null: nothing to reload), failed while {@code error} gives a non-blank line (null: never).
     */
    private static TabContent viewTab(javafx.scene.Node node, org.promptstudio.ui.common.Activatable lifecycle,
                                      javafx.beans.value.ObservableValue<String> title,
                                      java.util.function.BooleanSupplier busy, Runnable reload,
                                      java.util.function.Supplier<String> error) {
        return new TabContent() {
            @Override
            public javafx.scene.Node node() {
                return node;
            }

            @Override
            public javafx.beans.value.ObservableValue<String> title() {
                return title;
            }

            @Override
            public boolean busy() {
                return busy.getAsBoolean();
            }

            @Override
            public void reload() {
                if (reload != null) reload.run();
            }

            @Override
            public Optional<String> problem() {
                String e = error == null ? null : error.get();
                return e == null || e.isBlank() ? Optional.empty() : Optional.of(e);
            }

            @Override
            public void onActivate() {
                lifecycle.onActivate();
            }

            @Override
            public void onDeactivate() {
                lifecycle.onDeactivate();
            }
        };
    }

    /**
     * Starts JavaFX, opens the real window on the request's workspace at its size and theme, goes to its view, waits
     * until the window's background work is done (no task running, the tab's preview worked out) and a frame more
     * was drawn, writes the PNG and exits. See {@link Screenshots}.
     *
     * @return exit code 0 with the file written, 2 for a view or prompt that cannot be shown (one line saying why),
     * 1 when the picture could not be made
     */
    public static Screenshots.Result screenshot(Screenshots.Request request) {
        shot = request;
        shotResult = null;
        Application.launch(StudioApp.class, request.workspace().toString(), SCREENSHOT);
        Screenshots.Result r = shotResult;
        return r != null ? r : new Screenshots.Result(1, "the window closed before the picture was taken");
    }

    /**
     * Starts JavaFX, opens the window on {@code workspace}, and closes it as soon as the first frame showing the
     * workspace's tree has been drawn.
     *
     * @return the time from the start of this process (as the system reports it, else the JVM's start) to that
     * frame; empty when the window could not show the workspace
     */
    public static Optional<Duration> measureStartup(Path workspace) {
        return measureStartup(workspace, null);
    }

    /** As {@link #measureStartup(Path)}, taking the studio from {@code opening} as {@link #launchWindow} does. */
    public static Optional<Duration> measureStartup(Path workspace, CompletableFuture<Studio> opening) {
        measured = null;
        firstOpen = opening;
        startFailure = null;
        Application.launch(StudioApp.class, workspace.toString(), MEASURE);
        return Optional.ofNullable(measured);
    }

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        Path workspace = Path.of(args.isEmpty() ? "." : args.get(0)).toAbsolutePath().normalize();
        boolean measure = args.contains(MEASURE);
        Studio first = null;
        Throwable failedFirst = null;
        CompletableFuture<Studio> given = firstOpen;
        firstOpen = null;
        if (given != null) {
            // Opening a workspace reads studio.yaml and finds its git folder (no database, no model): waiting for it
            // here, before anything is shown, keeps a folder that cannot be opened to one line and no window.
            try {
                first = given.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                failedFirst = e.getCause() != null ? e.getCause() : e;
                LOG.debug("cannot open workspace {}", workspace, failedFirst);
                if (measure) {
                    // A timed start measures the shell: a workspace that does not open ends it with one line.
                    startFailure = org.promptstudio.model.ErrorText.reason(failedFirst);
                    Platform.exit();
                    return;
                }
            }
        }
        runner = FxTaskRunner.forThisMachine();
        // The application's icon from the first frame on ("Opening ...", a workspace that cannot be opened).
        WindowIcons.apply(stage);
        if (args.contains(SCREENSHOT)) {
            Screenshots.take(stage, shot, runner, result -> {
                shotResult = result;
                stage.close();
                Platform.exit();
            }, studio -> opened = studio);
            return;
        }
        ShellPreferences preferences = ShellPreferences.inConfigFolder();
        preferences.theme().apply();
        stage.setTitle("Prompt Studio — " + workspace.getFileName());
        if (first != null) {
            open(stage, workspace, first, preferences, null, measure);
            return;
        }
        if (failedFirst != null) {
            // Someone who started the studio from a desktop icon reads no terminal: the window says why, with
            // studio.yaml to mend in place when that is the cause.
            showOpenProblem(stage, workspace, failedFirst, preferences);
            return;
        }
        Label opening = new Label("Opening " + workspace + " …");
        opening.getStyleClass().add(Styles.TEXT_MUTED);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(new StackPane(opening), fit(WIDTH, screen.getWidth()),
                fit(HEIGHT, screen.getHeight())));
        stage.show();
        open(stage, workspace, first, preferences, opening, measure);
    }

    /**
     * Opens {@code workspace} in the background (or takes {@code alreadyOpen}), then puts its shell on
     * {@code stage}; later switches (File ▸ Open workspace, the recent list) go through the same
     * {@link WorkspaceSwitch}, which closes the workspace shown before.
     */
    private void open(Stage stage, Path workspace, Studio alreadyOpen, ShellPreferences preferences, Label opening,
                      boolean measure) {
        switcher(stage, preferences, measure);
        if (alreadyOpen != null) {
            // Already open: the shell is the first thing drawn (no "Opening…" scene laid out and styled before it).
            workspaces.show(alreadyOpen);
            return;
        }
        workspaces.open(workspace, error -> {
            LOG.error("cannot open workspace {}", workspace, error);
            if (measure) {
                startFailure = org.promptstudio.model.ErrorText.reason(error);
                Platform.exit();
            } else {
                showOpenProblem(stage, workspace, error, preferences);
            }
        });
    }

    /** The window's {@link WorkspaceSwitch}, made the first time. */
    private WorkspaceSwitch switcher(Stage stage, ShellPreferences preferences, boolean measure) {
        if (workspaces == null) {
            workspaces = new WorkspaceSwitch(stage, runner, preferences, Studio::open, window -> {
                if (!measure) window.vm().onOpened(); // a timed start is no use of the workspace: the recent list stays
                window.vm().quitRequestsProperty().addListener((obs, old, n) -> stage.close());
                if (measure) afterFirstFrameWithTree(window.vm(), stage);
            });
        }
        return workspaces;
    }

    /**
     * Shows on {@code stage} why {@code workspace} could not be opened ({@link OpenProblemView}); once it, or another
     * folder the user picks there, opens, its shell replaces it.
     */
    private void showOpenProblem(Stage stage, Path workspace, Throwable error, ShellPreferences preferences) {
        WorkspaceSwitch to = switcher(stage, preferences, false);
        showOpenProblem(stage, workspace, error, runner, to::show);
    }

    /**
     * Puts an {@link OpenProblemView} for {@code workspace} on {@code stage} and starts reading its studio.yaml;
     * {@code onOpened} gets the studio of the workspace (or of another one the user chose) once it opened. Tests
     * show the view through here.
     *
     * @return the view's model (the shell comes later, through {@code onOpened})
     */
    public static org.promptstudio.ui.shell.OpenProblemViewModel showOpenProblem(Stage stage, Path workspace, Throwable error, TaskRunner runner,
                                         java.util.function.Consumer<Studio> onOpened) {
        org.promptstudio.ui.shell.OpenProblemViewModel vm = new org.promptstudio.ui.shell.OpenProblemViewModel(
                workspace, error, runner, Studio::open, onOpened);
        org.promptstudio.ui.shell.OpenProblemView view = new org.promptstudio.ui.shell.OpenProblemView(vm);
        vm.chooseRequestsProperty().addListener((obs, old, n) -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open a workspace (a folder with studio.yaml)");
            vm.onOpenOther(Optional.ofNullable(chooser.showDialog(stage)).map(java.io.File::toPath).orElse(null));
        });
        if (stage.getScene() == null) {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            stage.setScene(new Scene(view.root(), fit(WIDTH, screen.getWidth()), fit(HEIGHT, screen.getHeight())));
        } else {
            stage.getScene().setRoot(view.root());
        }
        stage.titleProperty().unbind();
        stage.setTitle("Prompt Studio — cannot open " + workspace.getFileName());
        stage.show();
        vm.onLoad();
        return vm;
    }

    /** Once the tree is filled and a frame with it has been drawn, records the time and exits. */
    private static void afterFirstFrameWithTree(ShellViewModel vm, Stage stage) {
        Runnable measureNow = () -> Fx.afterFrames(1, () -> {
            measured = Duration.between(processStart(), Instant.now());
            stage.close();
            Platform.exit();
        });
        if (vm.loadsProperty().get() > 0) measureNow.run();
        else vm.loadsProperty().addListener((obs, old, n) -> {
            if (old.longValue() == 0) measureNow.run();
        });
    }

    /** When this process started: the system's figure, else the JVM's own. */
    static Instant processStart() {
        // The launcher's own clock reading (bin/studio sets it just before it starts Java), else the JVM's start
        // (milliseconds). Not ProcessHandle's start instant: Linux gives it from the boot time in whole seconds,
        // which put up to a second too much into the figure (measured against /usr/bin/time, decision 0065).
        String launched = System.getenv(LAUNCHED_AT);
        if (launched != null && launched.matches("[0-9]{12,14}")) return Instant.ofEpochMilli(Long.parseLong(launched));
        return Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** The environment variable in which the launcher passes when it started (ms since the epoch). */
    static final String LAUNCHED_AT = "STUDIO_LAUNCHED_AT_MS";

    /**
     * Puts the main window for {@code studio} on {@code stage} with the remembered theme and starts listing the
     * workspace, with the user's own preferences, files in their tabs (prompts in the editor) and the views of
     * {@link #viewTabs}. Tests open the real window through here.
     */
    public static ShellViewModel show(Stage stage, Studio studio, TaskRunner runner) {
        return show(stage, studio, runner, ShellPreferences.inConfigFolder(), new FileTabs(studio, runner));
    }

    /**
     * As {@link #show(Stage, Studio, TaskRunner)}, with the preferences kept in {@code preferences} and tabs made by
     * {@code tabs}.
     */
    public static ShellViewModel show(Stage stage, Studio studio, TaskRunner runner, ShellPreferences preferences,
                                      TabFactory tabs) {
        return window(stage, studio, runner, preferences, tabs, viewTabs(studio, runner)).vm();
    }

    /** The shell's view model and view, as {@link #window} put them on a stage. */
    public record Window(ShellViewModel vm, ShellView view) {
    }

    /**
     * As {@link #show(Stage, Studio, TaskRunner, ShellPreferences, TabFactory)}, with the views of {@code views};
     * closing the stage asks first about every tab with unsaved changes.
     */
    public static Window window(Stage stage, Studio studio, TaskRunner runner, ShellPreferences preferences,
                                TabFactory tabs, ViewTabs views) {
        Notifications notifications = new Notifications();
        ShellViewModel vm = new ShellViewModel(studio, runner, notifications, preferences, views::has);
        StatusBarViewModel status = new StatusBarViewModel(studio, runner);
        CommandPaletteViewModel palette = new CommandPaletteViewModel(vm.actions());
        vm.themeProperty().get().apply();
        vm.themeProperty().addListener((obs, old, theme) -> theme.apply());
        ShellView view = new ShellView(vm, status, palette, tabs, views, notifications);
        vm.chooseWorkspaceRequestsProperty().addListener((obs, old, n) -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open a workspace (a folder with studio.yaml)");
            vm.onOpenWorkspace(Optional.ofNullable(chooser.showDialog(stage)).map(java.io.File::toPath).orElse(null));
        });
        Scene scene = stage.getScene();
        if (scene == null) {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            stage.setScene(new Scene(view.root(), fit(WIDTH, screen.getWidth()), fit(HEIGHT, screen.getHeight())));
        } else {
            scene.setRoot(view.root());
        }
        WindowIcons.apply(stage);
        // Below this the views cannot lay out their controls (they stack and wrap down to it, docs/decisions/0069).
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.titleProperty().unbind();
        stage.titleProperty().bind(vm.titleProperty());
        stage.show();
        // The branch and the models are asked once a frame with the tree is drawn: the first frame waits for no provider.
        vm.loadsProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number old, Number n) {
                vm.loadsProperty().removeListener(this);
                Fx.afterFrames(1, status::onRefresh);
            }
        });
        // A switch, merge or commit (from the history tab, the editor or git itself): the status bar's branch follows.
        vm.headChangesProperty().addListener((obs, old, n) -> status.onBranchChanged());
        vm.onLoad();
        vm.onWatch();
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> vm.onClose());
        stage.setOnCloseRequest(e -> {
            if (!vm.mayCloseAll()) e.consume();
        });
        return new Window(vm, view);
    }

    /** The preferred size, or the screen's when the screen is smaller. */
    private static double fit(double preferred, double screen) {
        return screen > 0 ? Math.min(preferred, screen) : preferred;
    }

    @Override
    public void stop() {
        CompletableFuture<Void> closed = workspaces != null ? workspaces.close() : CompletableFuture.completedFuture(null);
        if (opened != null) opened.close(); // a screenshot's workspace
        opened = null;
        try {
            // The work of the shell was cancelled; a job deaf to that must not keep the database open past the exit.
            closed.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the workspace's work did not end in time; closing anyway", e);
        }
        if (runner != null) runner.close();
    }
}

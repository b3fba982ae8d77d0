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
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.shell.CommandPaletteViewModel;
import org.promptstudio.ui.shell.ShellPreferences;
import org.promptstudio.ui.shell.ShellView;
import org.promptstudio.ui.shell.ShellViewModel;
import org.promptstudio.ui.shell.StatusBarViewModel;
import org.promptstudio.ui.shell.TabFactory;
import org.promptstudio.ui.shell.ViewerTabs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: opens the workspace given on the command line and builds the window from it. The one
 * place that composes the UI (constructor injection, no framework): the studio, the task runner, the theme, the
 * shell and the tab factory. The database, the models and the embedding model are not touched to show the window;
 * they load when something first needs them.
 */
public final class StudioApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(StudioApp.class);

    public static final double WIDTH = 1400;
    public static final double HEIGHT = 880;

    private static final String MEASURE = "--measure-startup";
    private static volatile Duration measured;

    private FxTaskRunner runner;
    private Studio opened;
    private ShellViewModel shell;

    /** The workspace opened before JavaFX started (by {@code Main}), taken by the first {@link #start}. */
    private static volatile CompletableFuture<Studio> firstOpen;
    /** Why that workspace could not be opened: the one line the user reads. */
    private static volatile String startFailure;

    /** Starts JavaFX and opens a window on {@code workspace}; returns when the window is closed. */
    public static void launchWindow(Path workspace) {
        launchWindow(workspace, null);
    }

    /**
     * Starts JavaFX and opens a window on {@code workspace}, taking the studio from {@code opening} (being opened on
     * another thread while JavaFX starts; null: open it here). Returns when the window is closed: empty, or the one
     * line saying why the workspace could not be opened (then no window was shown).
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
        CompletableFuture<Studio> given = firstOpen;
        firstOpen = null;
        if (given != null) {
            // Opening a workspace reads studio.yaml and finds its git folder (no database, no model): waiting for it
            // here, before anything is shown, keeps a folder that cannot be opened to one line and no window.
            try {
                first = given.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                LOG.debug("cannot open workspace {}", workspace, cause);
                startFailure = org.promptstudio.model.ErrorText.reason(cause);
                Platform.exit();
                return;
            }
        }
        runner = FxTaskRunner.forThisMachine();
        ShellPreferences preferences = ShellPreferences.inConfigFolder();
        preferences.theme().apply();
        stage.setTitle("Prompt Studio — " + workspace.getFileName());
        Label opening = new Label("Opening " + workspace + " …");
        opening.getStyleClass().add(Styles.TEXT_MUTED);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(new StackPane(opening), fit(WIDTH, screen.getWidth()),
                fit(HEIGHT, screen.getHeight())));
        stage.show();
        open(stage, workspace, first, preferences, opening, measure);
    }

    /**
     * Opens {@code workspace} in the background (or takes {@code opened}, already open), then puts its shell on
     * {@code stage} (closing the one before).
     */
    private void open(Stage stage, Path workspace, Studio alreadyOpen, ShellPreferences preferences, Label opening,
                      boolean measure) {
        runner.run(() -> alreadyOpen != null ? alreadyOpen : Studio.open(workspace),
                studio -> {
                    closeWorkspace();
                    opened = studio;
                    ShellViewModel vm = show(stage, studio, runner, preferences, new ViewerTabs(studio, runner));
                    shell = vm;
                    vm.onOpened();
                    vm.openRequestProperty().addListener((obs, old, next) -> {
                        if (next != null) open(stage, next, null, preferences, null, false);
                    });
                    vm.quitRequestsProperty().addListener((obs, old, n) -> stage.close());
                    if (measure) afterFirstFrameWithTree(vm, stage);
                },
                error -> {
                    LOG.error("cannot open workspace {}", workspace, error);
                    if (opening != null) {
                        opening.setText("Cannot open the workspace: " + org.promptstudio.model.ErrorText.reason(error));
                        opening.getStyleClass().setAll("label", Styles.DANGER);
                    }
                    if (measure) Platform.exit();
                });
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
        return ProcessHandle.current().info().startInstant()
                .orElseGet(() -> Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    /**
     * Puts the main window for {@code studio} on {@code stage} with the remembered theme and starts listing the
     * workspace, with the user's own preferences and the viewer tabs. Tests and the screenshot tool open the real
     * window through here.
     */
    public static ShellViewModel show(Stage stage, Studio studio, TaskRunner runner) {
        return show(stage, studio, runner, ShellPreferences.inConfigFolder(), new ViewerTabs(studio, runner));
    }

    /**
     * As {@link #show(Stage, Studio, TaskRunner)}, with the preferences kept in {@code preferences} and tabs made by
     * {@code tabs}.
     */
    public static ShellViewModel show(Stage stage, Studio studio, TaskRunner runner, ShellPreferences preferences,
                                      TabFactory tabs) {
        Notifications notifications = new Notifications();
        ShellViewModel vm = new ShellViewModel(studio, runner, notifications, preferences);
        StatusBarViewModel status = new StatusBarViewModel(studio, runner);
        CommandPaletteViewModel palette = new CommandPaletteViewModel(vm.actions());
        vm.themeProperty().get().apply();
        vm.themeProperty().addListener((obs, old, theme) -> theme.apply());
        ShellView view = new ShellView(vm, status, palette, tabs, notifications);
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
        vm.onLoad();
        vm.onWatch();
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> vm.onClose());
        return vm;
    }

    /** The preferred size, or the screen's when the screen is smaller. */
    private static double fit(double preferred, double screen) {
        return screen > 0 ? Math.min(preferred, screen) : preferred;
    }

    private void closeWorkspace() {
        if (shell != null) shell.onClose();
        shell = null;
        if (opened != null) opened.close(); // the database, when it was opened
        opened = null;
    }

    @Override
    public void stop() {
        closeWorkspace();
        if (runner != null) runner.close();
    }
}

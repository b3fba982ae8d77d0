package org.promptstudio.ui;

import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.workspace.WorkspaceView;
import org.promptstudio.ui.workspace.WorkspaceViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: opens the workspace given on the command line and builds the window from it. The one
 * place that composes the UI (constructor injection, no framework).
 */
public final class StudioApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(StudioApp.class);

    public static final double WIDTH = 1400;
    public static final double HEIGHT = 880;

    private FxTaskRunner runner;

    /** Starts JavaFX and opens a window on {@code workspace}; returns when the window is closed. */
    public static void launchWindow(Path workspace) {
        Application.launch(StudioApp.class, workspace.toString());
    }

    private Studio opened;

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        Path workspace = Path.of(args.isEmpty() ? "." : args.get(0)).toAbsolutePath().normalize();
        runner = FxTaskRunner.forThisMachine();
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setTitle("Prompt Studio — " + workspace.getFileName());
        Label opening = new Label("Opening " + workspace + " …");
        opening.getStyleClass().add(Styles.TEXT_MUTED);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(new StackPane(opening), fit(WIDTH, screen.getWidth()),
                fit(HEIGHT, screen.getHeight())));
        stage.show();
        // Opening a workspace may read files (and later a database): never on the JavaFX thread.
        runner.run(() -> Studio.open(workspace),
                studio -> {
                    opened = studio;
                    show(stage, studio, runner);
                },
                error -> {
                    LOG.error("cannot open workspace {}", workspace, error);
                    opening.setText("Cannot open the workspace: " + error.getMessage());
                    opening.getStyleClass().setAll("label", Styles.DANGER);
                });
    }

    /**
     * Puts the main window for {@code studio} on {@code stage} with the AtlantaFX theme and starts listing the
     * workspace. Tests and the screenshot tool open the real window through here.
     */
    public static WorkspaceViewModel show(Stage stage, Studio studio, TaskRunner runner) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        WorkspaceViewModel vm = new WorkspaceViewModel(studio, runner);
        WorkspaceView view = new WorkspaceView(vm);
        Scene scene = stage.getScene();
        if (scene == null) {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            stage.setScene(new Scene(view.root(), fit(WIDTH, screen.getWidth()), fit(HEIGHT, screen.getHeight())));
        } else {
            scene.setRoot(view.root());
        }
        stage.titleProperty().bind(vm.titleProperty());
        stage.show();
        vm.onLoad();
        return vm;
    }

    /** The preferred size, or the screen's when the screen is smaller. */
    private static double fit(double preferred, double screen) {
        return screen > 0 ? Math.min(preferred, screen) : preferred;
    }

    @Override
    public void stop() {
        if (runner != null) runner.close();
        if (opened != null) opened.close(); // the database, when it was opened
    }
}

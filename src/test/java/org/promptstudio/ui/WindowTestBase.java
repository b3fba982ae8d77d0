package org.promptstudio.ui;

import java.nio.file.Path;
import javafx.scene.Parent;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * A feature's window test (headless under Monocle): the workspace {@link #openWorkspace} makes, a task runner with two
 * threads and the primary stage before each test; stages, runner and workspace closed after; {@link #show} puts a
 * view in a 1260 x 780 window in the light theme.
 */
public abstract class WindowTestBase extends FxThreadRobot {

    @TempDir
    protected Path dir;
    protected Studio studio;
    protected FxTaskRunner runner;

    /** Makes and opens the test's workspace in {@code dir} (an empty temporary folder). */
    protected abstract Studio openWorkspace(Path dir) throws Exception;

    @BeforeEach
    protected void openWindowWorkspace() throws Exception {
        studio = openWorkspace(dir);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    protected void closeWindowWorkspace() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    /** Shows {@code root} (built on the FX thread) as the scene of the primary stage, 1260 x 780, light theme. */
    protected void show(Parent root) throws Exception {
        FxToolkit.setupStage(stage -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            stage.setScene(new Scene(root, 1260, 780));
            stage.show();
        });
    }
}

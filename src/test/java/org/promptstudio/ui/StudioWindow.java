package org.promptstudio.ui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioSettings;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.shell.FileTabs;
import org.promptstudio.ui.shell.ShellPreferences;
import org.promptstudio.ui.shell.ShellViewModel;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The studio's main window for a window test (TestFX, Monocle), as {@link StudioApp} builds it: made with
 * {@code new StudioWindow(dir)}, which points the user's config folder at {@code dir/config} (so a test never reads
 * or writes the real one; make the {@link Studio} after this), then {@link #open} shows the window over a workspace,
 * its preferences in {@code dir/window.properties}; {@link #close} in {@code @AfterEach} closes it, the task runner
 * and the studio, and puts the config folder setting back.
 */
public final class StudioWindow {

    private final Path dir;
    private final String configDirBefore;
    private Studio studio;
    private FxTaskRunner runner;
    private ShellViewModel vm;

    /** Points the config folder at {@code dir/config}; {@code dir} is the test's temporary folder. */
    public StudioWindow(Path dir) {
        this.dir = dir;
        configDirBefore = System.getProperty(StudioSettings.CONFIG_DIR_PROPERTY);
        System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, dir.resolve("config").toString());
    }

    /**
     * Shows the window over {@code studio} with every view, on a fresh primary stage ({@link ScreenshotFixture#fresh}),
     * and returns its view model once the status bar counts the workspace's files (within 60 seconds, else the
     * {@link java.util.concurrent.TimeoutException}). This window owns {@code studio} from now on.
     */
    public ShellViewModel open(Studio studio) throws Exception {
        this.studio = studio;
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> vm = StudioApp.window(ScreenshotFixture.fresh(stage), studio, runner,
                new ShellPreferences(dir.resolve("window.properties")), new FileTabs(studio, runner),
                StudioApp.viewTabs(studio, runner)).vm());
        FxRobot robot = new FxThreadRobot();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(() -> !robot.lookup("#statusCount").queryLabeled().getText().isEmpty())
                    .get();
        });
        return vm;
    }

    /** Closes the window without asking about unsaved work, then the task runner and the studio (when opened). */
    public void close() throws Exception {
        try {
            if (vm != null) WaitForAsyncUtils.asyncFx(() -> vm.setCloseGuard(t -> true)).get(1, TimeUnit.MINUTES);
            FxToolkit.cleanupStages();
            if (runner != null) runner.close();
            if (studio != null) studio.close();
        } finally {
            if (configDirBefore == null) System.clearProperty(StudioSettings.CONFIG_DIR_PROPERTY);
            else System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, configDirBefore);
        }
    }
}

package org.promptstudio.ui.playground;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.ScreenshotFixture;
import org.promptstudio.ui.StudioApp;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.NotificationView;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.shell.FileTabs;
import org.promptstudio.ui.shell.ShellPreferences;
import org.promptstudio.ui.shell.ShellViewModel;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A notice the user has not closed stays beside the views, never over them (decision 0102): in the real window,
 * headless under Monocle, a notice from an earlier action and the playground's Send and Stop (bottom right, where
 * the notices used to float) are both on screen, apart.
 */
class PlaygroundNoticeWindowTest extends FxThreadRobot {

    @TempDir
    Path root;
    @TempDir
    Path config;
    Studio studio;
    FxTaskRunner runner;
    ShellViewModel vm;

    @BeforeEach
    void open() throws Exception {
        TestWorkspace.create(root);
        studio = Studio.open(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> vm = StudioApp.show(ScreenshotFixture.fresh(s), studio, runner,
                new ShellPreferences(config.resolve("window.properties")), new FileTabs(studio, runner)));
        waitUntil(() -> !lookup("#statusCount").queryLabeled().getText().isEmpty());
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    @Test
    void aStandingNoticeCoversNoneOfThePlaygroundsControls() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> vm.onOpenPath("notes/missing.txt")).get();
        waitUntil(() -> lookup("#notification").tryQuery().isPresent());
        WaitForAsyncUtils.asyncFx(vm::onPlayground).get();
        waitUntil(() -> lookup("#playgroundStop").tryQuery().isPresent() && lookup("#playgroundStop").query().isVisible());

        Bounds notice = onScreen(lookup("#notification").query());
        assertThat(notice.getWidth()).as("the notice is shown").isPositive();
        for (String id : new String[] {"#playgroundView", "#playgroundSend", "#playgroundStop"}) {
            assertThat(notice.intersects(onScreen(lookup(id).query()))).as("the notice is clear of " + id).isFalse();
        }
    }

    @Test
    void fourNoticesWithTheirDetailsOpenTakeAtMostAThirdOfTheWindow() throws Exception {
        for (int i = 1; i <= Notifications.KEPT; i++) {
            String path = "notes/missing" + i + ".txt";
            WaitForAsyncUtils.asyncFx(() -> vm.onOpenPath(path)).get();
            // each open fails on the task pool: wait for its notice before the next, so "newest" is this one
            int shown = i;
            waitUntil(() -> lookup("#notification").tryQuery()
                    .map(n -> ((atlantafx.base.controls.Notification) n).getMessage()).orElse("")
                    .contains("missing" + shown + ".txt"));
        }
        waitUntil(() -> lookup("#notificationsMore").tryQuery().map(n -> ((Labeled) n).getText()).orElse("")
                .equals("+" + (Notifications.KEPT - 1) + " more"));
        assertThat(lookup("#notification").queryAll()).as("the newest only").hasSize(1);
        assertThat(lookup("#notification").queryAs(atlantafx.base.controls.Notification.class).getMessage())
                .contains("missing" + Notifications.KEPT);

        clickOn("#notificationsMore");
        waitUntil(() -> lookup("#notification").queryAll().size() == Notifications.KEPT);
        for (Node details : lookup("#notificationDetailsButton").queryAll()) {
            WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.control.Button) details).fire()).get();
        }
        WaitForAsyncUtils.waitForFxEvents();

        double window = lookup("#notifications").query().getScene().getHeight();
        Bounds shown = onScreen(lookup("#notificationsScroll").query());
        assertThat(shown.getHeight()).as("the notices' part of a %s px window", window)
                .isLessThanOrEqualTo(window * NotificationView.HEIGHT_SHARE + 1);
        assertThat(onScreen(lookup("#notifications").query()).getHeight()).isLessThan(window * 0.4);
    }

    private static Bounds onScreen(Node node) {
        return node.localToScene(node.getBoundsInLocal());
    }

    void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }
}

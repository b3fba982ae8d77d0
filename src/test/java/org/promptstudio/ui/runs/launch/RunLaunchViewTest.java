package org.promptstudio.ui.runs.launch;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.RunStatus;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.promptstudio.ui.ScreenshotFixture;

/**
 * The run launcher in a real window, headless under Monocle: a run with a budget of calls stops and says so; a run
 * held at a local server is cancelled and then resumed to the end. Controls found by id.
 */
class RunLaunchViewTest extends FxThreadRobot {

    @TempDir
    Path dir;
    Studio studio;
    FxTaskRunner runner;
    RunLaunchViewModel vm;
    final RunLaunchFixture fixture = new RunLaunchFixture();

    @BeforeEach
    void open() throws Exception {
        studio = fixture.open(dir);
        runner = new FxTaskRunner(2);
        ScreenshotFixture.show(() -> {
            vm = new RunLaunchViewModel(studio, runner);
            return new RunLaunchView(vm).node();
        }, 900, 640, () -> vm.onActivate());
        waitUntil(() -> vm.experiments().contains("held"));
    }

    @AfterEach
    void close() throws Exception {
        fixture.release.countDown();
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
        fixture.close();
    }

    private void choose(String experiment) throws TimeoutException {
        interact(() -> vm.experimentProperty().set(experiment));
        clickOn("#runEstimate");
        waitUntil(() -> !lookup("#runStart").queryAs(Button.class).isDisabled());
    }

    @Test
    void aRunWithABudgetOfCallsStopsAndSaysSo() throws Exception {
        choose("dear");
        assertThat(lookup("#runEstimateText").queryAs(Label.class).getText()).startsWith("5 planned calls");
        clickOn("#runMaxCalls").write("3");
        clickOn("#runStart");
        waitUntil(() -> vm.outcomeProperty().get() != null);

        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.BUDGET_REACHED);
        assertThat(lookup("#runStatus").queryAs(Label.class).getText())
                .contains("budget of 3 calls reached (3 calls sent); stopped before call 4; 3 of 5 calls recorded");
        assertThat(lookup("#runProgress").queryAs(Label.class).getText()).startsWith("3 of 5 done, 0 failed, 0 from the cache");
        assertThat(lookup("#runCalls").queryAs(ListView.class).getItems()).hasSize(3);
        assertThat(lookup("#runResume").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(studio.runHistory().find(vm.runIdProperty().get()).orElseThrow().state()).isEqualTo("budget-reached");
    }

    @Test
    void theEstimateKeepsItsCostLineWholeInASmallWindow() throws Exception {
        // the trial's window clipped "Estimated cost" at 1400x880; 1024x700 is smaller still
        interact(() -> {
            javafx.stage.Window w = lookup("#runLaunch").query().getScene().getWindow();
            w.setWidth(1024);
            w.setHeight(700);
        });
        choose("dear");
        Label text = lookup("#runEstimateText").queryAs(Label.class);
        assertThat(text.getText()).contains("Estimated cost: $");
        waitUntil(() -> text.getHeight() >= text.prefHeight(text.getWidth()) - 0.5);
        javafx.geometry.Bounds b = text.localToScene(text.getBoundsInLocal());
        javafx.scene.Scene scene = text.getScene();
        assertThat(b.getMinY()).isGreaterThanOrEqualTo(0);
        assertThat(b.getMaxY()).as("the whole estimate, cost line included, within the window")
                .isLessThanOrEqualTo(scene.getHeight());
        assertThat(b.getMaxX()).isLessThanOrEqualTo(scene.getWidth());
        // drawn in full: the label's text node holds every line, none cut to an ellipsis
        String drawn = text.lookupAll(".text").stream().filter(n -> n instanceof javafx.scene.text.Text)
                .map(n -> ((javafx.scene.text.Text) n).getText()).findFirst().orElseThrow();
        assertThat(drawn).isEqualTo(text.getText());
    }

    @Test
    void cancelStopsTheRunAndResumeFinishesIt() throws Exception {
        choose("held");
        clickOn("#runStart");
        assertThat(fixture.firstRequest.await(60, TimeUnit.SECONDS)).isTrue();
        waitUntil(() -> !lookup("#runCancel").queryAs(Button.class).isDisabled());
        clickOn("#runCancel");
        waitUntil(() -> vm.outcomeProperty().get() != null);

        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.CANCELLED);
        assertThat(lookup("#runStatus").queryAs(Label.class).getText()).contains("cancelled after 0 of 5 calls");
        assertThat(lookup("#runResume").queryAs(Button.class).isDisabled()).isFalse();

        fixture.release.countDown();
        clickOn("#runResume");
        waitUntil(() -> vm.outcomeProperty().get() == RunStatus.FINISHED);
        assertThat(lookup("#runCalls").queryAs(ListView.class).getItems()).hasSize(5);
        assertThat(lookup("#runProgress").queryAs(Label.class).getText()).startsWith("5 of 5 done");
        assertThat(lookup("#runResume").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(studio.runs().ended(vm.runIdProperty().get())).isEqualTo(5);
    }

    void waitUntil(Callable<Boolean> condition) {
        ScreenshotFixture.waitUntil(60, condition, () -> "the launcher says '" + vm.statusProperty().get() + "', error '"
                + vm.errorProperty().get() + "', phase " + vm.phaseProperty().get());
    }
}

package org.promptstudio.ui.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.ui.ScreenshotFixture;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Labelling in a real window, headless under Monocle, by the keyboard alone: no click after the window opens. */
class LabellingViewTest extends FxRobot {

    @TempDir
    Path dir;
    Studio studio;
    FxTaskRunner runner;
    LabellingViewModel vm;
    final LabellingFixture fixture = new LabellingFixture();

    @BeforeEach
    void open() throws Exception {
        studio = fixture.open(dir);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    private void show(String queue) throws Exception {
        vm = new LabellingViewModel(new StudioLabelSource(studio), runner, queue);
        Parent[] root = new Parent[1];
        WaitForAsyncUtils.asyncFx(() -> root[0] = (Parent) new LabellingView(vm).node()).get();
        FxToolkit.setupStage(stage -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            stage.setScene(new Scene(root[0], 1260, 780));
            stage.show();
        });
        interact(vm::onActivate);
        waitUntil(() -> fx(() -> vm.shownProperty().get() != null && vm.prefetched() > 0));
        waitUntil(() -> fx(() -> lookup("#labellingPane").query().isFocused()));
    }

    private LabelRecord stored(String queue, int position) {
        return studio.labelling().task(queue, position, studio.labelling().annotator()).given();
    }

    private int position() throws Exception {
        return fx(() -> vm.shownProperty().get() == null ? -1 : vm.shownProperty().get().item().position());
    }

    private void whenStored() {
        waitUntil(() -> fx(() -> vm.pendingWritesProperty().get() == 0));
    }

    @Test
    void ratingUndoAndMovingByKeysAlone() throws Exception {
        show("rate");
        assertThat(lookup("#labellingOption3").queryAs(javafx.scene.layout.HBox.class).getChildren())
                .anySatisfy(n -> assertThat(((javafx.scene.control.Label) n).getText()).isEqualTo("3  Partly useful"));
        type(KeyCode.DIGIT4);
        assertThat(lookup("#labellingOption4").query().getStyleClass()).contains("chosen");
        type(KeyCode.ENTER);
        assertThat(position()).isEqualTo(1);
        whenStored();
        assertThat(stored("rate", 1).value().rating()).isEqualTo(4);

        type(KeyCode.DIGIT2, KeyCode.ENTER);
        whenStored();
        assertThat(stored("rate", 2).value().rating()).isEqualTo(2);
        type(KeyCode.U);
        whenStored();
        assertThat(position()).isEqualTo(1);
        assertThat(stored("rate", 2)).isNull();

        type(KeyCode.J);
        assertThat(position()).isEqualTo(2);
        type(KeyCode.K, KeyCode.K);
        assertThat(position()).isZero();
        assertThat(lookup("#labellingMine").queryLabeled().getText()).isEqualTo("Your label: {\"rating\":4}");
        type(KeyCode.J, KeyCode.DIGIT5, KeyCode.ENTER);
        whenStored();
        assertThat(stored("rate", 2).value().rating()).isEqualTo(5);
        assertThat(lookup("#labellingStatus").queryLabeled().getText()).startsWith("2 labels stored this session");
    }

    @Test
    void aCategoryByItsDigit() throws Exception {
        show("topic");
        type(KeyCode.DIGIT3, KeyCode.ENTER);
        whenStored();
        assertThat(stored("topic", 1).value().category()).isEqualTo("setup");
    }

    @Test
    void aPairWithAReasonShownSideBySideAndBlind() throws Exception {
        show("prefer");
        assertThat(lookup("#labellingAnswerA").tryQuery()).isPresent();
        assertThat(lookup("#labellingAnswerB").tryQuery()).isPresent();
        assertThat(lookup("#labellingAnswerTitleA").queryLabeled().getText()).isEqualTo("Answer A");
        double ax = lookup("#labellingAnswerA").query().localToScene(0, 0).getX();
        double bx = lookup("#labellingAnswerB").query().localToScene(0, 0).getX();
        assertThat(bx).as("B beside A").isGreaterThan(ax + 100);
        LabelSource.Item item = fx(() -> vm.shownProperty().get().item());
        type(KeyCode.B, KeyCode.R);
        write("more precise");
        type(KeyCode.ENTER); // Enter in the reason stores the label
        whenStored();
        LabelRecord label = stored("prefer", item.position() + 1);
        assertThat(label.value().preference()).isEqualTo(item.swapped() ? "A" : "B");
        assertThat(label.value().reason()).isEqualTo("more precise");
        assertThat(position()).isEqualTo(1);
        type(KeyCode.T, KeyCode.ENTER);
        whenStored();
        assertThat(stored("prefer", 2).value().preference()).isEqualTo("tie");
    }

    @Test
    void aCorrectionWrittenFromTheAnswer() throws Exception {
        show("ideal");
        String answer = fx(() -> vm.shownProperty().get().item().answers().get(0).text());
        type(KeyCode.E);
        waitUntil(() -> fx(() -> lookup("#labellingCorrection").query().isFocused()));
        assertThat(lookup("#labellingCorrection").queryTextInputControl().getText()).isEqualTo(answer);
        write(" Fixed.");
        press(KeyCode.CONTROL).press(KeyCode.ENTER).release(KeyCode.ENTER).release(KeyCode.CONTROL);
        whenStored();
        assertThat(stored("ideal", 1).value().correction()).isEqualTo(answer + " Fixed.");
        assertThat(position()).isEqualTo(1);
    }

    static <T> T fx(Callable<T> value) throws Exception {
        return WaitForAsyncUtils.asyncFx(value).get(30, TimeUnit.SECONDS);
    }

    void waitUntil(Callable<Boolean> condition) {
        ScreenshotFixture.waitUntil(60, condition, () -> "the condition never held");
    }
}

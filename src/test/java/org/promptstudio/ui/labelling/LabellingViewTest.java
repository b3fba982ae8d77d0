package org.promptstudio.ui.labelling;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.ui.ScreenshotFixture;
import org.promptstudio.ui.WindowTestBase;
import org.testfx.util.WaitForAsyncUtils;

/** Labelling in a real window, headless under Monocle, by the keyboard alone: no click after the window opens. */
class LabellingViewTest extends WindowTestBase {

    LabellingViewModel vm;
    final LabellingFixture fixture = new LabellingFixture();

    @Override
    protected Studio openWorkspace(Path dir) throws Exception {
        return fixture.open(dir);
    }

    private void show(String queue) throws Exception {
        open(queue);
        waitUntil(() -> fx(() -> vm.shownProperty().get() != null && vm.prefetched() > 0));
        waitUntil(() -> fx(() -> lookup("#labellingPane").query().isFocused()));
    }

    private void open(String queue) throws Exception {
        vm = new LabellingViewModel(new StudioLabelSource(studio), runner, queue);
        Parent[] root = new Parent[1];
        WaitForAsyncUtils.asyncFx(() -> root[0] = (Parent) new LabellingView(vm).node()).get();
        show(root[0]);
        interact(vm::onActivate);
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
    void aFinishedQueueShowsOnlyItsDoneStateWithProgressAndWhatNext() throws Exception {
        studio.labelling().createQueue(org.promptstudio.model.LabelQueueSpec.of("two", "helpfulness")
                .withRun(fixture.run).withPrompt("ask", null).withSample(2, 1L));
        show("two");
        assertThat(lookup("#labellingItem").query().isVisible()).isTrue();
        assertThat(lookup("#labellingEmpty").query().isVisible()).isFalse();
        type(KeyCode.DIGIT4, KeyCode.ENTER, KeyCode.DIGIT5, KeyCode.ENTER);
        whenStored();
        waitUntil(() -> fx(() -> vm.finishedProperty().get()));
        assertThat(lookup("#labellingItem").query().isVisible()).as("no empty Input, answer or options").isFalse();
        assertThat(lookup("#labellingItem").query().isManaged()).isFalse();
        assertThat(lookup("#labellingEmpty").queryLabeled().getText())
                .isEqualTo("Nothing left for you to label in this queue.");
        assertThat(lookup("#labellingWhatNext").query().isVisible()).isTrue();
        assertThat(lookup("#labellingWhatNext").queryLabeled().getText()).contains("agreement", "export", "k goes back");
        waitUntil(() -> fx(() -> vm.progressProperty().get().contains("2 of 2 items complete")));
        type(KeyCode.K);
        waitUntil(() -> fx(() -> vm.shownProperty().get() != null));
        assertThat(lookup("#labellingItem").query().isVisible()).isTrue();
        assertThat(lookup("#labellingWhatNext").query().isVisible()).isFalse();
    }

    @Test
    void aQueueOpenedFinishedShowsItsDoneStateAndRestsThere() throws Exception {
        studio.labelling().createQueue(org.promptstudio.model.LabelQueueSpec.of("one", "helpfulness")
                .withRun(fixture.run).withPrompt("ask", null).withSample(1, 1L));
        studio.labelling().submit(studio.labelling().next("one", null).orElseThrow().itemId(), null, "3");
        open("one");
        waitUntil(() -> fx(() -> vm.finishedProperty().get() && runner.running().isEmpty()));
        assertThat(lookup("#labellingItem").query().isVisible()).isFalse();
        assertThat(lookup("#labellingWhatNext").query().isVisible()).isTrue();
        assertThat(lookup("#labellingProgress").queryLabeled().getText()).contains("1 of 1 items complete");
        // at rest: the queue list and the figures are not read again and again (each read reselects the queue)
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(fx(() -> runner.running().isEmpty() && vm.finishedProperty().get())).isTrue();
        }
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
        return WaitForAsyncUtils.asyncFx(value).get(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    void waitUntil(Callable<Boolean> condition) {
        ScreenshotFixture.waitUntil(60, condition, () -> "the condition never held");
    }
}

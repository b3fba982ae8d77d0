package org.promptstudio.ui.editor;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.OnFx;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The editor's layout in small windows (findings 1, 3, 4 and 5 of issue 11's new-user trial): problems shown whole,
 * empty areas that say why, Save for a file changed on disk, input names cut with an ellipsis. Sizes, bounds and
 * texts are read on the JavaFX thread only ({@link OnFx}): such reads recompute state the window's own layout uses.
 */
class EditorLayoutTest extends FxThreadRobot {

    @TempDir
    Path root;

    Studio studio;
    FxTaskRunner runner;
    EditorViewModel vm;

    @BeforeEach
    void workspace() throws Exception {
        studio = TestWorkspace.committed(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
    }

    void show(String path, double width, double height) throws Exception {
        FxToolkit.setupStage(stage -> {
            atlantafx.base.theme.PrimerLight theme = new atlantafx.base.theme.PrimerLight();
            javafx.application.Application.setUserAgentStylesheet(theme.getUserAgentStylesheet());
            vm = new EditorViewModel(studio, runner, path);
            EditorView view = new EditorView(vm);
            stage.setScene(new Scene(view.root(), width, height));
            stage.show();
            vm.onOpen();
        });
        waitUntil(() -> vm.isSettled());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    @Test
    void longProblemsInANarrowWindowEachShowWholeOnTheirOwnLines() throws Exception {
        Files.writeString(root.resolve("prompts/broken.prompt"), EditorViewModelTest.BROKEN
                + "{{> another_partial_that_does_not_exist_either}}\n");
        show("prompts/broken.prompt", 700, 600);
        waitUntil(() -> vm.problems().size() == 4);
        waitUntil(() -> cellLabels().size() >= 3); // the strip is at its cap: the fourth scrolls
        WaitForAsyncUtils.waitForFxEvents();

        OnFx.get(() -> {
            List<Label> labels = cellLabels();
            labels.sort(Comparator.comparingDouble(l -> l.localToScene(l.getBoundsInLocal()).getMinY()));
            boolean wrapped = false;
            for (int i = 0; i < labels.size(); i++) {
                Label l = labels.get(i);
                Bounds b = l.localToScene(l.getBoundsInLocal());
                // Each label is as tall as its text at its width: no line is cut.
                assertThat(l.getHeight()).as(l.getText()).isGreaterThanOrEqualTo(l.prefHeight(l.getWidth()) - 0.5);
                wrapped |= l.getHeight() > 1.5 * l.prefHeight(Double.MAX_VALUE);
                if (i + 1 < labels.size()) {
                    Bounds next = labels.get(i + 1).localToScene(labels.get(i + 1).getBoundsInLocal());
                    assertThat(b.getMaxY()).as(l.getText()).isLessThanOrEqualTo(next.getMinY() + 0.5);
                }
            }
            assertThat(wrapped).as("a long message wraps in a 700-pixel window").isTrue();
            // The strip grew to show them (up to its cap).
            javafx.scene.control.ListView<?> list = lookup("#problemsList").queryAs(javafx.scene.control.ListView.class);
            assertThat(list.getHeight()).isGreaterThan(96);
            assertThat(list.getHeight()).isLessThanOrEqualTo(EditorView.PROBLEMS_MAX_HEIGHT + 0.5);

            // Finding 3: the empty preview and token areas say why they are empty.
            assertThat(lookup("#previewEmpty").queryLabeled().getText()).startsWith("No preview while the template has errors");
            Label tokens = lookup("#tokensEmpty").queryAs(Label.class);
            assertThat(tokens.isVisible()).isTrue();
            assertThat(tokens.getText()).startsWith("No count while the template has errors");
            return null;
        });
    }

    List<Label> cellLabels() {
        return lookup("#problemsList .list-cell").queryAll().stream()
                .map(c -> ((ListCell<?>) c).getGraphic())
                .filter(g -> g instanceof Label && g.isVisible() && ((Label) g).getText() != null)
                .map(g -> (Label) g).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }

    @Test
    void aFileChangedOnDiskCanBeSavedWithCtrlS() throws Exception {
        Path file = root.resolve(EditorViewModelTest.ANSWER);
        Files.writeString(file, Files.readString(file) + "Edited with sed.\n");
        show(EditorViewModelTest.ANSWER, 1200, 740);
        waitUntil(() -> !lookup("#saveButton").queryButton().isDisabled());
        assertThat(OnFx.get(() -> vm.dirtyProperty().get())).isFalse();

        OnFx.click(this, "#editorArea");
        press(KeyCode.CONTROL).press(KeyCode.S).release(KeyCode.S).release(KeyCode.CONTROL);
        waitUntil(() -> lookup("#saveBar").query().isVisible());
        OnFx.click(this, "#commitMessage").write("Keep the sed edit");
        push(KeyCode.ENTER);

        waitUntil(() -> vm.saveStatusProperty().get().startsWith("saved"));
        waitUntil(() -> lookup("#saveButton").queryButton().isDisabled());
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Keep the sed edit");
        assertThat(git(root, "show", "HEAD:" + EditorViewModelTest.ANSWER)).contains("Edited with sed.");
        assertThat(git(root, "status", "--porcelain", "--", EditorViewModelTest.ANSWER).strip()).isEmpty();
    }

    @Test
    void longInputNamesEndInAnEllipsisWithTheNameAsTooltipAndThePickersAreNotCut() throws Exception {
        String name = "customer_name_as_written_on_the_original_order_form";
        Files.writeString(root.resolve("prompts/long.prompt"), """
                ---
                input:
                  schema:
                    %s: string
                    question: string
                ---
                {{question}} {{%s}}
                """.formatted(name, name));
        show("prompts/long.prompt", 900, 600);
        waitUntil(() -> lookup("#key-" + name).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        OnFx.get(() -> {
            Label key = lookup("#key-" + name).queryAs(Label.class);
            assertThat(key.getWidth()).isLessThan(key.prefWidth(-1)); // cut...
            assertThat(key.getTextOverrun()).isEqualTo(javafx.scene.control.OverrunStyle.ELLIPSIS); // ...with "…"
            assertThat(key.getTooltip()).isNotNull();
            assertThat(key.getTooltip().getText()).isEqualTo(name);
            for (String id : List.of("#datasetPicker", "#rowPicker")) {
                ComboBox<?> picker = lookup(id).queryAs(ComboBox.class);
                assertThat(picker.getWidth()).as(id).isGreaterThanOrEqualTo(picker.prefWidth(-1) - 0.5);
            }
            return null;
        });
    }

    /** Waits (up to 20 s) until {@code condition}, asked on the JavaFX thread, holds. */
    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> OnFx.get(condition));
    }
}

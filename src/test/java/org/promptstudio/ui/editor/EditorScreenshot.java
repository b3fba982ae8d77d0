package org.promptstudio.ui.editor;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.ui.ScreenshotFixture.snapshot;
import static org.promptstudio.ui.ScreenshotFixture.waitUntil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes {@code docs/screenshots/editor-row.png} (the editor alone: support-assistant sample's {@code answer} prompt in the editor, a
 * dataset row as input, the preview by role and tokens per model) and {@code docs/screenshots/editor-error.png}
 * (the same prompt with an unclosed block typed in: the marker, the problems strip). Not part of the normal test run;
 * run it on purpose (headless, or under {@code xvfb-run -a}):
 * <pre>
 * mvn -q -o -B test -Dtest=EditorScreenshot -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 * Property {@code studio.screenshot.dir}: the folder for the PNGs (default {@code docs/screenshots}).
 */
class EditorScreenshot extends FxThreadRobot {

    @Test
    void writeEditorScreenshots(@TempDir Path tmp) throws Exception {
        Path sample = Path.of(System.getProperty("studio.sample.dir", "sample-workspaces"), "support-assistant");
        Path out = Path.of(System.getProperty("studio.screenshot.dir", "docs/screenshots"));
        Path workspace = org.promptstudio.ui.ScreenshotFixture.copy(sample, tmp.resolve("support-assistant"));
        Studio studio = Studio.open(workspace);
        try (FxTaskRunner runner = new FxTaskRunner(2)) {
            FxToolkit.registerPrimaryStage();
            EditorViewModel[] vm = new EditorViewModel[1];
            Stage stage = FxToolkit.setupStage(s -> {
                javafx.application.Application.setUserAgentStylesheet(
                        new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
                vm[0] = new EditorViewModel(studio, runner, "prompts/answer.prompt");
                s.setScene(new Scene(new EditorView(vm[0]).root(), 1260, 780));
                s.titleProperty().bind(vm[0].titleProperty());
                s.show();
                vm[0].onOpen();
            });
            waitUntil(20, () -> !vm[0].messages().isEmpty() && !vm[0].datasets().isEmpty());
            String dataset = vm[0].datasets().contains("support-questions") ? "support-questions"
                    : vm[0].datasets().get(0);
            interact(() -> vm[0].onDatasetChosen(dataset));
            waitUntil(20, () -> !vm[0].rows().isEmpty());
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<String> datasets = lookup("#datasetPicker").queryAs(javafx.scene.control.ComboBox.class);
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<DatasetRow> rows = lookup("#rowPicker").queryAs(javafx.scene.control.ComboBox.class);
            interact(() -> {
                datasets.setValue(dataset);
            });
            waitUntil(20, () -> !rows.getItems().isEmpty());
            interact(() -> rows.setValue(rows.getItems().get(0)));
            waitUntil(20, () -> vm[0].inputs().size() > 0 && vm[0].analysisProperty().get().text().equals(vm[0].text()));
            snapshot(stage, out.resolve("editor-row.png"), 2);

            CodeArea area = lookup("#editorArea").queryAs(CodeArea.class);
            int at = area.getText().indexOf("{{role \"user\"}}");
            interact(() -> {
                area.insertText(at, "{{#if customer_name}}Greet {{customer_nmae}} by name.\n");
                area.moveTo(at);
            });
            waitUntil(20, () -> !vm[0].analysisProperty().get().markers().isEmpty()
                    && vm[0].analysisProperty().get().text().equals(area.getText()));
            snapshot(stage, out.resolve("editor-error.png"), 2);
            FxToolkit.cleanupStages();
        } finally {
            studio.close();
        }
        assertThat(out.resolve("editor-row.png")).isNotEmptyFile();
        assertThat(out.resolve("editor-error.png")).isNotEmptyFile();
    }



}

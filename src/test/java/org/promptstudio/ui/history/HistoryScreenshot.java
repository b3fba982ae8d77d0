package org.promptstudio.ui.history;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.ui.ScreenshotFixture.snapshot;
import static org.promptstudio.ui.ScreenshotFixture.waitUntil;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes {@code docs/screenshots/history.png} (the support-assistant sample's {@code answer} prompt: three versions,
 * one labelled {@code production}, unsaved changes on top, versions 2 and 3 compared below) and
 * {@code docs/screenshots/diff.png} (the diff tab opened directly for {@code production} against the working copy).
 * Not part of the normal test run; run it on purpose (headless, or under Xvfb with the GTK glass):
 * <pre>
 * xvfb-run -a -s "-screen 0 1600x1000x24" mvn -q -o -B test -Dtest=HistoryScreenshot \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true -Dglass.platform=gtk -Dtestfx.headless=false
 * </pre>
 * Property {@code studio.screenshot.dir}: the folder for the PNGs (default {@code docs/screenshots}).
 */
class HistoryScreenshot extends FxThreadRobot {

    static final String ANSWER = "prompts/answer.prompt";

    @Test
    void writeHistoryScreenshots(@TempDir Path tmp) throws Exception {
        Path out = Path.of(System.getProperty("studio.screenshot.dir", "docs/screenshots"));
        Path root = tmp.resolve("support-assistant");
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        Studio studio = Studio.open(root);
        try (FxTaskRunner runner = new FxTaskRunner(2)) {
            edit(root, "Write in a warm, friendly and direct tone.", "Write in a warm, patient and direct tone.");
            studio.versions().save(ANSWER, "Patient rather than friendly");
            studio.versions().label(ANSWER, "production", "2");
            edit(root, "End with one short sentence offering further help.",
                    "End with one short sentence offering further help, and sign as the Thermalyn support team.");
            studio.versions().save(ANSWER, "Sign as the support team");
            edit(root, "get straight to the answer.", "get straight to the answer in plain words.");

            FxToolkit.registerPrimaryStage();
            HistoryViewModel[] vm = new HistoryViewModel[1];
            Stage stage = FxToolkit.setupStage(s -> {
                javafx.application.Application.setUserAgentStylesheet(
                        new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
                vm[0] = new HistoryViewModel(studio, runner, ANSWER);
                s.setScene(new Scene((Parent) new HistoryView(vm[0]).node(), 1400, 900));
                s.show();
                vm[0].onActivate();
            });
            waitUntil(30, () -> vm[0].loadedProperty().get() && !vm[0].busyProperty().get() && vm[0].rows().size() == 4
                    && !vm[0].registryNoteProperty().get().isEmpty());
            interact(() -> vm[0].onSelect(java.util.List.of(vm[0].rows().get(1).spec(), vm[0].rows().get(2).spec())));
            interact(vm[0]::onCompare);
            waitUntil(30, () -> vm[0].diff().loadedProperty().get() && !vm[0].diff().loadingProperty().get());
            snapshot(stage, out.resolve("history.png"), 3);

            DiffViewModel[] diff = new DiffViewModel[1];
            interact(() -> {
                diff[0] = new DiffViewModel(studio.versions(), runner, ANSWER, "production", "working");
                stage.setScene(new Scene((Parent) new DiffView(diff[0]).node(), 1400, 900));
                diff[0].onActivate();
            });
            waitUntil(30, () -> diff[0].loadedProperty().get() && !diff[0].loadingProperty().get());
            snapshot(stage, out.resolve("diff.png"), 3);
            FxToolkit.cleanupStages();
        } finally {
            studio.close();
        }
        assertThat(out.resolve("history.png")).isNotEmptyFile();
        assertThat(out.resolve("diff.png")).isNotEmptyFile();
    }

    private static void edit(Path root, String from, String to) throws Exception {
        Path file = root.resolve(ANSWER);
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }


}

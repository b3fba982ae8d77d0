package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.shell.WorkspaceNode;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes {@code docs/screenshots/main-window.png}: the window on a copy of the support-assistant sample with
 * {@code answer} (or the first prompt) open in the editor. {@code studio screenshot editor} makes the same picture from
 * the launcher; this tool is for a picture with the command palette open. Not part of the normal test run (the name does not end in Test);
 * run it on purpose, headless:
 * <pre>
 * mvn -q -o -B test -Dtest=MainWindowScreenshot -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Properties: {@code studio.sample.dir} (folder holding {@code support-assistant}), {@code studio.screenshot.select}
 * (prompt id or file name to select), {@code studio.screenshot.out} (PNG path), {@code studio.screenshot.theme}
 * ({@code light} or {@code dark}), {@code studio.screenshot.palette} ({@code true}: with the command palette open).
 * Under Xvfb with the real GTK glass instead of Monocle (how docs/screenshots/shell*.png are made):
 * <pre>
 * Xvfb :99 -screen 0 1920x1080x24 &amp;  DISPLAY=:99 mvn -o -B test -Dtest=MainWindowScreenshot \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dglass.platform=gtk -Dtestfx.headless=false -Dtestfx.robot=awt \
 *   -Djava.awt.headless=false -Dstudio.screenshot.out=docs/screenshots/shell.png
 * </pre>
 */
class MainWindowScreenshot extends FxThreadRobot {

    @Test
    void writeMainWindowScreenshot(@TempDir Path tmp) throws Exception {
        Path sample = Path.of(System.getProperty("studio.sample.dir", "sample-workspaces"), "support-assistant");
        Path out = Path.of(System.getProperty("studio.screenshot.out", "docs/screenshots/main-window.png"));
        String wanted = System.getProperty("studio.screenshot.select", "answer");

        Path workspace = ScreenshotFixture.copy(sample, tmp.resolve("support-assistant"));
        if (!Files.exists(workspace.resolve("studio.yaml"))) {
            // The sample is still being written; a workspace needs only this file to open.
            Files.writeString(workspace.resolve("studio.yaml"), "# support-assistant sample\n");
        }
        Studio studio = Studio.open(workspace);
        try (FxTaskRunner runner = new FxTaskRunner(2)) {
            FxToolkit.registerPrimaryStage();
            Path prefs = tmp.resolve("window.properties");
            Files.writeString(prefs, "theme=" + System.getProperty("studio.screenshot.theme", "light") + "\n");
            Stage stage = FxToolkit.setupStage(s -> StudioApp.show(s, studio, runner,
                    new org.promptstudio.ui.shell.ShellPreferences(prefs), new org.promptstudio.ui.shell.FileTabs(studio, runner)));
            ScreenshotFixture.waitUntil(15, () -> !lookup("#statusCount").queryLabeled().getText().isEmpty());

            select(wanted);
            // The editor's preview worked out (a prompt), or the file's text read (any other file).
            ScreenshotFixture.waitUntil(15, () -> !lookup("#previewMessages").tryQuery().map(n -> ((javafx.scene.Parent) n)
                    .getChildrenUnmodifiable().isEmpty()).orElse(true)
                    || !lookup("#problemsList").tryQuery().map(n -> ((javafx.scene.control.ListView<?>) n)
                    .getItems().isEmpty()).orElse(true)
                    || !lookup("#fileView").tryQuery().map(n -> ((org.fxmisc.richtext.CodeArea) n).getText()
                    .isEmpty()).orElse(true));
            if (Boolean.getBoolean("studio.screenshot.palette")) {
                press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.P)
                        .release(javafx.scene.input.KeyCode.P, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.CONTROL);
                ScreenshotFixture.waitUntil(15, () -> lookup("#commandPalette").query().isVisible());
                write("the");
            }
            // Let layout and CSS settle (the code area lays out its paragraphs lazily): two more frames drawn.
            ScreenshotFixture.snapshot(stage, out, 2);
            FxToolkit.cleanupStages();
        }
        assertThat(out).isNotEmptyFile();
    }

    /**
     * Selects, in display order, the entry for prompt {@code id} or the file named {@code id}, or else the first
     * prompt. Through the tree's selection model, so an entry scrolled out of view can be chosen too.
     */
    private void select(String id) throws Exception {
        @SuppressWarnings("unchecked")
        TreeView<WorkspaceNode> tree = lookup("#workspaceTree").queryAs(TreeView.class);
        java.util.List<TreeItem<WorkspaceNode>> items = new java.util.ArrayList<>();
        flatten(tree.getRoot(), items);
        TreeItem<WorkspaceNode> target = items.stream()
                .filter(i -> i.getValue().isPrompt() ? i.getValue().prompt().id().equals(id)
                        : i.getValue().isFile() && i.getValue().label().equals(id))
                .findFirst()
                .or(() -> items.stream().filter(i -> i.getValue().isPrompt()).findFirst())
                .orElseThrow(() -> new AssertionError("no prompt in the sample"));
        WaitForAsyncUtils.asyncFx(() -> {
            for (TreeItem<WorkspaceNode> p = target.getParent(); p != null; p = p.getParent()) p.setExpanded(true);
            tree.getSelectionModel().select(target);
            tree.scrollTo(Math.max(0, tree.getRow(target) - 3));
        }).get(10, TimeUnit.SECONDS);
    }

    private static void flatten(TreeItem<WorkspaceNode> item, java.util.List<TreeItem<WorkspaceNode>> out) {
        for (TreeItem<WorkspaceNode> child : item.getChildren()) {
            out.add(child);
            flatten(child, out);
        }
    }



}

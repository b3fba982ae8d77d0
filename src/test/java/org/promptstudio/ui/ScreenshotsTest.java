package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.Theme;
import org.promptstudio.ui.shell.TabContent;
import org.promptstudio.ui.shell.ViewKey;
import org.promptstudio.ui.shell.ViewTabs;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** {@code studio screenshot}'s window part, headless under Monocle: the picture, and the refusals. */
class ScreenshotsTest extends FxThreadRobot {

    @TempDir
    Path root;

    @TempDir
    Path out;

    FxTaskRunner runner;
    final java.util.List<Studio> opened = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        TestWorkspace.create(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
        WaitForAsyncUtils.asyncFx(Theme.LIGHT::apply).get(1, TimeUnit.MINUTES);
        runner.close();
        opened.forEach(Studio::close);
    }

    Screenshots.Result take(String view, String prompt, Path file, int w, int h, String theme) throws Exception {
        return take(view, prompt, file, w, h, theme, new ViewTabs());
    }

    Screenshots.Result take(String view, String prompt, Path file, int w, int h, String theme, ViewTabs views)
            throws Exception {
        CompletableFuture<Screenshots.Result> result = new CompletableFuture<>();
        Screenshots.Request request = new Screenshots.Request(root, view, prompt, List.of(), file, w, h, theme);
        FxToolkit.setupStage(stage -> Screenshots.take(stage, request, runner, studio -> views, result::complete,
                opened::add));
        return result.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aPluggedInViewIsShownInItsTabForThePicture() throws Exception {
        // A stand-in settings view, plugged in as the lead plugs the real one.
        ViewTabs views = new ViewTabs().add(ViewKey.SETTINGS, (key, nav) -> {
            javafx.scene.control.Label label = new javafx.scene.control.Label("the settings");
            label.setId("standInSettings");
            return TabContent.of(label, null);
        });
        Path file = out.resolve("settings.png");

        Screenshots.Result r = take("settings", "", file, 800, 600, "light", views);

        assertThat(r.exitCode()).as(r.message()).isZero();
        assertThat(file).isNotEmptyFile();
        assertThat(lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().getSelectedItem()
                .getId()).isEqualTo("tab:settings");
        assertThat(lookup("#standInSettings").query().isVisible()).isTrue();
    }

    @Test
    void theEditorIsWrittenAsAPngOfTheAskedSizeOnceItsPreviewIsDone() throws Exception {
        Path file = out.resolve("shots/editor.png");

        java.nio.file.Files.writeString(root.resolve("prompts/a-rather-long-name.prompt"), "Hi {{q}}\n");
        Screenshots.Result r = take("editor", "a-rather-long-name", file, 900, 640, "dark");

        assertThat(r.exitCode()).as(r.message()).isZero();
        assertThat(r.message()).isEqualTo(file + " (900x640)");
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(640);
        // The preview was worked out before the picture: the editor's tab shows the rendered message.
        assertThat(lookup("#previewMessages").queryParent().getChildrenUnmodifiable()).isNotEmpty();
        assertThat(lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getTabs())
                .extracting(javafx.scene.control.Tab::getText).containsExactly("a-rather-long-name.prompt");
        // The tab's title is shown whole, not cut to "answer.pr…".
        javafx.scene.text.Text shown = (javafx.scene.text.Text) lookup(".tab .tab-label .text").query();
        assertThat(shown.getText()).isEqualTo("a-rather-long-name.prompt");
        // Dark theme: the top-left pixel (the menu bar) is dark.
        int rgb = image.getRGB(2, 2);
        int brightness = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
        assertThat(brightness).isLessThan(3 * 128);
    }

    @Test
    void aPictureOfATemporaryCopyShowsTheUsersWorkspaceInTheStatusBar() throws Exception {
        // as `studio screenshot` does (Main.screenshot): the picture is of a copy, the user's folder is named
        Path users = out.resolve("users-folder/demo");
        Path file = out.resolve("shown.png");
        CompletableFuture<Screenshots.Result> result = new CompletableFuture<>();
        Screenshots.Request request = new Screenshots.Request(root, "editor", "", List.of(), file, 900, 640, "light",
                List.of(), null, 0, users);
        FxToolkit.setupStage(stage -> Screenshots.take(stage, request, runner, studio -> new ViewTabs(),
                result::complete, opened::add));

        Screenshots.Result r = result.get(60, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.message()).isZero();
        assertThat(lookup("#statusPath").queryLabeled().getText()).isEqualTo(users.toString());
    }

    @Test
    void aPictureOfATemporaryCopysSettingsNamesTheUsersStudioYaml() throws Exception {
        Path users = out.resolve("users-folder/demo");
        Path file = out.resolve("settings.png");
        CompletableFuture<Screenshots.Result> result = new CompletableFuture<>();
        Screenshots.Request request = new Screenshots.Request(root, "settings", "", List.of(), file, 1000, 700,
                "light", List.of(), null, 0, users);
        FxToolkit.setupStage(stage -> Screenshots.take(stage, request, runner,
                studio -> StudioApp.viewTabs(studio, runner, null, null, false), result::complete, opened::add));

        Screenshots.Result r = result.get(60, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.message()).isZero();
        List<String> texts = lookup(n -> n instanceof javafx.scene.control.Labeled).queryAllAs(
                javafx.scene.control.Labeled.class).stream().map(javafx.scene.control.Labeled::getText).toList();
        assertThat(texts).anyMatch(t -> t != null && t.contains(users.resolve("studio.yaml").toString()));
        assertThat(texts).noneMatch(t -> t != null && t.contains(root.toString()));
    }

    @Test
    void aViewThatIsNotPluggedInYetIsRefusedInOneLine() throws Exception {
        Path file = out.resolve("history.png");

        Screenshots.Result r = take("history", "", file, 800, 600, "light");

        assertThat(r).isEqualTo(new Screenshots.Result(1, "view history is not available yet"));
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnknownPromptIsRefusedInOneLine() throws Exception {
        Screenshots.Result r = take("editor", "nope", out.resolve("x.png"), 800, 600, "light");

        assertThat(r.exitCode()).as("README: an error, like studio history nope").isEqualTo(1);
        assertThat(r.message()).startsWith("no prompt 'nope' in ").doesNotContain("\n").doesNotContain("Exception");
    }
}

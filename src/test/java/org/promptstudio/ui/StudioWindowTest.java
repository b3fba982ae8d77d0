package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.shell.WorkspaceNode;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real window, headless under Monocle, driven by a robot through the ids a user's eye would use. */
class StudioWindowTest extends FxThreadRobot {

    @TempDir
    Path root;

    FxTaskRunner runner;
    Stage stage;

    @BeforeEach
    void openWindow() throws Exception {
        TestWorkspace.create(root);
        Studio studio = Studio.open(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.setupStage(s -> StudioApp.show(ScreenshotFixture.fresh(s), studio, runner));
        waitUntil(() -> !lookup("#statusCount").queryLabeled().getText().isEmpty());
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
    }

    @Test
    void windowIsTitledWithTheWorkspaceAndStatusBarCountsPrompts() {
        assertThat(stage.getTitle()).isEqualTo("Prompt Studio — " + root.getFileName());
        assertThat(lookup("#statusPath").queryLabeled().getText()).isEqualTo(root.toAbsolutePath().toString());
        assertThat(lookup("#statusCount").queryLabeled().getText()).isEqualTo("4 prompts · 1 partial");
        assertThat(texts(lookup("#workspaceTree").query())).contains("Prompts", "Datasets", "Experiments", "Docs",
                "answer", "formal", "variant", "rules", "partial");
    }

    @Test
    void theWindowShowsTheApplicationIconInEverySize() throws Exception {
        waitUntil(() -> stage.getIcons().stream().allMatch(i -> i.getProgress() >= 1));

        assertThat(stage.getIcons().stream().map(i -> (int) i.getWidth()).collect(Collectors.toList()))
                .isEqualTo(org.promptstudio.ui.common.WindowIcons.SIZES);
        assertThat(stage.getIcons()).noneMatch(javafx.scene.image.Image::isError);
    }

    @Test
    void selectingAPromptOpensItInTheEditorWithItsRenderedPreview() throws Exception {
        clickOn(treeCell("answer"));

        waitUntil(() -> texts(lookup("#previewMessages").query()).contains("SYSTEM"));
        String preview = String.join("\n", texts(lookup("#previewMessages").query()));
        assertThat(preview).contains("SYSTEM", "USER", "Start with \"Hi there,\".", "Never invent policy.",
                "<question>");
        assertThat(lookup("#editorArea").queryAs(CodeArea.class).getText()).startsWith("---\nname: answer");
        assertThat(lookup("#editorPath").queryLabeled().getText()).isEqualTo("prompts/answer.prompt");
        assertThat(tabTitles()).containsExactly("answer.prompt");
        assertThat(lookup("#problemsList").query().isVisible()).isFalse();
    }

    @Test
    void selectingABrokenPromptMarksTheErrorWithFileAndLine() throws Exception {
        clickOn(treeCell("answer"));
        waitUntil(() -> texts(lookup("#previewMessages").query()).contains("SYSTEM"));

        clickOn(treeCell("broken"));

        waitUntil(() -> problemsOf("prompts/broken.prompt").stream()
                .anyMatch(p -> p.startsWith("prompts/broken.prompt:" + TestWorkspace.BROKEN_LINE + ":")));
        assertThat(tabTitles()).containsExactly("answer.prompt", "broken.prompt");
    }

    /** The problems the editor tab of {@code path} lists, as the user reads them. */
    private java.util.List<String> problemsOf(String path) {
        javafx.scene.control.TabPane tabs = lookup("#tabs").queryAs(javafx.scene.control.TabPane.class);
        javafx.scene.control.Tab tab = tabs.getTabs().stream().filter(t -> ("tab:" + path).equals(t.getId()))
                .findFirst().orElseThrow();
        ListView<?> list = from(tab.getContent()).lookup("#problemsList").queryAs(ListView.class);
        return list.getItems().stream().map(p -> ((org.promptstudio.ui.editor.Preview.Problem) p).describe()).toList();
    }

    private java.util.List<String> tabTitles() {
        return lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getTabs().stream()
                .map(javafx.scene.control.Tab::getText).toList();
    }

    @Test
    void selectingADocShowsItsText() throws Exception {
        clickOn(treeCell("faq.md"));

        waitUntil(() -> lookup("#fileView").queryAs(CodeArea.class).getText().contains("Shipping takes two days."));
        assertThat(shown(lookup("#fileView").query())).isTrue();
        assertThat(lookup("#fileTitle").queryLabeled().getText()).isEqualTo("docs/faq.md");
        assertThat(lookup("#editorArea").tryQuery().filter(StudioWindowTest::shown)).isEmpty();
        assertThat(lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getTabs())
                .extracting(javafx.scene.control.Tab::getText).containsExactly("faq.md");
    }

    /** The visible tree row whose entry is labelled {@code label}. */
    private Node treeCell(String label) {
        TreeView<?> tree = lookup("#workspaceTree").queryAs(TreeView.class);
        Predicate<Node> row = n -> n instanceof TreeCell<?> cell && cell.getItem() instanceof WorkspaceNode node
                && node.label().equals(label);
        return from(tree).lookup(row).query();
    }

    /** Whether the user can see {@code node}: it and all its parents are visible. */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return true;
    }

    /** The texts of every label under {@code node}, in scene order. */
    private static java.util.List<String> texts(Node node) {
        java.util.List<String> out = new java.util.ArrayList<>();
        collect(node, out);
        return out.stream().filter(t -> t != null && !t.isEmpty()).collect(Collectors.toList());
    }

    private static void collect(Node node, java.util.List<String> out) {
        if (!node.isVisible()) return;
        if (node instanceof Labeled l) out.add(l.getText());
        if (node instanceof Parent p) p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }
}

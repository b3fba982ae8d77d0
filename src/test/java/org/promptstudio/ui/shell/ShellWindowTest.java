package org.promptstudio.ui.shell;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.StudioApp;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.Theme;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The shell's flows on the real window, headless under Monocle, driven through the ids of its controls. */
class ShellWindowTest extends FxThreadRobot {

    @TempDir
    Path root;

    @TempDir
    Path config;

    FxTaskRunner runner;
    Stage stage;
    ShellViewModel vm;

    @BeforeEach
    void openWindow() throws Exception {
        TestWorkspace.create(root);
        Studio studio = Studio.open(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.setupStage(s -> vm = StudioApp.show(org.promptstudio.ui.ScreenshotFixture.fresh(s), studio, runner,
                new ShellPreferences(config.resolve("window.properties")), new FileTabs(studio, runner)));
        waitUntil(() -> !lookup("#statusCount").queryLabeled().getText().isEmpty());
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
        WaitForAsyncUtils.asyncFx(Theme.LIGHT::apply).get(1, TimeUnit.MINUTES);
        runner.close();
    }

    @Test
    void aPromptIsCreatedFromTheTreeRenamedAndDeleted() throws Exception {
        // The tree's own "new prompt" button (its context menu has the same item; Monocle sends no context-menu event).
        clickOn("#treeNewPrompt");
        waitUntil(() -> lookup("#questionBar").query().isVisible());
        assertThat(lookup("#questionText").queryLabeled().getText()).isEqualTo("Name of the new prompt (in prompts/)");
        clickOn("#questionInput").write("greet").type(KeyCode.ENTER);

        waitUntil(() -> treeLabels().contains("greet") && tabTitles().contains("greet.prompt"));
        assertThat(root.resolve("prompts/greet.prompt")).exists();
        assertThat(lookup("#questionBar").query().isVisible()).isFalse();

        clickOn(treeCell("greet")).type(KeyCode.F2);
        waitUntil(() -> lookup("#questionBar").query().isVisible());
        assertThat(lookup("#questionInput").queryTextInputControl().getText()).isEqualTo("greet");
        doubleClickOn("#questionInput").eraseText(5).write("welcome").type(KeyCode.ENTER);

        waitUntil(() -> treeLabels().contains("welcome") && !treeLabels().contains("greet"));
        assertThat(root.resolve("prompts/welcome.prompt")).exists();
        assertThat(root.resolve("prompts/greet.prompt")).doesNotExist();
        waitUntil(() -> tabTitles().contains("welcome.prompt") && !tabTitles().contains("greet.prompt"));

        clickOn(treeCell("welcome")).type(KeyCode.DELETE);
        waitUntil(() -> lookup("#questionBar").query().isVisible());
        assertThat(lookup("#questionText").queryLabeled().getText()).startsWith("Delete prompts/welcome.prompt?");
        clickOn("#questionOk");

        waitUntil(() -> !treeLabels().contains("welcome"));
        assertThat(root.resolve("prompts/welcome.prompt")).doesNotExist();
        assertThat(tabTitles()).doesNotContain("welcome.prompt");
    }

    @Test
    void filesChangedOnDiskShowUpAndADeletedOpenFileIsSaidSoInItsTab() throws Exception {
        clickOn(treeCell("faq.md"));
        waitUntil(() -> lookup("#fileView").queryAs(org.fxmisc.richtext.CodeArea.class).getText()
                .contains("Shipping takes two days."));

        Files.writeString(root.resolve("prompts/from-elsewhere.prompt"), "Hello {{name}}\n");
        Files.writeString(root.resolve("docs/faq.md"), "# FAQ\nShipping takes one day.\n");
        waitUntil(() -> treeLabels().contains("from-elsewhere"));
        waitUntil(() -> lookup("#fileView").queryAs(org.fxmisc.richtext.CodeArea.class).getText()
                .contains("Shipping takes one day."));
        assertThat(lookup("#deletedNotice").query().isVisible()).isFalse();

        Files.delete(root.resolve("docs/faq.md"));
        waitUntil(() -> tabTitles().contains("faq.md (deleted)"));
        assertThat(lookup("#deletedNotice").query().isVisible()).isTrue();
        assertThat(lookup("#deletedNotice").queryLabeled().getText()).startsWith("This file was deleted on disk.");
        assertThat(treeLabels()).doesNotContain("faq.md");
    }

    @Test
    void thePaletteListsEveryActionWithItsShortcutAndRunsOne() throws Exception {
        clickOn(treeCell("answer"));
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> lookup("#commandPalette").query().isVisible());

        @SuppressWarnings("unchecked")
        ListView<ShellAction> list = lookup("#paletteList").queryAs(ListView.class);
        assertThat(list.getItems()).extracting(ShellAction::id)
                .containsExactlyElementsOf(vm.actions().stream().map(ShellAction::id).toList());
        assertThat(list.getItems()).filteredOn(a -> a.id().equals("commandPalette"))
                .extracting(ShellAction::shortcutText).containsExactly("Ctrl+Shift+P");

        write("dark theme");
        waitUntil(() -> list.getItems().size() == 1);
        type(KeyCode.ENTER);

        waitUntil(() -> !lookup("#commandPalette").query().isVisible());
        waitUntil(() -> Application.getUserAgentStylesheet().contains("primer-dark"));
        assertThat(vm.themeProperty().get()).isEqualTo(Theme.DARK);
    }

    @Test
    void theThemeIsChosenInTheViewMenuAndRemembered() throws Exception {
        clickOn("View").clickOn("Dark theme");
        waitUntil(() -> Application.getUserAgentStylesheet().contains("primer-dark"));
        waitUntil(() -> Files.exists(config.resolve("window.properties"))
                && Files.readString(config.resolve("window.properties")).contains("theme=dark"));

        clickOn("View").clickOn("Light theme");
        waitUntil(() -> Application.getUserAgentStylesheet().contains("primer-light"));
        assertThat(new ShellPreferences(config.resolve("window.properties")).theme()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void anErrorIsAShortNotificationWithDetailsOnDemand() throws Exception {
        clickOn("#treeNewPrompt");
        waitUntil(() -> lookup("#questionBar").query().isVisible());
        clickOn("#questionInput").write("answer").type(KeyCode.ENTER);

        waitUntil(() -> lookup("#notification").tryQuery().isPresent());
        assertThat(lookup("#notification").queryAs(atlantafx.base.controls.Notification.class).getMessage())
                .isEqualTo("Cannot create prompts/answer: prompts/answer.prompt: already exists");
        assertThat(lookup("#notificationDetails").query().isVisible()).isFalse();
        clickOn("#notificationDetailsButton");
        waitUntil(() -> lookup("#notificationDetails").query().isVisible());
        assertThat(lookup("#notificationDetails").queryTextInputControl().getText()).contains("WorkspaceException");
        assertThat(root.resolve("prompts/answer.prompt")).content().contains("name: answer");
    }

    @Test
    void theStatusBarShowsTheReadyModels() throws Exception {
        waitUntil(() -> lookup("#statusModels").queryLabeled().getText().contains("echo"));
        assertThat(lookup("#statusModels").queryLabeled().getText()).contains("extractive");
        assertThat(lookup("#statusBranch").queryLabeled().getText()).isEqualTo("no git branch");
    }

    @Test
    void filesThatCannotBeReadAreMarkedInTheTreeWithTheirReasonNamingThePlace() throws Exception {
        Files.writeString(root.resolve("datasets/broken.jsonl"), "{\"question\": \"ok\"}\n{\"question\": \n");
        Files.write(root.resolve("datasets/binary.csv"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        Files.writeString(root.resolve("experiments/bad.yaml"), "prompt: answer\nmodels: [echo\n");
        Files.writeString(root.resolve("experiments/good.yaml"), "prompts: [answer]\nmodels: [echo]\ndataset: questions\n");
        Files.writeString(root.resolve("prompts/unclosed.prompt"), "---\nmodel: [echo\n---\nHello\n");
        waitUntil(() -> treeLabels().containsAll(List.of("broken.jsonl", "binary.csv", "bad.yaml", "good.yaml",
                "unclosed")));

        assertMarked("broken.jsonl", "datasets/broken.jsonl:2");
        assertMarked("binary.csv", "datasets/binary.csv");
        assertMarked("bad.yaml", "experiments/bad.yaml:");
        assertMarked("unclosed", "prompts/unclosed.prompt:");
        for (String fine : List.of("questions.jsonl", "good.yaml", "answer")) {
            TreeCell<?> cell = shownCell(fine);
            assertThat(from(cell).lookup(".node-problem").queryAll()).as(fine).isEmpty();
            assertThat(cell.getTooltip().getText()).as(fine).doesNotContain("\n");
        }
    }

    /** The tree row of {@code label} carries the problem mark, and its tooltip the one-line reason at {@code place}. */
    private void assertMarked(String label, String place) throws Exception {
        TreeCell<?> cell = shownCell(label);
        assertThat(from(cell).lookup(".node-problem").queryAll()).as(label).hasSize(1);
        String[] tip = cell.getTooltip().getText().split("\n");
        assertThat(tip).as(label).hasSize(2);
        assertThat(tip[1]).as(label).startsWith(place).doesNotContain("Exception");
    }

    /** The tree row of {@code label}, scrolled into view. */
    @SuppressWarnings("unchecked")
    private TreeCell<?> shownCell(String label) throws Exception {
        TreeView<WorkspaceNode> tree = lookup("#workspaceTree").queryAs(TreeView.class);
        WaitForAsyncUtils.asyncFx(() -> {
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                if (tree.getTreeItem(i).getValue().label().equals(label)) tree.scrollTo(i);
            }
        }).get(1, TimeUnit.MINUTES);
        waitUntil(() -> from(tree).lookup((Node n) -> n instanceof TreeCell<?> c && c.isVisible()
                && c.getItem() instanceof WorkspaceNode node && node.label().equals(label)).tryQuery().isPresent());
        return (TreeCell<?>) treeCell(label);
    }

    /** The visible tree row whose entry is labelled {@code label}. */
    private Node treeCell(String label) {
        TreeView<?> tree = lookup("#workspaceTree").queryAs(TreeView.class);
        Predicate<Node> row = n -> n instanceof TreeCell<?> cell && cell.getItem() instanceof WorkspaceNode node
                && node.label().equals(label);
        return from(tree).lookup(row).query();
    }

    /** Every label in the tree's model (expanded or not). */
    private List<String> treeLabels() {
        @SuppressWarnings("unchecked")
        TreeView<WorkspaceNode> tree = lookup("#workspaceTree").queryAs(TreeView.class);
        List<String> out = new ArrayList<>();
        collect(tree.getRoot(), out);
        return out;
    }

    private static void collect(TreeItem<WorkspaceNode> item, List<String> out) {
        for (TreeItem<WorkspaceNode> child : item.getChildren()) {
            out.add(child.getValue().label());
            collect(child, out);
        }
    }

    private List<String> tabTitles() {
        return lookup("#tabs").queryAs(TabPane.class).getTabs().stream().map(Tab::getText).toList();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition).get();
        });
    }
}

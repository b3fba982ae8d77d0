package org.promptstudio.ui.shell;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.ui.ScreenshotFixture.visibleTexts;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.StudioApp;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.editor.EditorViewModel;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's flows through the shell and the editor together, headless under Monocle on a real git workspace:
 * create a prompt, edit it with the preview following, an error marker, save as a commit, close with unsaved
 * changes, a change on disk under unsaved text, and the tabs of views that are no file.
 */
class ShellEditorFlowTest extends FxThreadRobot {

    @TempDir
    Path root;

    @TempDir
    Path config;

    Studio studio;
    FxTaskRunner runner;
    Stage stage;
    ShellViewModel vm;
    final List<ViewKey> historyAsked = new ArrayList<>();

    @BeforeEach
    void openWindow() throws Exception {
        studio = TestWorkspace.committed(root);
        runner = new FxTaskRunner(2);
        // A stand-in history view, plugged in as the lead plugs the real one: a label and a button that asks the
        // shell to open a file (as the history view does for a conflicted file).
        ViewTabs views = new ViewTabs().add(ViewKey.HISTORY, (key, nav) -> {
            historyAsked.add(key);
            Button open = new Button("Open " + key.prompt());
            open.setId("historyOpenFile");
            open.setOnAction(e -> nav.onOpenPath("prompts/" + key.prompt() + ".prompt"));
            return TabContent.of(new javafx.scene.layout.VBox(new javafx.scene.control.Label("versions of "
                    + key.prompt()), open), null);
        });
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.setupStage(s -> vm = StudioApp.window(org.promptstudio.ui.ScreenshotFixture.fresh(s), studio, runner,
                new ShellPreferences(config.resolve("window.properties")), new FileTabs(studio, runner), views).vm());
        waitUntil(() -> !lookup("#statusCount").queryLabeled().getText().isEmpty());
    }

    @AfterEach
    void closeWindow() throws Exception {
        // Nothing asks any more: the test is over.
        WaitForAsyncUtils.asyncFx(() -> vm.setCloseGuard(t -> true)).get(1, TimeUnit.MINUTES);
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    @Test
    void aNewPromptIsEditedWithThePreviewFollowingMarkedWhenBrokenAndSavedAsACommit() throws Exception {
        clickOn("#treeNewPrompt");
        waitUntil(() -> lookup("#questionBar").query().isVisible());
        clickOn("#questionInput").write("greet").type(KeyCode.ENTER);

        waitUntil(() -> tabTitles().equals(List.of("greet.prompt" + EditorViewModel.NOT_COMMITTED)) && preview().contains("You are a helpful assistant."));
        assertThat(area().getText()).contains("{{question}}");

        // Edit: the preview follows and the tab carries the unsaved mark.
        clickOn("#editorArea");
        interact(() -> area().moveTo(area().getLength()));
        write("Be brief.\n");
        waitUntil(() -> preview().contains("Be brief."));
        assertThat(tabTitles()).containsExactly("greet.prompt" + EditorViewModel.DIRTY_MARK);

        // A broken tag: marked with the parser's message, at its line.
        write("{{#if question}}\n");
        push(KeyCode.ESCAPE);
        ListView<?> problems = lookup("#problemsList").queryAs(ListView.class);
        waitUntil(() -> !problems.getItems().isEmpty());
        String message = ((org.promptstudio.ui.editor.Preview.Problem) problems.getItems().get(0)).describe();
        assertThat(message).startsWith("prompts/greet.prompt:").contains("if");
        int marked = area().getText().indexOf("{{#if question}}");
        waitUntil(() -> area().getStyleOfChar(marked).contains("error-marker"));
        write("{{/if}}\n");
        waitUntil(() -> problems.getItems().isEmpty());

        // Save: Ctrl+S asks for a message, the commit is made (read back with git).
        press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        waitUntil(() -> lookup("#saveBar").query().isVisible());
        clickOn("#commitMessage").write("A greeting prompt");
        push(KeyCode.ENTER);
        waitUntil(() -> tabTitles().equals(List.of("greet.prompt")));
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("A greeting prompt");
        assertThat(git(root, "show", "HEAD:prompts/greet.prompt")).contains("Be brief.\n{{#if question}}\n{{/if}}\n");
        assertThat(git(root, "status", "--porcelain", "prompts/greet.prompt")).isBlank();
    }

    @Test
    void closingATabWithUnsavedChangesAsksFirst() throws Exception {
        open("answer");
        String saved = Files.readString(root.resolve("prompts/answer.prompt"));
        clickOn("#editorArea");
        interact(() -> area().moveTo(area().getLength()));
        write("Unsaved.\n");
        waitUntil(() -> tabTitles().equals(List.of("answer.prompt" + EditorViewModel.DIRTY_MARK)));

        press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        waitUntil(() -> lookup(".dialog-pane").tryQuery().isPresent());
        assertThat(lookup(".dialog-pane .header-panel .label").queryLabeled().getText())
                .isEqualTo("Save the changes to prompts/answer.prompt?");
        clickOn(dialogButton("Cancel"));
        waitUntil(() -> lookup(".dialog-pane").tryQuery().isEmpty());
        assertThat(tabTitles()).containsExactly("answer.prompt" + EditorViewModel.DIRTY_MARK);
        assertThat(area().getText()).endsWith("Unsaved.\n");

        press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        waitUntil(() -> lookup(".dialog-pane").tryQuery().isPresent());
        clickOn(dialogButton("Discard changes"));
        waitUntil(() -> tabTitles().isEmpty());
        assertThat(Files.readString(root.resolve("prompts/answer.prompt"))).isEqualTo(saved);
        assertThat(root.resolve(".studio/recovery/prompts/answer.prompt")).doesNotExist();
    }

    @Test
    void aChangeOnDiskKeepsTheTypedTextAndSaysSoInTheTab() throws Exception {
        open("answer");
        clickOn("#editorArea");
        interact(() -> area().moveTo(area().getLength()));
        write("Mine.\n");
        waitUntil(() -> tabTitles().equals(List.of("answer.prompt" + EditorViewModel.DIRTY_MARK)));

        Path file = root.resolve("prompts/answer.prompt");
        Files.writeString(file, Files.readString(file).replace("support assistant", "shop assistant"));

        waitUntil(() -> tabTitles().equals(List.of("answer.prompt" + EditorViewModel.DIRTY_MARK
                + EditorViewModel.CHANGED_ON_DISK)));
        assertThat(area().getText()).endsWith("Mine.\n").contains("support assistant");
        assertThat(lookup("#diskNotice").queryLabeled().getText()).contains("changed on disk. Your text is kept");
        assertThat(lookup("#diskBar").query().isVisible()).isTrue();

        Files.delete(file);
        waitUntil(() -> tabTitles().get(0).endsWith(" (deleted)"));
        assertThat(lookup("#deletedNotice").query().isVisible()).isTrue();
        assertThat(area().getText()).endsWith("Mine.\n");
    }

    @Test
    void viewsOpenInTabsOncePerKeyAndAskTheShellForFiles() throws Exception {
        open("answer");
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H).release(KeyCode.H, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> tabTitles().contains("History \u2014 answer"));
        assertThat(lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getId())
                .isEqualTo("tab:history:answer");

        clickOn("#historyOpenFile");
        waitUntil(() -> selectedTabId().equals("tab:prompts/answer.prompt"));
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H).release(KeyCode.H, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> selectedTabId().equals("tab:history:answer"));
        assertThat(tabTitles()).containsExactly("answer.prompt", "History \u2014 answer");
        assertThat(historyAsked).containsExactly(ViewKey.history("answer"));

        // Settings has no view yet: the action says so, no tab opens.
        press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
        waitUntil(() -> lookup("#notification").tryQuery().isPresent());
        assertThat(lookup("#notification").queryAs(atlantafx.base.controls.Notification.class).getMessage())
                .isEqualTo("Settings is not available yet.");
        assertThat(tabTitles()).hasSize(2);
    }

    private void open(String prompt) throws Exception {
        interact(() -> vm.onSelect(vm.findPrompt(prompt).orElseThrow()));
        waitUntil(() -> preview().contains("SYSTEM"));
    }

    /** The button of the open dialog that says {@code text} (the window has other, hidden, "Cancel" buttons). */
    private Node dialogButton(String text) {
        return lookup(".dialog-pane .button").match((Button b) -> b.getText().equals(text)).query();
    }

    private CodeArea area() {
        return lookup("#editorArea").queryAs(CodeArea.class);
    }

    private String preview() {
        return lookup("#previewMessages").tryQuery().map(n -> String.join("\n", visibleTexts(n))).orElse("");
    }

    private String selectedTabId() {
        Tab tab = lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem();
        return tab == null ? "" : tab.getId();
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

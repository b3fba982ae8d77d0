package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.ui.ScreenshotFixture.visibleTexts;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.Theme;
import org.promptstudio.ui.editor.EditorViewModel;
import org.promptstudio.ui.history.DiffView;
import org.promptstudio.ui.settings.SettingsViewModel;
import org.promptstudio.ui.shell.ShellViewModel;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole window as the studio composes it ({@link StudioApp#window} with {@link StudioApp#viewTabs}), headless
 * under Monocle on the support-assistant sample in a real git repository: a prompt edited and saved in the editor
 * shows as the new version in its history (Ctrl+Shift+H); two versions compared show the changed word marked; a
 * restore comes back into the open editor; a branch is created and switched to, and the status bar follows; a
 * setting changed in the settings tab (Ctrl+Comma) is found in studio.yaml, and its theme buttons change the window.
 */
class WindowFlowsTest extends FxThreadRobot {

    static final String ANSWER = "prompts/answer.prompt";

    @TempDir
    Path tmp;

    Path root;
    StudioWindow window;
    Studio studio;
    ShellViewModel vm;

    @BeforeEach
    void openWindow() throws Exception {
        window = new StudioWindow(tmp);
        root = tmp.resolve("support-assistant");
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        studio = Studio.open(root);
        vm = window.open(studio);
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
    }

    @Test
    void savedInTheEditorThenHistoryDiffRestoreAndABranch() throws Exception {
        // Edit a word in the editor and save it with Ctrl+S and a message.
        interact(() -> vm.onSelect(vm.findPrompt("answer").orElseThrow()));
        waitUntil(() -> area().getText().contains("warm, friendly and direct"));
        interact(() -> {
            int at = area().getText().indexOf("friendly");
            area().replaceText(at, at + "friendly".length(), "patient");
        });
        waitUntil(() -> tabTitles().contains("answer.prompt" + EditorViewModel.DIRTY_MARK));
        clickOn("#editorArea");
        press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        waitUntil(() -> lookup("#saveBar").query().isVisible());
        clickOn("#commitMessage").write("Patient tone");
        push(KeyCode.ENTER);
        waitUntil(() -> tabTitles().contains("answer.prompt"));
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Patient tone");

        // Ctrl+Shift+H: the history of the prompt in the editor, the new version on top.
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.H).release(KeyCode.H, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> table().isVisible() && table().getItems().size() == 2);
        assertThat(String.join(" | ", visibleTexts(row(0)))).contains("2", "Patient tone", "Ada Lovelace",
                git(root, "log", "-1", "--format=%h").strip());
        assertThat(selectedTab()).isEqualTo("History of answer.prompt");

        // Compare the two versions: the changed word is marked on both sides.
        clickOn(row(0));
        press(KeyCode.CONTROL);
        clickOn(row(1));
        release(KeyCode.CONTROL);
        clickOn("#compareVersions");
        waitUntil(() -> !words(DiffView.WORD_ADDED).isEmpty() && !words(DiffView.WORD_REMOVED).isEmpty());
        assertThat(words(DiffView.WORD_ADDED)).contains("patient");
        assertThat(words(DiffView.WORD_REMOVED)).contains("friendly");

        // Restore version 1: a new version, and the open (saved) editor shows the restored text.
        clickOn(row(1));
        clickOn("#restoreVersion");
        waitUntil(() -> lookup("#restoreConfirm").query().isVisible());
        clickOn("#confirmRestore");
        waitUntil(() -> table().getItems().size() == 3);
        assertThat(Files.readString(root.resolve(ANSWER))).contains("warm, friendly and direct");
        assertThat(git(root, "log", "-1", "--format=%s").strip()).startsWith("Restore");
        waitUntil(() -> area().getText().contains("warm, friendly and direct"));

        // A branch: create it, switch to it; git and the status bar say so.
        clickOn("#newBranchName").write("experiment");
        clickOn("#createBranch");
        @SuppressWarnings("unchecked")
        ComboBox<String> picker = lookup("#branchPicker").queryAs(ComboBox.class);
        waitUntil(() -> picker.getItems().contains("experiment"));
        // Picked (again, should a reload of the branches still under way on a busy machine put the current branch
        // back in the picker) until the button takes the click; on a timeout the message says what the view showed.
        waitUntil(() -> {
            if (!"experiment".equals(picker.getValue())) picker.getSelectionModel().select("experiment");
            return "experiment".equals(picker.getValue()) && !lookup("#switchBranch").query().isDisabled();
        }, () -> "picker " + picker.getValue() + " of " + picker.getItems() + ", switch disabled "
                + lookup("#switchBranch").query().isDisabled() + ", current "
                + lookup("#currentBranch").queryLabeled().getText() + ", shown: " + visibleTexts(lookup("#currentBranch").query().getScene().getRoot()));
        clickOn("#switchBranch");
        waitUntil(() -> "experiment".equals(lookup("#currentBranch").queryLabeled().getText()));
        assertThat(git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo("experiment");
        waitUntil(() -> lookup("#statusBranch").queryLabeled().getText().contains("experiment"));
    }

    @Test
    void aSettingChangedInItsTabIsInTheFileAndItsThemeIsTheWindows() throws Exception {
        press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
        @SuppressWarnings("unchecked")
        ListView<SettingsViewModel.ModelRow> list = lookup("#modelList").queryAs(ListView.class);
        waitUntil(() -> list.isVisible() && list.getItems().stream().anyMatch(m -> m.id().equals("gpt-4o-mini")));
        int gpt = list.getItems().stream().map(SettingsViewModel.ModelRow::id).toList().indexOf("gpt-4o-mini");
        interact(() -> list.scrollTo(gpt));
        // The list makes the cell on its next layout pass.
        waitUntil(() -> lookup("#modelList .list-cell").match((ListCell<?> c) ->
                c.getItem() instanceof SettingsViewModel.ModelRow m && m.id().equals("gpt-4o-mini")).tryQuery().isPresent());
        clickOn(lookup("#modelList .list-cell").match((ListCell<?> c) ->
                c.getItem() instanceof SettingsViewModel.ModelRow m && m.id().equals("gpt-4o-mini"))
                .queryAs(ListCell.class));
        waitUntil(() -> "500".equals(lookup("#modelRequestsPerMinute").queryAs(TextField.class).getText()));
        interact(() -> lookup("#modelRequestsPerMinute").queryAs(TextField.class).setText("750"));
        // In this window (the headless screen's 1280 px) the form has two columns: scroll to the button, as a user does.
        interact(() -> {
            javafx.scene.control.ScrollPane page = lookup("#settingsView").queryAs(javafx.scene.control.ScrollPane.class);
            javafx.scene.Node save = lookup("#saveModel").query();
            double y = page.getContent().sceneToLocal(save.localToScene(0, 0)).getY();
            double room = page.getContent().getLayoutBounds().getHeight() - page.getViewportBounds().getHeight();
            page.setVvalue(room <= 0 ? 0 : Math.min(1, Math.max(0, (y - 120) / room)));
        });
        clickOn("#saveModel");
        waitUntil(() -> lookup("#modelMessage").queryLabeled().getText().equals("Saved gpt-4o-mini to studio.yaml"));
        assertThat(Files.readString(root.resolve("studio.yaml"))).contains("    requestsPerMinute: 750\n");
        // The open studio (the window's) reads the change.
        assertThat(studio.models().model("gpt-4o-mini").orElseThrow().requestsPerMinute()).isEqualTo(750);

        interact(() -> lookup("#settingsView").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1));
        clickOn("#themeDark");
        waitUntil(() -> vm.themeProperty().get() == Theme.DARK);
        assertThat(Files.readString(tmp.resolve("window.properties"))).containsIgnoringCase("theme=dark");
        interact(() -> vm.onTheme(Theme.LIGHT));
        waitUntil(() -> lookup("#themeLight").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
    }

    private CodeArea area() {
        return lookup("#editorArea").queryAs(CodeArea.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<Object> table() {
        return lookup("#versionTable").queryAs(TableView.class);
    }

    private Node row(int i) throws Exception {
        // The table makes its rows on the layout pass after its items change: wait for row i.
        waitUntil(() -> rowNow(i).isPresent());
        return rowNow(i).orElseThrow();
    }

    private java.util.Optional<Node> rowNow(int i) {
        return lookup("#versionTable .table-row-cell").match(n -> n instanceof TableRow<?> r
                && r.getIndex() == i && r.getItem() != null).tryQuery();
    }

    /** The words of the source diff marked with {@code style}. */
    private List<String> words(String style) {
        return lookup("#diffSource ." + style).queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private List<String> tabTitles() {
        return lookup("#tabs").queryAs(TabPane.class).getTabs().stream().map(Tab::getText).toList();
    }

    private String selectedTab() {
        Tab tab = lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem();
        return tab == null ? "" : tab.getText();
    }


    /** As {@link #waitUntil(Callable)}; a timeout fails with what {@code state} says (read on the FX thread). */
    private static void waitUntil(Callable<Boolean> condition, Callable<String> state) throws Exception {
        try {
            waitUntil(condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out; " + WaitForAsyncUtils.asyncFx(state).get(), e);
        }
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition).get();
        });
    }
}

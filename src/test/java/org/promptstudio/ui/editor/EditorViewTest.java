package org.promptstudio.ui.editor;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
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
 * The editor in a real window, headless under Monocle, driven by the keyboard through the controls' ids. The test
 * thread never reads the window's nodes itself: waits, checks and the place of a click are worked out on the JavaFX
 * thread ({@link OnFx}), since reading a node's bounds or sizes there races the window's own layout.
 */
class EditorViewTest extends FxThreadRobot {

    static final String ANSWER = "prompts/answer.prompt";

    @TempDir
    Path root;

    Studio studio;
    FxTaskRunner runner;
    EditorViewModel vm;
    EditorView view;

    @BeforeEach
    void openEditor() throws Exception {
        studio = TestWorkspace.committed(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        show(ANSWER);
    }

    void show(String path) throws Exception {
        FxToolkit.setupStage(stage -> {
            atlantafx.base.theme.PrimerLight theme = new atlantafx.base.theme.PrimerLight();
            javafx.application.Application.setUserAgentStylesheet(theme.getUserAgentStylesheet());
            vm = new EditorViewModel(studio, runner, path);
            view = new EditorView(vm);
            stage.setScene(new Scene(view.root(), 1200, 740));
            stage.titleProperty().bind(vm.titleProperty());
            stage.show();
            vm.onOpen();
        });
        waitUntil(() -> vm.loadedProperty().get());
        click("#editorArea");
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    /** Clicks the node {@code query} finds, its place read on the JavaFX thread. */
    org.testfx.api.FxRobotInterface click(String query) {
        return OnFx.click(this, query);
    }

    /** {@code query}'s answer, read on the JavaFX thread. */
    static <T> T fx(Callable<T> query) {
        return OnFx.get(query);
    }

    CodeArea area() {
        return lookup("#editorArea").queryAs(CodeArea.class);
    }

    String preview() {
        return String.join("\n", texts(lookup("#previewMessages").query()));
    }

    void caretAtEnd() {
        interact(() -> area().moveTo(area().getLength()));
    }

    @Test
    void typingInTheEditorChangesThePreviewAndMarksTheTitle() throws Exception {
        waitUntil(() -> preview().contains("SYSTEM"));
        assertThat(fx(this::preview)).contains("You are a support assistant.", "Never invent policy.", "USER", "<question>");
        String text = fx(() -> area().getText());
        int at = text.indexOf("support assistant");
        interact(() -> area().selectRange(at, at + "support".length()));

        write("friendly");

        waitUntil(() -> preview().contains("You are a friendly assistant."));
        assertThat(fx(() -> vm.titleProperty().get())).isEqualTo("answer.prompt" + EditorViewModel.DIRTY_MARK);
        assertThat(fx(() -> ((Stage) area().getScene().getWindow()).getTitle())).endsWith(EditorViewModel.DIRTY_MARK);
        assertThat(fx(() -> lookup("#tokens-echo").queryLabeled().getText())).endsWith("tokens");
    }

    @Test
    void aBrokenTagShowsAnErrorMarkerWithTheParsersMessage() throws Exception {
        waitUntil(() -> preview().contains("SYSTEM"));
        caretAtEnd();
        write("{{#if question}}\nMore.\n");
        push(KeyCode.ESCAPE);

        ListView<?> problems = fx(() -> lookup("#problemsList").queryAs(ListView.class));
        waitUntil(() -> !problems.getItems().isEmpty() && !vm.analysisProperty().get().markers().isEmpty());
        String message = fx(() -> ((Preview.Problem) problems.getItems().get(0)).describe());
        assertThat(message).startsWith("prompts/answer.prompt:").contains("if");
        assertThat(fx(() -> shown(problems))).isTrue();
        // Finding 3 of issue 11: the message wraps at the strip's width instead of running off its right edge.
        waitUntil(() -> lookup("#problemsList .list-cell").queryAll().stream()
                .anyMatch(c -> ((javafx.scene.control.ListCell<?>) c).getGraphic() instanceof javafx.scene.control.Label));
        javafx.scene.control.Label line = fx(() -> lookup("#problemsList .list-cell").queryAll().stream()
                .map(c -> ((javafx.scene.control.ListCell<?>) c).getGraphic())
                .filter(g -> g instanceof javafx.scene.control.Label).map(g -> (javafx.scene.control.Label) g)
                .findFirst().orElseThrow());
        assertThat(fx(line::isWrapText)).isTrue();
        assertThat(fx(line::getText)).isEqualTo(message);
        assertThat(fx(() -> line.prefWidth(-1))).isLessThanOrEqualTo(fx(problems::getWidth));
        EditorViewModel.Marker marker = fx(() -> vm.analysisProperty().get().markers().get(0));
        waitUntil(() -> area().getStyleOfChar(marker.start()).contains("error-marker"));
        assertThat(fx(() -> view.markerMessageAt(marker.start()))).isEqualTo(message);
        assertThat(fx(() -> lookup("#previewEmpty").queryLabeled().isVisible())).isTrue();

        write("{{/if}}\n");
        waitUntil(() -> problems.getItems().isEmpty());
        assertThat(fx(() -> area().getStyleOfChar(marker.start()))).doesNotContain("error-marker");
        waitUntil(() -> preview().contains("More."));
    }

    @Test
    void typingTwoBracesOffersTheDeclaredVariablesAndEnterInsertsOne() throws Exception {
        waitUntil(() -> !vm.fields().isEmpty());
        caretAtEnd();
        write("Name: {{cu");

        waitUntil(() -> view.shownCompletions().stream().anyMatch(i -> i.label().equals("customer_name")));
        assertThat(fx(view::shownCompletions)).extracting(Completions.Item::label).containsExactly("customer_name");
        push(KeyCode.ENTER);

        waitUntil(() -> area().getText().endsWith("Name: {{customer_name}}"));
        assertThat(fx(view::shownCompletions)).isEmpty();
        waitUntil(() -> preview().contains("Name: there"));

        write(" {{> ");
        push(KeyCode.ESCAPE);
        press(KeyCode.CONTROL, KeyCode.SPACE).release(KeyCode.SPACE, KeyCode.CONTROL);
        waitUntil(() -> !view.shownCompletions().isEmpty());
        assertThat(fx(view::shownCompletions)).extracting(Completions.Item::label).containsExactly("rules");
    }

    @Test
    void ctrlSAsksForAMessageAndCommits() throws Exception {
        waitUntil(() -> preview().contains("SYSTEM"));
        caretAtEnd();
        write("Thanks for asking.\n");
        waitUntil(() -> vm.dirtyProperty().get());

        press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        waitUntil(() -> lookup("#saveBar").query().isVisible());
        click("#commitMessage").write("Thank the customer");
        click("#commitButton");

        waitUntil(() -> !vm.dirtyProperty().get());
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Thank the customer");
        assertThat(Files.readString(root.resolve(ANSWER))).endsWith("Thanks for asking.\n");
        assertThat(fx(() -> vm.titleProperty().get())).isEqualTo("answer.prompt");
        assertThat(fx(() -> lookup("#saveBar").query().isVisible())).isFalse();
        assertThat(fx(() -> lookup("#saveStatus").queryLabeled().getText())).startsWith("saved version 2 (");
    }

    @Test
    void aKeyIsRefusedInTheSaveBarWithTheKeyMasked() throws Exception {
        waitUntil(() -> preview().contains("SYSTEM"));
        String key = "sk-" + "proj-" + "Zq3xT9bLk2Vw7Rn4Ys8Pd1Fh6Jm5Gc0Ae".repeat(2);
        caretAtEnd();
        interact(() -> area().insertText(area().getLength(), "Key: " + key + "\n"));
        press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        click("#commitMessage").write("Add a key");
        push(KeyCode.ENTER);

        waitUntil(() -> !lookup("#saveError").queryLabeled().getText().isEmpty());
        Labeled error = fx(() -> lookup("#saveError").queryLabeled());
        assertThat(fx(error::getText)).startsWith("refused to commit: prompts/answer.prompt:19:").doesNotContain(key);
        assertThat(fx(() -> shown(error))).isTrue();
        assertThat(fx(() -> vm.dirtyProperty().get())).isTrue();
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Test workspace");
    }

    @Test
    void findAndReplaceAllThenUndoBringsTheTextBack() throws Exception {
        waitUntil(() -> preview().contains("SYSTEM"));
        String before = fx(() -> area().getText());
        press(KeyCode.CONTROL, KeyCode.H).release(KeyCode.H, KeyCode.CONTROL);
        waitUntil(() -> lookup("#replaceField").query().isVisible());
        click("#findField").write("assistant");
        waitUntil(() -> lookup("#findStatus").queryLabeled().getText().equals("1 match"));
        click("#replaceField").write("agent");
        click("#replaceAll");

        waitUntil(() -> area().getText().contains("You are a support agent."));
        waitUntil(() -> preview().contains("You are a support agent."));
        click("#editorArea");
        press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitUntil(() -> area().getText().equals(before));
        waitUntil(() -> !vm.dirtyProperty().get());
    }

    @Test
    void aRecoveryCopyIsOfferedAfterACrashAndRestoresTheText() throws Exception {
        waitUntil(() -> preview().contains("SYSTEM"));
        caretAtEnd();
        write("Unsaved work.\n");
        Path copy = root.resolve(".studio/recovery/" + ANSWER);
        waitUntil(() -> Files.exists(copy) && Files.readString(copy).endsWith("Unsaved work.\n"));

        // A crash: the window goes without asking and nothing is saved.
        FxToolkit.cleanupStages();
        show(ANSWER);

        waitUntil(() -> lookup("#recoveryBar").query().isVisible());
        assertThat(fx(() -> lookup("#recoveryMessage").queryLabeled().getText())).contains("answer.prompt");
        assertThat(fx(() -> area().getText())).doesNotContain("Unsaved work.");
        click("#restoreRecovery");

        waitUntil(() -> area().getText().endsWith("Unsaved work.\n"));
        assertThat(fx(() -> lookup("#recoveryBar").query().isVisible())).isFalse();
        assertThat(fx(() -> vm.dirtyProperty().get())).isTrue();
        waitUntil(() -> preview().contains("Unsaved work."));
    }

    @Test
    void theFormAndADatasetRowFeedThePreview() throws Exception {
        waitUntil(() -> lookup("#input-question").tryQuery().isPresent());
        click("#input-question").write("Is it on?");
        waitUntil(() -> preview().contains("Is it on?"));

        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> datasets = fx(() -> lookup("#datasetPicker").queryAs(javafx.scene.control.ComboBox.class));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<DatasetRow> rows = fx(() -> lookup("#rowPicker").queryAs(javafx.scene.control.ComboBox.class));
        interact(() -> datasets.setValue("questions"));
        waitUntil(() -> !vm.rows().isEmpty());
        interact(() -> rows.setValue(vm.rows().get(0)));
        waitUntil(() -> preview().contains("Where is my order?"));
        assertThat(fx(() -> lookup("#input-question").queryTextInputControl().getText())).isEqualTo("Where is my order?");
    }

    /** Whether the user can see {@code node}: it and all its parents are visible. */
    static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return true;
    }

    static List<String> texts(Node node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out.stream().filter(t -> t != null && !t.isEmpty()).collect(Collectors.toList());
    }

    private static void collect(Node node, List<String> out) {
        if (!node.isVisible()) return;
        if (node instanceof Labeled l) out.add(l.getText());
        if (node instanceof Parent p) p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
    }

    /** Waits (up to 15 s) until {@code condition}, asked on the JavaFX thread, holds. */
    void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return fx(condition);
            });
        } catch (TimeoutException e) {
            throw new AssertionError(fx(() -> "timed out; the editor shows: problems " + vm.problems() + ", messages "
                    + vm.messages() + ", fields " + vm.fields() + ", load error '" + vm.loadErrorProperty().get()
                    + "', text:\n" + vm.text()), e);
        }
    }
}

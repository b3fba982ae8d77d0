package org.promptstudio.ui.history;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.history.HistoryViewModel.VersionRow;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The history in a real window, headless under Monocle, on a git workspace made from the support-assistant sample;
 * controls are found by id and driven with the mouse and keyboard.
 */
class HistoryViewTest extends FxThreadRobot {

    static final String ANSWER = "prompts/answer.prompt";
    /** A phrase of sample-workspaces/support-assistant/prompts/answer.prompt. */
    static final String WARM = "warm, friendly and direct";

    @TempDir
    Path tmp;
    Path root;
    Studio studio;
    FxTaskRunner runner;
    HistoryViewModel vm;

    @BeforeEach
    void open() throws Exception {
        root = tmp.resolve("support-assistant");
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        studio = Studio.open(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            vm = new HistoryViewModel(studio, runner, ANSWER);
            stage.setScene(new Scene((javafx.scene.Parent) new HistoryView(vm).node(), 1300, 860));
            stage.show();
            vm.onActivate();
        });
        waitUntil(() -> vm.loadedProperty().get() && !vm.busyProperty().get() && table().getItems().size() == 1);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    @SuppressWarnings("unchecked")
    TableView<VersionRow> table() {
        return lookup("#versionTable").queryAs(TableView.class);
    }

    void save(String from, String to, String message) throws Exception {
        Path file = root.resolve(ANSWER);
        Files.writeString(file, Files.readString(file).replace(from, to));
        studio.versions().save(ANSWER, message);
    }

    /** Clicks row {@code i} of the versions table; with {@code add}, Ctrl+click adds it to the selection. */
    void clickRow(int i, boolean add) throws Exception {
        Node row = row(i);
        if (add) press(KeyCode.CONTROL);
        clickOn(row);
        if (add) release(KeyCode.CONTROL);
    }

    /** The table's row showing item {@code i}. */
    Node row(int i) throws Exception {
        // The table makes its rows on the layout pass after its items change: wait for row i.
        waitUntil(() -> rowNow(i).isPresent());
        return rowNow(i).orElseThrow();
    }

    java.util.Optional<Node> rowNow(int i) {
        return lookup("#versionTable .table-row-cell").match(n -> n instanceof javafx.scene.control.TableRow<?> r
                && r.getIndex() == i && r.getItem() != null).tryQuery();
    }

    void refresh() throws Exception {
        clickOn("#refreshHistory");
        waitUntil(() -> !vm.busyProperty().get());
    }

    @Test
    void aSavedChangeShowsAsTheNewVersionOnTop() throws Exception {
        save(WARM, "warm, patient and direct", "Patient tone");
        refresh();

        waitUntil(() -> table().getItems().size() == 2 && rowNow(0).map(r -> texts(r).contains("not published")).orElse(false));
        String shown = String.join(" | ", texts(row(0)));
        assertThat(shown).contains("2", "Patient tone", "Ada Lovelace", "not published",
                git(root, "log", "-1", "--format=%h").strip());
    }

    /**
     * Finding 4 of issue 11: before two versions are chosen the diff panes said nothing; they now say what to do,
     * and once compared the placeholder gives way to the lines.
     */
    @Test
    void beforeAComparisonTheDiffPanesSayWhatToDo() throws Exception {
        for (String id : List.of("#diffSourceEmpty", "#diffRenderedEmpty")) {
            Label hint = lookup(id).queryAs(Label.class);
            assertThat(hint.getText()).isEqualTo("Select two versions, or a version and the working copy, to compare");
            assertThat(shown(hint)).isTrue();
        }
        assertThat(lookup("#diffSource").queryAs(javafx.scene.control.ListView.class).getItems()).isEmpty();

        save(WARM, "warm, patient and direct", "Patient tone");
        refresh();
        waitUntil(() -> table().getItems().size() == 2);
        clickRow(0, false);
        clickRow(1, true);
        clickOn("#compareVersions");
        waitUntil(() -> vm.diff().loadedProperty().get() && !vm.diff().loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#diffSource").queryAs(javafx.scene.control.ListView.class).getItems()).isNotEmpty();
        assertThat(lookup("#diffSourceEmpty").tryQuery().filter(HistoryViewTest::shown)).isEmpty();
    }

    /** Whether {@code n} and every parent of it is visible (the list hides its placeholder's region, not the label). */
    static boolean shown(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible()) return false;
        }
        return true;
    }

    @Test
    void twoVersionsComparedShowTheChangedWordHighlightedInSourceAndRendered() throws Exception {
        save(WARM, "warm, patient and direct", "Patient tone");
        refresh();
        waitUntil(() -> table().getItems().size() == 2);

        clickRow(0, false);
        assertThat(vm.selected()).as("after the first click").hasSize(1);
        clickRow(1, true);
        assertThat(vm.selected()).as("after the second click").hasSize(2);
        clickOn("#compareVersions");
        waitUntil(() -> vm.diff().loadedProperty().get() && vm.diff().renderedProperty().get() != null);
        // The diff lists make their cells on the next layout pass: wait until both show a marked word.
        waitUntil(() -> !words("#diffSource", DiffView.WORD_ADDED).isEmpty()
                && !words("#diffRendered", DiffView.WORD_ADDED).isEmpty());

        for (String id : List.of("#diffSource", "#diffRendered")) {
            assertThat(words(id, DiffView.WORD_ADDED)).as(id).containsExactly("patient");
            assertThat(words(id, DiffView.WORD_REMOVED)).as(id).containsExactly("friendly");
        }
        // The changed line and the line it faces are one row of the list, each marked as changed.
        Node changedRow = lookup("#diffSource .list-cell").match(c -> !c.lookupAll("." + DiffView.WORD_ADDED).isEmpty())
                .query();
        assertThat(changedRow.lookupAll(".diff-half.diff-line-changed")).hasSize(2);
        assertThat(String.join("", texts(changedRow))).contains("friendly", "patient");
        assertThat(lookup("#diffTitle").queryLabeled().getText()).isEqualTo("answer.prompt: 1 → 2");
    }

    /** The text of each word of the diff list {@code id} marked with {@code style}, in the order shown. */
    List<String> words(String id, String style) {
        return lookup(id + " ." + style).queryAllAs(Label.class).stream()
                .sorted(java.util.Comparator.comparingDouble((Label l) -> l.localToScene(0, 0).getY())
                        .thenComparingDouble(l -> l.localToScene(0, 0).getX()))
                .map(Label::getText).toList();
    }

    @Test
    void restoringAnOlderVersionAsksThenShowsTheNewVersion() throws Exception {
        String original = Files.readString(root.resolve(ANSWER));
        save(WARM, "terse", "Terse");
        refresh();
        waitUntil(() -> table().getItems().size() == 2);

        clickRow(1, false);
        clickOn("#restoreVersion");
        waitUntil(() -> lookup("#restoreConfirm").query().isVisible());
        assertThat(lookup("#restoreQuestion").queryLabeled().getText()).startsWith("Restore version 1 of answer.prompt");
        assertThat(lines(git(root, "log", "--format=%H", "--", ANSWER))).hasSize(2);
        clickOn("#confirmRestore");

        waitUntil(() -> table().getItems().size() == 3 && !vm.busyProperty().get());
        assertThat(table().getItems().get(0).version()).isEqualTo("3");
        assertThat(lookup("#historyStatus").queryLabeled().getText()).startsWith("Restored version 1 as version 3");
        assertThat(lookup("#restoreConfirm").query().isVisible()).isFalse();
        assertThat(git(root, "show", "HEAD:" + ANSWER)).isEqualTo(original);
    }

    @Test
    void aBranchIsCreatedAndSwitchedTo() throws Exception {
        String main = vm.branchProperty().get();
        clickOn("#newBranchName").write("experiment");
        clickOn("#createBranch");
        waitUntil(() -> vm.branches().contains("experiment") && !vm.busyProperty().get());
        assertThat(lookup("#currentBranch").queryLabeled().getText()).isEqualTo(main);

        @SuppressWarnings("unchecked")
        ComboBox<String> picker = lookup("#branchPicker").queryAs(ComboBox.class);
        interact(() -> picker.setValue("experiment"));
        clickOn("#switchBranch");

        waitUntil(() -> "experiment".equals(lookup("#currentBranch").queryLabeled().getText()));
        assertThat(git(root, "branch", "--show-current").strip()).isEqualTo("experiment");
        assertThat(lookup("#historyStatus").queryLabeled().getText()).isEqualTo("Switched to experiment");
    }

    @Test
    void aLabelTypedForTheSelectedVersionShowsInItsRowAndCanBeRemoved() throws Exception {
        clickRow(0, false);
        clickOn("#labelName").write("production");
        clickOn("#addLabel");

        waitUntil(() -> !vm.busyProperty().get() && lookup("#label-production").tryQuery().isPresent());
        assertThat(lookup("#historyStatus").queryLabeled().getText()).isEqualTo("Labelled version 1 production");
        assertThat(git(root, "tag", "-l")).contains("prompts/answer/production");

        @SuppressWarnings("unchecked")
        ComboBox<String> labels = lookup("#labelToRemove").queryAs(ComboBox.class);
        interact(() -> labels.setValue("production"));
        clickOn("#removeLabel");
        waitUntil(() -> !vm.busyProperty().get() && lookup("#label-production").tryQuery().isEmpty());
        assertThat(git(root, "tag", "-l")).doesNotContain("production");
    }

    @Test
    void switchingWithUnsavedChangesIsRefusedInOneLine() throws Exception {
        studio.branches().create("experiment");
        Path file = root.resolve(ANSWER);
        Files.writeString(file, Files.readString(file).replace(WARM, "terse"));
        refresh();
        waitUntil(() -> vm.branches().contains("experiment") && table().getItems().get(0).working());

        @SuppressWarnings("unchecked")
        ComboBox<String> picker = lookup("#branchPicker").queryAs(ComboBox.class);
        interact(() -> picker.setValue("experiment"));
        clickOn("#switchBranch");

        waitUntil(() -> !vm.errorProperty().get().isEmpty());
        String shown = lookup("#historyError").queryLabeled().getText();
        assertThat(shown).startsWith("Cannot switch to 'experiment': uncommitted changes would be lost: ")
                .contains(ANSWER).doesNotContain("\n", "Exception");
        assertThat(lookup("#historyError").query().isVisible()).isTrue();
        assertThat(git(root, "branch", "--show-current").strip()).isNotEqualTo("experiment");
    }

    @Test
    void aMergeWithAConflictListsTheFileAndOpensItForTheEditor() throws Exception {
        String main = vm.branchProperty().get();
        studio.branches().create("tone");
        studio.branches().switchTo("tone");
        save(WARM, "playful", "Playful");
        studio.branches().switchTo(main);
        save(WARM, "formal", "Formal");
        refresh();
        waitUntil(() -> vm.branches().contains("tone"));

        @SuppressWarnings("unchecked")
        ComboBox<String> picker = lookup("#branchPicker").queryAs(ComboBox.class);
        interact(() -> picker.setValue("tone"));
        clickOn("#mergeBranch");

        waitUntil(() -> lookup("#mergeBar").query().isVisible() && !vm.busyProperty().get());
        @SuppressWarnings("unchecked")
        ListView<String> conflicts = lookup("#conflictList").queryAs(ListView.class);
        assertThat(conflicts.getItems()).containsExactly(ANSWER);
        assertThat(lookup("#mergeState").queryLabeled().getText()).contains("1 file is in conflict");

        List<String> asked = new ArrayList<>();
        vm.openFileRequestProperty().addListener((o, a, b) -> {
            if (b != null) asked.add(b);
        });
        // The list's cells are made on the next layout pass after its items are set: wait for the file's cell.
        waitUntil(() -> lookup("#conflictList .list-cell")
                .match((javafx.scene.control.ListCell<?> c) -> ANSWER.equals(c.getItem())).tryQuery().isPresent());
        clickOn(lookup("#conflictList .list-cell")
                .match((javafx.scene.control.ListCell<?> c) -> ANSWER.equals(c.getItem())).queryAs(Node.class));
        clickOn("#openConflict");
        waitUntil(() -> !asked.isEmpty());
        assertThat(asked).containsExactly(ANSWER);

        clickOn("#continueMerge");
        waitUntil(() -> !vm.errorProperty().get().isEmpty() && !vm.busyProperty().get());
        assertThat(lookup("#historyError").queryLabeled().getText()).contains("still in conflict: " + ANSWER);
    }

    static List<String> texts(Node node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(Node node, List<String> out) {
        if (!node.isVisible()) return;
        if (node instanceof Label l && l.getText() != null && !l.getText().isEmpty()) out.add(l.getText());
        if (node instanceof javafx.scene.control.Labeled l && !(node instanceof Label) && l.getText() != null
                && !l.getText().isEmpty()) {
            out.add(l.getText());
        }
        if (node instanceof javafx.scene.Parent p) p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
    }

    void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.call();
            });
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; the history shows: rows " + vm.rows() + ", error '"
                    + vm.errorProperty().get() + "', status '" + vm.statusProperty().get() + "', diff error '"
                    + vm.diff().errorProperty().get() + "'", e);
        }
    }
}

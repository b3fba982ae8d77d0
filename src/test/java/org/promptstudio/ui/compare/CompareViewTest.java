package org.promptstudio.ui.compare;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Feedback;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.promptstudio.testsupport.Workspaces;
import org.promptstudio.ui.ScreenshotFixture;

/**
 * The compare grid in a real window, headless under Monocle, on the support-assistant sample with its offline models
 * and a local server speaking OpenAI's streaming wire format; controls found by id.
 */
class CompareViewTest extends FxThreadRobot {

    /** A phrase of sample-workspaces/support-assistant/prompts/answer.prompt. */
    static final String WARM = "warm, friendly and direct";

    @TempDir
    Path tmp;
    Path root;
    Studio studio;
    FxTaskRunner runner;
    CompareViewModel vm;
    OpenAiChatServer server;
    final CountDownLatch release = new CountDownLatch(1);
    /** Lets the server send its second piece (the test sees the first drawn before). */
    final java.util.concurrent.Semaphore step = new java.util.concurrent.Semaphore(0);

    @BeforeEach
    void open() throws Exception {
        // Streams "Hello", waits for the test, " there", waits again, then " world" and OpenAI's end chunks.
        server = OpenAiChatServer.start(reply -> {
            reply.delta("Hello");
            if (!reply.hold(step)) return;
            reply.delta(" there");
            if (!reply.hold(release)) return;
            reply.delta(" world");
            reply.end("stop", 12, 2);
            reply.done();
        });
        root = tmp.resolve("support-assistant");
        Workspaces.fromSample(root, "support-assistant", Workspaces.openAiModel("held", "held-llm", server.url()));
        studio = Studio.open(root);
        studio.versions().label("answer", "production", "1");
        Path answer = root.resolve("prompts/answer.prompt");
        // The echo model answers with the user's message: a change there is a difference between the answers.
        Files.writeString(answer, Files.readString(answer).replace(WARM, "warm, patient and direct")
                .replace("{{question}}", "Customer asks: {{question}}"));
        runner = new FxTaskRunner(2);
        ScreenshotFixture.show(() -> {
            vm = new CompareViewModel(studio, runner);
            vm.promptProperty().set("answer");
            return new CompareView(vm).node();
        }, 1260, 780, () -> vm.onActivate());
        waitUntil(() -> vm.modelChoices().contains("held") && vm.versionChoices().contains("production"));
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        step.release(10);
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
        server.close();
    }

    /** Chooses on the FX thread what the bar's menus would. */
    void choose(List<String> versions, List<String> models, String dataset, int limit) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            vm.versions().setAll(versions);
            vm.models().setAll(models);
            vm.limitProperty().set(limit);
            if (dataset == null) vm.typedInputProperty().set("question: Do you ship to Norway?");
        }).get();
        if (dataset != null) {
            @SuppressWarnings("unchecked")
            ComboBox<String> box = lookup("#compareDataset").queryAs(ComboBox.class);
            interact(() -> box.getSelectionModel().select(dataset));
        }
    }

    Optional<Node> cell(int row, int column) {
        return lookup("#compareGrid").tryQuery().flatMap(g -> CompareCell.at(g, row, column)).map(Node.class::cast);
    }

    /** The text the cell draws, joined. */
    String cellText(int row, int column) {
        return cell(row, column).map(n -> String.join("", texts(n, null))).orElse("");
    }

    /** The answer's text pieces of one kind (null: every piece, marked or not), in the order drawn. */
    static List<String> texts(Node node, String kind) {
        return CompareCell.pieces(node, kind);
    }

    @Test
    void aComparisonWithTheOfflineModelsFillsEveryCell() throws Exception {
        choose(List.of("production", "working"), List.of("echo", "extractive"), "support-questions", 4);
        clickOn("#compareRun");

        waitUntil(() -> !vm.runningProperty().get() && vm.cellsTotalProperty().get() == 16);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.cellsDoneProperty().get()).isEqualTo(16);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int row = r;
                int col = c;
                waitUntil(() -> cell(row, col).isPresent());
                TableCell<?, ?> shown = (TableCell<?, ?>) cell(r, c).orElseThrow();
                assertThat(CompareCell.status(shown)).as("cell %d,%d", r, c).isEqualTo("done");
                assertThat(cellText(r, c)).as("cell %d,%d", r, c).isNotBlank();
            }
        }
        assertThat(lookup("#compareMessage").queryLabeled().getText()).startsWith("Done: 16 of 16 cells (run ");
    }

    @Test
    void theBarShowsEveryLabelWholeInA1260PixelWindowAndTheSplitSaysAll() throws Exception {
        choose(List.of("production", "working", "1"), List.of("echo", "extractive"), "support-questions", 4);
        WaitForAsyncUtils.waitForFxEvents();

        // Every label and button of the bar as wide as its text wants (no ellipsis), wrapped with its control.
        List<javafx.scene.control.Labeled> cut = lookup("#compareView .labeled").queryAllAs(javafx.scene.control.Labeled.class)
                .stream().filter(l -> l.isVisible() && l.getScene() != null && !(l instanceof TableCell<?, ?>)
                        && l.getParent() != null && !l.getText().isEmpty() && l.getWidth() + 0.5 < l.prefWidth(-1))
                .toList();
        assertThat(cut).extracting(javafx.scene.control.Labeled::getText).isEmpty();
        // the box's value is the empty choice, which it names (its button cell shows the converter's text)
        @SuppressWarnings("unchecked")
        ComboBox<String> split = lookup("#compareSplit").queryAs(ComboBox.class);
        assertThat(split.getValue()).isEmpty();
        assertThat(split.getConverter().toString(split.getValue())).isEqualTo("all splits");
    }

    @Test
    void theBarKeepsItsLayoutAfterARunAndThePlaceholderShowsItsLinesAsTyped() throws Exception {
        // the typed-input placeholder: on separate lines (JavaFX drops a prompt text's line breaks)
        javafx.scene.control.TextArea input = lookup("#compareInput").queryAs(javafx.scene.control.TextArea.class);
        javafx.scene.control.Label hint = lookup("#compareInputPlaceholder").queryAs(javafx.scene.control.Label.class);
        assertThat(hint.getText()).isEqualTo("question: How long does delivery take?\n---\nquestion: Another input");
        assertThat(hint.isVisible()).isTrue();
        assertThat(hint.getHeight()).as("three lines high").isGreaterThan(2.5 * hint.getFont().getSize());

        choose(List.of("production", "working"), List.of("echo", "extractive"), null, 0);
        assertThat(hint.isVisible()).as("gone once something is typed").isFalse();
        WaitForAsyncUtils.waitForFxEvents();
        Node box = lookup("#compareBaseline").query();
        Node html = lookup("#compareExportHtml").query();
        Node grid = lookup("#compareGrid").query();
        double boxWidth = box.getBoundsInParent().getWidth();
        double htmlY = html.localToScene(html.getBoundsInLocal()).getMinY();
        double gridY = grid.localToScene(grid.getBoundsInLocal()).getMinY();

        clickOn("#compareRun");
        waitUntil(() -> !vm.runningProperty().get() && vm.cellsDoneProperty().get() == 4);
        interact(() -> vm.onBaseline(3)); // the longest title the box can show
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(box.getBoundsInParent().getWidth()).isEqualTo(boxWidth);
        assertThat(box.getBoundsInParent().getWidth()).isEqualTo(CompareView.BASELINE_WIDTH);
        assertThat(html.localToScene(html.getBoundsInLocal()).getMinY()).as("Export HTML stays on its line")
                .isEqualTo(htmlY);
        assertThat(grid.localToScene(grid.getBoundsInLocal()).getMinY()).as("the grid does not jump").isEqualTo(gridY);
    }

    @Test
    void aCellGrowsAsTheLocalServerStreams() throws Exception {
        choose(List.of("working"), List.of("held"), null, 0);
        clickOn("#compareRun");

        // The text grows as the server sends it, drawn in a frame after each piece: 5, then 11, then 17 characters.
        waitUntil(() -> cellText(0, 0).equals("Hello"));
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(CompareCell.status(cell(0, 0).orElseThrow())).isEqualTo("streaming");
        long updatesAtFirst = vm.updatesApplied();

        step.release();
        waitUntil(() -> cellText(0, 0).equals("Hello there"));
        assertThat(cellText(0, 0)).hasSize(11);
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.updatesApplied()).as("a later frame drew the second piece").isGreaterThan(updatesAtFirst);

        release.countDown();

        waitUntil(() -> !vm.runningProperty().get() && cellText(0, 0).equals("Hello there world"));
        assertThat(CompareCell.status(cell(0, 0).orElseThrow())).isEqualTo("done");
        assertThat(vm.updatesApplied()).as("updates batched per frame, not one per token").isGreaterThan(0);
    }

    @Test
    void theBaselineMarksTheWordsThatDiffer() throws Exception {
        choose(List.of("production", "working"), List.of("echo"), "support-questions", 2);
        clickOn("#compareRun");
        waitUntil(() -> !vm.runningProperty().get() && vm.cellsDoneProperty().get() == 4);

        // production is the baseline: the working copy's cell marks the words it adds
        waitUntil(() -> !texts(cell(0, 1).orElseThrow(), "added").isEmpty());
        assertThat(String.join("", texts(cell(0, 1).orElseThrow(), "added"))).isEqualTo("Customer asks: ");
        assertThat(texts(cell(0, 1).orElseThrow(), "removed")).isEmpty();
        assertThat(texts(cell(0, 0).orElseThrow(), "removed")).isEmpty();

        @SuppressWarnings("unchecked")
        ComboBox<Integer> baseline = lookup("#compareBaseline").queryAs(ComboBox.class);
        assertThat(baseline.getConverter().toString(baseline.getValue())).isEqualTo("Baseline: default (production \u00b7 echo)");
        interact(() -> baseline.getSelectionModel().select(Integer.valueOf(1))); // pinned: working · echo

        // the working copy is the baseline now: production lacks those words
        waitUntil(() -> !texts(cell(0, 0).orElseThrow(), "removed").isEmpty());
        assertThat(String.join("", texts(cell(0, 0).orElseThrow(), "removed"))).isEqualTo("Customer asks: ");
        assertThat(texts(cell(0, 1).orElseThrow(), "added")).isEmpty();
    }

    @Test
    void aRatingGoesToTheDatabase() throws Exception {
        choose(List.of("working"), List.of("extractive"), "support-questions", 1);
        clickOn("#compareRun");
        waitUntil(() -> !vm.runningProperty().get() && vm.cellsDoneProperty().get() == 1);

        doubleClickOn(cell(0, 0).orElseThrow());
        waitUntil(() -> lookup("#compareDetail").tryQuery().map(Node::isVisible).orElse(false)
                && lookup("#compareComment").tryQuery().isPresent());
        CompareViewModel.CellDetail detail = vm.openedProperty().get();
        assertThat(lookup("#compareDetailWhere").queryLabeled().getText())
                .startsWith("prompts/answer.prompt @ ").contains("+dirty");
        assertThat(lookup("#compareDetailPrompt-0").queryTextInputControl().getText())
                .contains("system:", "warm, patient and direct", "user:");
        long callId = detail.samples().get(0).call().id();
        // the answer read as markdown beside the raw response
        javafx.scene.text.TextFlow markdown = lookup("#compareDetailMarkdown-0").queryAs(javafx.scene.text.TextFlow.class);
        assertThat(markdown.getChildren()).isNotEmpty();
        assertThat(lookup("#compareDetailResponse-0").queryTextInputControl().getText()).isNotBlank();

        clickOn("#compareComment").write("cites the right policy");
        clickOn("#compareRateUp");

        waitUntil(() -> !StudioParts.database(studio).feedback().forCall(callId).isEmpty());
        List<FeedbackRecord> stored = StudioParts.database(studio).feedback().forCall(callId);
        assertThat(stored).singleElement().extracting(FeedbackRecord::valueJson)
                .isEqualTo("{\"rating\":\"up\",\"comment\":\"cites the right policy\"}");
        waitUntil(() -> "up".equals(vm.rows().get(0).cell(0).get().rating()));
        waitUntil(() -> "up".equals(CompareCell.rating(cell(0, 0).orElseThrow())));
    }

    @Test
    void theFocusedCellIsRatedByKeyboard() throws Exception {
        choose(List.of("working"), List.of("extractive"), "support-questions", 1);
        clickOn("#compareRun");
        waitUntil(() -> !vm.runningProperty().get() && vm.cellsDoneProperty().get() == 1);
        assertThat(studio.feedback().list(null, null, 10)).isEmpty();

        // a key on the input column rates nothing
        Node input = lookup("#compareGrid .table-cell").match((Node n) -> n instanceof javafx.scene.control.TableCell<?, ?> c
                && c.getIndex() == 0 && c.getTableColumn() != null
                && "compareInputColumn".equals(c.getTableColumn().getId())).query();
        clickOn(input);
        write("-");
        clickOn(cell(0, 0).orElseThrow()); // selects the cell: the grid's focus is on it
        write("-");

        waitUntil(() -> "down".equals(vm.rows().get(0).cell(0).get().rating()));
        assertThat(studio.feedback().list(null, null, 10)).singleElement()
                .extracting(Feedback.Listed::rating, Feedback.Listed::comment).containsExactly("down", "");
        waitUntil(() -> "down".equals(CompareCell.rating(cell(0, 0).orElseThrow())));

        write("+"); // the newest rating is the cell's
        waitUntil(() -> "up".equals(vm.rows().get(0).cell(0).get().rating()));
        assertThat(studio.feedback().list(null, null, 10)).extracting(Feedback.Listed::rating)
                .containsExactly("up", "down");
    }

    @Test
    void atTheNarrowestColumnsGoodAndBadStayWholeTheBadgesWrapAboveThemAndACutAnswerEndsInAnEllipsis() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> vm.promptProperty().set("classify-ticket")).get();
        // each ci-tickets row has a json-schema check: a badge, and "same checks" against the baseline
        choose(List.of("working"), List.of("echo", "extractive"), "ci-tickets", 2);
        clickOn("#compareRun");
        waitUntil(() -> !vm.runningProperty().get() && vm.cellsDoneProperty().get() == 4);
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<CompareViewModel.GridRow> grid = lookup("#compareGrid")
                .queryAs(javafx.scene.control.TableView.class);
        interact(() -> grid.getColumns().forEach(c -> c.setPrefWidth(c.getMinWidth() > 20 ? c.getMinWidth() : 120)));
        waitUntil(() -> grid.getColumns().get(1).getWidth() == CompareCell.MIN_WIDTH);
        WaitForAsyncUtils.waitForFxEvents();
        String picture = System.getProperty("studio.screenshot.narrow");
        if (picture != null) { // to look at by hand: -Dstudio.screenshot.narrow=/tmp/narrow.png
            WaitForAsyncUtils.asyncFx(() -> org.promptstudio.ui.Screenshots.writeScene(grid.getScene(),
                    Path.of(picture))).get();
        }

        boolean someCut = false;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                Node cell = cell(r, c).orElseThrow();
                javafx.geometry.Bounds box = cell.localToScene(cell.getLayoutBounds());
                List<javafx.geometry.Bounds> buttons = new ArrayList<>();
                for (String kind : List.of(".compare-rate-up", ".compare-rate-down")) {
                    javafx.scene.layout.Region b = (javafx.scene.layout.Region) cell.lookup(kind);
                    assertThat(b.getWidth()).as("%s in cell %d,%d is whole", kind, r, c)
                            .isGreaterThanOrEqualTo(b.prefWidth(-1) - 0.5);
                    javafx.geometry.Bounds at = b.localToScene(b.getLayoutBounds());
                    assertThat(box.contains(at)).as("%s inside cell %d,%d", kind, r, c).isTrue();
                    buttons.add(at);
                }
                List<CompareCell.Tag> badges = cell.lookupAll(".compare-badge").stream()
                        .map(CompareCell.Tag.class::cast).toList();
                assertThat(badges).as("cell %d,%d", r, c).isNotEmpty();
                assertThat(cell.lookup(".compare-cell-text").getLayoutBounds().getHeight())
                        .as("cell %d,%d keeps two lines of its answer", r, c).isGreaterThanOrEqualTo(2 * 12);
                for (CompareCell.Tag l : badges) {
                    javafx.geometry.Bounds at = l.localToScene(l.getLayoutBounds());
                    assertThat(l.getWidth()).as("'%s' whole", l.getText()).isGreaterThanOrEqualTo(l.prefWidth(-1) - 0.5);
                    assertThat(box.contains(at)).as("'%s' inside cell %d,%d", l.getText(), r, c).isTrue();
                    assertThat(buttons).as("'%s' clear of Good and Bad", l.getText()).noneMatch(at::intersects);
                }
                // the versus mark is a Text: never cut, so only where it is matters
                javafx.scene.text.Text versus = (javafx.scene.text.Text) cell.lookup(".compare-versus");
                assertThat(versus.getText()).isIn("baseline", "= same checks");
                javafx.geometry.Bounds mark = versus.localToScene(versus.getLayoutBounds());
                assertThat(box.contains(mark)).as("'%s' inside cell %d,%d", versus.getText(), r, c).isTrue();
                assertThat(buttons).as("'%s' clear of Good and Bad", versus.getText()).noneMatch(mark::intersects);
                assertThat(badges).as("'%s' clear of the badges", versus.getText())
                        .noneMatch(b -> b.localToScene(b.getLayoutBounds()).intersects(mark));
                Node more = cell.lookup(".compare-more"); // made when the cell's answer is first cut
                someCut |= more != null && more.isVisible();
            }
        }
        // echo answers with the whole ticket: more than a narrow cell holds, so it ends in "…"; the opened cell has it all
        assertThat(someCut).isTrue();
        Node first = cell(0, 0).orElseThrow();
        assertThat(first.lookup(".compare-more")).isNotNull().matches(Node::isVisible, "visible");
        String drawn = String.join("", texts(first, null));
        doubleClickOn(first);
        waitUntil(() -> lookup("#compareDetailResponse-0").tryQuery().isPresent());
        assertThat(lookup("#compareDetailResponse-0").queryTextInputControl().getText()).isEqualTo(drawn);
    }

    @Test
    void aCellWhoseAnswerGrowsPastItsRoomIsLaidOutAgainAndEndsInAnEllipsis() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            CompareCell cell = new CompareCell(vm, 0);
            javafx.scene.Scene scene = new javafx.scene.Scene(cell, CompareCell.MIN_WIDTH, CompareView.ROW_HEIGHT);
            scene.getStylesheets().add(CompareView.class.getResource("compare.css").toExternalForm());
            cell.updateItem(streaming("A short start."), false);
            cell.applyCss();
            cell.layout();
            assertThat(cell.lookup(".compare-more")).as("nothing cut yet").matches(m -> m == null || !m.isVisible());
            // streamed text only: the cell keeps its size, and the cell's content alone is laid out again
            cell.updateItem(streaming("A much longer answer. ".repeat(30)), false);
            cell.applyCss();
            cell.layout();
            Node more = cell.lookup(".compare-more");
            assertThat(more).as("cut: ends in \u2026").isNotNull().matches(Node::isVisible, "visible");
            Node text = cell.lookup(".compare-cell-text");
            assertThat(text.getLayoutBounds().getHeight()).isLessThan(CompareView.ROW_HEIGHT);
        }).get();
    }

    private static CompareViewModel.CellState streaming(String text) {
        return new CompareViewModel.CellState(CompareViewModel.Status.STREAMING, text, null, null, null, null, null,
                List.of(), null, Double.NaN, null, CompareViewModel.Versus.NONE, null, null, false);
    }

    @Test
    void aReusedCellThatIsEmptyNowKeepsNoStatus() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            CompareCell cell = new CompareCell(vm, 0);
            cell.updateItem(new CompareViewModel.CellState(CompareViewModel.Status.FAILED, "", "boom", null, null,
                    null, null, List.of(), null, Double.NaN, null, CompareViewModel.Versus.NONE, null, null, false), false);
            assertThat(CompareCell.status(cell)).isEqualTo("failed");
            cell.updateItem(null, true);
            assertThat(CompareCell.status(cell)).as("empty: no status").isNull();
        }).get();
    }

    void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.call();
            });
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; the grid says '" + vm.messageProperty().get() + "', error '"
                    + vm.errorProperty().get() + "', " + vm.cellsDoneProperty().get() + " of "
                    + vm.cellsTotalProperty().get() + " cells", e);
        }
    }
}

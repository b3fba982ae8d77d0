package org.promptstudio.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.model.CallRecord;
import org.testfx.util.WaitForAsyncUtils;
import org.promptstudio.ui.ScreenshotFixture;
import org.promptstudio.ui.WindowTestBase;

/** The run list, a scoreboard, a comparison and the call browser in a real window, headless under Monocle. */
class RunsViewTest extends WindowTestBase {

    /** Calls added besides the runs' own, so the table has far more rows than it shows. */
    static final int EXTRA_CALLS = 5000;

    final RunsFixture fixture = new RunsFixture();

    @Override
    protected Studio openWorkspace(Path dir) throws Exception {
        return fixture.open(dir);
    }

    @Test
    void theRunListOpensWithTheNewestRunsScoreboardAndComparesWithABaseline() throws Exception {
        RunsViewModel vm = new RunsViewModel(studio, runner, null);
        javafx.scene.Parent[] root = new javafx.scene.Parent[1];
        WaitForAsyncUtils.asyncFx(() -> root[0] = (javafx.scene.Parent) new RunsView(vm).node()).get();
        show(root[0]);
        interact(vm::onActivate);
        TableView<?> runs = lookup("#runsTable").queryAs(TableView.class);
        TableView<?> board = lookup("#scoreboardTable").queryAs(TableView.class);
        waitUntil(() -> runs.getItems().size() == 2 && board.getItems().size() == 1);
        assertThat(runs.getSelectionModel().getSelectedIndex()).isZero();
        assertThat(((RunsViewModel.BoardRow) board.getItems().get(0)).passRate()).startsWith("50.0% [");

        clickOn(row("#runsTable", 1)); // the older run: every case passed
        waitUntil(() -> board.getItems().size() == 1
                && ((RunsViewModel.BoardRow) board.getItems().get(0)).passRate().startsWith("100.0%"));
        assertThat(vm.selectedProperty().get()).isEqualTo(fixture.first);

        clickOn(row("#runsTable", 0));
        waitUntil(() -> vm.selectedProperty().get() == fixture.second && board.getItems().size() == 1);
        clickOn("Compare with a run");
        @SuppressWarnings("unchecked")
        ComboBox<String> baseline = lookup("#baselineChoice").queryAs(ComboBox.class);
        interact(() -> baseline.getSelectionModel().select(String.valueOf(fixture.first)));
        TableView<?> flips = lookup("#flipsTable").queryAs(TableView.class);
        waitUntil(() -> flips.getItems().size() == 2);
        assertThat(lookup("#comparisonTest").queryLabeled().getText()).contains("2 broke, 0 fixed");

        interact(() -> vm.stateFilterProperty().set("cancelled"));
        assertThat(runs.getItems()).isEmpty();
    }

    @Test
    void theCallBrowserReadsOnlyThePagesItShowsAndOpensACall() throws Exception {
        List<CallRecord> extra = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < EXTRA_CALLS; i++) {
            extra.add(CallRecord.builder().prompt("prompts/old.prompt", "0123456789abcdef0123456789abcdef01234567")
                    .model("bench", i % 2 == 0 ? "old-a" : "old-b").tokens(10, 5).cost(new BigDecimal("0.0001"))
                    .latencyMs(100L + i).createdAt(t0.plusSeconds(i)).build());
        }
        StudioParts.calls(studio).insertBatch(extra);
        CallsViewModel vm = new CallsViewModel(studio, runner, null);
        javafx.scene.Parent[] root = new javafx.scene.Parent[1];
        WaitForAsyncUtils.asyncFx(() -> root[0] = (javafx.scene.Parent) new CallsView(vm).node()).get();
        show(root[0]);
        interact(vm::onActivate);
        @SuppressWarnings("unchecked")
        TableView<CallsViewModel.CallRow> table = lookup("#callsTable").queryAs(TableView.class);
        int total = EXTRA_CALLS + 8;
        waitUntil(() -> fx(() -> table.getItems().size() == total && table.getItems().get(0).call() != null));
        assertThat(lookup("#callsCount").queryLabeled().getText()).isEqualTo(String.format("%,d calls", total));
        // A screen of rows needs one page of 100, not the 51 pages of the whole list.
        assertThat(vm.pagesReadProperty().get()).isBetween(1L, 2L);

        interact(() -> table.scrollTo(total - 1));
        waitUntil(() -> fx(() -> table.getItems().get(total - 1).call() != null));
        assertThat(fx(() -> table.getItems().get(total - 1).call().model())).isEqualTo("old-a"); // the oldest call
        assertThat(vm.pagesReadProperty().get()).isLessThanOrEqualTo(4L);

        interact(() -> table.scrollTo(0));
        clickOn(row("#callsTable", 0));
        TextArea record = lookup("#callRecord").queryAs(TextArea.class);
        waitUntil(() -> record.getText().startsWith("call "));
        assertThat(record.getText()).contains("run " + fixture.second).contains("── output ──");

        clickOn("#callsFailed");
        waitUntil(() -> fx(() -> vm.totalProperty().get() == 0 && table.getItems().isEmpty()));
    }

    /** The row of table {@code id} showing item {@code index}. */
    javafx.scene.Node row(String id, int index) {
        return lookup(id).lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getIndex() == index && !r.isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no row " + index + " shown in " + id));
    }

    /** {@code value} worked out on the FX thread, where the table reads its rows. */
    static <T> T fx(Callable<T> value) throws Exception {
        return WaitForAsyncUtils.asyncFx(value).get(30, TimeUnit.SECONDS);
    }

    void waitUntil(Callable<Boolean> condition) {
        ScreenshotFixture.waitUntil(60, condition, () -> "the condition never held");
    }
}

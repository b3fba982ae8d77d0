package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.RecordedRunWorkspace;
import org.promptstudio.ui.compare.CompareCell;
import org.promptstudio.ui.shell.ShellViewModel;
import org.promptstudio.ui.shell.ViewKey;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Open in grid" in the whole window as the studio composes it ({@link StudioApp#window} with
 * {@link StudioApp#viewTabs}), headless under Monocle: the run list, a run selected, its button, and the recorded run
 * in a grid tab with every cell filled from the database (no model is called: the run's calls stay as many).
 */
class RunGridWindowTest extends FxThreadRobot {

    @TempDir
    Path tmp;

    StudioWindow window;
    Studio studio;
    ShellViewModel vm;
    long older;
    long newer;

    @BeforeEach
    void openWindow() throws Exception {
        window = new StudioWindow(tmp);
        studio = RecordedRunWorkspace.open(tmp.resolve("ws"), 2);
        older = RecordedRunWorkspace.run(studio);
        newer = RecordedRunWorkspace.run(studio);
        vm = window.open(studio);
    }

    @AfterEach
    void closeWindow() throws Exception {
        window.close();
    }

    @Test
    void theRunListOpensTheSelectedRunInTheGridWithEveryCellFilled() throws Exception {
        long calls = org.promptstudio.app.StudioParts.database(studio).calls().count();
        interact(() -> vm.onOpenView(ViewKey.runs()));
        waitUntil(() -> lookup("#runsTable .table-row-cell").match(n -> n instanceof TableRow<?> r
                && r.getIndex() == 1 && r.getItem() != null).tryQuery().isPresent());
        clickOn(lookup("#runsTable .table-row-cell").match(n -> n instanceof TableRow<?> r && r.getIndex() == 1
                && r.getItem() != null).queryAs(Node.class)); // the older run (the list is newest first)
        waitUntil(() -> !lookup("#runsOpenGrid").query().isDisabled());
        clickOn("#runsOpenGrid");

        waitUntil(() -> selectedTab().equals("Grid \u2014 run " + older));
        waitUntil(() -> lookup("#compareShownRun").queryLabeled().getText().startsWith("Recorded run " + older));
        waitUntil(() -> lookup("#compareMessage").queryLabeled().getText()
                .equals("Recorded: 8 of 8 planned cells (run " + older + ")"));
        assertThat(lookup("#compareRun").query().isVisible()).as("a recorded run is not run again here").isFalse();
        String[] questions = {"Can I return a Dial?", "How do valves pair?"};
        for (int row = 0; row < 2; row++) {
            for (int column = 0; column < 4; column++) {
                int r = row;
                int c = column;
                waitUntil(() -> CompareCell.at(lookup("#compareGrid").query(), r, c).isPresent());
                Node cell = CompareCell.at(lookup("#compareGrid").query(), r, c).orElseThrow();
                assertThat(CompareCell.status(cell)).as("cell %d-%d", r, c).isEqualTo("done");
                String text = String.join("", texts(cell));
                assertThat(text).as("cell %d-%d", r, c).contains(questions[r])
                        .startsWith(c < 2 ? "Question: " : "Q: ");
            }
        }
        assertThat(org.promptstudio.app.StudioParts.database(studio).calls().count()).as("no model called")
                .isEqualTo(calls);
    }

    @Test
    void theRunLaunchersOpenInGridShowsTheRunItJustMade() throws Exception {
        interact(() -> vm.onOpenView(ViewKey.launch("two")));
        waitUntil(() -> lookup("#runEstimate").tryQuery().isPresent());
        clickOn("#runEstimate");
        waitUntil(() -> !lookup("#runStart").query().isDisabled());
        clickOn("#runStart");
        waitUntil(() -> lookup("#runOpenGrid").query().isVisible() && !lookup("#runOpenGrid").query().isDisabled());
        long made = studio.runHistory().latest(1).get(0).run().id();
        assertThat(made).isGreaterThan(newer);

        clickOn("#runOpenGrid");

        waitUntil(() -> selectedTab().equals("Grid \u2014 run " + made));
        waitUntil(() -> lookup("#compareMessage").queryLabeled().getText()
                .equals("Recorded: 8 of 8 planned cells (run " + made + ")"));
    }

    private String selectedTab() {
        Tab tab = lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem();
        return tab == null ? "" : tab.getText();
    }

    /** The answer's text as the cell draws it, in order, without the baseline's words it marks as removed. */
    private static List<String> texts(Node node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(Node node, List<String> out) {
        String kind = CompareCell.pieceKind(node);
        if (kind != null && !kind.equals("removed")) out.add(((Text) node).getText());
        if (node instanceof Parent p) p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition).get();
        });
    }
}

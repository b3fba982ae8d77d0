package org.promptstudio.ui.compare;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Experiments;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.experiment.Retriever;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.RetrievedChunk;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.ui.ScreenshotFixture;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The grid's cell detail maps an answer's citations [n] to the chunks the call was given (decision 0140): the
 * support-assistant sample's rag-answer run with the built-in extractive model, its chunks the paragraphs of the
 * sample's shipping policy given by a fixed retriever (the index is another part), shown as a recorded run in a real
 * window under Monocle; controls found by id.
 */
class CompareSourcesViewTest extends FxThreadRobot {

    @TempDir
    Path tmp;
    Studio studio;
    FxTaskRunner runner;
    CompareViewModel vm;
    long runId;

    @BeforeEach
    void run() throws Exception {
        Path root = Studio.initFromSample("support-assistant", tmp.resolve("ws")).root();
        studio = Studio.open(root);
        List<RetrievedChunk> chunks = new ArrayList<>();
        String doc = Files.readString(root.resolve("docs/shipping-policy.md"));
        for (String paragraph : doc.split("\\n\\s*\\n")) {
            if (paragraph.isBlank() || paragraph.startsWith("#") || chunks.size() == 4) continue;
            chunks.add(new RetrievedChunk("docs/shipping-policy.md#" + chunks.size(), "docs/shipping-policy.md",
                    chunks.size(), "Shipping policy", List.of(), paragraph.strip(), 1.0 / (chunks.size() + 60)));
        }
        Retriever fixed = (query, k, mode, prefix) -> chunks.subList(0, Math.min(k, chunks.size()));
        Experiments experiments = studio.experiments();
        RunPlan plan = experiments.plan(experiments.read("rag-grounded"), null, 1, Experiments.miniLm());
        runId = StudioParts.runs(studio).insert(RunRecord.started(RunKind.EXPERIMENT, "rag-grounded",
                "experiments/rag-grounded.yaml", null)).id();
        StudioParts.runner(studio, studio.models(CachePolicy.AUTO)).withRetriever(fixed)
                .run(plan, runId, Set.of(), 1, (s, c) -> { }, new Cancellation());
        StudioParts.runs(studio).finish(runId, RunStatus.FINISHED, Instant.now());
        runner = new FxTaskRunner(2);
        ScreenshotFixture.show(() -> {
            vm = new CompareViewModel(studio, runner, true);
            return new CompareView(vm).node();
        }, 1260, 780, () -> vm.onShowRun(runId));
        ScreenshotFixture.waitUntil(30, () -> vm.cellsDoneProperty().get() == 1, () -> vm.messageProperty().get());
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
    }

    @Test
    void anAnswersCitationsLeadToTheChunksTheCallWasGiven() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> vm.onOpen(0, 0)).get(10, TimeUnit.SECONDS);
        ScreenshotFixture.waitUntil(30, () -> lookup("#compareDetailSources-0").tryQuery().isPresent(),
                () -> String.valueOf(vm.openedProperty().get()));
        // the Sources list: each chunk given, as [n] source#position over its text
        Node first = lookup("#compareSource-0-1").query();
        assertThat(lookup("#compareSource-0-4").tryQuery()).isPresent();
        assertThat(((Label) ((javafx.scene.layout.VBox) first).getChildren().get(0)).getText())
                .isEqualTo("[1] docs/shipping-policy.md#0");
        // the extractive model answered from the chunks and cited them; each citation is a node of its own
        TextFlow answer = lookup("#compareDetailMarkdown-0").queryAs(TextFlow.class);
        String text = String.join("", answer.getChildren().stream().map(n -> ((Text) n).getText()).toList());
        assertThat(text).containsPattern("\\[[1-4]]");
        Text cite = lookup("#compareCitation-0-0").queryAs(Text.class);
        assertThat(cite.getText()).matches("\\[[1-4]]");
        int n = Integer.parseInt(cite.getText().replaceAll("\\D", ""));
        // the detail scrolls, so the citation may lie below the fold: the click is delivered to it as the mouse would
        interact(() -> javafx.event.Event.fireEvent(cite, new javafx.scene.input.MouseEvent(
                javafx.scene.input.MouseEvent.MOUSE_CLICKED, 0, 0, 0, 0, javafx.scene.input.MouseButton.PRIMARY, 1,
                false, false, false, false, true, false, false, true, false, false, null)));
        assertThat(lookup("#compareSource-0-" + n).query().getStyleClass()).contains("compare-source-marked");
        for (int other = 1; other <= 4; other++) {
            if (other != n) {
                assertThat(lookup("#compareSource-0-" + other).query().getStyleClass())
                        .doesNotContain("compare-source-marked");
            }
        }
    }
}

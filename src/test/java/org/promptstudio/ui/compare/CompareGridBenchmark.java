package org.promptstudio.ui.compare;

import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fills a 1,000 x 6 compare grid (3 versions x 2 built-in echo models over a 1,000-row dataset) in the real view under
 * Monocle and prints: the time from Run to the first frame showing the laid-out grid, the worst time between two
 * frames while the 6,000 cells fill and while the grid is scrolled to the end, how many times streamed updates were
 * applied, and how many table cells exist (virtualised: a screenful, not 6,000). Asserts nothing about time (the
 * machine is shared). Not part of the normal run (the name does not end in Test):
 * <pre>
 * mvn -o -B test -Dtest=CompareGridBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 */
class CompareGridBenchmark extends FxRobot {

    @TempDir
    Path root;

    @Test
    void fillAThousandBySix() throws Exception {
        Studio.init(root, "Bench");
        git(root, "config", "user.name", "Bench");
        git(root, "config", "user.email", "bench@example.org");
        Files.writeString(root.resolve("studio.yaml"), """
                name: bench
                models:
                  - id: echo
                    provider: echo
                  - id: echo-2
                    provider: echo
                """);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            rows.append("{\"id\": \"q").append(i).append("\", \"question\": \"Question number ").append(i)
                    .append(": how long does delivery to city ").append(i % 37).append(" take, and what does it cost?\"}\n");
        }
        Files.writeString(root.resolve("datasets/qs.jsonl"), rows.toString());
        Files.writeString(root.resolve("prompts/ask.prompt"), "Question: {{question}}\n");
        try (Studio studio = Studio.open(root); FxTaskRunner runner = new FxTaskRunner(2)) {
            studio.versions().save("ask", "one");
            Files.writeString(root.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
            studio.versions().save("ask", "two");
            Files.writeString(root.resolve("prompts/ask.prompt"), "Please answer: {{question}}\n");
            CompareViewModel[] vm = new CompareViewModel[1];
            FxToolkit.registerPrimaryStage();
            FxToolkit.setupStage(stage -> {
                javafx.application.Application.setUserAgentStylesheet(
                        new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
                vm[0] = new CompareViewModel(studio, runner);
                vm[0].promptProperty().set("ask");
                stage.setScene(new Scene((javafx.scene.Parent) new CompareView(vm[0]).node(), 1260, 780));
                stage.show();
                vm[0].onActivate();
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm[0].modelChoices().contains("echo-2"));
            AtomicLong start = new AtomicLong();
            AtomicLong firstPaint = new AtomicLong();
            AtomicLong last = new AtomicLong();
            AtomicLong worst = new AtomicLong();
            AtomicLong frames = new AtomicLong();
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (start.get() == 0) return;
                    if (firstPaint.get() == 0 && !vm[0].rows().isEmpty()) firstPaint.set(now);
                    if (last.get() != 0) worst.accumulateAndGet(now - last.get(), Math::max);
                    last.set(now);
                    frames.incrementAndGet();
                }
            };
            WaitForAsyncUtils.asyncFx(() -> {
                vm[0].versions().setAll("working", "1", "2");
                vm[0].models().setAll("echo", "echo-2");
                vm[0].datasetProperty().set("qs");
                vm[0].limitProperty().set(0);
                timer.start();
                start.set(System.nanoTime());
                vm[0].onRun();
            }).get();
            WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> !vm[0].runningProperty().get()
                    && vm[0].cellsDoneProperty().get() == 6000);
            long filled = System.nanoTime();
            long fillWorst = worst.get();
            long fillFrames = frames.get();
            worst.set(0);
            last.set(0);
            @SuppressWarnings("unchecked")
            TableView<CompareViewModel.GridRow> grid = lookup("#compareGrid").queryAs(TableView.class);
            for (int i = 0; i <= 1000; i += 50) {
                int at = Math.min(i, 999);
                WaitForAsyncUtils.asyncFx(() -> grid.scrollTo(at)).get();
                WaitForAsyncUtils.waitForFxEvents();
            }
            long scrollWorst = worst.get();
            int cells = lookup("#compareGrid .table-cell").queryAll().size();
            WaitForAsyncUtils.asyncFx(timer::stop).get();
            System.out.printf("ui-grid 1000x6: first paint %d ms after Run; filled in %d ms over %d frames, worst frame"
                            + " %d ms; updates applied %d; scrolling to the end: worst frame %d ms; table cells %d%n",
                    (firstPaint.get() - start.get()) / 1_000_000, (filled - start.get()) / 1_000_000, fillFrames,
                    fillWorst / 1_000_000, vm[0].updatesApplied(), scrollWorst / 1_000_000, cells);
            System.out.println("ui-grid message: " + vm[0].messageProperty().get() + " " + List.of(vm[0].errorProperty().get()));
            FxToolkit.cleanupStages();
        }
    }
}

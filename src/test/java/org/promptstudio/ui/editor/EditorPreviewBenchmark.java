package org.promptstudio.ui.editor;

import org.promptstudio.ui.FxThreadRobot;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.Scene;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures "preview ready after typing stops" for a 200-line prompt in the real editor: bursts of key presses go into
 * the code area on the FX thread 40 ms apart (a quick typist), and the time from the last one to the moment the
 * preview, colours and markers of that text are on screen is recorded. It includes the pause the editor waits for
 * ({@link EditorView#SETTLE}), the render off the FX thread, and the hand-back. Prints the figures; asserts nothing
 * about time (the machine is shared). Not part of the normal test run (the name does not end in Test):
 * <pre>
 * mvn -o -B test -Dtest=EditorPreviewBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 */
class EditorPreviewBenchmark extends FxThreadRobot {

    private static final Logger LOG = LoggerFactory.getLogger(EditorPreviewBenchmark.class);
    static final int ROUNDS = 40;
    static final int KEYS_PER_BURST = 6;

    @TempDir
    Path root;

    /** A 200-line prompt: front matter with a schema, roles, a partial, loops and conditions, many variables. */
    static String prompt200() {
        StringBuilder sb = new StringBuilder("""
                ---
                name: long
                model: extractive
                input:
                  schema:
                    question: string, the customer's question
                    customer_name?: string
                    tier?(enum): [free, pro, enterprise]
                    products?(array): string
                    order_id?: string
                ---
                {{role "system"}}
                You are a support assistant for Thermalyn. Be brief and exact.
                {{> rules}}
                """);
        int line = 15;
        int i = 0;
        while (line < 190) {
            switch (i % 5) {
                case 0 -> sb.append("Rule ").append(i).append(": answer ").append("{{customer_name}} about {{question}}.\n");
                case 1 -> sb.append("{{#if order_id}}Order {{order_id}} is known (rule ").append(i).append(").{{/if}}\n");
                case 2 -> sb.append("{{#each products}}- {{this}} ({{@index}}){{/each}}\n");
                case 3 -> sb.append("{{#ifEquals tier \"pro\"}}Pro customers get a call back.{{/ifEquals}}\n");
                default -> sb.append("Plain guidance line ").append(i).append(" with some words to count as tokens.\n");
            }
            line++;
            i++;
        }
        sb.append("{{role \"user\"}}\n");
        for (; line < 200; line++) sb.append("Context line ").append(line).append(" for {{question}}.\n");
        sb.append("{{question}}\n");
        return sb.toString();
    }

    @Test
    void previewReadyAfterTypingStops() throws Exception {
        Studio.init(root, "Bench");
        TestWorkspace.create(root);
        Files.writeString(root.resolve("prompts/long.prompt"), prompt200());
        git(root, "config", "user.name", "Bench");
        git(root, "config", "user.email", "bench@example.org");
        Studio studio = Studio.open(root);
        List<Double> ready = new ArrayList<>();
        List<Double> renderOnly = new ArrayList<>();
        try (FxTaskRunner runner = FxTaskRunner.forThisMachine()) {
            FxToolkit.registerPrimaryStage();
            EditorViewModel[] vm = new EditorViewModel[1];
            FxToolkit.setupStage(stage -> {
                javafx.application.Application.setUserAgentStylesheet(
                        new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
                vm[0] = new EditorViewModel(studio, runner, "prompts/long.prompt");
                stage.setScene(new Scene(new EditorView(vm[0]).root(), 1200, 740));
                stage.show();
                vm[0].onOpen();
            });
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !vm[0].messages().isEmpty());
            CodeArea area = lookup("#editorArea").queryAs(CodeArea.class);
            int lines = area.getParagraphs().size();
            AtomicLong lastKey = new AtomicLong();
            for (int round = 0; round < ROUNDS + 5; round++) {
                CountDownLatch done = new CountDownLatch(1);
                AtomicLong readyAt = new AtomicLong();
                String burst = ("w" + round + "xxxxxxxx").substring(0, KEYS_PER_BURST - 1) + " ";
                javafx.beans.value.ChangeListener<EditorViewModel.Analysis> onReady = (obs, old, a) -> {
                    if (a.text().equals(area.getText()) && a.text().contains(burst)) {
                        readyAt.set(System.nanoTime());
                        done.countDown();
                    }
                };
                interact(() -> vm[0].analysisProperty().addListener(onReady));
                int at = area.getText().indexOf("Plain guidance line");
                for (int k = 0; k < KEYS_PER_BURST; k++) {
                    int pos = at + k;
                    char c = burst.charAt(k);
                    interact(() -> {
                        area.insertText(pos, String.valueOf(c));
                        lastKey.set(System.nanoTime());
                    });
                    if (k < KEYS_PER_BURST - 1) Thread.sleep(40); // the simulated typist, not a wait for the editor
                }
                if (!done.await(10, TimeUnit.SECONDS)) throw new AssertionError("no preview in round " + round);
                interact(() -> vm[0].analysisProperty().removeListener(onReady));
                if (round >= 5) ready.add((readyAt.get() - lastKey.get()) / 1e6); // the first rounds warm up
            }
            String text = area.getText();
            for (int i = 0; i < ROUNDS; i++) {
                long t0 = System.nanoTime();
                new StudioEditorBackend(studio).preview("prompts/long.prompt", text + i, java.util.Map.of());
                renderOnly.add((System.nanoTime() - t0) / 1e6);
            }
            FxToolkit.cleanupStages();
            report(lines, ready, renderOnly);
        } finally {
            studio.close();
        }
    }

    private static void report(int lines, List<Double> ready, List<Double> renderOnly) {
        String figures = String.format(Locale.ROOT,
                "editor preview, %d-line prompt, %d rounds of %d keys 40 ms apart (pause waited for: %d ms):%n"
                        + "  preview ready after the last key: median %.1f ms, p90 %.1f ms, max %.1f ms%n"
                        + "  render + tokens + inputs alone (app.Previews via the backend): median %.1f ms, p90 %.1f ms",
                lines, ready.size(), KEYS_PER_BURST, EditorView.SETTLE.toMillis(),
                pct(ready, 50), pct(ready, 90), pct(ready, 100), pct(renderOnly, 50), pct(renderOnly, 90));
        LOG.info("\n{}", figures);
        // A benchmark prints its figures where the person running it sees them.
        System.err.println(figures);
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}

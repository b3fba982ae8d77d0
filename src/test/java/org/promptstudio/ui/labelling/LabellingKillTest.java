package org.promptstudio.ui.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.ui.common.TaskRunner;

/**
 * A labelling session killed with SIGKILL loses nothing submitted: a real child JVM labels a queue through the view
 * model and {@code app.Labelling}, printing each label once the view model has it confirmed stored; after
 * {@link #CONFIRMED} such lines it is killed ({@code destroyForcibly}: SIGKILL on Linux and macOS) while it goes on
 * labelling, and a new studio on the workspace finds every confirmed label.
 */
class LabellingKillTest {

    static final int CONFIRMED = 25;
    static final int CASES = 200;

    @TempDir
    Path tmp;

    @Test
    void everyLabelConfirmedBeforeSigkillIsInTheDatabase() throws Exception {
        Path ws = tmp.resolve("ws");
        String annotator;
        try (Studio studio = new LabellingFixture().open(ws, CASES)) {
            annotator = studio.labelling().annotator();
        }
        Path errors = tmp.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dstudio.log.file=" + tmp.resolve("child.log"), "-cp",
                System.getProperty("java.class.path"), Labeller.class.getName(), ws.toString(), "rate")
                .redirectError(errors.toFile()).start();
        List<Integer> confirmed = new ArrayList<>();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(line);
            } catch (IOException e) {
                // killed mid-line
            } finally {
                lines.add("eof");
            }
        }, "labeller-out");
        reader.setDaemon(true);
        reader.start();
        try {
            while (confirmed.size() < CONFIRMED) {
                String line = lines.poll(300, TimeUnit.SECONDS);
                if (line == null || line.equals("eof")) {
                    throw new AssertionError("the labelling process ended after " + confirmed.size()
                            + " labels; stderr: " + Files.readString(errors));
                }
                if (line.startsWith("stored ")) confirmed.add(Integer.parseInt(line.substring(7)));
            }
            assertThat(child.isAlive()).as("still labelling when killed").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not ended").isNotZero();

        try (Studio studio = Studio.open(ws)) {
            for (int position : confirmed) {
                LabelRecord label = studio.labelling().task("rate", position, annotator).given();
                assertThat(label).as("item %d's label, confirmed before the kill", position).isNotNull();
                assertThat(label.value().rating()).isEqualTo(1 + position % 5);
            }
            assertThat(studio.labelling().progress("rate").labels()).isGreaterThanOrEqualTo(CONFIRMED);
        }
    }

    /**
     * The child: labels queue {@code args[1]} of workspace {@code args[0]} by keys through the view model (rating
     * {@code 1 + position % 5}), printing {@code stored POSITION} (1 first) once each label is confirmed; then waits for a line
     * on its input (or the kill).
     */
    public static final class Labeller {
        public static void main(String[] args) {
            try (Studio studio = Studio.open(Path.of(args[0]))) {
                LabellingViewModel vm = new LabellingViewModel(new StudioLabelSource(studio),
                        TaskRunner.callingThread(), args[1]);
                vm.onActivate();
                while (vm.shownProperty().get() != null) {
                    int position = vm.shownProperty().get().item().position() + 1;
                    int before = vm.storedProperty().get();
                    vm.onKey(String.valueOf(1 + position % 5));
                    vm.onKey("ENTER");
                    if (vm.storedProperty().get() != before + 1 || vm.pendingWritesProperty().get() != 0) {
                        System.err.println("not stored: " + vm.errorProperty().get());
                        System.exit(3);
                    }
                    System.out.println("stored " + position);
                    System.out.flush();
                }
                System.out.println("done");
                System.out.flush();
                // Stays open until killed or told to end, as a window left open would.
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                System.exit(4);
            }
        }
    }
}

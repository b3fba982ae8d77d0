package org.promptstudio;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;

/**
 * One workspace, several studio processes at the same moment (issue 10, section 5; docs/decisions/0042): real JVMs
 * running the studio's entry point, released together, each recording a run with the built-in echo model. Before
 * the fix about half the rounds failed with H2's "Lock file recently modified", "Another process was faster" or a
 * Flyway error.
 */
class SeveralProcessesTest {

    private static final int PROCESSES = 4;
    private static final int ROUNDS = 3;
    /** Calls per run: the dataset's rows. */
    private static final int CASES = 2;

    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        Studio.init(ws, "procs");
        Files.writeString(ws.resolve("prompts/greet.prompt"), """
                ---
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}}.
                """);
        Files.writeString(ws.resolve("datasets/names.jsonl"), "{\"name\": \"Ada\"}\n{\"name\": \"Grace\"}\n");
        Files.writeString(ws.resolve("experiments/greet.yaml"), "prompts: [greet]\nmodels: [echo]\ndataset: names\n");
    }

    @Test
    void processesStartedTogetherOnOneWorkspaceAllRecordTheirRuns() throws Exception {
        int expected = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            if (round == 1 || round == 3) {
                // a fresh database: every process races to create it and run the migrations
                deleteTree(ws.resolve(".studio"));
                expected = 0;
            }
            List<Child> children = new ArrayList<>();
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    children.add(Child.start(tmp, "r" + round + "p" + i, HeldStart.class,
                            "-w", ws.toString(), "run", "greet"));
                }
                for (Child c : children) c.expect("ready");
                for (Child c : children) c.send("go"); // the barrier: all are up, now all open the workspace
                for (Child c : children) {
                    assertThat(c.exitCode()).as("round %d, %s; stdout %s; stderr %s", round, c.name, c.out(),
                            c.err()).isZero();
                }
            } finally {
                for (Child c : children) c.close();
            }
            expected += PROCESSES;
            try (Studio studio = Studio.open(ws)) {
                List<RunRecord> runs = StudioParts.runs(studio).latest(1000);
                assertThat(runs).as("round %d", round).hasSize(expected);
                assertThat(runs).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
                assertThat(StudioParts.calls(studio).count()).as("round %d", round).isEqualTo((long) expected * CASES);
            }
        }
    }

    @Test
    void aLongOpenStudioAndCommandsBesideItShareTheWorkspace() throws Exception {
        try (Child window = Child.start(tmp, "window", HeldStudio.class, ws.toString())) {
            window.expect("open");
            List<Child> commands = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    commands.add(Child.start(tmp, "cli" + i, HeldStart.class, "-w", ws.toString(), "run", "greet"));
                }
                for (Child c : commands) c.expect("ready");
                for (Child c : commands) c.send("go");
                for (Child c : commands) {
                    assertThat(c.exitCode()).as("%s; stderr %s", c.name, c.err()).isZero();
                }
            } finally {
                for (Child c : commands) c.close();
            }
            window.send("runs");
            assertThat(window.expect("runs ")).as("the open studio sees the commands' runs").isEqualTo("3");

            // the window closes while a command reads: the command takes the file over
            try (Child list = Child.start(tmp, "runs", HeldStart.class, "-w", ws.toString(), "runs")) {
                list.expect("ready");
                list.send("go");
                window.send("quit");
                assertThat(list.exitCode()).as("stderr %s", list.err()).isZero();
                assertThat(list.out()).contains("greet");
            }
            window.expect("closed");
            assertThat(window.exitCode()).isZero();
        }
        try (Studio studio = Studio.open(ws)) {
            assertThat(StudioParts.runs(studio).latest(1000)).hasSize(3);
            assertThat(StudioParts.calls(studio).count()).isEqualTo(3L * CASES);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** A child JVM on the test class path; its output read line by line, its errors kept in a file. */
    private static final class Child implements AutoCloseable {
        private static final String EOF = "\u0000eof";
        final String name;
        private final Process process;
        private final Path errors;
        private final PrintWriter in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Child(String name, Process process, Path errors) {
            this.name = name;
            this.process = process;
            this.errors = errors;
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(line);
                } catch (IOException e) {
                    // the process ended mid-line
                } finally {
                    lines.add(EOF);
                }
            }, "child-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path dir, String name, Class<?> main, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Dstudio.log.file=" + dir.resolve(name + ".log"),
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            Path errors = dir.resolve(name + ".err");
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            return new Child(name, p, errors);
        }

        /** Reads until a line starts with {@code prefix}; returns the rest of it. */
        String expect(String prefix) throws InterruptedException {
            while (true) {
                String line = lines.poll(300, TimeUnit.SECONDS);
                if (line == null || line.equals(EOF)) {
                    throw new AssertionError(name + " ended before '" + prefix + "'; stderr: " + err());
                }
                seen.add(line);
                if (line.startsWith(prefix)) return line.substring(prefix.length());
            }
        }

        void send(String line) {
            in.println(line);
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(300, TimeUnit.SECONDS)) throw new AssertionError(name + " did not end");
            return process.exitValue();
        }

        String out() throws InterruptedException {
            for (String line = lines.poll(30, TimeUnit.SECONDS); line != null && !line.equals(EOF);
                    line = lines.poll(30, TimeUnit.SECONDS)) {
                seen.add(line);
            }
            lines.add(EOF);
            return String.join("\n", seen);
        }

        String err() {
            try {
                return Files.readString(errors);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }
}

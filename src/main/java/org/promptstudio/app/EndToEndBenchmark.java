package org.promptstudio.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;

/**
 * {@code studio bench e2e}: the whole of {@code studio test} as a user starts it, measured from outside. A local
 * OpenAI-compatible server ({@link BenchChatServer}) runs in a process of its own and answers every call after a
 * fixed delay; a temporary workspace holds one prompt, a dataset of calls/2 cases, two models (two model names on
 * that server) and a prompt test with one {@code contains} assertion; {@code studio test} then runs on it in a fresh
 * JVM, several times, each run timed: wall time, the CPU time of the studio's process, its peak resident memory, and
 * three phases as the server saw the calls (start to first call, first call to last answer, last answer to exit).
 *
 * <p>How it is measured, on Linux: the command runs under {@code /bin/sh}, which writes {@code times} (the
 * getrusage user and system time of its waited-for children, exact at exit, in clock ticks) after it ends; the
 * peak memory is the child's {@code VmHWM} from {@code /proc/PID/status}, read every 10 ms (a high-water mark, so
 * only growth in the last 10 ms can be missed). The command is the launcher {@code bin/studio} when the studio
 * runs from one (its java command line, options and class-data sharing archive included), else the running java
 * with this class path and the launcher's options.
 */
public final class EndToEndBenchmark {

    /** The environment variable the bench's models read their (dummy) key from; never written into the workspace. */
    public static final String KEY_VARIABLE = "STUDIO_BENCH_E2E_KEY";

    /** How the CPU time is measured, as the figures' note says it. */
    public static final String CPU_SOURCE = "user + system time of the studio's process at its exit (getrusage of the"
            + " shell that started it, through 'times'; exact, in 10 ms clock ticks)";

    /** How the peak memory is measured, as the figures' note says it. */
    public static final String MEMORY_SOURCE = "VmHWM (peak resident set) of the studio's process, read from"
            + " /proc/PID/status every 10 ms";

    private static final String TIMES_VARIABLE = "STUDIO_BENCH_E2E_TIMES";
    private static final long POLL_MILLIS = 10;
    private static final long RUN_TIMEOUT_SECONDS = 900;
    private static final Pattern TIME = Pattern.compile("(\\d+)m([0-9.]+)s");

    /**
     * What to measure.
     *
     * @param calls model calls per run (even, at least 2: calls/2 cases x 2 models)
     * @param delayMillis the server's delay before each answer, in ms (0 or more)
     * @param concurrency calls in flight at once (the experiment's {@code concurrency}, each model's limit)
     * @param repeat how many times {@code studio test} runs (at least 1)
     */
    public record Settings(int calls, long delayMillis, int concurrency, int repeat) {

        /** @throws StudioException naming the setting when one is out of range */
        public Settings {
            if (calls < 2 || calls % 2 != 0) {
                throw new StudioException("bench e2e: --calls must be an even number of at least 2 (calls/2 cases x 2 "
                        + "models), not " + calls);
            }
            if (delayMillis < 0) throw new StudioException("bench e2e: --delay-ms must be 0 or more, not " + delayMillis);
            if (concurrency < 1) throw new StudioException("bench e2e: --concurrency must be at least 1, not " + concurrency);
            if (repeat < 1) throw new StudioException("bench e2e: --repeat must be at least 1, not " + repeat);
        }

        /** The physical floor: calls / concurrency x delay, in ms (the server alone, with nothing else to do). */
        public double floorMillis() {
            return (double) calls / concurrency * delayMillis;
        }
    }

    /**
     * One run of {@code studio test}. A run that failed ({@link #error()} not null) has no figures worth printing.
     *
     * @param wallMillis from starting the process to its exit, ms
     * @param cpuMillis user + system CPU time of the process (and the launcher's shell and helpers), ms
     * @param peakBytes the process's peak resident memory (VmHWM), bytes
     * @param callsSeen chat calls the server answered during the run
     * @param startToFirstMillis from starting the process to the server receiving the first call, ms
     * @param callsMillis from the first call received to the last answer sent, ms
     * @param lastToExitMillis from the last answer sent to the process's exit, ms
     * @param loadAverage the machine's 1-minute load average as the run started ({@code /proc/loadavg}; -1 unread):
     *     the figures are only as good as the machine was idle
     * @param error why the run does not count (the test failed, calls are missing), else null
     */
    public record Run(int number, long wallMillis, long cpuMillis, long peakBytes, long callsSeen,
                      long startToFirstMillis, long callsMillis, long lastToExitMillis, double loadAverage,
                      String error) {

        public boolean ok() {
            return error == null;
        }
    }

    /** The medians of the runs that counted, each figure on its own. */
    public record Median(double wallMillis, double cpuMillis, double peakBytes, double startToFirstMillis,
                         double callsMillis, double lastToExitMillis) {
    }

    /**
     * Everything measured.
     *
     * @param command how {@code studio test} was started (the launcher's path, or "java -cp ..." from a dev build)
     * @param median over the runs that counted; empty when none did
     */
    public record Result(Settings settings, String command, List<Run> runs, Optional<Median> median) {
    }

    /** Hears each run as it ends (the command prints it at once). */
    @FunctionalInterface
    public interface Listener {
        void ran(Run run);
    }

    private EndToEndBenchmark() {
    }

    /**
     * Runs the benchmark in a temporary folder, removed at the end with the server process stopped, also when it
     * fails or the JVM is stopped.
     *
     * @throws StudioException with one line naming what failed when the bench cannot run at all (not Linux, the
     *     server does not start, the workspace cannot be written); a failing {@code studio test} is a {@link Run}
     *     with an error instead
     */
    public static Result run(Settings settings, Listener listener) {
        return run(settings, listener, BenchChatServer.CHECKED);
    }

    /** As {@link #run(Settings, Listener)}, the assertion looking for {@code checked} (a test makes it fail). */
    static Result run(Settings settings, Listener listener, String checked) {
        if (!Files.isDirectory(Path.of("/proc/self")) || !Files.isExecutable(Path.of("/bin/sh"))) {
            throw new StudioException("bench e2e: needs Linux (/proc and /bin/sh) to measure a child process");
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("studio-bench-e2e");
        } catch (IOException e) {
            throw new StudioException("bench e2e: cannot create a temporary folder: " + e.getMessage(), e);
        }
        Children children = new Children(scratch);
        Thread hook = new Thread(children::close, "bench-e2e-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int port = startServer(settings, scratch, children);
            Path workspace = scratch.resolve("workspace");
            writeWorkspace(workspace, port, settings, checked);
            List<String> command = studioCommand(workspace);
            List<Run> runs = new ArrayList<>();
            for (int i = 1; i <= settings.repeat(); i++) {
                Run run = runOnce(i, command, port, settings, scratch, children);
                runs.add(run);
                listener.ran(run);
            }
            return new Result(settings, describe(command), runs, median(runs));
        } finally {
            children.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs (and finds nothing left to do)
            }
        }
    }

    /** The processes and folder one bench owns; closing stops the processes and removes the folder, once. */
    private static final class Children {
        private final Path scratch;
        private Process server;
        private Process test;
        private boolean closed;

        Children(Path scratch) {
            this.scratch = scratch;
        }

        synchronized void server(Process p) {
            server = p;
        }

        synchronized void test(Process p) {
            test = p;
        }

        synchronized void close() {
            if (closed) return;
            closed = true;
            stop(test);
            if (server != null) {
                try {
                    server.getOutputStream().close(); // its signal to stop
                } catch (IOException e) {
                    // stopped below
                }
                stop(server);
            }
            deleteTree(scratch);
        }

        private static void stop(Process p) {
            if (p == null) return;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is no reason to lose the figures
        }
    }

    // ---- the server ----

    private static int startServer(Settings settings, Path scratch, Children children) {
        Path portFile = scratch.resolve("server.port");
        Path log = scratch.resolve("server.log");
        List<String> cmd = List.of(currentJava(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), BenchChatServer.class.getName(),
                Long.toString(settings.delayMillis()), Integer.toString(settings.concurrency() + 16), portFile.toString());
        Process server;
        try {
            server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new StudioException("bench e2e: cannot start the server process: " + e.getMessage(), e);
        }
        children.server(server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (!Files.exists(portFile)) {
                if (!server.isAlive()) {
                    throw new StudioException("bench e2e: the server process ended at start (exit "
                            + server.exitValue() + "): " + lastLine(log));
                }
                if (System.nanoTime() > deadline) throw new StudioException("bench e2e: the server did not start in 60 s");
                server.waitFor(20, TimeUnit.MILLISECONDS);
            }
            return Integer.parseInt(Files.readString(portFile).strip());
        } catch (IOException | NumberFormatException e) {
            throw new StudioException("bench e2e: cannot read the server's port: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StudioException("bench e2e: interrupted while the server started", e);
        }
    }

    /** The server's count since the last ask: calls, first arrival and last answer in µs since the epoch. */
    private static long[] serverStats(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /bench/stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String body = reply.substring(reply.indexOf("\r\n\r\n") + 4).strip();
            return Arrays.stream(body.split(" ")).mapToLong(Long::parseLong).toArray();
        } catch (IOException | RuntimeException e) {
            throw new StudioException("bench e2e: cannot read the server's count of calls: " + e.getMessage(), e);
        }
    }

    // ---- the workspace ----

    private static void writeWorkspace(Path dir, int port, Settings s, String checked) {
        Studio.init(dir, "bench-e2e");
        String base = "http://127.0.0.1:" + port + "/v1";
        StringBuilder config = new StringBuilder("name: bench-e2e\n"
                + "description: Written by studio bench e2e; removed when it ends.\nmodels:\n");
        for (String id : List.of("bench-a", "bench-b")) {
            config.append("  - id: ").append(id).append("\n    provider: openai-compatible\n    model: ").append(id)
                    .append("-model\n    baseUrl: ").append(base).append("\n    maxConcurrency: ").append(s.concurrency())
                    .append("\n    timeoutSeconds: 60\n    options: { apiKeyEnv: ").append(KEY_VARIABLE).append(" }\n");
        }
        AtomicFile.writeString(dir.resolve("studio.yaml"), "bench e2e: studio.yaml", config.toString());
        // No temperature: only calls at temperature 0 are cached, and every run must reach the server.
        AtomicFile.writeString(dir.resolve("prompts/answer.prompt"), "bench e2e: prompts/answer.prompt",
                "---\nconfig: { maxOutputTokens: 16 }\ninput:\n  schema:\n    question: string\n---\n"
                        + "{{role \"system\"}}Answer with a number.\n{{role \"user\"}}{{question}}\n");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < s.calls() / 2; i++) {
            rows.append("{\"question\": \"What is ").append(i).append(" plus ").append(42 - i).append("?\"}\n");
        }
        AtomicFile.writeString(dir.resolve("datasets/questions.jsonl"), "bench e2e: datasets/questions.jsonl",
                rows.toString());
        AtomicFile.writeString(dir.resolve("experiments/e2e.yaml"), "bench e2e: experiments/e2e.yaml",
                "description: The prompt test studio bench e2e times.\ntest: true\nprompts: [answer]\n"
                        + "models: [bench-a, bench-b]\ndataset: questions\nconcurrency: " + s.concurrency() + "\n"
                        + "assertions:\n  - { type: contains, value: \"" + checked + "\" }\n");
        // Saved as a user would have it, and the database made, so no run pays for what only the first one would.
        try (Studio studio = Studio.open(dir)) {
            studio.versions().save("answer", "The prompt of studio bench e2e");
            studio.callRepository();
        }
    }

    // ---- the child ----

    /** The launcher's command when this JVM runs from one (APP/lib/*.jar beside APP/bin/studio), else java. */
    private static List<String> studioCommand(Path workspace) {
        List<String> cmd = new ArrayList<>();
        Optional<Path> launcher = launcher();
        if (launcher.isPresent()) {
            cmd.add(launcher.get().toString());
        } else {
            // As the launcher starts it: its default options (or STUDIO_JAVA_OPTS), the same properties.
            cmd.add(currentJava());
            cmd.add("-XX:TieredStopAtLevel=1"); // the launcher's JIT and archive settings (decisions 0155, 0160)
            cmd.add("-XX:C1MaxInlineSize=20");
            String named = System.getenv().getOrDefault("STUDIO_JAVA_OPTS", "") + " "
                    + System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "") + " "
                    + System.getenv().getOrDefault("JDK_JAVA_OPTIONS", "");
            if (!named.matches("(?s).*Use\\w*GC.*")) cmd.add("-XX:+UseSerialGC"); // as the launcher for a command
            cmd.add("-XX:+UnlockDiagnosticVMOptions");
            cmd.add("-XX:ArchiveRelocationMode=0");
            String opts = System.getenv("STUDIO_JAVA_OPTS");
            cmd.addAll(opts == null ? List.of("-Xmx2g") : Arrays.stream(opts.trim().split("\\s+"))
                    .filter(o -> !o.isEmpty()).toList());
            cmd.add("-Dfile.encoding=UTF-8");
            cmd.add("-Djavafx.autoproxy.disable=true");
            // The studio's own settings (a test's config and log folders) travel to the child.
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("studio.")).sorted()
                    .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("org.promptstudio.Main");
        }
        cmd.addAll(List.of("-w", workspace.toString(), "test"));
        return cmd;
    }

    private static Optional<Path> launcher() {
        try {
            var source = EndToEndBenchmark.class.getProtectionDomain().getCodeSource();
            if (source == null) return Optional.empty();
            Path jar = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(jar) || jar.getParent() == null || jar.getParent().getParent() == null) {
                return Optional.empty();
            }
            Path script = jar.getParent().getParent().resolve("bin").resolve("studio");
            return jar.getParent().getFileName().toString().equals("lib") && Files.isExecutable(script)
                    ? Optional.of(script) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String describe(List<String> cmd) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < cmd.size(); i++) {
            boolean classPath = i > 0 && cmd.get(i - 1).equals("-cp");
            shown.add(classPath ? "CLASSPATH" : cmd.get(i));
        }
        return String.join(" ", shown);
    }

    private static Run runOnce(int number, List<String> command, int port, Settings s, Path scratch, Children children) {
        serverStats(port); // counts from zero
        Path out = scratch.resolve("test-" + number + ".out");
        Path err = scratch.resolve("test-" + number + ".err");
        Path times = scratch.resolve("times-" + number);
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "\"$@\"; s=$?; times > \"$" + TIMES_VARIABLE + "\"; exit $s", "sh"));
        wrapped.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(wrapped).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put(KEY_VARIABLE, "bench-e2e-dummy-key");
        pb.environment().put(TIMES_VARIABLE, times.toString());
        long peak = 0;
        double load = loadAverage();
        Process p;
        long startMicros = nowMicros();
        long t0 = System.nanoTime();
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StudioException("bench e2e: cannot start studio test: " + e.getMessage(), e);
        }
        children.test(p);
        long wallNanos;
        long exitMicros;
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_SECONDS);
            Optional<ProcessHandle> studio = Optional.empty();
            while (true) {
                if (p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) break;
                if (studio.isEmpty()) studio = p.children().findFirst();
                if (studio.isPresent()) peak = Math.max(peak, highWaterMark(studio.get().pid()));
                if (System.nanoTime() > deadline) {
                    children.test(null);
                    Children.stop(p);
                    return failed(number, load, "studio test did not end in " + RUN_TIMEOUT_SECONDS + " s; stopped");
                }
            }
            wallNanos = System.nanoTime() - t0;
            exitMicros = nowMicros();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StudioException("bench e2e: interrupted", e);
        } finally {
            children.test(null);
        }
        long[] stats = serverStats(port);
        long seen = stats[0];
        int exit = p.exitValue();
        if (exit != 0) {
            String why = lastLine(err);
            if (why.isEmpty()) why = lastLine(out);
            return failed(number, load, "studio test exited with " + exit + (why.isEmpty() ? "" : ": " + why)
                    + " (" + seen + " of " + s.calls() + " calls answered)");
        }
        if (seen < s.calls()) {
            return failed(number, load, "studio test passed but the server answered only " + seen + " of " + s.calls() + " calls");
        }
        long cpu = childCpuMillis(times);
        if (cpu < 0) return failed(number, load, "no CPU time: the shell's 'times' wrote nothing readable");
        long first = stats[1];
        long last = stats[2];
        return new Run(number, wallNanos / 1_000_000, cpu, peak, seen, (first - startMicros) / 1000,
                (last - first) / 1000, (exitMicros - last) / 1000, load, null);
    }

    private static Run failed(int number, double load, String why) {
        return new Run(number, 0, 0, 0, 0, 0, 0, 0, load, why);
    }

    /** The 1-minute load average, -1 when {@code /proc/loadavg} cannot be read. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** VmHWM of {@code pid} in bytes, 0 when it cannot be read (the process has just ended). */
    private static long highWaterMark(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between two polls
        }
        return 0;
    }

    /** User + system time of the shell's children from its {@code times} output (second line), ms; -1 if unreadable. */
    private static long childCpuMillis(Path times) {
        try {
            List<String> lines = Files.readAllLines(times);
            if (lines.size() < 2) return -1;
            Matcher m = TIME.matcher(lines.get(1));
            double seconds = 0;
            int found = 0;
            while (m.find()) {
                seconds += Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2));
                found++;
            }
            return found == 2 ? Math.round(seconds * 1000) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    // ---- the medians ----

    private static Optional<Median> median(List<Run> runs) {
        List<Run> ok = runs.stream().filter(Run::ok).toList();
        if (ok.isEmpty()) return Optional.empty();
        return Optional.of(new Median(median(ok, Run::wallMillis), median(ok, Run::cpuMillis), median(ok, Run::peakBytes),
                median(ok, Run::startToFirstMillis), median(ok, Run::callsMillis), median(ok, Run::lastToExitMillis)));
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}

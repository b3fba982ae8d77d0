package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunStatus;

/**
 * Ctrl-C during {@code studio run} (issue 8): a real child JVM runs an experiment against a local OpenAI-compatible
 * server that answers the first calls at once and then holds the next ones; once two calls are in flight the child
 * gets SIGINT. It must abort those calls, keep every recorded call, print one line with the resume command, exit 130,
 * and never print a stack trace; {@code studio run --resume} then makes exactly the calls that were not recorded.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class RunInterruptTest {

    private static final int ANSWERED_AT_ONCE = 3;
    private static final int CASES = 12;

    @TempDir
    Path tmp;
    Path ws;
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    /** Counted down by each held request: two means both of the run's workers wait for an answer. */
    final CountDownLatch twoInFlight = new CountDownLatch(2);
    /** Lets held requests go (and every later one answer at once). */
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void serverAndWorkspace() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slow-model");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", this::answer);
        server.start();

        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), "name: stop\nmodels:\n  - id: local\n"
                + "    provider: openai-compatible\n    model: local-llm\n"
                + "    baseUrl: http://127.0.0.1:" + server.getAddress().getPort() + "/v1\n");
        Files.writeString(ws.resolve("prompts/solve.prompt"),
                "---\nconfig: { temperature: 0 }\ninput:\n  schema:\n    question: string\n---\n{{question}}\n");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= CASES; i++) rows.append("{\"question\": \"What is ").append(i).append(" + 1?\"}\n");
        Files.writeString(ws.resolve("datasets/sums.jsonl"), rows.toString());
        Files.writeString(ws.resolve("experiments/sums.yaml"),
                "prompts: [solve]\nmodels: [local]\ndataset: sums\nconcurrency: 2\n");
        assertThat(studio("-w", ws.toString(), "save", "solve", "-m", "Solve").exitCode()).isZero();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        boolean stream = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                .replace(" ", "").contains("\"stream\":true");
        if (requests.incrementAndGet() > ANSWERED_AT_ONCE && release.getCount() > 0) {
            twoInFlight.countDown();
            try {
                // Held until the test lets go; a generous bound only so that a broken test cannot hang the build.
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stream) { // compare streams: OpenAI's server-sent events, ended by [DONE]
            byte[] events = ("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"local-llm\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"2\"},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, events.length);
                out.write(events);
            } catch (IOException e) {
                // the client aborted the call (cancel)
            }
            return;
        }
        byte[] body = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"local-llm\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"2\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            // the client aborted the call (cancel): nobody listens any more
        }
    }

    @Test
    void ctrlCStopsTheCallsInFlightKeepsTheRecordedOnesAndSaysHowToResume() throws Exception {
        interruptedChild("stopped after " + ANSWERED_AT_ONCE + " of " + CASES
                + " calls; resume with: studio run --resume 1\n", "run", "sums", "--no-cache");

        try (Studio s = Studio.open(ws)) {
            List<CallRecord> calls = StudioParts.calls(s).inRunWithAnswers(1);
            assertThat(calls.stream().filter(c -> c.status() == CallStatus.OK)).hasSize(ANSWERED_AT_ONCE);
            assertThat(calls.stream().filter(c -> c.status() == CallStatus.CANCELLED)).hasSize(2);
            assertThat(StudioParts.runs(s).find(1).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        }

        CliRun resumed = studio("-w", ws.toString(), "run", "--resume", "1", "--no-cache");
        assertThat(resumed.err()).isEmpty();
        assertThat(resumed.exitCode()).isZero();
        assertThat(resumed.out()).contains("Run 1 finished: " + (CASES - ANSWERED_AT_ONCE)
                + " call(s) made, 0 failed (resumed).");
        // The summary row counts the run's cases once each, none failed (the cancelled calls were made again).
        assertThat(resumed.out()).containsPattern("(?m)^prompts/solve\\.prompt@\\w+\\s+local\\s+" + CASES + "\\s+0\\s");
        try (Studio s = Studio.open(ws)) {
            // The two cancelled calls were made again: the run counts each case once (no 14 calls for 12 cases).
            List<CallRecord> ok = StudioParts.calls(s).inRunWithAnswers(1);
            assertThat(ok).hasSize(CASES).allMatch(c -> c.status() == CallStatus.OK);
            Set<String> cases = new HashSet<>();
            ok.forEach(c -> assertThat(cases.add(c.caseId())).as("case " + c.caseId() + " answered once").isTrue());
        }
    }

    @Test
    void ctrlCDuringPromptTestsStopsWithoutAPassRateOrAReport() throws Exception {
        interruptedChild("stopped: sums (run 1) did not finish, so no pass rate and no report; its answers are kept: "
                + "studio run --resume 1\n", "test", "sums", "--junit", "report.xml");
        assertThat(ws.resolve("report.xml")).doesNotExist();
        try (Studio s = Studio.open(ws)) {
            assertThat(StudioParts.calls(s).inRunWithAnswers(1).stream().filter(c -> c.status() == CallStatus.OK))
                    .hasSize(ANSWERED_AT_ONCE);
        }
    }

    @Test
    void ctrlCDuringCompareStopsAndSaysWhereTheAnswersAre() throws Exception {
        // Compare asks every model at once (one call each): five models of the same server, of which the first
        // three calls are answered and the last two are held.
        StringBuilder models = new StringBuilder("name: stop\nmodels:\n");
        String base = Files.readString(ws.resolve("studio.yaml")).lines()
                .filter(l -> l.strip().startsWith("baseUrl:")).findFirst().orElseThrow().strip();
        for (int i = 1; i <= 5; i++) {
            models.append("  - id: m").append(i).append("\n    provider: openai-compatible\n    model: local-llm\n    ")
                    .append(base).append("\n");
        }
        Files.writeString(ws.resolve("studio.yaml"), models.toString());
        interruptedChild("stopped; the answers that ended are recorded as run 1: studio calls --run 1\n",
                "compare", "solve", "--models", "m1,m2,m3,m4,m5", "--input", "{\"question\": \"1 + 1?\"}", "--no-cache");
        try (Studio s = Studio.open(ws)) {
            // All five calls are in flight at once, so the three answered ones may or may not have been read
            // when the signal lands; what must hold: every call is recorded, the two held ones as cancelled.
            List<CallStatus> statuses = StudioParts.calls(s).inRunWithAnswers(1).stream().map(CallRecord::status).toList();
            assertThat(statuses).as("child's output: %s", read(tmp.resolve("child.out"))).hasSize(5)
                    .allMatch(st -> st == CallStatus.OK || st == CallStatus.CANCELLED);
            assertThat(statuses.stream().filter(st -> st == CallStatus.CANCELLED).count()).isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * Starts {@code studio ARGS} in a child JVM, waits until two calls are held by the server, sends SIGINT and
     * checks the exit code (128 + the signal), that stderr is exactly {@code expectedErr} and that nothing printed
     * a stack trace.
     */
    private void interruptedChild(String expectedErr, String... args) throws Exception {
        Path out = tmp.resolve("child.out");
        Path err = tmp.resolve("child.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "-Dstudio.config.dir=" + tmp.resolve("config"),
                "-Dstudio.log.file=" + tmp.resolve("studio.log"), "org.promptstudio.Main", "-w", ws.toString()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!twoInFlight.await(1, TimeUnit.SECONDS) && child.isAlive() && System.nanoTime() < deadline) {
                // waiting for the held requests; a child that died is reported below with what it printed
            }
            assertThat(twoInFlight.getCount()).as("two calls in flight; stderr: %s", read(err)).isZero();
            int signal = interrupt(child);
            assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("the child ended after the signal").isTrue();

            String errors = read(err);
            // 128 + the signal, as a shell reports it: 130 for SIGINT (143 when SIGINT is ignored, see interrupt()).
            assertThat(child.exitValue()).as("exit code; stderr: %s", errors).isEqualTo(128 + signal);
            assertThat(errors).isEqualTo(expectedErr);
            assertThat(read(out)).doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            if (child.isAlive()) child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            release.countDown();
        }
    }

    /**
     * Sends SIGINT, as Ctrl-C does, and returns its number. A process started in the background by a
     * non-interactive shell inherits SIGINT as ignored (POSIX), and the JVM then never sees it; there the test
     * sends SIGTERM, which takes the same path (the JVM's shutdown hooks). Linux tells which from /proc.
     */
    private static int interrupt(Process child) throws Exception {
        int signal = sigintIgnored(child.pid()) ? 15 : 2;
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
        return signal;
    }

    private static boolean sigintIgnored(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) return false;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}

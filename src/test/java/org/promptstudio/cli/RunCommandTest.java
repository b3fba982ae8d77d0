package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;

/** {@code studio run} on a real workspace with the built-in echo model: plan, run, trace, and resume after a kill. */
class RunCommandTest {

    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), """
                name: runs
                models:
                  - id: echo
                    provider: echo
                  - id: slow-echo
                    provider: echo
                    params: { delayMillis: 1000 }
                """);
        Files.writeString(ws.resolve("prompts/solve.prompt"), """
                ---
                config: { temperature: 0 }
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """);
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            rows.append("{\"question\": \"What is ").append(i).append(" + ").append(i).append("?\", \"expected\": \"")
                    .append(2 * i).append("\", \"split\": \"").append(i % 3 == 0 ? "dev" : "test").append("\"}\n");
        }
        Files.writeString(ws.resolve("datasets/sums.jsonl"), rows.toString());
        assertThat(studio("-w", ws.toString(), "save", "solve", "-m", "Solve prompt").exitCode()).isZero();
        Files.writeString(ws.resolve("experiments/sums.yaml"), """
                prompts: [solve]
                models: [echo]
                dataset: sums
                split: test
                strategy: { type: chain-of-thought }
                concurrency: 2
                """);
    }

    @Test
    void dryRunPlansAndEstimatesWithoutCalling() {
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--dry-run");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("sums: 1 prompt version(s) x 14 case(s) x 1 model(s) x 1 sample(s) = 14 calls")
                .containsPattern("prompts/solve.prompt@\\w{7} x echo +14")
                .containsPattern("Estimated tokens: [\\d,]+ in, up to [\\d,]+ out")
                .contains("Nothing was called (--dry-run).");
        try (Studio s = Studio.open(ws)) {
            assertThat(StudioParts.calls(s).count()).isZero();
        }
    }

    @Test
    void runRecordsEveryCallWithItsTemplateVersionAndPrintsTheSummary() {
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--limit", "4");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        // echo answers with the question; its last number is the second operand, so only 0 of 4 are right
        // The eval scoreboard (answer-equals on the extracted answer), then the run's calls and failures.
        assertThat(run.out()).containsPattern("(?m)^prompts/solve.prompt@\\w{7} +echo +\\S+ +4 +0\\.0% ")
                .containsPattern("(?m)^ +answer-equals +0\\.0% ")
                .containsPattern("(?m)^prompts/solve.prompt@\\w{7} +echo +4 +0 +0 +\\S+$")
                .contains("Run 1 finished: 4 call(s) made, 0 failed.");
        CliRun calls = studio("-w", ws.toString(), "calls", "--run", "1", "--format", "json");
        assertThat(calls.out()).contains("\"prompt\": \"prompts/solve.prompt\"");
        CliRun show = studio("-w", ws.toString(), "calls", "show", "1");
        assertThat(show.out()).contains("template  prompts/solve.prompt @ ").contains("What is");
    }

    @Test
    void aMisspeltAssertionStopsTheRunBeforeAnyCall() throws Exception {
        Files.writeString(ws.resolve("experiments/sums.yaml"), Files.readString(ws.resolve("experiments/sums.yaml"))
                + "assertions:\n  - { type: contians, value: '2' }\n");
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--limit", "2");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("Run 1 finished");
        assertThat(run.err()).startsWith("error: experiments/sums.yaml: assertion 1: unknown assertion type 'contians'"
                + " (known: ").hasLineCount(1);
        try (Studio s = Studio.open(ws)) {
            assertThat(StudioParts.runs(s).latest(10)).as("nothing ran").isEmpty();
        }
    }

    @Test
    void unknownModelFailsBeforeAnythingRuns() {
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--models", "gpt-9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no model 'gpt-9' in studio.yaml or built in (known: echo, slow-echo, extractive)\n");
    }

    @Test
    void aRunKilledMidwayResumesWithoutRepeatingRecordedCalls() throws Exception {
        // The model is a local server speaking Ollama's wire format that answers the first five calls and holds every
        // later one: once it holds two (the run's concurrency), no more call can be answered, and the five answered
        // ones are recorded by the child's writer thread (decision 0161: off the runner threads) within a moment.
        // The child is killed once this test, reading the database beside it, sees those five, not after a guessed
        // time, so the test does not depend on how loaded the machine is.
        int answered = 5;
        AtomicInteger requests = new AtomicInteger();
        CountDownLatch killPoint = new CountDownLatch(answered + 2);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicBoolean holding = new AtomicBoolean(true);
        ExecutorService handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-ollama");
            t.setDaemon(true);
            return t;
        });
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/api/chat", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = requests.incrementAndGet();
            boolean hold = n > answered && holding.get(); // read before the test may let go
            killPoint.countDown();
            if (hold) {
                try {
                    letGo.await(2, TimeUnit.MINUTES); // generous: the test lets go as soon as the child is dead
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            String question = body.replaceAll("(?s).*(What is \\d+ \\+ \\d+\\?).*", "$1");
            byte[] reply = ("{\"model\":\"fake\",\"message\":{\"role\":\"assistant\",\"content\":\"" + question
                    + "\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":2}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        try {
            Files.writeString(ws.resolve("studio.yaml"), Files.readString(ws.resolve("studio.yaml")) + """
                      - id: local
                        provider: ollama
                        model: fake
                        baseUrl: http://127.0.0.1:%d
                        maxConcurrency: 2
                    """.formatted(server.getAddress().getPort()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dstudio.config.dir=" + tmp.resolve("config"), "org.promptstudio.Main",
                    "-w", ws.toString(), "run", "sums", "--models", "local")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
            boolean atKillPoint = killPoint.await(2, TimeUnit.MINUTES);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2); // only guards against a hang
            int recordedBeforeKill = 0;
            while (atKillPoint && recordedBeforeKill < answered && System.nanoTime() < deadline) {
                try (Studio s = Studio.open(ws)) { // a guest of the child's database
                    recordedBeforeKill = StudioParts.calls(s).inRunWithAnswers(1).size();
                }
                if (recordedBeforeKill < answered) LockSupport.parkNanos(20_000_000L);
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(atKillPoint).as("the child reached the kill point; its output:%n%s",
                    Files.readString(tmp.resolve("child.log"))).isTrue();
            holding.set(false);
            letGo.countDown();
            int before;
            try (Studio s = Studio.open(ws)) {
                before = StudioParts.calls(s).inRunWithAnswers(1).size();
            }
            assertThat(before).isEqualTo(answered);

            // The killed child left run 1 "running"; its process is gone, so the run shows as interrupted.
            CliRun runs = studio("-w", ws.toString(), "runs");
            assertThat(runs.out().lines().skip(1).findFirst().orElseThrow())
                    .matches(" *1 +sums +[0-9-]+ [0-9:]+ +" + answered + " +0 +0 +\\? +interrupted \\(resume with studio run --resume 1\\)");

            CliRun resumed = studio("-w", ws.toString(), "run", "--resume", "1");
            assertThat(resumed.err()).isEmpty();
            assertThat(resumed.exitCode()).isZero();
            assertThat(resumed.out()).contains("Run 1 finished: " + (14 - answered) + " call(s) made, 0 failed (resumed).");
            // temperature 0: the answers were cached as they came, but none was asked twice
            assertThat(resumed.out()).contains("cache: 0 of 14 answers from the cache");
            assertThat(studio("-w", ws.toString(), "runs").out().lines().skip(1).findFirst().orElseThrow())
                    .matches(" *1 +sums +[0-9-]+ [0-9:]+ +14 +0 +0 +\\? +done");
            try (Studio s = Studio.open(ws)) {
                List<CallRecord> calls = StudioParts.calls(s).inRunWithAnswers(1);
                assertThat(calls).hasSize(14).allMatch(c -> c.status() == CallStatus.OK);
                Set<String> cases = new HashSet<>();
                calls.forEach(c -> assertThat(cases.add(c.caseId())).as("case " + c.caseId() + " called once").isTrue());
                assertThat(calls).as("read back in plan order across the kill and the resume")
                        .extracting(CallRecord::planIndex).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
            }
        } finally {
            letGo.countDown();
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void compareShowsEachModelsAnswerInItsOwnColumn() {
        CliRun run = studio("-w", ws.toString(), "compare", "solve", "--models", "echo,slow-echo", "--columns", "--width", "80",
                "--input", "{\"question\": \"What is 2 + 2?\"}");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow()).matches("echo · \\w{7} +│ slow-echo · \\w{7}");
        assertThat(run.out()).contains("What is 2 + 2?").containsPattern("Recorded as run \\d+");
    }
}

package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;

/**
 * Cache hits recorded and reported, and {@code studio runs}: a temperature-0 experiment run twice against an
 * OpenAI-compatible server on localhost is answered from the response cache the second time, and both runs list
 * with their calls, cache hits, cost and state.
 */
class RunsCommandTest {

    @TempDir
    Path tmp;
    Path ws;
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void workspace() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"local-llm\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Answer: 42\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":8}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        Files.writeString(ws.resolve("studio.yaml"), """
                name: runs
                models:
                  - id: local
                    provider: openai-compatible
                    model: local-llm
                    baseUrl: %s
                    pricing: { inputPerMillion: 1.0, outputPerMillion: 2.0 }
                  - id: unpriced
                    provider: openai-compatible
                    model: local-llm
                    baseUrl: %s
                """.formatted(url, url));
        Files.writeString(ws.resolve("prompts/solve.prompt"), """
                ---
                config: { temperature: 0 }
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """);
        Files.writeString(ws.resolve("datasets/sums.jsonl"), """
                {"id": "a", "question": "What is 40 + 2?", "expected": "42"}
                {"id": "b", "question": "What is 41 + 1?", "expected": "42"}
                {"id": "c", "question": "What is 6 * 7?", "expected": "42"}
                {"id": "d", "question": "What is 50 - 8?", "expected": "42"}
                """);
        Files.writeString(ws.resolve("experiments/sums.yaml"), """
                prompts: [solve]
                models: [local]
                dataset: sums
                """);
        assertThat(studio("-w", ws.toString(), "save", "solve", "-m", "Solve").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSecondRunOfATemperatureZeroExperimentIsAnsweredFromTheCacheAndSaysSo() throws Exception {
        CliRun first = studio("-w", ws.toString(), "run", "sums");
        assertThat(first.err()).isEmpty();
        assertThat(first.out()).contains("cache: 0 of 4 answers from the cache");
        assertThat(requests.get()).isEqualTo(4);

        CliRun second = studio("-w", ws.toString(), "run", "sums");
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).contains("cache: 4 of 4 answers from the cache");
        assertThat(requests.get()).as("nothing sent the second time").isEqualTo(4);
        try (Studio s = Studio.open(ws)) {
            assertThat(StudioParts.calls(s).inRunWithAnswers(1)).extracting(CallRecord::cached).containsOnly(false);
            assertThat(StudioParts.calls(s).inRunWithAnswers(2)).extracting(CallRecord::cached).containsOnly(true);
        }
        assertThat(studio("-w", ws.toString(), "calls", "--run", "2", "--format", "json").out())
                .contains("\"cached\": true").doesNotContain("\"cached\": false");
        assertThat(studio("-w", ws.toString(), "calls", "show", "5").out()).contains("(answered from the cache)");

        // Newest first. Cost: 4 calls x (120 x $1 + 8 x $2) per million tokens = $0.000544 (studio.yaml's prices);
        // the cached run spent nothing.
        CliRun runs = studio("-w", ws.toString(), "runs");
        assertThat(runs.err()).isEmpty();
        List<String> lines = runs.out().lines().toList();
        assertThat(lines.get(0)).matches("RUN +EXPERIMENT +STARTED +DONE +FAILED +CACHED +COST +STATE");
        assertThat(lines.get(1)).matches(" *2 +sums +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +4 +0 +4 +\\$0 +done");
        assertThat(lines.get(2)).matches(" *1 +sums +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +4 +0 +0 +\\$0\\.00054 +done");
        assertThat(lines).hasSize(3);

        JsonNode json = new ObjectMapper().readTree(studio("-w", ws.toString(), "runs", "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("id").asLong()).isEqualTo(2);
        assertThat(json.get(0).get("cached").asLong()).isEqualTo(4);
        assertThat(json.get(1).get("done").asLong()).isEqualTo(4);
        assertThat(json.get(1).get("costUsd").decimalValue()).isEqualByComparingTo("0.000544");
        assertThat(json.get(1).get("state").asText()).isEqualTo("done");
        assertThat(json.get(1).get("experiment").asText()).isEqualTo("sums");

        assertThat(studio("-w", ws.toString(), "runs", "--limit", "1").out().lines().toList()).hasSize(2)
                .last().asString().matches(" *2 +sums .*");

        // studio test prints the same line for each experiment it runs (run 3: answered from the cache again)
        assertThat(studio("-w", ws.toString(), "test", "sums").out()).contains("sums (run 3):\ncache: 4 of 4 answers from the cache");
        assertThat(requests.get()).isEqualTo(4);
    }

    @Test
    void aRunOnAModelWithNoPriceHasAnUnknownCostAndCompareRunsShowTheirKind() {
        assertThat(studio("-w", ws.toString(), "run", "sums", "--models", "unpriced", "--no-cache").exitCode()).isZero();
        // echo is built in: no studio.yaml entry needed; it answers locally and is never cached
        CliRun compare = studio("-w", ws.toString(), "compare", "solve", "--models", "echo",
                "--input", "{\"question\": \"What is 6 * 7?\"}");
        assertThat(compare.err()).isEmpty();
        assertThat(compare.out()).contains("What is 6 * 7?").contains("cache: 0 of 1 answer from the cache");

        List<String> lines = studio("-w", ws.toString(), "runs").out().lines().toList();
        assertThat(lines.get(1)).matches(" *2 +playground: compare-solve +[0-9-]+ [0-9:]+ +1 +0 +0 +\\$0 +done");
        assertThat(lines.get(2)).matches(" *1 +sums +[0-9-]+ [0-9:]+ +4 +0 +0 +\\? +done");
    }

    @Test
    void noRunsYetSaysSo() {
        CliRun runs = studio("-w", ws.toString(), "runs");
        assertThat(runs.exitCode()).isZero();
        assertThat(runs.out()).isEqualTo("No runs recorded yet (studio run EXPERIMENT).\n");
        assertThat(studio("-w", ws.toString(), "runs", "--json").out().strip()).isEqualTo("[]");
        assertThat(studio("-w", ws.toString(), "runs", "--limit", "0").exitCode()).isEqualTo(2);
    }
}

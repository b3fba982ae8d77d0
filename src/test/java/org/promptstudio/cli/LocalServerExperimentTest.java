package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;

/**
 * A sample experiment runs unchanged against an OpenAI-compatible server on localhost: only the model list differs.
 * The server speaks the chat-completions wire format and answers every problem with "Answer: 42".
 */
class LocalServerExperimentTest {

    @TempDir
    Path tmp;
    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"local-llm\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Let me think.\\nAnswer: 42\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":8}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void theReasoningSampleRunsAgainstALocalServerWithOnlyTheModelListChanged() throws Exception {
        Path ws = tmp.resolve("lab");
        assertThat(studio("init", ws.toString(), "--from-sample", "reasoning-lab").exitCode()).isZero();
        String config = Files.readString(ws.resolve("studio.yaml"));
        Files.writeString(ws.resolve("studio.yaml"), config + "  - id: local\n    provider: openai-compatible\n"
                + "    model: local-llm\n    baseUrl: http://127.0.0.1:" + server.getAddress().getPort() + "/v1\n"
                + "    pricing: { inputPerMillion: 1.0, outputPerMillion: 2.0 }\n");

        CliRun run = studio("-w", ws.toString(), "run", "cot-vs-zero-shot", "--models", "local", "--limit", "3");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Run 1 finished: 9 call(s) made, 0 failed.")
                .containsPattern("prompts/solve.cot.prompt@\\w{7} +local +3 +0 ");
        assertThat(bodies).hasSize(9).allSatisfy(b -> assertThat(b).contains("\"model\":\"local-llm\"")
                .contains("\"role\":\"system\"").contains("\"temperature\":0"));
        try (Studio studio = Studio.open(ws)) {
            List<CallRecord> calls = StudioParts.calls(studio).inRunWithAnswers(1);
            assertThat(calls).hasSize(9).allSatisfy(c -> {
                assertThat(c.status()).isEqualTo(CallStatus.OK);
                assertThat(c.provider()).isEqualTo("openai-compatible");
                assertThat(c.tokensIn()).isEqualTo(120);
                assertThat(c.texts().extractedAnswer()).isEqualTo("42");
                assertThat(c.promptCommit()).matches("[0-9a-f]{40}");
            });
            assertThat(calls.get(0).cost()).isEqualByComparingTo("0.000136");
        }
    }
}

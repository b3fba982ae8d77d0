package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.store.CallQuery;

/**
 * A refusal, as OpenAI sends it ({@code message.refusal} with {@code content: null}, whole; {@code delta.refusal}
 * when streamed: Chat Completions API reference), from a server on 127.0.0.1: recorded with its reason in the
 * database, shown as a refusal by {@code studio run}, {@code calls}, {@code calls show} and {@code compare}; a prompt
 * test whose only check is negative fails with the reason, one with {@code is-refusal} passes, live and replayed
 * (decisions 0039-0041).
 */
class NonAnswerCommandTest {

    static final String REFUSAL = "I'm sorry, I can't help with that.";

    @TempDir
    Path tmp;
    CliWorkspace ws;
    HttpServer server;

    @BeforeEach
    void workspace() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/refuse/v1/chat/completions", exchange -> reply(exchange, true));
        server.createContext("/answer/v1/chat/completions", exchange -> reply(exchange, false));
        server.createContext("/down/v1/chat/completions", exchange -> {
            byte[] body = "{\"error\":{\"message\":\"model not found\",\"type\":\"invalid_request_error\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        ws = CliWorkspace.create(tmp);
        ws.write("studio.yaml", """
                name: refusals
                models:
                  - id: refuser
                    provider: openai-compatible
                    model: gpt-4o
                    baseUrl: %1$s/refuse/v1
                  - id: answerer
                    provider: openai-compatible
                    model: gpt-4o
                    baseUrl: %1$s/answer/v1
                  - id: down
                    provider: openai-compatible
                    model: gpt-4o
                    baseUrl: %1$s/down/v1
                  - id: refuser-replay
                    provider: replay
                    model: refuser
                """.formatted(url));
        ws.save("ask", """
                ---
                config: { temperature: 0 }
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """, "Ask");
        ws.write("datasets/risky.jsonl", """
                {"id": "lock", "question": "How do I pick a lock?"}
                """);
        // The only check is negative: it passes on a refusal's text, yet the case must fail.
        ws.write("experiments/negative.yaml", """
                prompts: [ask]
                models: [refuser]
                dataset: risky
                assertions:
                  - { type: not-contains, value: "tension wrench" }
                """);
        ws.write("experiments/expects-refusal.yaml", """
                prompts: [ask]
                models: [refuser]
                dataset: risky
                assertions:
                  - { type: is-refusal }
                """);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** OpenAI's refusal (or a plain answer), whole or streamed as the request asks. */
    private static void reply(HttpExchange exchange, boolean refuse) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean stream = request.contains("\"stream\":true");
        String body;
        if (!stream) {
            String message = refuse ? "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"" + REFUSAL + "\"}"
                    : "{\"role\":\"assistant\",\"content\":\"Call a locksmith.\",\"refusal\":null}";
            body = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                    + "\"message\":" + message + ",\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21}}";
        } else {
            String piece = refuse ? "{\"refusal\":\"" + REFUSAL + "\"}" : "{\"content\":\"Call a locksmith.\"}";
            body = chunk("{\"role\":\"assistant\",\"content\":" + (refuse ? "null" : "\"\"") + "}", null)
                    + chunk(piece, null) + chunk("{}", "stop")
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21}}\n\n"
                    + "data: [DONE]\n\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
                + "}]}\n\n";
    }

    private List<CallRecord> calls() {
        try (Studio studio = Studio.open(ws.dir())) {
            return StudioParts.calls(studio).list(CallQuery.latest(100)).stream()
                    .map(c -> StudioParts.calls(studio).find(c.id()).orElseThrow()).toList();
        }
    }

    @Test
    void aNegativeCheckOnARefusalFailsWithTheReasonAndIsRefusalPasses() throws IOException {
        CliRun negative = ws.run("test", "negative", "--junit", "negative.xml");
        assertThat(negative.exitCode()).as(negative.err()).isEqualTo(1);
        assertThat(negative.out()).contains("answer: refused: " + REFUSAL)
                .contains("FAILED: 1 case(s), 1 failed");
        assertThat(Files.readString(ws.dir().resolve("negative.xml"))).contains("refused: I")
                .doesNotContain("tests=\"1\" failures=\"0\"");

        // The refusal is recorded as such, its explanation kept as the output (H2, read back).
        List<CallRecord> recorded = calls();
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).finishReason()).isEqualTo("refusal");
        assertThat(recorded.get(0).texts().output()).isEqualTo(REFUSAL);

        CliRun expected = ws.run("test", "expects-refusal");
        assertThat(expected.exitCode()).as(expected.out() + expected.err()).isZero();
        assertThat(expected.out()).contains("PASSED: 1 case(s), 0 failed");
    }

    @Test
    void callsRunAndCallsShowSayItIsARefusal() {
        CliRun run = ws.run("run", "negative");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("prompts/ask.prompt@\\w{7} +refuser +1 +0 +1 ");
        long id = calls().get(0).id();

        CliRun list = ws.ok("calls");
        assertThat(list.out()).contains("refused");
        CliRun show = ws.ok("calls", "show", Long.toString(id));
        assertThat(show.out()).contains("answer    not an answer: refused: " + REFUSAL)
                .contains("finish refusal");
        CliRun json = ws.ok("calls", "show", Long.toString(id), "--format", "json");
        assertThat(json.out()).contains("\"finishReason\": \"refusal\"")
                .contains("\"nonAnswer\": \"refused: " + REFUSAL + "\"");
    }

    @Test
    void aRecordedRefusalReplaysAsARefusal() {
        assertThat(ws.run("test", "negative", "--record", "--recordings", "recordings").exitCode()).isEqualTo(1);
        server.stop(0); // replay calls nothing

        CliRun negative = ws.run("test", "negative", "--models", "refuser-replay", "--recordings", "recordings");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.out()).contains("answer: refused: " + REFUSAL);
        CliRun expected = ws.run("test", "expects-refusal", "--models", "refuser-replay", "--recordings", "recordings");
        assertThat(expected.exitCode()).as(expected.out() + expected.err()).isZero();
        assertThat(calls()).filteredOn(c -> c.model().equals("refuser-replay"))
                .isNotEmpty().allSatisfy(c -> assertThat(c.finishReason()).isEqualTo("refusal"));
    }

    @Test
    void compareExitsOneNamingTheColumnsThatDidNotAnswer() {
        CliRun compare = ws.run("compare", "ask", "--models", "answerer,refuser,down",
                "--input", "{\"question\": \"How do I pick a lock?\"}");

        assertThat(compare.exitCode()).isEqualTo(1);
        assertThat(compare.err()).hasLineCount(1)
                .containsPattern("^error: 2 of 3 column\\(s\\) did not answer: refuser · \\w{7} \\(refused: "
                        + Pattern.quote(REFUSAL) + "\\); down · \\w{7} \\(error: down: .*404.*\\)\n$");
        assertThat(compare.out()).contains("Call a locksmith.").contains("NOT AN ANSWER: refused: " + REFUSAL);
        // Streamed refusal recorded as such too.
        Matcher run = Pattern.compile("Recorded as run (\\d+)").matcher(compare.out());
        assertThat(run.find()).isTrue();
        assertThat(calls()).filteredOn(c -> c.model().equals("refuser")).singleElement()
                .satisfies(c -> assertThat(c.finishReason()).isEqualTo("refusal"));

        CliRun columns = ws.run("compare", "ask", "--models", "answerer,refuser", "--columns",
                "--input", "{\"question\": \"How do I pick a lock?\"}");
        assertThat(columns.exitCode()).isEqualTo(1);
        assertThat(columns.err()).startsWith("error: 1 of 2 column(s) did not answer: refuser · ");

        CliRun allAnswered = ws.run("compare", "ask", "--models", "answerer",
                "--input", "{\"question\": \"How do I pick a lock?\"}");
        assertThat(allAnswered.exitCode()).as(allAnswered.err()).isZero();
        assertThat(allAnswered.err()).isEmpty();
    }
}

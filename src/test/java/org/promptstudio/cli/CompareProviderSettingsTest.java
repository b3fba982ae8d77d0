package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.provider.Credentials;

/**
 * {@code studio compare} across a Gemini and an OpenAI-compatible model on 127.0.0.1: the prompt's Gemini settings
 * reach Gemini only, at the top level of its request (ai.google.dev/api/generate-content#request-body), the common
 * ones reach both under each API's name; Gemini's thinking tokens are counted as output, priced as output and shown
 * apart in the compare cell, in {@code studio calls} and in {@code studio calls show}.
 */
class CompareProviderSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_NAME = "PS_TEST_GEMINI_COMPARE_KEY";

    @TempDir
    Path tmp;
    Path ws;
    HttpServer server;
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    String configDirBefore;

    @BeforeEach
    void workspace() throws IOException {
        configDirBefore = System.getProperty(Credentials.CONFIG_DIR_PROPERTY);
        Path config = tmp.resolve("config");
        System.setProperty(Credentials.CONFIG_DIR_PROPERTY, config.toString());
        // a fake key, built at run time
        new Credentials(Map.of(), config.resolve("credentials")).store(KEY_NAME, "AIza" + "Fake".repeat(8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.writeString(ws.resolve("studio.yaml"), """
                name: compare
                models:
                  - id: flash
                    provider: gemini
                    model: gemini-2.5-flash
                    baseUrl: %1$s/gemini
                    options: { apiKeyEnv: %2$s }
                    pricing: { inputPerMillion: 1.0, outputPerMillion: 10.0 }
                  - id: local
                    provider: openai-compatible
                    model: local-llm
                    baseUrl: %1$s/openai/v1
                """.formatted(base, KEY_NAME));
        Files.writeString(ws.resolve("prompts/solve.prompt"), """
                ---
                config:
                  temperature: 0.2
                  maxOutputTokens: 2000
                  safetySettings:
                    - category: HARM_CATEGORY_HARASSMENT
                      threshold: BLOCK_NONE
                  thinkingConfig:
                    thinkingBudget: 1024
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        if (configDirBefore == null) {
            System.clearProperty(Credentials.CONFIG_DIR_PROPERTY);
        } else {
            System.setProperty(Credentials.CONFIG_DIR_PROPERTY, configDirBefore);
        }
    }

    /** Gemini streams SSE chunks (the last with finishReason and usage); OpenAI chat-completion chunks. */
    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String who = path.startsWith("/gemini") ? "gemini" : "openai";
        bodies.put(who, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        List<String> events = who.equals("gemini") ? List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Adding.\","
                        + "\"thought\":true}]}}]}\r\n\r\n",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"4\"}]},"
                        + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":10,"
                        + "\"candidatesTokenCount\":2,\"thoughtsTokenCount\":980,\"totalTokenCount\":992}}\r\n\r\n")
                : List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"local-llm\",\"choices\":"
                        + "[{\"index\":0,\"delta\":{\"content\":\"Four\"},\"finish_reason\":null}]}\n\n",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"local-llm\",\"choices\":"
                        + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"local-llm\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}\n\n",
                "data: [DONE]\n\n");
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String e : events) {
                out.write(e.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        exchange.close();
    }

    @Test
    void geminiSettingsReachGeminiOnlyAndItsThinkingIsCountedPricedAndShownApart() throws Exception {
        CliRun run = studio("-w", ws.toString(), "compare", "solve", "--models", "flash,local",
                "--input", "{\"question\": \"2+2?\"}");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        JsonNode gemini = JSON.readTree(bodies.get("gemini"));
        JsonNode openai = JSON.readTree(bodies.get("openai"));
        assertThat(gemini.get("safetySettings")).isEqualTo(JSON.readTree(
                "[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}]"));
        assertThat(gemini.get("generationConfig")).isEqualTo(JSON.readTree(
                "{\"temperature\":0.2,\"maxOutputTokens\":2000,\"thinkingConfig\":{\"thinkingBudget\":1024}}"));
        assertThat(bodies.get("openai")).doesNotContain("safetySettings", "thinkingConfig", "HARM_CATEGORY");
        assertThat(openai.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(openai.get("max_tokens").asInt()).isEqualTo(2000);

        // 10 × $1/M + 982 × $10/M = $0.00983, shown to two significant digits (decision 0118)
        assertThat(run.out()).contains("10→982 tok (980 thinking) · ").contains("$0.0098")
                .contains("12→3 tok · ").doesNotContain("12→3 tok (");
        long runId = runId(run.out());

        CliRun calls = studio("-w", ws.toString(), "calls", "--run", String.valueOf(runId));
        assertThat(calls.out()).contains("10/982 (980 thinking)").contains("12/3 ").doesNotContain("12/3 (");
        Matcher id = Pattern.compile("(?m)^\\s*(\\d+)\\s.*10/982").matcher(calls.out());
        assertThat(id.find()).as(calls.out()).isTrue();

        CliRun show = studio("-w", ws.toString(), "calls", "show", id.group(1));
        assertThat(show.out()).contains("tokens 10/982 (980 thinking) · cost $0.0098");
        CliRun json = studio("-w", ws.toString(), "calls", "show", id.group(1), "--format", "json");
        JsonNode fields = JSON.readTree(json.out());
        assertThat(fields.toString()).contains("\"tokensOut\":982").contains("\"reasoningTokens\":980");
    }

    private static long runId(String out) {
        Matcher m = Pattern.compile("Recorded as run (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aSettingNoApiTakesIsRefusedWithThePromptAndNothingIsSent() throws Exception {
        // A new-user trial: config {temperature: .inf} (YAML 1.2's infinity) reached both APIs as "Infinity".
        Path prompt = ws.resolve("prompts/solve.prompt");
        Files.writeString(prompt, Files.readString(prompt).replace("temperature: 0.2", "temperature: .inf"));

        CliRun run = studio("-w", ws.toString(), "compare", "solve", "--models", "flash,local",
                "--input", "{\"question\": \"2+2?\"}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(bodies).as("nothing was sent").isEmpty();
        assertThat(run.out() + run.err()).contains(
                "prompts/solve.prompt: config 'temperature' must be a finite number, found .inf (no model API takes it)")
                .doesNotContain("Exception");
    }

    @Test
    void aModelSettingThatIsNotFiniteIsRefusedInStudioYaml() throws Exception {
        Path yaml = ws.resolve("studio.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("    model: local-llm\n",
                "    model: local-llm\n    params: { temperature: 0.1, logit_bias: { x: .nan } }\n"));

        CliRun run = studio("-w", ws.toString(), "compare", "solve", "--models", "local",
                "--input", "{\"question\": \"2+2?\"}");

        assertThat(run.exitCode()).isNotZero();
        assertThat(bodies).isEmpty();
        // Refused when studio.yaml is read, at the params' place (line 12, column 13: the '{' after "    params: ").
        assertThat(run.err()).contains("studio.yaml:12:13: models[1].params: config 'logit_bias.x' must be a finite"
                + " number, found .nan").doesNotContain("Exception");
    }
}

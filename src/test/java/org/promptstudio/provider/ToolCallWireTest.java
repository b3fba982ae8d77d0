package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.promptstudio.provider.WireTestSupport.json;
import static org.promptstudio.provider.WireTestSupport.ref;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;
import org.promptstudio.model.ToolDefinition;

/**
 * Tools in each provider's own wire format, against a local server: the declared tools and a conversation with a
 * tool call and its result in the request, a tool call in a whole answer, and a tool call streamed in pieces.
 * Reference shapes: platform.openai.com/docs/guides/function-calling and api-reference/chat (tool_calls, streamed
 * delta.tool_calls with index); docs.anthropic.com/en/docs/build-with-claude/tool-use and
 * .../streaming ("input_json_delta"); ai.google.dev/gemini-api/docs/function-calling and api/caching#FunctionDeclaration
 * (parametersJsonSchema); github.com/ollama/ollama docs/api.md "Chat request (with tools)".
 */
class ToolCallWireTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final LocalWire wire = new LocalWire();

    static final Map<String, Object> SCHEMA = schema();
    static final ToolDefinition WEATHER = new ToolDefinition("weather", "Current weather in a city", SCHEMA, null,
            "tools/weather.yaml");

    private static Map<String, Object> schema() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", Map.of("city", Map.of("type", "string")));
        s.put("required", List.of("city"));
        return s;
    }

    /** A question, the model's call of weather, and the tool's result. */
    static List<Message> exchange() {
        return List.of(
                Message.text("system", "Be brief."),
                Message.text("user", "Weather in Paris?"),
                new Message("model", List.of(new Part.ToolRequest("call_1", "weather", Map.of("city", "Paris")))),
                new Message("tool", List.of(new Part.ToolResponse("call_1", "weather", Map.of("temp", 21)))));
    }

    private ChatResult call(ModelRef ref, WireServer.Reply reply, boolean stream, List<String> deltas) {
        ChatRequest request = new ChatRequest(ref, exchange(), GenerationParams.NONE, null, List.of(WEATHER));
        return wire.chat(request, reply, stream ? deltas::add : StreamListener.NONE);
    }

    private static String q(String s) {
        return Dialect.q(s);
    }

    // ---- OpenAI chat completions

    private ModelRef openai() {
        return ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of());
    }

    @Test
    void openAiSendsToolsAsFunctionsAndTheExchangeAsToolCallsAndToolMessages() {
        call(openai(), WireServer.json(200, openAiAnswer()), false, null);
        JsonNode body = wire.sent();

        assertThat(body.get("tools")).hasToString("""
                [{"type":"function","function":{"name":"weather","description":"Current weather in a city",\
                "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""");
        assertThat(body.get("messages")).hasToString("""
                [{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"},\
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",\
                "function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},\
                {"role":"tool","tool_call_id":"call_1","content":"{\\"temp\\":21}"}]""");
    }

    private static String openAiAnswer() {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_abc","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Lyon\\"}"}}]},
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}""";
    }

    @Test
    void openAiToolCallIsReadFromAWholeAnswer() {
        ChatResult result = call(openai(), WireServer.json(200, openAiAnswer()), false, null);

        assertThat(result.toolCalls()).containsExactly(new Part.ToolRequest("call_abc", "weather", Map.of("city", "Lyon")));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.text()).isEmpty();
    }

    @Test
    void openAiToolCallStreamedInPiecesIsJoinedByIndex() {
        String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";
        List<String> events = List.of(
                head + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
                head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q("{\"ci") + "}}]},\"finish_reason\":null}]}\n\n",
                head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q("ty\": \"Lyon\"}") + "}}]},\"finish_reason\":null}]}\n\n",
                head + "{\"tool_calls\":[{\"index\":1,\"id\":\"call_def\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
                        + "\"arguments\":" + q("{\"city\":\"Nice\"}") + "}}]},\"finish_reason\":null}]}\n\n",
                head + "{},\"finish_reason\":\"tool_calls\"}]}\n\n",
                "data: [DONE]\n\n");
        ChatResult result = call(openai(), WireServer.stream("text/event-stream", events, 0), true, new ArrayList<>());

        assertThat(wire.sent().get("stream").asBoolean()).isTrue();
        assertThat(result.toolCalls()).containsExactly(
                new Part.ToolRequest("call_abc", "weather", Map.of("city", "Lyon")),
                new Part.ToolRequest("call_def", "weather", Map.of("city", "Nice")));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    // ---- Anthropic messages

    private ModelRef anthropic() {
        return wire.ref("anthropic", "claude-3-5-haiku-latest");
    }

    private static String anthropicAnswer() {
        return """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
                 "content":[{"type":"text","text":"Let me check."},
                            {"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Lyon"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":50,"output_tokens":20}}""";
    }

    @Test
    void anthropicSendsInputSchemaAndToolUseAndToolResultBlocks() {
        call(anthropic(), WireServer.json(200, anthropicAnswer()), false, null);
        JsonNode body = wire.sent();

        assertThat(body.get("tools")).hasToString("""
                [{"name":"weather","description":"Current weather in a city",\
                "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""");
        assertThat(body.get("messages")).hasToString("""
                [{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]},\
                {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"weather","input":{"city":"Paris"}}]},\
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"{\\"temp\\":21}"}]}]""");
    }

    @Test
    void anthropicToolUseIsReadFromAWholeAnswerWithItsText() {
        ChatResult result = call(anthropic(), WireServer.json(200, anthropicAnswer()), false, null);

        assertThat(result.text()).isEqualTo("Let me check.");
        assertThat(result.toolCalls()).containsExactly(new Part.ToolRequest("toolu_1", "weather", Map.of("city", "Lyon")));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void anthropicToolUseStreamedAsInputJsonDeltasIsJoined() {
        List<String> events = List.of(
                ev("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-3-5-haiku-latest\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":50,\"output_tokens\":1}}}"),
                ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking.\"}}"),
                ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}}"),
                ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
                ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
                        + q("{\"city\": ") + "}}"),
                ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
                        + q("\"Lyon\"}") + "}}"),
                ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                ev("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":20}}"),
                ev("message_stop", "{\"type\":\"message_stop\"}"));
        List<String> deltas = new ArrayList<>();
        ChatResult result = call(anthropic(), WireServer.stream("text/event-stream", events, 0), true, deltas);

        assertThat(String.join("", deltas)).isEqualTo("Checking.");
        assertThat(result.toolCalls()).containsExactly(new Part.ToolRequest("toolu_1", "weather", Map.of("city", "Lyon")));
        assertThat(result.usage().outputTokens()).isEqualTo(20);
    }

    @Test
    void anthropicIsAskedForJsonOutputInItsSystemPromptWithTheSchema() {
        wire.server().then(WireServer.json(200, anthropicAnswer()));
        GenerationParams json = new GenerationParams(null, null, null, null, null, null, "json", SCHEMA, null);
        wire.factory().adapter(anthropic()).chat(new ChatRequest(anthropic(), List.of(Message.text("system", "Be brief."),
                Message.text("user", "Weather?")), json), StreamListener.NONE);

        assertThat(wire.sent().get("system").asText()).isEqualTo("Be brief.\n\nAnswer with one JSON value "
                + "only, no other text, that follows this JSON Schema:\n"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    }

    private static String ev(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    // ---- Gemini generateContent

    private ModelRef gemini() {
        return wire.ref("gemini", "gemini-2.0-flash");
    }

    private static String geminiChunk() {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Lyon\"}}},"
                + "{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Nice\"}}}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":50,\"candidatesTokenCount\":5,\"totalTokenCount\":55},"
                + "\"modelVersion\":\"gemini-2.0-flash\"}";
    }

    @Test
    void geminiSendsFunctionDeclarationsAndFunctionCallAndResponseParts() {
        call(gemini(), WireServer.json(200, geminiChunk()), false, null);
        JsonNode body = wire.sent();

        assertThat(body.get("tools")).hasToString("""
                [{"functionDeclarations":[{"name":"weather","description":"Current weather in a city",\
                "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}]""");
        assertThat(body.get("contents")).hasToString("""
                [{"role":"user","parts":[{"text":"Weather in Paris?"}]},\
                {"role":"model","parts":[{"functionCall":{"id":"call_1","name":"weather","args":{"city":"Paris"}}}]},\
                {"role":"user","parts":[{"functionResponse":{"id":"call_1","name":"weather","response":{"temp":21}}}]}]""");
    }

    @Test
    void geminiFunctionCallsAreReadWithNumberedRefsAndCountAsToolCalls() {
        ChatResult result = call(gemini(), WireServer.json(200, geminiChunk()), false, null);

        // Gemini gives no id here: each call gets name#n, and its STOP is a tool call since calls came.
        assertThat(result.toolCalls()).containsExactly(
                new Part.ToolRequest("weather#1", "weather", Map.of("city", "Lyon")),
                new Part.ToolRequest("weather#2", "weather", Map.of("city", "Nice")));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void geminiStreamedFunctionCallIsRead() {
        List<String> events = List.of(
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"One moment.\"}],\"role\":\"model\"},\"index\":0}]}\r\n\r\n",
                "data: " + geminiChunk() + "\r\n\r\n");
        List<String> deltas = new ArrayList<>();
        ChatResult result = call(gemini(), WireServer.stream("text/event-stream", events, 0), true, deltas);

        assertThat(wire.server().last().path()).endsWith(":streamGenerateContent");
        assertThat(String.join("", deltas)).isEqualTo("One moment.");
        assertThat(result.toolCalls()).extracting(Part.ToolRequest::input)
                .containsExactly(Map.of("city", "Lyon"), Map.of("city", "Nice"));
    }

    @Test
    void geminiResultThatIsNoObjectIsWrappedAsResult() {
        wire.server().then(WireServer.json(200, geminiChunk()));
        List<Message> messages = List.of(Message.text("user", "Weather?"),
                new Message("model", List.of(new Part.ToolRequest("weather#1", "weather", Map.of("city", "Paris")))),
                new Message("tool", List.of(new Part.ToolResponse("weather#1", "weather", "21 degrees"))));
        wire.factory().adapter(gemini()).chat(new ChatRequest(gemini(), messages, GenerationParams.NONE, null, List.of(WEATHER)),
                StreamListener.NONE);

        // functionResponse.response must be an object; a made-up ref (name#n) is not sent as an id
        assertThat(wire.sent().get("contents").get(2)).hasToString("""
                {"role":"user","parts":[{"functionResponse":{"name":"weather","response":{"result":"21 degrees"}}}]}""");
    }

    /** A Gemini 3 answer: a functionCall part with its thoughtSignature beside it (a fake, made at run time). */
    private static String geminiSignedCall(String signature) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}},"
                + "\"thoughtSignature\":\"" + signature + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":50,\"candidatesTokenCount\":5},\"modelVersion\":\"gemini-3-pro-preview\"}";
    }

    private static String geminiText(String text) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":60,\"candidatesTokenCount\":3}}";
    }

    /**
     * ai.google.dev/gemini-api/docs/thought-signatures: "you must pass back thought signatures during function
     * calling" on the functionCall part that carried it, exactly as received; Gemini 3 answers 4xx without it.
     */
    @Test
    void geminiThoughtSignatureOfAFunctionCallIsSentBackInTheContinuation() {
        String signature = "sig-" + Long.toHexString(System.nanoTime()) + "==";
        wire.server().then(WireServer.json(200, geminiSignedCall(signature))).then(WireServer.json(200, geminiText("Cold.")));
        ModelRef ref = ref("gemini", "gemini-3-pro-preview", wire.url(), Map.of());
        ChatRequest request = new ChatRequest(ref, List.of(Message.text("user", "Weather in Oslo?")),
                GenerationParams.NONE, null, List.of(WEATHER));

        org.promptstudio.experiment.ToolExchange.Outcome outcome = org.promptstudio.experiment.ToolExchange.run(
                wire.factory().adapter(ref), request, StreamListener.NONE, call -> java.util.Optional.of(Map.of("temp", -3)));

        assertThat(outcome.last().text()).isEqualTo("Cold.");
        List<WireServer.Received> received = wire.server().received();
        assertThat(received).hasSize(2);
        assertThat(json(received.get(1).body()).get("contents").get(1)).hasToString(
                "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}},"
                        + "\"thoughtSignature\":\"" + signature + "\"}]}");
    }

    @Test
    void geminiStreamedSignatureIsKeptAndSurvivesTheRecordedMessages() {
        String signature = "sig-" + Long.toHexString(System.nanoTime());
        ChatResult result = call(gemini(), WireServer.stream("text/event-stream",
                List.of("data: " + geminiSignedCall(signature) + "\r\n\r\n"), 0), true, new ArrayList<>());
        assertThat(result.toolCalls()).extracting(Part.ToolRequest::signature).containsExactly(signature);

        // A call's exchange is recorded as Dotprompt messages JSON and read back to continue it (app.ToolCalls).
        Message turn = new Message("model", List.<Part>copyOf(result.toolCalls()));
        List<Message> back = org.promptstudio.template.RenderedPromptJson.fromMaps(
                org.promptstudio.template.RenderedPromptJson.messages(List.of(turn)));
        assertThat(back.get(0).toolRequests()).extracting(Part.ToolRequest::signature).containsExactly(signature);
    }

    @Test
    void otherProvidersDoNotSendAGeminiSignature() {
        String signature = "sig-" + Long.toHexString(System.nanoTime());
        List<Message> messages = List.of(Message.text("user", "Weather?"), new Message("model",
                        List.of(new Part.ToolRequest("call_1", "weather", Map.of("city", "Oslo"), signature))),
                new Message("tool", List.of(new Part.ToolResponse("call_1", "weather", Map.of("temp", 1)))));
        for (ModelRef ref : List.of(openai(), anthropic(), ollama())) {
            wire.server().then(WireServer.json(200, ref.provider().equals("openai") ? openAiAnswer()
                    : ref.provider().equals("anthropic") ? anthropicAnswer() : ollamaLast("")));
            wire.factory().adapter(ref).chat(new ChatRequest(ref, messages, GenerationParams.NONE, null, List.of(WEATHER)),
                    StreamListener.NONE);
            assertThat(wire.server().last().body()).as(ref.provider()).doesNotContain(signature);
        }
    }

    // ---- Ollama /api/chat

    private ModelRef ollama() {
        return wire.ref("ollama", "llama3.2");
    }

    private static String ollamaLast(String toolCalls) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"" + toolCalls + "},\"done_reason\":\"stop\",\"done\":true,"
                + "\"prompt_eval_count\":50,\"eval_count\":10}";
    }

    private static final String OLLAMA_CALLS =
            ",\"tool_calls\":[{\"function\":{\"name\":\"weather\",\"arguments\":{\"city\":\"Lyon\"}}}]";

    @Test
    void ollamaSendsToolsAndToolCallsAndToolMessagesWithToolName() {
        call(ollama(), WireServer.json(200, ollamaLast(OLLAMA_CALLS)), false, null);
        JsonNode body = wire.sent();

        assertThat(body.get("tools")).hasToString("""
                [{"type":"function","function":{"name":"weather","description":"Current weather in a city",\
                "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""");
        assertThat(body.get("messages")).hasToString("""
                [{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"},\
                {"role":"assistant","content":"","tool_calls":[{"function":{"name":"weather","arguments":{"city":"Paris"}}}]},\
                {"role":"tool","content":"{\\"temp\\":21}","tool_name":"weather"}]""");
    }

    @Test
    void ollamaToolCallsAreReadWholeAndStreamed() {
        ChatResult whole = call(ollama(), WireServer.json(200, ollamaLast(OLLAMA_CALLS)), false, null);
        assertThat(whole.toolCalls()).containsExactly(new Part.ToolRequest("weather#1", "weather", Map.of("city", "Lyon")));
        assertThat(whole.finishReason()).isEqualTo("tool_calls");

        List<String> lines = List.of(
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"" + OLLAMA_CALLS + "},\"done\":false}\n",
                ollamaLast("") + "\n");
        ChatResult streamed = call(ollama(), WireServer.stream("application/x-ndjson", lines, 0), true, new ArrayList<>());
        assertThat(streamed.toolCalls()).containsExactly(new Part.ToolRequest("weather#1", "weather", Map.of("city", "Lyon")));
    }

    // ---- models that cannot call tools, and the cache

    @Test
    void anOfflineModelRefusesToolsInOneLineNamingThem() {
        ModelRef echo = ModelRef.of("echo", "echo", null);
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> new EchoModel(echo, new TokenCounter()).chat(
                new ChatRequest(echo, List.of(Message.text("user", "hi")), GenerationParams.NONE, null, List.of(WEATHER)),
                StreamListener.NONE));

        assertThat(e).hasMessage("echo: this offline model cannot call tools (the prompt declares weather); "
                + "choose a model that can, or remove 'tools'");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void toolsAndToolPartsChangeTheCacheKeyAndAnswersWithoutThemKeepTheirKey() {
        ModelRef ref = openai();
        List<Message> hi = List.of(Message.text("user", "hi"));
        String plain = CacheKey.of(new ChatRequest(ref, hi, GenerationParams.NONE));

        assertThat(plain).isEqualTo(CacheKey.of(ref, GenerationParams.NONE, hi));
        assertThat(CacheKey.of(new ChatRequest(ref, hi, GenerationParams.NONE, null, List.of(WEATHER)))).isNotEqualTo(plain);
        assertThat(CacheKey.of(new ChatRequest(ref, exchange(), GenerationParams.NONE)))
                .isNotEqualTo(CacheKey.of(new ChatRequest(ref, exchange().subList(0, 2), GenerationParams.NONE)));
    }

    @Test
    void aRecordedAnswerKeepsItsToolCalls() {
        ResponseCache cache = new ResponseCache(tmp.resolve("cache"));
        ChatRequest request = new ChatRequest(openai(), exchange(), GenerationParams.NONE, null, List.of(WEATHER));
        ChatResult answer = new ChatResult("", "tool_calls", new ChatResult.Usage(5, 6, false), 10L, null, "gpt",
                List.of(new Part.ToolRequest("call_9", "weather", Map.of("city", "Oslo"))));
        String key = CacheKey.of(request);
        cache.put(key, request, answer);

        assertThat(cache.get(key)).get().extracting(ChatResult::toolCalls)
                .isEqualTo(List.of(new Part.ToolRequest("call_9", "weather", Map.of("city", "Oslo"))));
    }
}

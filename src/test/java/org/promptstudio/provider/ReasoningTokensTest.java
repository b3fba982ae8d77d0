package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * Reasoning ("thinking") tokens of every provider are counted as output, priced as output, and kept apart; the
 * thinking itself never becomes the answer. Whole and streamed answers from a local server on 127.0.0.1.
 *
 * <p>Reference values: Gemini {@code usageMetadata.candidatesTokenCount} leaves out {@code thoughtsTokenCount}
 * (ai.google.dev/api/generate-content#UsageMetadata: totalTokenCount is the sum of prompt, candidates, tool-use
 * prompt and thoughts), so 10 in, 2 candidates, 980 thoughts is 10 in and 982 out, 980 of them thinking (issue 10).
 * OpenAI {@code completion_tokens} already includes {@code completion_tokens_details.reasoning_tokens}
 * (platform.openai.com/docs/guides/reasoning, "Reasoning tokens": billed as output tokens). Anthropic
 * {@code output_tokens} includes thinking (docs.anthropic.com/en/docs/build-with-claude/extended-thinking,
 * "Pricing"); Ollama {@code eval_count} counts all generated tokens and sends the reasoning in
 * {@code message.thinking} (github.com/ollama/ollama docs/api.md).
 */
class ReasoningTokensTest {

    @TempDir
    Path tmp;
    @RegisterExtension
    final LocalWire wire = new LocalWire();

    private ModelRef model(String kind, String name, double inPrice, double outPrice) {
        return new ModelRef("m-" + kind, kind, name, wire.url(), GenerationParams.NONE, inPrice, outPrice, null,
                null, null, Map.of());
    }

    private ChatResult whole(ModelRef ref, String body) {
        return wire.whole(ref, List.of(Message.text("user", "2+2?")), null, body);
    }

    private ChatResult streamed(ModelRef ref, String contentType, List<String> chunks, List<String> shown) {
        return wire.chat(new ChatRequest(ref, List.of(Message.text("user", "2+2?")), null),
                WireServer.stream(contentType, chunks, 0), shown::add);
    }

    // ---- Gemini

    static final String GEMINI_THOUGHTS = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Adding two and two...","thought":true},\
            {"text":"4"}]},"finishReason":"STOP"}],\
            "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":2,"thoughtsTokenCount":980,\
            "totalTokenCount":992},"modelVersion":"gemini-2.5-flash"}""";

    @Test
    void geminiThoughtsAreOutputTokensCountedApartAndPricedAsOutput() {
        // $1 per million in, $10 per million out
        ModelRef gemini = model("gemini", "gemini-2.5-flash", 1.0, 10.0);

        ChatResult r = whole(gemini, GEMINI_THOUGHTS);

        assertThat(r.text()).isEqualTo("4");
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 982, false, 980));
        // 10 × $1/M + 982 × $10/M = $0.00983 (was 10 × $1/M + 2 × $10/M = $0.00003, 1/300 of it)
        assertThat(Pricing.of(gemini).cost(r.usage())).isCloseTo(0.00983, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void geminiStreamedThoughtsAreCountedFromTheLastUsage() {
        List<String> shown = new CopyOnWriteArrayList<>();
        ChatResult r = streamed(model("gemini", "gemini-2.5-flash", 1.0, 10.0), "text/event-stream", List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Let me add.\","
                        + "\"thought\":true}]}}],\"usageMetadata\":{\"promptTokenCount\":10,\"thoughtsTokenCount\":500}}\r\n\r\n",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"4\"}]},"
                        + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":10,"
                        + "\"candidatesTokenCount\":2,\"thoughtsTokenCount\":980,\"totalTokenCount\":992}}\r\n\r\n"),
                shown);

        assertThat(r.text()).isEqualTo("4");
        assertThat(String.join("", shown)).isEqualTo("4");
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 982, false, 980));
    }

    // ---- OpenAI

    @Test
    void openAiReasoningTokensAreAlreadyInCompletionTokensAndAreNotAddedTwice() {
        ChatResult r = whole(model("openai", "o4-mini", 1.0, 4.0), """
                {"id":"c","object":"chat.completion","model":"o4-mini","choices":[{"index":0,
                 "message":{"role":"assistant","content":"4"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":982,"total_tokens":992,
                 "completion_tokens_details":{"reasoning_tokens":980,"audio_tokens":0}}}""");

        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 982, false, 980));
    }

    @Test
    void openAiStreamedReasoningTokensComeWithTheUsageChunk() {
        List<String> shown = new CopyOnWriteArrayList<>();
        ChatResult r = streamed(model("openai", "o4-mini", 1.0, 4.0), "text/event-stream", List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"o4-mini\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":\"4\"},\"finish_reason\":null}]}\n\n",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"o4-mini\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"o4-mini\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":982,\"total_tokens\":992,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":980}}}\n\n",
                "data: [DONE]\n\n"), shown);

        assertThat(r.text()).isEqualTo("4");
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 982, false, 980));
    }

    @Test
    void anOpenAiCompatibleServersReasoningContentIsNotTheAnswerAndIsCountedWhenNoCountIsGiven() {
        // DeepSeek and vLLM reasoning parsers send the reasoning in message.reasoning_content.
        ChatResult r = whole(model("openai-compatible", "deepseek-reasoner", 1.0, 4.0), """
                {"id":"c","object":"chat.completion","model":"deepseek-reasoner","choices":[{"index":0,
                 "message":{"role":"assistant","content":"4","reasoning_content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":30}}""".formatted("x".repeat(80)));

        assertThat(r.text()).isEqualTo("4");
        // 80 characters at the default estimate of 4 characters a token
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 30, false, 20));
    }

    // ---- Anthropic

    @Test
    void anthropicThinkingIsNotTheAnswerAndItsTokensAreCountedApartFromItsText() {
        String thinking = "t".repeat(400);
        ChatResult r = whole(model("anthropic", "claude-sonnet-4-5", 3.0, 15.0), """
                {"id":"m","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[
                 {"type":"thinking","thinking":"%s","signature":"sig"},
                 {"type":"redacted_thinking","data":"opaque"},
                 {"type":"text","text":"4"}],
                 "stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":120}}""".formatted(thinking));

        assertThat(r.text()).isEqualTo("4");
        // output_tokens already holds the thinking; 400 characters at 4 a token are 100 of them
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 120, false, 100));
    }

    @Test
    void anthropicStreamedThinkingDeltasAreNotShownAsTheAnswer() {
        List<String> shown = new CopyOnWriteArrayList<>();
        ChatResult r = streamed(model("anthropic", "claude-sonnet-4-5", 3.0, 15.0), "text/event-stream", List.of(
                sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":"
                        + "{\"input_tokens\":10,\"output_tokens\":1}}}"),
                sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"thinking\",\"thinking\":\"\"}}"),
                sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"thinking_delta\",\"thinking\":\"" + "t".repeat(200) + "\"}}"),
                sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"signature_delta\",\"signature\":\"sig\"}}"),
                sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}"),
                sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"4\"}}"),
                sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":70}}"),
                sse("message_stop", "{\"type\":\"message_stop\"}")), shown);

        assertThat(r.text()).isEqualTo("4");
        assertThat(String.join("", shown)).isEqualTo("4");
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 70, false, 50));
    }

    // ---- Ollama

    @Test
    void ollamaThinkingIsKeptOutOfTheAnswerAndCountedAmongTheOutputTokens() {
        ChatResult r = whole(model("ollama", "qwen3", 0.0, 0.0), """
                {"model":"qwen3","message":{"role":"assistant","content":"4","thinking":"%s"},
                 "done":true,"done_reason":"stop","prompt_eval_count":10,"eval_count":60}""".formatted("t".repeat(160)));

        assertThat(r.text()).isEqualTo("4");
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 60, false, 40));
    }

    @Test
    void ollamaStreamedThinkingIsCountedToo() {
        List<String> shown = new CopyOnWriteArrayList<>();
        ChatResult r = streamed(model("ollama", "qwen3", 0.0, 0.0), "application/x-ndjson", List.of(
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\""
                        + "t".repeat(120) + "\"},\"done\":false}\n",
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"4\"},\"done\":false}\n",
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                        + "\"done_reason\":\"stop\",\"prompt_eval_count\":10,\"eval_count\":40}\n"), shown);

        assertThat(r.text()).isEqualTo("4");
        assertThat(String.join("", shown)).isEqualTo("4");
        assertThat(r.usage()).isEqualTo(new ChatResult.Usage(10, 40, false, 30));
    }

    @Test
    void aReasoningCountIsNeverMoreThanTheOutputTokens() {
        assertThat(new ChatResult.Usage(10, 5, false, 980).reasoningTokens()).isEqualTo(5);
        assertThat(new ChatResult.Usage(10, 5, false, -3).reasoningTokens()).isZero();
    }

    @Test
    void aRecordingKeepsTheReasoningTokens() throws Exception {
        ResponseCache cache = new ResponseCache(tmp.resolve("cache"));
        ModelRef gemini = model("gemini", "gemini-2.5-flash", 1.0, 10.0);
        ChatRequest request = new ChatRequest(gemini, List.of(Message.text("user", "2+2?")), null);
        cache.put("ab".repeat(32), request, new ChatResult("4", "stop", new ChatResult.Usage(10, 982, false, 980), 5,
                null, "gemini-2.5-flash"));

        assertThat(cache.get("ab".repeat(32)).orElseThrow().usage()).isEqualTo(new ChatResult.Usage(10, 982, false, 980));
    }

    private static String sse(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }
}

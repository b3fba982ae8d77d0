package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.provider.WireTestSupport.ref;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.NonAnswer;

/**
 * An answer that is not an answer, as each provider sends it on the wire (whole JSON and streamed), is recorded with
 * its reason, never as an empty successful answer (decision 0039). Wire shapes, from each API's reference:
 * OpenAI Chat Completions ({@code message.refusal} with {@code content: null}; {@code delta.refusal} in the stream;
 * {@code finish_reason} {@code content_filter} / {@code length}); Anthropic Messages ({@code stop_reason}
 * {@code refusal} / {@code max_tokens}, {@code content: []}); Gemini generateContent ({@code Candidate.finishReason}
 * SAFETY, RECITATION, MAX_TOKENS, PROHIBITED_CONTENT, BLOCKLIST, SPII, OTHER; {@code promptFeedback.blockReason}
 * with no candidates); Ollama /api/chat ({@code done_reason: "length"}, empty {@code message.content}).
 */
class NonAnswerWireTest {

    @RegisterExtension
    final LocalWire wire = new LocalWire();

    private static final String REFUSAL = "I'm sorry, I can't help with that.";

    /** One way a provider says it did not answer, whole or streamed, and what must be recorded. */
    record Case(String kind, String model, boolean streamed, WireServer.Reply reply, String finishReason,
                String text, String shown) {
    }

    private ChatResult call(Case c, GenerationParams params) {
        ModelRef ref = wire.ref(c.kind(), c.model());
        List<String> deltas = new ArrayList<>();
        StreamListener listener = c.streamed() ? deltas::add : StreamListener.NONE;
        ChatResult result = wire.chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), params), c.reply(),
                listener);
        if (c.streamed()) {
            assertThat(wire.server().last().path() + " " + wire.server().last().body()).as("sent as a stream")
                    .containsAnyOf("streamGenerateContent", "\"stream\":true");
            // The answer's own text streams; a refusal's explanation is not answer text and comes with the result.
            assertThat(result.text()).as("streamed text").startsWith(String.join("", deltas));
        }
        return result;
    }

    private static WireServer.Reply sse(String... events) {
        return WireServer.stream("text/event-stream", List.of(events), 0);
    }

    private static WireServer.Reply ndjson(String... lines) {
        return WireServer.stream("application/x-ndjson", List.of(lines), 0);
    }

    private static String openAi(String message, String finish) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,\
                "message":%s,"finish_reason":"%s"}],"usage":{"prompt_tokens":9,"completion_tokens":3,\
                "total_tokens":12}}""".formatted(message, finish);
    }

    private static String openAiChunk(String delta, String finish) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
                + "}]}\n\n";
    }

    private static String anthropic(String content, String stop) {
        return """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":%s,\
                "stop_reason":"%s","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":3}}"""
                .formatted(content, stop);
    }

    private static String[] anthropicStream(String text, String stop) {
        List<String> events = new ArrayList<>();
        events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":"
                + "null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n");
        if (text != null) {
            events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
            events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n");
            events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        }
        events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stop
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}\n\n");
        events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return events.toArray(String[]::new);
    }

    private static String gemini(String parts, String finish) {
        String content = parts == null ? "" : "\"content\":{\"parts\":" + parts + ",\"role\":\"model\"},";
        String end = finish == null ? "" : "\"finishReason\":\"" + finish + "\",";
        return "{\"candidates\":[{" + content + end + "\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"totalTokenCount\":7},"
                + "\"modelVersion\":\"gemini-2.0-flash\"}";
    }

    private static String ollama(String content, String doneReason) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2024-07-22T20:33:28.123Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"done\":true,\"done_reason\":\"" + doneReason + "\","
                + "\"prompt_eval_count\":5,\"eval_count\":3}";
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String refusalMessage = "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"" + REFUSAL + "\"}";
        // OpenAI
        cases.add(new Case("openai-compatible", "gpt-4o", false, WireServer.json(200, openAi(refusalMessage, "stop")),
                "refusal", REFUSAL, "refused: " + REFUSAL));
        cases.add(new Case("openai-compatible", "gpt-4o", true, sse(
                openAiChunk("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", null),
                openAiChunk("{\"refusal\":\"I'm sorry, \"}", null),
                openAiChunk("{\"refusal\":\"I can't help with that.\"}", null),
                openAiChunk("{}", "stop"), "data: [DONE]\n\n"), "refusal", REFUSAL, "refused: " + REFUSAL));
        cases.add(new Case("openai-compatible", "gpt-4o", false, WireServer.json(200,
                openAi("{\"role\":\"assistant\",\"content\":null}", "content_filter")), "content_filter", "",
                "blocked by the provider's content filter"));
        cases.add(new Case("openai-compatible", "gpt-4o", true, sse(openAiChunk("{\"content\":\"Part\"}", null),
                openAiChunk("{}", "content_filter"), "data: [DONE]\n\n"), "content_filter", "Part",
                "blocked by the provider's content filter"));
        cases.add(new Case("openai-compatible", "gpt-4o", false, WireServer.json(200,
                openAi("{\"role\":\"assistant\",\"content\":\"Once upon\"}", "length")), "length", "Once upon",
                "cut off at the token limit (max 256 tokens)"));
        cases.add(new Case("openai-compatible", "gpt-4o", true, sse(openAiChunk("{\"content\":\"Once upon\"}", null),
                openAiChunk("{}", "length"), "data: [DONE]\n\n"), "length", "Once upon",
                "cut off at the token limit (max 256 tokens)"));
        cases.add(new Case("openai-compatible", "gpt-4o", false, WireServer.json(200,
                openAi("{\"role\":\"assistant\",\"content\":\"\"}", "stop")), "empty:stop", "", "empty answer"));
        cases.add(new Case("openai-compatible", "gpt-4o", true, sse(openAiChunk("{\"content\":\"\"}", null),
                openAiChunk("{}", "stop"), "data: [DONE]\n\n"), "empty:stop", "", "empty answer"));
        // Anthropic
        cases.add(new Case("anthropic", "claude-sonnet-4-5", false, WireServer.json(200, anthropic("[]", "refusal")),
                "refusal", "", "refused"));
        cases.add(new Case("anthropic", "claude-sonnet-4-5", true, sse(anthropicStream(null, "refusal")),
                "refusal", "", "refused"));
        cases.add(new Case("anthropic", "claude-sonnet-4-5", false, WireServer.json(200,
                anthropic("[{\"type\":\"text\",\"text\":\"Once upon\"}]", "max_tokens")), "length", "Once upon",
                "cut off at the token limit (max 256 tokens)"));
        cases.add(new Case("anthropic", "claude-sonnet-4-5", true, sse(anthropicStream("Once upon", "max_tokens")),
                "length", "Once upon", "cut off at the token limit (max 256 tokens)"));
        cases.add(new Case("anthropic", "claude-sonnet-4-5", false, WireServer.json(200, anthropic("[]", "end_turn")),
                "empty:stop", "", "empty answer"));
        cases.add(new Case("anthropic", "claude-sonnet-4-5", true, sse(anthropicStream(null, "end_turn")),
                "empty:stop", "", "empty answer"));
        // Gemini: every blocking finishReason, whole and streamed
        for (String reason : List.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII")) {
            cases.add(new Case("gemini", "gemini-2.0-flash", false, WireServer.json(200, gemini(null, reason)),
                    "content_filter:" + reason, "", "blocked by the provider's content filter (" + reason + ")"));
            cases.add(new Case("gemini", "gemini-2.0-flash", true, sse(
                    "data: " + gemini("[{\"text\":\"Some\"}]", null) + "\r\n\r\n",
                    "data: " + gemini(null, reason) + "\r\n\r\n"),
                    "content_filter:" + reason, "Some", "blocked by the provider's content filter (" + reason + ")"));
        }
        cases.add(new Case("gemini", "gemini-2.0-flash", false, WireServer.json(200, gemini(null, "OTHER")),
                "stopped:OTHER", "", "stopped by the provider before the answer ended (OTHER)"));
        cases.add(new Case("gemini", "gemini-2.0-flash", true, sse("data: " + gemini(null, "OTHER") + "\r\n\r\n"),
                "stopped:OTHER", "", "stopped by the provider before the answer ended (OTHER)"));
        cases.add(new Case("gemini", "gemini-2.0-flash", false, WireServer.json(200,
                gemini("[{\"text\":\"Once upon\"}]", "MAX_TOKENS")), "length", "Once upon",
                "cut off at the token limit (max 256 tokens)"));
        cases.add(new Case("gemini", "gemini-2.0-flash", true, sse("data: "
                + gemini("[{\"text\":\"Once upon\"}]", "MAX_TOKENS") + "\r\n\r\n"), "length", "Once upon",
                "cut off at the token limit (max 256 tokens)"));
        String blocked = "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4}}";
        cases.add(new Case("gemini", "gemini-2.0-flash", false, WireServer.json(200, blocked),
                "content_filter:prompt PROHIBITED_CONTENT", "",
                "blocked by the provider's content filter (prompt PROHIBITED_CONTENT)"));
        cases.add(new Case("gemini", "gemini-2.0-flash", true, sse("data: " + blocked + "\r\n\r\n"),
                "content_filter:prompt PROHIBITED_CONTENT", "",
                "blocked by the provider's content filter (prompt PROHIBITED_CONTENT)"));
        // Ollama
        cases.add(new Case("ollama", "llama3.2", false, WireServer.json(200, ollama("Once upon", "length")),
                "length", "Once upon", "cut off at the token limit (max 256 tokens)"));
        cases.add(new Case("ollama", "llama3.2", true, ndjson(
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Once upon\"},\"done\":false}\n",
                ollama("", "length") + "\n"), "length", "Once upon", "cut off at the token limit (max 256 tokens)"));
        cases.add(new Case("ollama", "llama3.2", false, WireServer.json(200, ollama("", "stop")),
                "empty:stop", "", "empty answer"));
        cases.add(new Case("ollama", "llama3.2", true, ndjson(ollama("", "stop") + "\n"),
                "empty:stop", "", "empty answer"));
        return cases;
    }

    @Test
    void everyNonAnswerIsRecordedWithItsReasonWholeAndStreamed() {
        GenerationParams max256 = new GenerationParams(null, null, null, 256, null, null, null, null, null);
        for (Case c : cases()) {
            ChatResult result = call(c, max256);
            String where = c.kind() + (c.streamed() ? " streamed " : " whole ") + c.finishReason();
            assertThat(result.finishReason()).as(where).isEqualTo(c.finishReason());
            assertThat(result.text()).as(where).isEqualTo(c.text());
            NonAnswer na = NonAnswer.of(CallStatus.OK, result.finishReason(), result.text(), 256).orElseThrow();
            assertThat(na.describe()).as(where).isEqualTo(c.shown());
        }
    }

    @Test
    void aFullAnswerIsNoNonAnswer() {
        wire.server().then(WireServer.json(200, openAi("{\"role\":\"assistant\",\"content\":\"Four.\",\"refusal\":null}", "stop")));
        ModelRef ref = ref("openai-compatible", "gpt-4o", wire.url(), Map.of());
        ChatResult result = wire.factory().adapter(ref).chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")),
                GenerationParams.NONE), StreamListener.NONE);

        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(NonAnswer.of(CallStatus.OK, result.finishReason(), result.text(), null)).isEmpty();
    }
}

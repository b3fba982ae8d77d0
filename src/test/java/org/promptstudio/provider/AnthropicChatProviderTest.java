package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.promptstudio.provider.WireTestSupport.allParams;
import static org.promptstudio.provider.WireTestSupport.conversation;
import static org.promptstudio.provider.WireTestSupport.json;
import static org.promptstudio.provider.WireTestSupport.ref;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class AnthropicChatProviderTest {

    @RegisterExtension
    final LocalWire wire = new LocalWire();
    ModelRef ref;
    final Dialect anthropic = new Dialect.Anthropic();

    @BeforeEach
    void start() {
        ref = wire.ref("anthropic", "claude-3-5-haiku-latest");
    }

    private JsonNode send(GenerationParams params, List<Message> messages) {
        wire.whole(ref, messages, params, anthropic.body("ok", 1, 1));
        return wire.sent();
    }

    @Test
    void systemGoesToItsFieldAndPartsBecomeContentBlocks() {
        JsonNode body = send(GenerationParams.NONE, conversation());

        assertThat(body.get("system").asText()).isEqualTo("You are terse.");
        assertThat(body.get("messages")).hasToString("""
                [{"role":"user","content":[{"type":"text","text":"What is this?"},\
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}},\
                {"type":"image","source":{"type":"url","url":"%s"}}]},\
                {"role":"assistant","content":[{"type":"text","text":"A pixel."}]},\
                {"role":"user","content":[{"type":"text","text":"Thanks"}]}]"""
                .formatted(WireTestSupport.PNG_DATA, WireTestSupport.HTTP_IMAGE));
        assertThat(body.get("max_tokens").asInt()).as("required by the API").isEqualTo(4096);
        assertThat(wire.server().last().header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(wire.server().last().header("x-api-key")).isEqualTo(Dialect.ANTHROPIC_KEY);
    }

    @Test
    void parametersAreMappedAndThoseWithoutAPlaceAreLeftOut() {
        JsonNode body = send(allParams(), List.of(Message.text("user", "Hi")));

        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("top_k").asInt()).isEqualTo(40);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.get("stop_sequences")).hasToString("[\"END\"]");
        assertThat(body.has("seed")).isFalse();
        // JSON output has no field in the Messages API: it is asked for in the system prompt (decision 0086)
        assertThat(body.get("system").asText()).startsWith("Answer with one JSON value only, no other text, that "
                + "follows this JSON Schema:\n{\"type\":\"object\"");
        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void aBadDefaultMaxTokensOptionIsNamed() {
        ModelRef bad = ref("anthropic", "claude", wire.url(), Map.of("defaultMaxTokens", "lots"));

        assertThat(catchThrowableOfType(ProviderException.class, () -> wire.factory().adapter(bad)
                .chat(new ChatRequest(bad, List.of(Message.text("user", "Hi")), null), StreamListener.NONE)))
                .hasMessage("m: option 'defaultMaxTokens' must be a whole number, not 'lots'");
        assertThat(wire.server().received()).isEmpty();
    }

    @Test
    void maxTokensStopIsLength() {
        wire.server().then(WireServer.json(200, anthropic.body("cut", 1, 1).replace("end_turn", "max_tokens")));

        ChatResult result = wire.factory().adapter(ref).chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null),
                StreamListener.NONE);

        assertThat(result.finishReason()).isEqualTo("length");
    }

    @Test
    void anOverloadedErrorEventInTheStreamIsRetryable() {
        wire.server().then(WireServer.stream("text/event-stream", List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude\","
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n",
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}\n\n"), 0));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> wire.factory().adapter(ref)
                .chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), d -> { }));

        assertThat(e).hasMessage("m: error in stream from " + wire.url() + "/v1/messages: Overloaded");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void overloaded529IsRetried() {
        wire.server().then(WireServer.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"));
        wire.server().then(WireServer.json(200, anthropic.body("ok", 1, 1)));

        ChatResult result = wire.factory().provider(ref).chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null),
                StreamListener.NONE);

        assertThat(result.text()).isEqualTo("ok");
        assertThat(wire.server().received()).hasSize(2);
    }

    // ---- stream endings. Source: Anthropic "Streaming Messages": message_start, content blocks, one or more
    // message_delta (top-level changes such as stop_reason, cumulative usage), then a final message_stop; errors
    // come as "event: error" (e.g. overloaded_error).

    @Test
    void anErrorAfterTheStopReasonStaysAnError() {
        List<String> events = new java.util.ArrayList<>(anthropic.withoutTerminator(List.of("Hi"), 5, 1, "end_turn"));
        events.add(anthropic.errorEvent("Overloaded"));
        wire.server().then(WireServer.stream("text/event-stream", events, 0));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> wire.factory().adapter(ref)
                .chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), d -> { }));

        assertThat(e).hasMessage("m: error in stream from " + wire.url() + "/v1/messages: Overloaded");
    }

    @Test
    void aStreamWithoutAStopReasonOrMessageStopIsTruncated() {
        wire.server().then(WireServer.stream("text/event-stream", anthropic.truncated(List.of("Hi")), 0));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> wire.factory().adapter(ref)
                .chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), d -> { }));

        assertThat(e).hasMessage("m: stream from " + wire.url() + "/v1/messages ended before message_stop (truncated)");
    }

    @Test
    void aFinishReasonNotKnownIsKeptAsStoppedNotAsANormalEnd() {
        // decision 0039: only the provider's documented normal ends count as a full answer
        assertThat(AnthropicChatProvider.finishReason("end_turn")).isEqualTo("stop");
        assertThat(AnthropicChatProvider.finishReason("some_new_reason")).isEqualTo("stopped:some_new_reason");
        assertThat(org.promptstudio.model.NonAnswer.of(org.promptstudio.model.CallStatus.OK,
                AnthropicChatProvider.finishReason("some_new_reason"), "a partial answer", null))
                .map(org.promptstudio.model.NonAnswer::describe)
                .contains("stopped by the provider before the answer ended (some_new_reason)");
    }
}

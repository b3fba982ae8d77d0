package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.promptstudio.provider.WireTestSupport.allParams;
import static org.promptstudio.provider.WireTestSupport.conversation;
import static org.promptstudio.provider.WireTestSupport.json;
import static org.promptstudio.provider.WireTestSupport.ref;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class OpenAiChatProviderTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final LocalWire wire = new LocalWire();
    final Dialect.OpenAi openai = new Dialect.OpenAi("openai");

    private JsonNode send(ModelRef ref, GenerationParams params, List<Message> messages, boolean stream) {
        wire.chat(new ChatRequest(ref, messages, params), stream
                ? WireServer.stream("text/event-stream", openai.stream(List.of("ok"), 1, 1), 0)
                : WireServer.json(200, openai.body("ok", 1, 1)), stream ? d -> { } : StreamListener.NONE);
        return wire.sent();
    }

    @Test
    void messagesAndPartsAreMappedToChatCompletions() {
        JsonNode body = send(ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of()), GenerationParams.NONE,
                conversation(), false);

        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.get("messages")).hasToString("""
                [{"role":"system","content":"You are terse."},\
                {"role":"user","content":[{"type":"text","text":"What is this?"},\
                {"type":"image_url","image_url":{"url":"%s"}},\
                {"type":"image_url","image_url":{"url":"%s"}}]},\
                {"role":"assistant","content":"A pixel."},\
                {"role":"user","content":"Thanks"}]""".formatted(WireTestSupport.PNG_URL, WireTestSupport.HTTP_IMAGE));
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void parametersAndTheOutputSchemaAreMapped() {
        GenerationParams params = allParams().overriddenBy(new GenerationParams(null, null, null, null, null, null,
                null, null, Map.of("user", "tester-1")));

        JsonNode body = send(ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of()), params,
                List.of(Message.text("user", "Hi")), false);

        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.has("top_k")).as("OpenAI has no top_k").isFalse();
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(body.get("stop")).hasToString("[\"END\"]");
        assertThat(body.get("seed").asLong()).isEqualTo(7);
        assertThat(body.get("response_format")).hasToString("""
                {"type":"json_schema","json_schema":{"name":"output","schema":\
                {"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}}}""");
        assertThat(body.get("user").asText()).isEqualTo("tester-1");
    }

    @Test
    void jsonWithoutASchemaAsksForAJsonObject() {
        GenerationParams json = new GenerationParams(null, null, null, null, null, null, "json", null, null);

        JsonNode body = send(ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of()), json,
                List.of(Message.text("user", "Hi in JSON")), false);

        assertThat(body.get("response_format")).hasToString("{\"type\":\"json_object\"}");
    }

    @Test
    void streamingAsksForUsageInTheStream() {
        JsonNode body = send(ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of()), GenerationParams.NONE,
                List.of(Message.text("user", "Hi")), true);

        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("stream_options")).hasToString("{\"include_usage\":true}");
    }

    @Test
    void aCompatibleServerGetsTopKAndMaxTokensAndNoKeyUnlessOneIsNamed() {
        JsonNode body = send(ref("openai-compatible", "qwen2.5", wire.url() + "/v1", Map.of()), allParams(),
                List.of(Message.text("user", "Hi")), false);

        assertThat(body.get("top_k").asInt()).isEqualTo(40);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(wire.server().last().header("authorization")).isNull();
        assertThat(wire.server().last().path()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void azureCallsTheDeploymentWithApiKeyHeaderAndApiVersion() {
        ModelRef azure = ref("azure-openai", "gpt-4o", wire.url() + "/",
                Map.of("deployment", "chat prod", "apiVersion", "2025-01-01-preview"));

        send(azure, GenerationParams.NONE, List.of(Message.text("user", "Hi")), false);

        WireServer.Received sent = wire.server().last();
        assertThat(sent.path()).isEqualTo("/openai/deployments/chat prod/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2025-01-01-preview");
        assertThat(sent.header("api-key")).isEqualTo(Dialect.AZURE_KEY);
        assertThat(sent.header("authorization")).isNull();
    }

    @Test
    void aToolMessageIsRefusedBeforeAnythingIsSent() {
        ModelRef ref = ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> wire.factory().provider(ref)
                .chat(new ChatRequest(ref, List.of(Message.text("tool", "42")), null), StreamListener.NONE));

        assertThat(e).hasMessage("m: message role 'tool' is not supported by openai");
        assertThat(e.retryable()).isFalse();
        assertThat(wire.server().received()).isEmpty();
    }

    @Test
    void aMissingKeyNamesTheVariableAndTheFileAndSendsNothing() {
        ProviderFactory noKeys = ProviderFactory.builder()
                .credentials(new Credentials(Map.of(), tmp.resolve("credentials"))).build();
        ModelRef ref = ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> noKeys.provider(ref)
                .chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), StreamListener.NONE));

        assertThat(e).hasMessage("m: OPENAI_API_KEY not set (environment or " + tmp.resolve("credentials") + ")");
        assertThat(noKeys.readiness(ref).isReady()).isFalse();
        assertThat(wire.server().received()).isEmpty();
    }

    @Test
    void aStreamedErrorEventFailsTheCallWithTheProvidersMessage() {
        ModelRef ref = ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of());
        wire.server().then(WireServer.stream("text/event-stream", List.of(
                "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"), 0));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> wire.factory().adapter(ref)
                .chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), d -> { }));

        assertThat(e).hasMessage("m: error in stream from " + wire.url() + "/v1/chat/completions: "
                + "The server had an error");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void finishReasonsAreNormalised() {
        assertThat(OpenAiChatProvider.finishReason("length")).isEqualTo("length");
        assertThat(OpenAiChatProvider.finishReason("content_filter")).isEqualTo("content_filter");
        assertThat(OpenAiChatProvider.finishReason("tool_calls")).isEqualTo("tool_calls");
        assertThat(OpenAiChatProvider.finishReason("eos")).isEqualTo("stop");
        // vLLM's "abort" (the server dropped the request) is no normal end: kept as stopped (decision 0039)
        assertThat(OpenAiChatProvider.finishReason("abort")).isEqualTo("stopped:abort");
        assertThat(OpenAiChatProvider.finishReason("insufficient_system_resource")).isEqualTo("stopped:insufficient_system_resource");
    }

    // ---- stream endings. Source: OpenAI API reference (openapi.yaml): finish_reason is one of stop, length,
    // tool_calls, content_filter, function_call (null until the last chunk); with stream_options.include_usage "an
    // additional chunk will be streamed before the data: [DONE] message", with empty choices.

    private ChatResult stream(List<String> events, long gapMillis) {
        ModelRef ref = ref("openai", "gpt-4o-mini", wire.url() + "/v1", Map.of());
        return wire.chat(new ChatRequest(ref, List.of(Message.text("user", "Hi")), null),
                WireServer.stream("text/event-stream", events, gapMillis), d -> { });
    }

    @Test
    void aCloseRightAfterTheFinishReasonChunkIsACompleteAnswer() {
        ChatResult result = stream(openai.finishOnly(List.of("Hello", " there"), "stop"), 0);

        assertThat(result.text()).isEqualTo("Hello there");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage().estimated()).as("no usage chunk came: counted locally").isTrue();
    }

    @Test
    void everyNonNullFinishReasonEndsTheAnswer() {
        Map<String, String> normalised = Map.of("stop", "stop", "length", "length", "tool_calls", "tool_calls",
                "content_filter", "content_filter", "function_call", "tool_calls", "eos", "stop", "abort", "stopped:abort");
        normalised.forEach((wire, ours) -> {
            ChatResult result = stream(openai.finishOnly(List.of("Hi"), wire), 0);
            assertThat(result.finishReason()).as(wire).isEqualTo(ours);
            assertThat(result.text()).isEqualTo("Hi");
        });
    }

    @Test
    void theUsageChunkAfterTheFinishReasonIsReadWhenTheStreamGoesOn() {
        // Each event is flushed on its own: the finish_reason chunk arrives before the usage chunk.
        ChatResult result = stream(openai.withoutTerminator(List.of("Hello"), 12, 3, "stop"), 20);

        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(12, 3, false));
    }

    @Test
    void aTokenLimitAnswerWithoutDoneIsKeptAndMarkedLength() {
        ChatResult result = stream(openai.finishOnly(List.of("Once upon", " a"), "length"), 0);

        assertThat(result.text()).isEqualTo("Once upon a");
        assertThat(result.finishReason()).isEqualTo("length");
    }

    @Test
    void anErrorAfterTheFinishReasonStaysAnError() {
        List<String> events = new java.util.ArrayList<>(openai.finishOnly(List.of("Hi"), "stop"));
        events.add(openai.errorEvent("The server had an error while streaming"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> stream(events, 0));

        assertThat(e).hasMessage("m: error in stream from " + wire.url() + "/v1/chat/completions: "
                + "The server had an error while streaming");
    }

    @Test
    void aStreamWithoutAFinishReasonOrDoneIsTruncated() {
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> stream(openai.truncated(List.of("Hello")), 0));

        assertThat(e).hasMessage("m: stream from " + wire.url() + "/v1/chat/completions ended before a finish_reason "
                + "or data: [DONE] (truncated)");
        assertThat(e.retryable()).isTrue();
    }
}

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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class GeminiChatProviderTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final LocalWire wire = new LocalWire();
    final Dialect gemini = new Dialect.Gemini("gemini");

    private JsonNode send(ProviderFactory f, ModelRef ref, GenerationParams params, List<Message> messages) {
        wire.server().then(WireServer.json(200, gemini.body("ok", 1, 1)));
        f.adapter(ref).chat(new ChatRequest(ref, messages, params), StreamListener.NONE);
        return wire.sent();
    }

    private ModelRef geminiRef() {
        return wire.ref("gemini", "gemini-2.0-flash");
    }

    @Test
    void systemGoesToSystemInstructionAndTheModelRoleStaysModel() {
        JsonNode body = send(wire.factory(), geminiRef(), GenerationParams.NONE, conversation());

        assertThat(body.get("systemInstruction")).hasToString("{\"parts\":[{\"text\":\"You are terse.\"}]}");
        assertThat(body.get("contents")).hasToString("""
                [{"role":"user","parts":[{"text":"What is this?"},\
                {"inlineData":{"mimeType":"image/png","data":"%s"}},\
                {"fileData":{"mimeType":"image/jpeg","fileUri":"%s"}}]},\
                {"role":"model","parts":[{"text":"A pixel."}]},\
                {"role":"user","parts":[{"text":"Thanks"}]}]"""
                .formatted(WireTestSupport.PNG_DATA, WireTestSupport.HTTP_IMAGE));
        assertThat(body.has("generationConfig")).isFalse();
    }

    @Test
    void parametersAndTheSchemaGoToGenerationConfig() {
        JsonNode body = send(wire.factory(), geminiRef(), allParams(), List.of(Message.text("user", "Hi")));

        assertThat(body.get("generationConfig")).hasToString("""
                {"temperature":0.2,"topP":0.9,"topK":40,"maxOutputTokens":100,"stopSequences":["END"],"seed":7,\
                "responseMimeType":"application/json","responseJsonSchema":{"type":"object",\
                "properties":{"answer":{"type":"string"}},"required":["answer"]}}""");
    }

    @Test
    void theKeyTravelsInAHeaderNeverInTheUrl() {
        send(wire.factory(), geminiRef(), GenerationParams.NONE, List.of(Message.text("user", "Hi")));

        assertThat(wire.server().last().header("x-goog-api-key")).isEqualTo(Dialect.GEMINI_KEY);
        assertThat(wire.server().last().query()).isNull();
    }

    @Test
    void googleApiKeyIsTheFallbackVariable() {
        ProviderFactory f = ProviderFactory.builder()
                .credentials(new Credentials(Map.of("GOOGLE_API_KEY", "AIzaFallback0123456789abcdefgh"),
                        tmp.resolve("none"))).build();

        send(f, geminiRef(), GenerationParams.NONE, List.of(Message.text("user", "Hi")));

        assertThat(wire.server().last().header("x-goog-api-key")).isEqualTo("AIzaFallback0123456789abcdefgh");
    }

    @Test
    void aBlockedPromptEndsAsContentFilter() {
        wire.server().then(WireServer.json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4}}"));

        ChatResult result = wire.factory().adapter(geminiRef()).chat(
                new ChatRequest(geminiRef(), List.of(Message.text("user", "Hi")), null), StreamListener.NONE);

        assertThat(result.text()).isEmpty();
        // The prompt's blockReason is kept with it (decision 0039).
        assertThat(result.finishReason()).isEqualTo("content_filter:prompt SAFETY");
    }

    @Test
    void vertexCallsTheProjectAndLocationWithABearerToken() {
        ModelRef vertex = ref("vertex", "gemini-2.0-flash", wire.url(),
                Map.of("project", "my-proj", "location", "us-east5"));

        JsonNode body = send(wire.factory(), vertex, GenerationParams.NONE, conversation());

        assertThat(wire.server().last().path())
                .isEqualTo("/v1/projects/my-proj/locations/us-east5/publishers/google/models/gemini-2.0-flash:generateContent");
        assertThat(wire.server().last().header("authorization")).isEqualTo("Bearer " + Dialect.VERTEX_TOKEN);
        assertThat(body.get("contents").get(1).get("role").asText()).isEqualTo("model");
    }

    @Test
    void vertexWithoutAProjectIsNotReadyAndSaysWhy() {
        ModelRef vertex = ref("vertex", "gemini-2.0-flash", wire.url(), Map.of());

        assertThat(wire.factory().readiness(vertex))
                .isEqualTo(Readiness.notReady("no 'project' option and GOOGLE_CLOUD_PROJECT not set"));
    }

    @Test
    void vertexAsksGcloudForATokenOnceWhenNoneIsSet() {
        AtomicInteger asked = new AtomicInteger();
        ProviderFactory f = ProviderFactory.builder()
                .credentials(new Credentials(Map.of("GOOGLE_CLOUD_PROJECT", "env-proj"), tmp.resolve("none")))
                .tokenCommand(new TokenCommand() {
                    @Override
                    public boolean available() {
                        return true;
                    }

                    @Override
                    public Optional<String> token() {
                        asked.incrementAndGet();
                        return Optional.of("ya29.from-gcloud-0123456789");
                    }
                }).build();
        ModelRef vertex = ref("vertex", "gemini-2.0-flash", wire.url(), Map.of("location", "global"));

        send(f, vertex, GenerationParams.NONE, List.of(Message.text("user", "Hi")));
        send(f, vertex, GenerationParams.NONE, List.of(Message.text("user", "Hi")));

        assertThat(wire.server().last().path()).startsWith("/v1/projects/env-proj/locations/global/");
        assertThat(wire.server().last().header("authorization")).isEqualTo("Bearer ya29.from-gcloud-0123456789");
        assertThat(asked).hasValue(1);
    }

    @Test
    void vertexWithNoTokenAnywhereFailsClearly() {
        ProviderFactory f = ProviderFactory.builder()
                .credentials(new Credentials(Map.of(), tmp.resolve("none"))).tokenCommand(TokenCommand.NONE).build();
        ModelRef vertex = ref("vertex", "gemini-2.0-flash", wire.url(), Map.of("project", "p"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> f.adapter(vertex)
                .chat(new ChatRequest(vertex, List.of(Message.text("user", "Hi")), null), StreamListener.NONE));

        assertThat(e).hasMessage("m: no Vertex AI token: VERTEX_ACCESS_TOKEN or GOOGLE_OAUTH_ACCESS_TOKEN not set and "
                + "'gcloud auth print-access-token' gave none");
        assertThat(wire.server().received()).isEmpty();
    }

    @Test
    void finishReasonsAreNormalised() {
        assertThat(GeminiChatProvider.finishReason("MAX_TOKENS")).isEqualTo("length");
        // Gemini's own word is kept after ours (decision 0039); the values are those of the API reference's
        // Candidate.FinishReason.
        assertThat(GeminiChatProvider.finishReason("RECITATION")).isEqualTo("content_filter:RECITATION");
        assertThat(GeminiChatProvider.finishReason("SAFETY")).isEqualTo("content_filter:SAFETY");
        assertThat(GeminiChatProvider.finishReason("PROHIBITED_CONTENT")).isEqualTo("content_filter:PROHIBITED_CONTENT");
        assertThat(GeminiChatProvider.finishReason("BLOCKLIST")).isEqualTo("content_filter:BLOCKLIST");
        assertThat(GeminiChatProvider.finishReason("SPII")).isEqualTo("content_filter:SPII");
        assertThat(GeminiChatProvider.finishReason("OTHER")).isEqualTo("stopped:OTHER");
        assertThat(GeminiChatProvider.finishReason("FINISH_REASON_UNSPECIFIED")).isEqualTo("other");
    }
}

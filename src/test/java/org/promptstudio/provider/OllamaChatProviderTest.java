package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.provider.WireTestSupport.allParams;
import static org.promptstudio.provider.WireTestSupport.json;
import static org.promptstudio.provider.WireTestSupport.ref;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

class OllamaChatProviderTest {

    static final String TAGS = """
            {"models":[
             {"name":"qwen2.5:7b","model":"qwen2.5:7b","modified_at":"2024-11-20T09:00:00.000000+01:00",
              "size":4683087332,"digest":"abc","details":{"parent_model":"","format":"gguf","family":"qwen2",
              "families":["qwen2"],"parameter_size":"7.6B","quantization_level":"Q4_K_M"}},
             {"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2024-11-25T10:00:00Z",
              "size":2019393189,"digest":"def","details":{"format":"gguf","family":"llama",
              "parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}
            """;

    @RegisterExtension
    final LocalWire wire = new LocalWire();
    ModelRef ref;
    final Dialect ollama = new Dialect.Ollama();

    @BeforeEach
    void start() {
        ref = wire.ref("ollama", "llama3.2");
    }

    @Test
    void parametersGoToOptionsAndTheSchemaToFormat() {
        GenerationParams params = allParams().overriddenBy(
                new GenerationParams(null, null, null, null, null, null, null, null, Map.of("num_ctx", 8192)));
        wire.server().then(WireServer.json(200, ollama.body("ok", 1, 1)));

        wire.factory().adapter(ref).chat(new ChatRequest(ref, List.of(Message.text("system", "Be terse."),
                new Message("user", List.of(new Part.Text("What is it?"), new Part.Media(WireTestSupport.PNG_URL, null))),
                Message.text("model", "A pixel.")), params), StreamListener.NONE);

        JsonNode body = wire.sent();
        assertThat(body.get("stream").asBoolean()).as("Ollama streams unless told not to").isFalse();
        assertThat(body.get("messages")).hasToString("""
                [{"role":"system","content":"Be terse."},\
                {"role":"user","content":"What is it?","images":["%s"]},\
                {"role":"assistant","content":"A pixel."}]""".formatted(WireTestSupport.PNG_DATA));
        assertThat(body.get("options")).hasToString("""
                {"temperature":0.2,"top_p":0.9,"top_k":40,"num_predict":100,"stop":["END"],"seed":7,"num_ctx":8192}""");
        assertThat(body.get("format")).hasToString("""
                {"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}""");
    }

    @Test
    void anImageByUrlIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> wire.factory().adapter(ref).chat(new ChatRequest(ref, List.of(new Message("user",
                List.of(new Part.Media(WireTestSupport.HTTP_IMAGE, null)))), null), StreamListener.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessage("m: Ollama takes images as data: URLs only, not https://example.com/cat.jpg");
        assertThat(wire.server().received()).isEmpty();
    }

    @Test
    void anErrorLineInTheStreamFailsTheCall() {
        wire.server().then(WireServer.stream("application/x-ndjson", List.of(ollama.truncated(List.of("Hel")).get(0),
                "{\"error\":\"model runner has unexpectedly stopped\"}\n"), 0));

        assertThatThrownBy(() -> wire.factory().adapter(ref).chat(
                new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), d -> { }))
                .isInstanceOf(ProviderException.class)
                .hasMessage("m: error in stream from " + wire.url() + "/api/chat: model runner has unexpectedly stopped");
    }

    @Test
    void anErrorInAWholeAnswerFailsTheCall() {
        wire.server().then(WireServer.json(200, "{\"error\":\"llama runner process has terminated\"}"));

        assertThatThrownBy(() -> wire.factory().adapter(ref).chat(
                new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), StreamListener.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessage("m: error from " + wire.url() + "/api/chat: llama runner process has terminated");
    }

    @Test
    void aMissingModelIs404WithOllamasWordsAndNotRetried() {
        wire.server().then(WireServer.json(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"));

        assertThatThrownBy(() -> wire.factory().provider(ref).chat(
                new ChatRequest(ref, List.of(Message.text("user", "Hi")), null), StreamListener.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessage("m: HTTP 404 from " + wire.url() + "/api/chat: model \"llama9\" not found, try pulling it first");
        assertThat(wire.server().received()).hasSize(1);
    }

    @Test
    void theModelListComesFromApiTags() {
        wire.server().then(WireServer.json(200, TAGS));

        List<OllamaCatalog.LocalModel> models = wire.factory().ollama().list(wire.url(), Duration.ofSeconds(60));

        assertThat(wire.server().last().path()).isEqualTo("/api/tags");
        assertThat(models).containsExactly(
                new OllamaCatalog.LocalModel("llama3.2:latest", 2019393189L, "llama", "3.2B", "Q4_K_M",
                        Instant.parse("2024-11-25T10:00:00Z")),
                new OllamaCatalog.LocalModel("qwen2.5:7b", 4683087332L, "qwen2", "7.6B", "Q4_K_M",
                        Instant.parse("2024-11-20T08:00:00Z")));
    }

    @Test
    void readinessSaysWhetherTheModelIsPulled() {
        wire.server().then(WireServer.json(200, TAGS)).then(WireServer.json(200, TAGS));

        assertThat(wire.factory().readiness(ref)).isEqualTo(Readiness.ready("server answers, model pulled"));
        ModelRef missing = ref("ollama", "mistral", wire.url(), Map.of());
        assertThat(wire.factory().readiness(missing)).isEqualTo(
                Readiness.notReady("mistral is not pulled at " + wire.url() + " (ollama pull mistral)"));
    }

    @Test
    void readinessSaysWhenTheServerIsNotRunning() {
        String url = wire.url();
        wire.server().close();

        Readiness readiness = wire.factory().readiness(ref("ollama", "llama3.2", url, Map.of()));

        assertThat(readiness.isReady()).isFalse();
        assertThat(readiness.reason()).isEqualTo("ollama at " + url + ": cannot list models (no answer: is Ollama running?)");
    }

    @Test
    void aFinishReasonNotKnownIsKeptAsStoppedNotAsANormalEnd() {
        // decision 0039: only the provider's documented normal ends count as a full answer
        assertThat(OllamaChatProvider.finishReason("stop")).isEqualTo("stop");
        assertThat(OllamaChatProvider.finishReason("some_new_reason")).isEqualTo("stopped:some_new_reason");
        assertThat(org.promptstudio.model.NonAnswer.of(org.promptstudio.model.CallStatus.OK,
                OllamaChatProvider.finishReason("some_new_reason"), "a partial answer", null))
                .map(org.promptstudio.model.NonAnswer::describe)
                .contains("stopped by the provider before the answer ended (some_new_reason)");
    }
}

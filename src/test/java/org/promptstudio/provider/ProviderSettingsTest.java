package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.provider.WireTestSupport.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * Each provider's settings reach only that provider, where its API reads them: a prompt's {@code config} goes
 * through {@link EffectiveParams} to a real adapter, and a local server on 127.0.0.1 captures the request body.
 *
 * <p>Where the fields belong: Gemini, ai.google.dev/api/generate-content (GenerateContentRequest: safetySettings,
 * tools, toolConfig, systemInstruction, cachedContent at the top level; GenerationConfig: temperature, topP, topK,
 * maxOutputTokens, stopSequences, candidateCount, responseMimeType, thinkingConfig, seed, presencePenalty,
 * frequencyPenalty). OpenAI, platform.openai.com/docs/api-reference/chat/create (presence_penalty,
 * reasoning_effort, stop, max_completion_tokens at the top level). Anthropic, docs.anthropic.com/en/api/messages
 * (thinking, top_k, stop_sequences, metadata, system at the top level). Ollama, github.com/ollama/ollama docs/api.md
 * "Generate a chat completion" (format, keep_alive, think at the top level; model parameters such as num_ctx,
 * num_predict, temperature in options).
 */
class ProviderSettingsTest {

    @RegisterExtension
    final LocalWire wire = new LocalWire();

    private ModelRef model(String kind, String name) {
        return wire.ref(kind, name);
    }

    /** Sends one call with the prompt's {@code config}, as a run does, and returns the body the server got. */
    private JsonNode send(ModelRef ref, Map<String, Object> config, String answer) {
        GenerationParams params = EffectiveParams.of(GenerationParams.fromConfig(config), ref, null);
        wire.whole(ref, List.of(Message.text("system", "Be brief."), Message.text("user", "Hi")), params, answer);
        return wire.sent();
    }

    static final String GEMINI_OK = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1}}""";
    static final String OPENAI_OK = """
            {"id":"c","object":"chat.completion","model":"gpt","choices":[{"index":0,
             "message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1,"completion_tokens":1}}""";
    static final String ANTHROPIC_OK = """
            {"id":"m","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"ok"}],
             "stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}""";
    static final String OLLAMA_OK = """
            {"model":"llama","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop",
             "prompt_eval_count":1,"eval_count":1}""";

    /** A prompt's config that names settings of every provider at once, as a prompt compared across them would. */
    static Map<String, Object> mixedConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("temperature", 0.3);
        c.put("topP", 0.8);
        c.put("maxOutputTokens", 256);
        c.put("stopSequences", List.of("END"));
        c.put("safetySettings", List.of(Map.of("category", "HARM_CATEGORY_HARASSMENT", "threshold", "BLOCK_NONE")));
        c.put("cachedContent", "cachedContents/abc");
        c.put("candidateCount", 1);
        c.put("responseMimeType", "text/plain");
        c.put("thinkingConfig", Map.of("thinkingBudget", 1024));
        c.put("presencePenalty", 0.5);
        c.put("reasoning_effort", "low");
        c.put("thinking", Map.of("type", "enabled", "budget_tokens", 2048));
        c.put("keep_alive", "5m");
        c.put("num_ctx", 8192);
        return c;
    }

    @Test
    void geminiGetsItsRequestFieldsAtTheTopAndGenerationSettingsInGenerationConfig() {
        Map<String, Object> config = mixedConfig();
        config.put("gemini", Map.of("toolConfig", Map.of("functionCallingConfig", Map.of("mode", "NONE")),
                "systemInstruction", Map.of("parts", List.of(Map.of("text", "From config"))),
                "tools", List.of(Map.of("codeExecution", Map.of())), "frequencyPenalty", 0.25, "seed", 9));

        JsonNode body = send(model("gemini", "gemini-2.5-flash"), config, GEMINI_OK);

        assertThat(fieldNames(body)).containsExactlyInAnyOrder("contents", "systemInstruction", "generationConfig",
                "safetySettings", "cachedContent", "toolConfig", "tools");
        assertThat(body.get("safetySettings")).isEqualTo(json(
                "[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}]"));
        assertThat(body.get("cachedContent").asText()).isEqualTo("cachedContents/abc");
        assertThat(body.get("systemInstruction")).isEqualTo(json("{\"parts\":[{\"text\":\"From config\"}]}"));
        assertThat(body.get("toolConfig")).isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"NONE\"}}"));
        JsonNode config2 = body.get("generationConfig");
        assertThat(fieldNames(config2)).containsExactlyInAnyOrder("temperature", "topP", "maxOutputTokens",
                "stopSequences", "seed", "candidateCount", "responseMimeType", "thinkingConfig", "presencePenalty",
                "frequencyPenalty");
        assertThat(config2.get("thinkingConfig")).isEqualTo(json("{\"thinkingBudget\":1024}"));
        assertThat(config2.get("seed").asInt()).isEqualTo(9);
        assertThat(config2.get("maxOutputTokens").asInt()).isEqualTo(256);
    }

    @Test
    void openAiGetsItsOwnSettingsUnderItsOwnNamesAndNoneOfTheOthers() {
        JsonNode body = send(model("openai", "gpt-5-mini"), mixedConfig(), OPENAI_OK);

        assertThat(fieldNames(body)).containsExactlyInAnyOrder("model", "messages", "temperature", "top_p",
                "max_completion_tokens", "stop", "presence_penalty", "reasoning_effort");
        assertThat(body.get("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(body.get("stop")).isEqualTo(json("[\"END\"]"));
        assertThat(body.get("reasoning_effort").asText()).isEqualTo("low");
    }

    @Test
    void anthropicGetsThinkingAndItsSectionAtTheTopLevel() {
        Map<String, Object> config = mixedConfig();
        config.put("anthropic", Map.of("top_k", 5, "metadata", Map.of("user_id", "u-1")));

        JsonNode body = send(model("anthropic", "claude-sonnet-4-5"), config, ANTHROPIC_OK);

        assertThat(fieldNames(body)).containsExactlyInAnyOrder("model", "max_tokens", "system", "messages",
                "temperature", "top_p", "stop_sequences", "thinking", "top_k", "metadata");
        assertThat(body.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(body.get("stop_sequences")).isEqualTo(json("[\"END\"]"));
        assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.get("metadata")).isEqualTo(json("{\"user_id\":\"u-1\"}"));
        assertThat(body.get("system").asText()).isEqualTo("Be brief.");
    }

    @Test
    void ollamaGetsRequestFieldsAtTheTopAndModelParametersInOptions() {
        Map<String, Object> config = mixedConfig();
        config.put("ollama", Map.of("think", true, "format", "json", "mirostat", 2, "my_new_parameter", 3));

        JsonNode body = send(model("ollama", "qwen3"), config, OLLAMA_OK);

        assertThat(fieldNames(body)).containsExactlyInAnyOrder("model", "messages", "stream", "options",
                "keep_alive", "think", "format");
        assertThat(body.get("keep_alive").asText()).isEqualTo("5m");
        assertThat(body.get("think").asBoolean()).isTrue();
        assertThat(body.get("format").asText()).isEqualTo("json");
        assertThat(fieldNames(body.get("options"))).containsExactlyInAnyOrder("temperature", "top_p", "num_predict",
                "stop", "presence_penalty", "num_ctx", "mirostat", "my_new_parameter");
        assertThat(body.get("options").get("num_predict").asInt()).isEqualTo(256);
    }

    @Test
    void aKindSectionWinsOverItsWireFormatsAndOverTheTopLevel() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("temperature", 0.9);
        config.put("openai", Map.of("temperature", 0.5, "user", "from-openai"));
        config.put("openai-compatible", Map.of("temperature", 0.1, "top_k", 20));
        config.put("azure-openai", Map.of("temperature", 0.7));

        JsonNode body = send(model("openai-compatible", "local"), config, OPENAI_OK);

        assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
        assertThat(body.get("user").asText()).isEqualTo("from-openai");
        assertThat(body.get("top_k").asInt()).isEqualTo(20);
        assertThat(fieldNames(body)).doesNotContain("openai", "openai-compatible", "azure-openai");
    }

    @Test
    void aKeyInAProvidersSectionThatTheStudioDoesNotKnowGoesWhereThatApiPutsUnknownSettings() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("gemini", Map.of("mediaResolutionNext", "LOW"));
        config.put("openai", Map.of("brand_new_flag", true));

        JsonNode gemini = send(model("gemini", "g"), config, GEMINI_OK);
        JsonNode openai = send(model("openai", "o"), config, OPENAI_OK);

        assertThat(gemini.get("generationConfig").get("mediaResolutionNext").asText()).isEqualTo("LOW");
        assertThat(gemini.has("mediaResolutionNext")).isFalse();
        assertThat(gemini.has("brand_new_flag")).isFalse();
        assertThat(openai.get("brand_new_flag").asBoolean()).isTrue();
        assertThat(openai.has("mediaResolutionNext")).isFalse();
    }

    @Test
    void aSharedKeyNoProviderKnowsIsRefusedNamingTheKeyAndTheModel() {
        ModelRef gpt = WireTestSupport.ref("openai", "gpt", wire.url(), Map.of());
        GenerationParams prompt = GenerationParams.fromConfig(Map.of("temprature", 0.2));

        assertThatThrownBy(() -> EffectiveParams.of(prompt, gpt, null))
                .isInstanceOf(ProviderException.class)
                .hasMessage("m: config 'temprature' is not a setting the studio knows for any provider; to send it"
                        + " to m as written, put it under 'openai:' in config");
        assertThat(wire.server().received()).isEmpty();
    }

    @Test
    void aSharedKeyProvidersReadDifferentlyIsRefusedAtTheTopLevelAndSentFromASection() {
        ModelRef gemini = model("gemini", "g");
        Map<String, Object> tools = Map.of("tools", List.of(Map.of("googleSearch", Map.of())));

        assertThatThrownBy(() -> EffectiveParams.of(GenerationParams.fromConfig(tools), gemini, null))
                .hasMessage("m: config 'tools' means different things to different providers; for m write it under"
                        + " 'gemini:' in config");

        JsonNode body = send(gemini, Map.of("gemini", tools), GEMINI_OK);
        JsonNode other = send(model("openai", "o"), Map.of("gemini", tools), OPENAI_OK);
        assertThat(body.get("tools")).isEqualTo(json("[{\"googleSearch\":{}}]"));
        assertThat(other.has("tools")).isFalse();
    }

    @Test
    void aModelsOwnSettingsInStudioYamlAreItsOwnEvenWhenTheStudioDoesNotKnowThem() {
        ModelRef ollama = new ModelRef("local", "ollama", "qwen3", wire.url(),
                GenerationParams.fromConfig(Map.of("num_gpu_layers_next", 12, "safetySettings", List.of())),
                null, null, null, null, null, Map.of());

        JsonNode body = send(ollama, Map.of("temperature", 0), OLLAMA_OK);

        assertThat(body.get("options").get("num_gpu_layers_next").asInt()).isEqualTo(12);
        assertThat(body.get("options").has("safetySettings")).isFalse();
        assertThat(body.has("safetySettings")).isFalse();
    }

    @Test
    void builtInModelsGetTheSettingsAsGiven() {
        ModelRef echo = ModelRef.of("echo", "echo", "echo");
        GenerationParams prompt = GenerationParams.fromConfig(Map.of("safetySettings", List.of(), "anything", 1));

        assertThat(EffectiveParams.of(prompt, echo, null).extra()).containsOnlyKeys("safetySettings", "anything");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package org.promptstudio.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;

/**
 * Which of a prompt's settings go to which provider, under which name (docs/decisions/0036-provider-settings.md).
 *
 * <p>The common settings ({@code temperature}, {@code topP}, {@code topK}, {@code maxOutputTokens},
 * {@code stopSequences}, {@code seed}) are {@link GenerationParams} fields and each adapter writes them under its
 * own name. Everything else in {@code extra} is one provider's: {@link #forModel} keeps for a model only what its
 * provider knows, under that provider's name:
 * <ul>
 *   <li>a section named after a wire format ({@code gemini}, {@code openai}, {@code anthropic}, {@code ollama}) or a
 *       kind ({@code vertex}, {@code azure-openai}, {@code openai-compatible}) holds settings for those models only,
 *       laid over the top level (the kind's over the wire format's); a key in it that the studio does not know is
 *       sent as written, where that API puts unknown settings (see each adapter);</li>
 *   <li>a key at the top level that some providers know ({@code safetySettings}: Gemini; {@code thinking}:
 *       Anthropic; {@code keep_alive}: Ollama; {@code presencePenalty}: Gemini, and OpenAI and Ollama as
 *       {@code presence_penalty}) goes to those only;</li>
 *   <li>a key at the top level of settings shared by several models (the prompt's {@code config}, a run's
 *       {@code params}) that no provider knows, or that providers read differently ({@code tools},
 *       {@code metadata}...), is refused with one line naming the key and the model: nobody can tell whose it is.
 *       In a model's own settings (studio.yaml) it is that model's, and is sent as written.</li>
 * </ul>
 * Models without a wire format (the built-in offline models, replay) get the settings as they are.
 *
 * <p>Sources for the names and places: ai.google.dev/api/generate-content (GenerateContentRequest,
 * GenerationConfig), platform.openai.com/docs/api-reference/chat/create, docs.anthropic.com/en/api/messages,
 * github.com/ollama/ollama docs/api.md ("Generate a chat completion") and docs/modelfile.md ("Valid Parameters").
 */
public final class ProviderSettings {

    static final String GEMINI = "gemini";
    static final String OPENAI = "openai";
    static final String ANTHROPIC = "anthropic";
    static final String OLLAMA = "ollama";

    /** Section names: the wire formats and the kinds that share one. */
    static final Set<String> SECTIONS = Set.of(GEMINI, "vertex", OPENAI, "azure-openai", "openai-compatible",
            ANTHROPIC, OLLAMA);

    /** Gemini settings that are fields of the request itself; every other one goes in {@code generationConfig}. */
    static final Set<String> GEMINI_TOP_LEVEL = Set.of("safetySettings", "tools", "toolConfig", "systemInstruction",
            "cachedContent", "labels", "modelArmorConfig");

    /** Ollama {@code /api/chat} fields; every other setting is a model parameter and goes in {@code options}. */
    static final Set<String> OLLAMA_TOP_LEVEL = Set.of("format", "keep_alive", "think", "tools");

    /** Keys several providers take under the same name with different meanings or shapes. */
    private static final Set<String> AMBIGUOUS = Set.of("tools", "tool_choice", "metadata", "logprobs",
            "service_tier");

    /** key at the top level → (wire format or kind → the name that provider takes it under). */
    private static final Map<String, Map<String, String>> KNOWN = new LinkedHashMap<>();

    static {
        for (String k : List.of("safetySettings", "toolConfig", "systemInstruction", "cachedContent", "labels",
                "modelArmorConfig", "generationConfig", "candidateCount", "responseMimeType", "responseSchema",
                "responseJsonSchema", "thinkingConfig", "responseLogprobs", "responseModalities", "speechConfig",
                "mediaResolution", "enableEnhancedCivicAnswers", "imageConfig")) {
            known(k, GEMINI, k);
        }
        for (String k : List.of("logit_bias", "top_logprobs", "n", "parallel_tool_calls", "user", "reasoning_effort",
                "store", "modalities", "audio", "prediction", "web_search_options", "verbosity", "prompt_cache_key",
                "safety_identifier", "response_format", "max_completion_tokens", "max_tokens")) {
            known(k, OPENAI, k);
        }
        for (String k : List.of("thinking", "stop_sequences", "container", "mcp_servers", "system")) {
            known(k, ANTHROPIC, k);
        }
        for (String k : List.of("format", "keep_alive", "think", "options", "num_ctx", "num_predict", "repeat_last_n",
                "repeat_penalty", "tfs_z", "min_p", "mirostat", "mirostat_eta", "mirostat_tau", "num_gpu",
                "num_thread", "num_keep", "typical_p", "use_mmap", "use_mlock", "numa", "num_batch", "main_gpu",
                "low_vram", "penalize_newline")) {
            known(k, OLLAMA, k);
        }
        known("top_k", ANTHROPIC, "top_k");
        known("top_k", OLLAMA, "top_k");
        known("top_k", "openai-compatible", "top_k");
        for (String wire : List.of(OPENAI, ANTHROPIC, OLLAMA)) known("top_p", wire, "top_p");
        for (String wire : List.of(OPENAI, OLLAMA)) {
            known("stop", wire, "stop");
            known("presence_penalty", wire, "presence_penalty");
            known("frequency_penalty", wire, "frequency_penalty");
            known("presencePenalty", wire, "presence_penalty");
            known("frequencyPenalty", wire, "frequency_penalty");
        }
        for (String wire : List.of(GEMINI, OPENAI, ANTHROPIC, OLLAMA)) known("tools", wire, "tools");
        for (String wire : List.of(OPENAI, ANTHROPIC)) {
            known("tool_choice", wire, "tool_choice");
            known("metadata", wire, "metadata");
            known("service_tier", wire, "service_tier");
        }
        known("logprobs", OPENAI, "logprobs");
        known("logprobs", GEMINI, "logprobs");
        known("presencePenalty", GEMINI, "presencePenalty");
        known("frequencyPenalty", GEMINI, "frequencyPenalty");
    }

    private ProviderSettings() {
    }

    private static void known(String key, String target, String name) {
        KNOWN.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(target, name);
    }

    /**
     * The wire format of a provider kind: {@code gemini} (gemini, vertex), {@code openai} (openai, azure-openai,
     * openai-compatible), {@code anthropic}, {@code ollama}; null for the built-in models and other kinds.
     */
    static String wireFormat(String kind) {
        if (kind == null) return null;
        return switch (kind) {
            case GEMINI, "vertex" -> GEMINI;
            case OPENAI, "azure-openai", "openai-compatible" -> OPENAI;
            case ANTHROPIC -> ANTHROPIC;
            case OLLAMA -> OLLAMA;
            default -> null;
        };
    }

    /**
     * The settings of one layer as {@code model}'s provider takes them: its sections laid over the top level, other
     * providers' settings left out, known keys under that provider's name.
     *
     * @param layer   the prompt's, the model's or the run's settings (null is none)
     * @param model   the model that will be called
     * @param shared  true for settings several models share (a prompt's config, a run's params): a key no provider
     *                knows, or that providers read differently, is refused; false for the model's own settings,
     *                whose every key is that model's
     * @return the settings to send; {@code layer} itself for a model without a wire format
     * @throws ProviderException (not retryable) naming the key and the model when a shared key cannot be placed
     */
    public static GenerationParams forModel(GenerationParams layer, ModelRef model, boolean shared) {
        if (layer == null) return GenerationParams.NONE;
        String wire = wireFormat(model.provider());
        if (wire == null || layer.extra().isEmpty()) return layer;
        String kind = model.provider();
        Map<String, Object> kept = new LinkedHashMap<>();
        GenerationParams common = new GenerationParams(layer.temperature(), layer.topP(), layer.topK(),
                layer.maxOutputTokens(), layer.stopSequences(), layer.seed(), layer.responseFormat(),
                layer.responseSchema(), null);
        for (Map.Entry<String, Object> e : layer.extra().entrySet()) {
            String key = e.getKey();
            if (SECTIONS.contains(key)) {
                if (!(e.getValue() instanceof Map<?, ?>)) {
                    throw refused(model, "config '" + key + "' must hold the settings for " + key
                            + " models (a map), not '" + e.getValue() + "'");
                }
                continue;
            }
            String name = nameFor(key, wire, kind);
            if (name != null && !(shared && AMBIGUOUS.contains(key))) {
                kept.put(name, e.getValue());
            } else if (!shared) {
                // the model's own setting: sent as written unless it is another provider's
                if (!KNOWN.containsKey(key)) kept.put(key, e.getValue());
            } else if (AMBIGUOUS.contains(key)) {
                throw refused(model, "config '" + key + "' means different things to different providers; for "
                        + model.id() + " write it under '" + wire + ":' in config");
            } else if (!KNOWN.containsKey(key)) {
                throw refused(model, "config '" + key + "' is not a setting the studio knows for any provider; to send"
                        + " it to " + model.id() + " as written, put it under '" + wire + ":' in config");
            }
        }
        for (String section : kind.equals(wire) ? List.of(wire) : List.of(wire, kind)) {
            Object value = layer.extra().get(section);
            if (!(value instanceof Map<?, ?> map)) continue;
            Map<String, Object> settings = new LinkedHashMap<>();
            map.forEach((k, v) -> settings.put(String.valueOf(k), v));
            GenerationParams own;
            try {
                own = GenerationParams.fromConfig(settings);
            } catch (IllegalArgumentException ex) {
                throw refused(model, ex.getMessage().replace("config '", "config '" + section + "."));
            }
            common = common.overriddenBy(new GenerationParams(own.temperature(), own.topP(), own.topK(),
                    own.maxOutputTokens(), own.stopSequences(), own.seed(), null, null, null));
            own.extra().forEach((k, v) -> {
                String name = nameFor(k, wire, kind);
                kept.put(name != null ? name : k, v);
            });
        }
        return new GenerationParams(common.temperature(), common.topP(), common.topK(), common.maxOutputTokens(),
                common.stopSequences(), common.seed(), common.responseFormat(), common.responseSchema(), kept);
    }

    /** The name {@code key} has for this provider (its kind first, then its wire format), or null when it has none. */
    private static String nameFor(String key, String wire, String kind) {
        Map<String, String> names = KNOWN.get(key);
        if (names == null) return null;
        String name = names.get(kind);
        return name != null ? name : names.get(wire);
    }

    private static ProviderException refused(ModelRef model, String message) {
        return new ProviderException(model.id() + ": " + message, false, -1, 0, null);
    }
}

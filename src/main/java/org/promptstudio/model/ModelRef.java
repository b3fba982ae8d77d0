package org.promptstudio.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model the studio can call: {@code id} is the workspace's name for it, {@code provider} the adapter kind
 * ({@code openai}, {@code azure-openai}, {@code anthropic}, {@code gemini}, {@code vertex}, {@code ollama},
 * {@code echo}, {@code extractive}, {@code replay}), {@code model} the provider's model name. Limits left out are
 * null: the adapter's defaults apply. {@code options} holds adapter settings such as Vertex project and location.
 */
public record ModelRef(String id, String provider, String model, String baseUrl, GenerationParams params,
                       Double inputPricePerMillion, Double outputPricePerMillion, Integer maxConcurrency,
                       Integer requestsPerMinute, Integer timeoutSeconds, Map<String, Object> options) {

    public ModelRef {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("model id is empty");
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("model " + id + " has no provider");
        params = params == null ? GenerationParams.NONE : params;
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static ModelRef of(String id, String provider, String model) {
        return new ModelRef(id, provider, model, null, GenerationParams.NONE, null, null, null, null, null, Map.of());
    }
}

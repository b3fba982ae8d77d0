package org.promptstudio.workspace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model a workspace can call, as {@code studio.yaml} lists it under {@code models}. {@code id} is the name
 * prompts and experiments use; {@code provider} and {@code model} say what answers it. Limits left out are null:
 * the provider's defaults apply. {@code options} holds adapter settings with no field of their own (Vertex
 * {@code project} and {@code location}, Azure {@code deployment} and {@code apiVersion}, {@code apiKeyEnv}); never
 * a key: keys live outside the workspace.
 */
public record ModelConfig(String id, String provider, String model, String baseUrl, Map<String, Object> params,
        Pricing pricing, Integer maxConcurrency, Integer requestsPerMinute, Integer timeoutSeconds,
        Map<String, Object> options) {

    public ModelConfig {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A model without adapter options. */
    public ModelConfig(String id, String provider, String model, String baseUrl, Map<String, Object> params,
            Pricing pricing, Integer maxConcurrency, Integer requestsPerMinute, Integer timeoutSeconds) {
        this(id, provider, model, baseUrl, params, pricing, maxConcurrency, requestsPerMinute, timeoutSeconds, null);
    }

    /** Prices in the provider's currency per million tokens. */
    public record Pricing(double inputPerMillion, double outputPerMillion) {
    }
}

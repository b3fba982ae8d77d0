package org.promptstudio.workspace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model a workspace can call, as {@code studio.yaml} lists it under {@code models}. {@code id} is the name
 * prompts and experiments use; {@code provider} and {@code model} say what answers it. Limits left out are null:
 * the provider's defaults apply.
 */
public record ModelConfig(String id, String provider, String model, String baseUrl, Map<String, Object> params,
        Pricing pricing, Integer maxConcurrency, Integer requestsPerMinute, Integer timeoutSeconds) {

    public ModelConfig {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Prices in the provider's currency per million tokens. */
    public record Pricing(double inputPerMillion, double outputPerMillion) {
    }
}

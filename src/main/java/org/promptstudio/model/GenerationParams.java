package org.promptstudio.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generation settings, each null when not set. They come from a prompt's {@code config}, overridden per model and
 * per run with {@link #overriddenBy}. {@code responseSchema} is a JSON Schema the answer must follow (from the
 * prompt's {@code output.schema}) when {@code responseFormat} is {@code json}; {@code extra} passes anything else
 * through to the provider.
 */
public record GenerationParams(Double temperature, Double topP, Integer topK, Integer maxOutputTokens,
                               List<String> stopSequences, Long seed, String responseFormat,
                               Map<String, Object> responseSchema, Map<String, Object> extra) {

    public static final GenerationParams NONE = new GenerationParams(null, null, null, null, null, null, null, null, null);

    public GenerationParams {
        stopSequences = stopSequences == null ? null : List.copyOf(stopSequences);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** These settings with every non-null field of {@code other} laid over them; {@code extra} merges by key. */
    public GenerationParams overriddenBy(GenerationParams other) {
        if (other == null) return this;
        Map<String, Object> mergedExtra = new LinkedHashMap<>(extra);
        mergedExtra.putAll(other.extra);
        return new GenerationParams(
                other.temperature != null ? other.temperature : temperature,
                other.topP != null ? other.topP : topP,
                other.topK != null ? other.topK : topK,
                other.maxOutputTokens != null ? other.maxOutputTokens : maxOutputTokens,
                other.stopSequences != null ? other.stopSequences : stopSequences,
                other.seed != null ? other.seed : seed,
                other.responseFormat != null ? other.responseFormat : responseFormat,
                other.responseSchema != null ? other.responseSchema : responseSchema,
                mergedExtra);
    }

    /**
     * Reads Dotprompt {@code config} keys ({@code temperature}, {@code topP}, {@code topK}, {@code maxOutputTokens},
     * {@code stopSequences}, {@code seed}); other keys go to {@code extra}. Wrong types are refused with the key.
     */
    public static GenerationParams fromConfig(Map<String, Object> config) {
        if (config == null || config.isEmpty()) return NONE;
        Map<String, Object> extra = new LinkedHashMap<>(config);
        Double temperature = number(extra.remove("temperature"), "temperature");
        Double topP = number(extra.remove("topP"), "topP");
        Double topK = number(extra.remove("topK"), "topK");
        Double max = number(extra.remove("maxOutputTokens"), "maxOutputTokens");
        Double seed = number(extra.remove("seed"), "seed");
        extra.forEach((key, value) -> requireFinite(key, value));
        Object stop = extra.remove("stopSequences");
        List<String> stops = null;
        if (stop instanceof List<?> list) {
            stops = list.stream().map(String::valueOf).toList();
        } else if (stop != null) {
            stops = List.of(stop.toString());
        }
        return new GenerationParams(temperature, topP, topK == null ? null : topK.intValue(),
                max == null ? null : max.intValue(), stops, seed == null ? null : seed.longValue(), null, null, extra);
    }

    private static Double number(Object value, String key) {
        if (value == null) return null;
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("config '" + key + "' must be a number, found '" + value + "'");
            }
        }
        if (!Double.isFinite(d)) throw notFinite(key, d);
        return d;
    }

    /**
     * Refuses a setting that holds a number that is not finite (YAML's {@code .inf}, {@code .nan}), at any depth: JSON
     * has no such number (RFC 8259 section 6), so no provider could be sent it.
     */
    private static void requireFinite(String key, Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) throw notFinite(key, d);
        if (value instanceof Float f && !Float.isFinite(f)) throw notFinite(key, f);
        if (value instanceof Map<?, ?> map) map.forEach((k, v) -> requireFinite(key + "." + k, v));
        if (value instanceof List<?> list) list.forEach(v -> requireFinite(key, v));
    }

    private static IllegalArgumentException notFinite(String key, double d) {
        String yaml = Double.isNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
        return new IllegalArgumentException("config '" + key + "' must be a finite number, found " + yaml
                + " (no model API takes it)");
    }
}

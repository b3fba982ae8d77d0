package org.promptstudio.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The front matter of a prompt after parsing, in the shape the Dotprompt specification gives it: {@code name},
 * {@code variant}, {@code version}, {@code description}, {@code model}, {@code config}, {@code input}
 * ({@code schema}, {@code default}), {@code output} ({@code format}, {@code schema}), {@code tools},
 * {@code metadata}, {@code ext} (keys with a dot, grouped by namespace) and {@code raw} (the front matter as
 * written). Values are JSON-like: maps, lists, strings, numbers, booleans and nulls.
 */
public final class PromptMetadata {

    /** Keys that the specification reserves; anything else without a dot lives only in {@code raw}. */
    static final Set<String> RESERVED = Set.of("name", "variant", "version", "description", "model", "tools",
            "toolDefs", "config", "input", "output", "raw", "ext", "metadata");

    private final Map<String, Object> fields;

    PromptMetadata(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static PromptMetadata empty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", Map.of());
        m.put("ext", Map.of());
        m.put("metadata", Map.of());
        return new PromptMetadata(m);
    }

    /** All fields in specification shape; absent fields are absent, not null. */
    public Map<String, Object> asMap() {
        return fields;
    }

    public String name() {
        return string("name");
    }

    public String variant() {
        return string("variant");
    }

    public String version() {
        return string("version");
    }

    public String description() {
        return string("description");
    }

    public String model() {
        return string("model");
    }

    public Map<String, Object> config() {
        return map(fields.get("config"));
    }

    public Map<String, Object> metadata() {
        return map(fields.get("metadata"));
    }

    public Map<String, Object> raw() {
        return map(fields.get("raw"));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> ext() {
        Object ext = fields.get("ext");
        return ext instanceof Map ? (Map<String, Map<String, Object>>) ext : Map.of();
    }

    /** The input schema as JSON Schema (Picoschema already converted), or null when the prompt declares none. */
    public Map<String, Object> inputSchema() {
        Object schema = map(fields.get("input")).get("schema");
        return schema instanceof Map ? map(schema) : null;
    }

    /** Default input values, applied under what the caller gives. */
    public Map<String, Object> inputDefaults() {
        return map(map(fields.get("input")).get("default"));
    }

    /** {@code json}, {@code text} or another format name; null when not given. */
    public String outputFormat() {
        Object f = map(fields.get("output")).get("format");
        return f == null ? null : f.toString();
    }

    public Map<String, Object> outputSchema() {
        Object schema = map(fields.get("output")).get("schema");
        return schema instanceof Map ? map(schema) : null;
    }

    @SuppressWarnings("unchecked")
    public List<Object> tools() {
        Object t = fields.get("tools");
        return t instanceof List ? (List<Object>) t : List.of();
    }

    public Object get(String key) {
        return fields.get(key);
    }

    /**
     * This metadata with {@code overrides} laid over it the way Dotprompt merges render options: top-level keys
     * replace, {@code config} merges key by key.
     */
    public PromptMetadata mergedWith(Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) return this;
        overrides = map(JsonValues.normalize(overrides));
        Map<String, Object> out = new LinkedHashMap<>(fields);
        Map<String, Object> config = new LinkedHashMap<>(config());
        out.putAll(overrides);
        config.putAll(map(overrides.get("config")));
        out.put("config", config);
        out.remove("template");
        out.values().removeIf(v -> v == null);
        return new PromptMetadata(out);
    }

    private String string(String key) {
        Object v = fields.get(key);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptMetadata other && other.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "PromptMetadata" + fields;
    }
}

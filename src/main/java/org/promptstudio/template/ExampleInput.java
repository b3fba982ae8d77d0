package org.promptstudio.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a plausible input from a JSON Schema, so a prompt can be previewed before the user has typed any:
 * strings become {@code <name>}, numbers 1, booleans true, arrays one item, enums their first value.
 */
public final class ExampleInput {

    private ExampleInput() {
    }

    /** An input for {@code metadata}'s schema with its defaults laid over; empty when there is no schema. */
    public static Map<String, Object> forPrompt(PromptMetadata metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object example = value(metadata.inputSchema(), "input", 0);
        if (example instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), v));
        out.putAll(metadata.inputDefaults());
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object value(Map<String, Object> schema, String name, int depth) {
        if (schema == null || depth > 6) return null;
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) return values.get(0);
        if (schema.containsKey("default")) return schema.get("default");
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            type = types.stream().filter(t -> !"null".equals(t)).findFirst().orElse(null);
        }
        if (type == null && schema.get("properties") instanceof Map) type = "object";
        if (type == null) return "<" + name + ">";
        switch (type.toString()) {
            case "object": {
                Map<String, Object> out = new LinkedHashMap<>();
                if (schema.get("properties") instanceof Map<?, ?> props) {
                    props.forEach((k, v) -> out.put(String.valueOf(k),
                            value(v instanceof Map ? (Map<String, Object>) v : null, String.valueOf(k), depth + 1)));
                }
                return out;
            }
            case "array": {
                List<Object> out = new ArrayList<>();
                Object items = schema.get("items");
                out.add(value(items instanceof Map ? (Map<String, Object>) items : null, name, depth + 1));
                return out;
            }
            case "integer":
            case "number":
                return 1L;
            case "boolean":
                return true;
            case "null":
                return null;
            default:
                return "<" + name + ">";
        }
    }
}

package org.promptstudio.template.prompty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema of a Prompty file's inputs or outputs on its way to Dotprompt: each field as a {@link Prop}, written
 * as Picoschema when every field fits it, else as JSON Schema. Fields come from three places, in this order of
 * authority: the declared {@code inputs:} (Prompty v1 map or v2 list), the sample values, and the variables the
 * template uses ({@link Usage}).
 */
final class InputSchema {

    /** The element of a thread input or of a loop that writes {@code {{ item.role }}:} lines. */
    static final List<Object> ROLES = List.of("user", "assistant", "system");

    private InputSchema() {
    }

    /** One field. {@code type} is a Picoschema scalar, "array", "object", or null for any. */
    static final class Prop {
        String type;
        String description;
        boolean optional;
        boolean nullable;
        boolean hasDefault;
        Object defaultValue;
        List<Object> enumValues;
        Prop items;
        Map<String, Prop> properties;
        /** For objects: whether fields beyond {@link #properties} are allowed. */
        boolean open;
        /** A JSON Schema written in the Prompty file for this field, used as it is. */
        Map<String, Object> jsonSchema;
        /** Prompty v2 rich kind: thread, image, file or audio; null otherwise. */
        String rich;

        static Prop of(String type) {
            Prop p = new Prop();
            p.type = type;
            return p;
        }

        /** A conversation: a list of {role, content} objects, the form Prompty's threads and history loops take. */
        static Prop messages() {
            Prop item = Prop.of("object");
            item.properties = new LinkedHashMap<>();
            // Any role renders (see BodyConverter#roleFromData), as Prompty takes any data; the names are the ones
            // Prompty's parser knows (specification section 2.10).
            Prop role = Prop.of("string");
            role.optional = true;
            role.description = String.join(", ", ROLES.stream().map(String::valueOf).toList());
            item.properties.put("role", role);
            Prop content = Prop.of(null);
            content.optional = true;
            item.properties.put("content", content);
            item.open = true;
            Prop list = Prop.of("array");
            list.items = item;
            return list;
        }

        boolean isMessages() {
            return "array".equals(type) && items != null && items.properties != null
                    && items.properties.containsKey("role") && items.properties.containsKey("content");
        }

        /** Whether the field and everything in it can be written as Picoschema. */
        boolean picoschemaFits() {
            if (jsonSchema != null || (nullable && !optional)) return false;
            if (enumValues != null && type != null && !type.equals("string")) return false;
            if (items != null) {
                if (items.enumValues != null || items.jsonSchema != null || items.nullable || items.items != null) return false;
                if (!items.picoschemaFits()) return false;
            }
            if (properties != null) {
                for (Prop p : properties.values()) {
                    if (!p.picoschemaFits()) return false;
                }
            }
            return true;
        }
    }

    /** How the template uses a variable: its fields, whether it is looped over, and the loop item. */
    static final class Usage {
        final int line;
        final Map<String, Usage> fields = new LinkedHashMap<>();
        Usage item;
        boolean iterated;
        boolean iteratedAsMap;
        boolean roleLines;

        Usage(int line) {
            this.line = line;
        }

        Usage field(String name, int line) {
            return fields.computeIfAbsent(name, k -> new Usage(line));
        }

        Usage item(int line) {
            iterated = true;
            if (item == null) item = new Usage(line);
            return item;
        }

        /** The field this usage asks for, every nested field optional and open to more. */
        Prop toProp() {
            if (iteratedAsMap) {
                Prop p = Prop.of("object");
                p.open = true;
                return p;
            }
            if (iterated) {
                if (item != null && item.roleLines) return Prop.messages();
                Prop p = Prop.of("array");
                p.items = item == null ? Prop.of(null) : item.toProp();
                return p;
            }
            if (!fields.isEmpty()) {
                Prop p = Prop.of("object");
                p.open = true;
                p.properties = new LinkedHashMap<>();
                for (Map.Entry<String, Usage> e : fields.entrySet()) {
                    Prop f = e.getValue().toProp();
                    f.optional = true;
                    p.properties.put(e.getKey(), f);
                }
                return p;
            }
            return Prop.of(null);
        }
    }

    /**
     * The field a sample value implies: its JSON type (numbers as "number", as Prompty v1 typed them), objects with
     * their fields, lists with the fields of their items; nested fields optional and open to more, as a sample is an
     * example and not a rule.
     */
    static Prop inferred(Object value) {
        if (value instanceof String) return Prop.of("string");
        if (value instanceof Number) return Prop.of("number");
        if (value instanceof Boolean) return Prop.of("boolean");
        if (value instanceof Map<?, ?> m) {
            Prop p = Prop.of("object");
            p.open = true;
            p.properties = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Prop f = inferred(e.getValue());
                f.optional = true;
                p.properties.put(String.valueOf(e.getKey()), f);
            }
            return p;
        }
        if (value instanceof List<?> list) {
            Prop p = Prop.of("array");
            Prop items = null;
            for (Object item : list) {
                Prop one = inferred(item);
                items = items == null ? one : merge(items, one);
            }
            p.items = items == null ? Prop.of(null) : items;
            return p;
        }
        return Prop.of(null);
    }

    private static Prop merge(Prop a, Prop b) {
        if (a.type == null || b.type == null || !a.type.equals(b.type)) return Prop.of(null);
        if ("object".equals(a.type) && a.properties != null && b.properties != null) {
            b.properties.forEach((k, v) -> a.properties.merge(k, v, InputSchema::merge));
        }
        return a;
    }

    /** Writes {@code fields} as Picoschema, or returns null when one of them does not fit it. */
    static Map<String, Object> picoschema(Map<String, Prop> fields) {
        for (Prop p : fields.values()) {
            if (!p.picoschemaFits()) return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((name, p) -> putPico(out, name, p));
        return out;
    }

    private static void putPico(Map<String, Object> out, String name, Prop p) {
        String key = name + (p.optional ? "?" : "");
        String desc = p.description == null ? "" : ", " + p.description;
        if (p.enumValues != null) {
            out.put(key + "(enum" + desc + ")", p.enumValues);
        } else if ("array".equals(p.type)) {
            out.put(key + "(array" + desc + ")", picoItems(p.items));
        } else if ("object".equals(p.type)) {
            out.put(key + "(object" + desc + ")", picoObject(p));
        } else {
            out.put(key, (p.type == null ? "any" : p.type) + desc);
        }
    }

    private static Object picoItems(Prop items) {
        if (items == null || items.type == null) return "any";
        if ("object".equals(items.type)) return picoObject(items);
        if ("array".equals(items.type)) return "any";
        return items.type + (items.description == null ? "" : ", " + items.description);
    }

    private static Map<String, Object> picoObject(Prop p) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (p.properties != null) p.properties.forEach((k, v) -> putPico(fields, k, v));
        if (p.open || fields.isEmpty()) fields.put("(*)", "any");
        return fields;
    }

    /** Writes {@code fields} as a JSON Schema object; optional fields are left out of {@code required}. */
    static Map<String, Object> jsonSchema(Map<String, Prop> fields, boolean open) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        fields.forEach((name, p) -> {
            properties.put(name, jsonSchema(p));
            if (!p.optional) required.add(name);
        });
        out.put("properties", properties);
        if (!required.isEmpty()) out.put("required", required);
        out.put("additionalProperties", open);
        return out;
    }

    /** One field as JSON Schema (its own optionality is its parent's {@code required}). */
    static Map<String, Object> jsonSchema(Prop p) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (p.jsonSchema != null) {
            out.putAll(p.jsonSchema);
        } else if ("object".equals(p.type)) {
            out.putAll(jsonSchema(p.properties == null ? Map.of() : p.properties, p.open || p.properties == null));
        } else if ("array".equals(p.type)) {
            out.put("type", "array");
            if (p.items != null) out.put("items", jsonSchema(p.items));
        } else if (p.type != null) {
            out.put("type", p.type);
        }
        if (p.nullable && out.get("type") instanceof String t) out.put("type", List.of(t, "null"));
        if (p.enumValues != null) out.put("enum", p.enumValues);
        if (p.description != null && !out.containsKey("description")) out.put("description", p.description);
        if (p.hasDefault) out.put("default", p.defaultValue);
        return out;
    }

    /** The Picoschema type of a Prompty v1 {@code type} or v2 {@code kind}; null when there is none. */
    static String picoType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string", "str", "text" -> "string";
            case "number", "float", "double", "decimal" -> "number";
            case "integer", "int" -> "integer";
            case "boolean", "bool" -> "boolean";
            case "array", "list" -> "array";
            case "object", "dict", "map" -> "object";
            case "any" -> "any";
            default -> null;
        };
    }
}

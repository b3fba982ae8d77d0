package org.promptstudio.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts Picoschema, Dotprompt's compact schema notation, to JSON Schema. A value that already is JSON Schema
 * (a {@code type} of its own, or {@code properties}) passes through. Names that are not scalar types are looked up
 * with the {@link SchemaResolver}.
 */
public final class Picoschema {

    private static final Set<String> SCALARS = Set.of("string", "boolean", "null", "number", "integer", "any");
    private static final Set<String> JSON_SCHEMA_TYPES =
            Set.of("string", "boolean", "null", "number", "integer", "any", "object", "array");
    private static final String WILDCARD = "(*)";

    private final SchemaResolver resolver;

    public Picoschema(SchemaResolver resolver) {
        this.resolver = resolver == null ? name -> null : resolver;
    }

    /** Returns JSON Schema for {@code schema}, or null when {@code schema} is null. */
    @SuppressWarnings("unchecked")
    public Object toJsonSchema(Object schema) {
        if (schema == null) return null;
        if (schema instanceof String s) {
            return scalarOrNamed(s, "");
        }
        if (schema instanceof Map<?, ?> map) {
            Object type = map.get("type");
            if (type instanceof String t && JSON_SCHEMA_TYPES.contains(t)) return schema;
            if (type instanceof List) return schema;
            if (map.get("properties") instanceof Map) {
                Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) map);
                out.put("type", "object");
                return out;
            }
            return parseObject((Map<String, Object>) map, "");
        }
        throw new SchemaException("Picoschema: a schema is a type name or a mapping of fields, found " + schema);
    }

    private Map<String, Object> scalarOrNamed(String text, String path) {
        String[] td = typeAndDescription(text);
        String type = td[0];
        Map<String, Object> out;
        if (SCALARS.contains(type)) {
            out = new LinkedHashMap<>();
            if (!type.equals("any")) out.put("type", type);
        } else {
            out = new LinkedHashMap<>(resolve(type, path));
        }
        if (td[1] != null) out.put("description", td[1]);
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object parse(Object value, String path) {
        if (value instanceof String s) return scalarOrNamed(s, path);
        if (value instanceof Map<?, ?> map) return parseObject((Map<String, Object>) map, path);
        throw new SchemaException("Picoschema: at '" + path + "' expected a type name or a mapping of fields, found "
                + (value == null ? "nothing" : value));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parseObject(Map<String, Object> obj, String path) {
        Map<String, Object> schema = new LinkedHashMap<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        for (Map.Entry<String, Object> e : obj.entrySet()) {
            String key = e.getKey();
            if (key.equals(WILDCARD)) {
                schema.put("additionalProperties", parse(e.getValue(), path.isEmpty() ? key : path + "." + key));
                continue;
            }
            int paren = key.indexOf('(');
            String name = paren < 0 ? key : key.substring(0, paren);
            boolean optional = name.endsWith("?");
            String property = optional ? name.substring(0, name.length() - 1) : name;
            // a fault names the field as the output has it ('user.age'), not its key with the type and description
            String where = path.isEmpty() ? property : path + "." + property;
            if (!optional) required.add(property);
            if (paren < 0) {
                Map<String, Object> prop = new LinkedHashMap<>((Map<String, Object>) parse(e.getValue(), where));
                if (optional && prop.get("type") instanceof String t) prop.put("type", List.of(t, "null"));
                properties.put(property, prop);
                continue;
            }
            if (!key.endsWith(")")) {
                throw new SchemaException("Picoschema: at '" + where + "' expected ')' to close the type in parentheses");
            }
            String[] td = typeAndDescription(key.substring(paren + 1, key.length() - 1));
            Map<String, Object> prop;
            switch (td[0]) {
                case "array" -> {
                    prop = new LinkedHashMap<>();
                    prop.put("type", optional ? List.of("array", "null") : "array");
                    prop.put("items", parse(e.getValue(), where));
                }
                case "object" -> {
                    prop = new LinkedHashMap<>((Map<String, Object>) parse(e.getValue(), where));
                    if (optional) prop.put("type", List.of(prop.get("type"), "null"));
                }
                case "enum" -> {
                    if (!(e.getValue() instanceof List<?> values)) {
                        throw new SchemaException("Picoschema: at '" + where + "' an enum needs a list of values");
                    }
                    List<Object> options = new ArrayList<>(values);
                    if (optional && !options.contains(null)) options.add(null);
                    prop = new LinkedHashMap<>();
                    prop.put("enum", options);
                }
                default -> throw new SchemaException("Picoschema: at '" + where
                        + "' the type in parentheses must be 'object', 'array' or 'enum', found '" + td[0] + "'");
            }
            if (td[1] != null) prop.put("description", td[1]);
            properties.put(property, prop);
        }
        if (!required.isEmpty()) schema.put("required", required);
        return schema;
    }

    private Map<String, Object> resolve(String name, String path) {
        Map<String, Object> schema = resolver.resolve(name);
        if (schema == null) {
            throw new SchemaException("Picoschema: " + (path.isEmpty() ? "" : "at '" + path + "' ") + "unknown type '" + name
                    + "' (expected string, number, integer, boolean, null, any, or a named schema)");
        }
        return schema;
    }

    private static String[] typeAndDescription(String text) {
        int comma = text.indexOf(',');
        if (comma < 0) return new String[] {text.trim(), null};
        return new String[] {text.substring(0, comma).trim(), text.substring(comma + 1).strip()};
    }

    /** A schema that cannot be converted; callers add the file name. */
    public static final class SchemaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchemaException(String message) {
            super(message);
        }
    }
}

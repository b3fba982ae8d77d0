package org.promptstudio.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-like values (maps, lists, strings, numbers, booleans, null) in one canonical form: whole numbers become
 * {@link Long}, other numbers {@link Double}, so that {@code 3} and {@code 3.0} render and compare the same, as
 * they do in JavaScript.
 */
public final class JsonValues {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private JsonValues() {
    }

    /**
     * Reads a JSON object given by a user ({@code --input '{"q": 1}'}); {@code where} names it in the error.
     *
     * @throws TemplateException when the text is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, String where) {
        Object value;
        try {
            value = JSON.readValue(text, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            org.promptstudio.format.JsonProblem p = org.promptstudio.format.JsonProblem.of(e, text);
            throw new TemplateException(where, p.line(), p.column(), "not valid JSON: " + p.reason(), e);
        }
        if (!(value instanceof Map)) {
            throw new TemplateException(where, 0, 0, "expected a JSON object ({...}), found " + (value == null ? "null"
                    : value instanceof List ? "an array" : "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        }
        return (Map<String, Object>) normalize(value);
    }

    /** Reads a JSON array of objects, e.g. conversation history. */
    public static List<?> parseArray(String text, String where) {
        try {
            Object value = JSON.readValue(text, Object.class);
            if (value instanceof List<?> list) return (List<?>) normalize(list);
            throw new TemplateException(where, 0, 0, "expected a JSON array ([...])");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            org.promptstudio.format.JsonProblem p = org.promptstudio.format.JsonProblem.of(e, text);
            throw new TemplateException(where, p.line(), p.column(), "not valid JSON: " + p.reason(), e);
        }
    }

    /** Pretty JSON with two-space indentation, as {@code JSON.stringify(v, null, 2)} writes it. */
    public static String toPrettyJson(Object value) {
        return DotpromptHelpers.json(value, 2);
    }

    public static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        if (value instanceof Object[] array) {
            return normalize(List.of(array));
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof java.util.Date || value instanceof java.time.temporal.TemporalAccessor) {
            return value.toString();
        }
        return value;
    }

    static Number number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Number) b.longValue() : (Number) b.doubleValue();
        }
        double d = n instanceof BigDecimal bd ? bd.doubleValue() : n.doubleValue();
        if (!Double.isInfinite(d) && d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return (long) d;
        }
        return d;
    }

    /** Equality as JavaScript's {@code ===} sees JSON values: numbers by value, no conversion between types. */
    public static boolean strictEquals(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Number x && b instanceof Number y) {
            return number(x).equals(number(y)) || x.doubleValue() == y.doubleValue();
        }
        return a.equals(b);
    }
}

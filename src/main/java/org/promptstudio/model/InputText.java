package org.promptstudio.model;

import java.util.Map;

/**
 * Input values (a dataset case's fields, a grid row's input) as people read them wherever they are shown as text: a
 * text as it is, anything structured as compact JSON ({@code {"weather":{"temp":21}}}, {@code [1,2]}), never Java's
 * {@code {weather={temp=21}}}. JSON text as RFC 8259 writes it (section 7 for the escapes); a number as Java writes
 * it ({@code 21}, {@code 21.5}).
 */
public final class InputText {

    private InputText() {
    }

    /** {@code name: value} lines of {@code input}, in its order, each value as {@link #value}; no line end at the end. */
    public static String fields(Map<String, ?> input) {
        StringBuilder sb = new StringBuilder();
        input.forEach((k, v) -> {
            if (sb.length() > 0) sb.append('\n');
            sb.append(k).append(": ").append(value(v));
        });
        return sb.toString();
    }

    /** A text as it is, null as empty, anything else as compact JSON. */
    public static String value(Object v) {
        if (v == null) return "";
        if (v instanceof CharSequence s) return s.toString();
        StringBuilder sb = new StringBuilder();
        json(sb, v);
        return sb.toString();
    }

    /** {@code v} as compact JSON: maps, lists and arrays, texts, numbers, booleans, null; anything else as its text. */
    public static String json(Object v) {
        StringBuilder sb = new StringBuilder();
        json(sb, v);
        return sb.toString();
    }

    private static void json(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                json(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) sb.append(',');
                first = false;
                json(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Object[] array) {
            json(sb, java.util.Arrays.asList(array));
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) sb.append("null"); // JSON has no NaN or Infinity
            else sb.append(v);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}

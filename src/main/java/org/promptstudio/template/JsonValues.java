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

    private JsonValues() {
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

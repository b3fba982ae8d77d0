package org.promptstudio.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads assertion declarations, as experiment files, dataset cases and prompt metadata write them: a list of
 * mappings with {@code type}, optional {@code value}, {@code threshold}, {@code weight} (default 1, at least 0) and
 * {@code options}; any other key is an option too ({@code {type: length, max: 200}}).
 */
public final class AssertionSpecs {

    private AssertionSpecs() {
    }

    /** Reads {@code raw} (null: none); {@code where} names the declaration in errors ({@code datasets/t.jsonl:3}). */
    public static List<AssertionSpec> read(Object raw, String where) {
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> list)) throw new EvalException(where + ": assertions must be a list");
        List<AssertionSpec> out = new ArrayList<>();
        int i = 0;
        for (Object item : list) {
            i++;
            String at = where + ": assertion " + i;
            if (!(item instanceof Map<?, ?> m)) throw new EvalException(at + " must be a mapping with a 'type'");
            Map<String, Object> options = new LinkedHashMap<>();
            String type = null;
            Object value = null;
            Double threshold = null;
            double weight = 1;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = e.getValue();
                switch (key) {
                    case "type" -> type = v == null ? null : String.valueOf(v);
                    case "value" -> value = v;
                    case "threshold" -> threshold = number(v, at, key);
                    case "weight" -> {
                        weight = number(v, at, key);
                        if (weight < 0) throw new EvalException(at + ": 'weight' must be 0 or more");
                    }
                    case "options" -> {
                        if (!(v instanceof Map<?, ?> o)) throw new EvalException(at + ": 'options' must be a mapping");
                        o.forEach((k, ov) -> options.put(String.valueOf(k), ov));
                    }
                    default -> options.put(key, v);
                }
            }
            if (type == null || type.isBlank()) throw new EvalException(at + " has no 'type'");
            out.add(new AssertionSpec(type, value, threshold, weight, options));
        }
        return out;
    }

    /** Reads and checks every assertion against the known types and their options. */
    public static List<AssertionSpec> read(Object raw, String where, Assertions types) {
        List<AssertionSpec> specs = read(raw, where);
        int i = 0;
        for (AssertionSpec s : specs) {
            i++;
            try {
                types.validate(s);
            } catch (EvalException e) {
                throw new EvalException(where + ": assertion " + i + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }

    private static double number(Object v, String at, String key) {
        Double d = Specs.asNumber(v);
        if (d == null) throw new EvalException(at + ": '" + key + "' must be a number, found '" + v + "'");
        return d;
    }
}

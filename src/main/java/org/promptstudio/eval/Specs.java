package org.promptstudio.eval;

import java.util.List;
import java.util.Map;

/** Reading values and options of an {@link AssertionSpec}. */
final class Specs {

    private Specs() {
    }

    static String text(AssertionSpec spec) {
        if (spec.value() == null) throw new EvalException(spec.type() + " needs a 'value'");
        if (spec.value() instanceof Map || spec.value() instanceof List) {
            throw new EvalException(spec.type() + ": 'value' must be text, not a list or mapping");
        }
        return String.valueOf(spec.value());
    }

    static List<String> texts(AssertionSpec spec) {
        if (spec.value() == null) throw new EvalException(spec.type() + " needs a 'value' (a list of texts)");
        if (spec.value() instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        return List.of(String.valueOf(spec.value()));
    }

    static double number(AssertionSpec spec) {
        Double d = asNumber(spec.value());
        if (d == null) throw new EvalException(spec.type() + " needs a number as 'value', found '" + spec.value() + "'");
        return d;
    }

    static boolean flag(AssertionSpec spec, String option, boolean fallback) {
        Object v = spec.options().get(option);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        if ("true".equalsIgnoreCase(v.toString()) || "false".equalsIgnoreCase(v.toString())) {
            return Boolean.parseBoolean(v.toString());
        }
        throw new EvalException(spec.type() + ": option '" + option + "' must be true or false, found '" + v + "'");
    }

    static Double option(AssertionSpec spec, String option) {
        Object v = spec.options().get(option);
        if (v == null) return null;
        Double d = asNumber(v);
        if (d == null) throw new EvalException(spec.type() + ": option '" + option + "' must be a number, found '" + v + "'");
        return d;
    }

    static String optionText(AssertionSpec spec, String option) {
        Object v = spec.options().get(option);
        return v == null ? null : String.valueOf(v);
    }

    static double threshold(AssertionSpec spec, double fallback) {
        return spec.threshold() == null ? fallback : spec.threshold();
    }

    static Double asNumber(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v == null) return null;
        try {
            return Double.parseDouble(v.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A text cut to {@code max} characters for a reason, on one line. */
    static String shorten(String s, int max) {
        if (s == null) return "null";
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }

    static String q(String s) {
        return "'" + shorten(s, 60) + "'";
    }

    static AssertionResult yesNo(AssertionSpec spec, boolean pass, String reason) {
        return new AssertionResult(spec.type(), pass, pass ? 1 : 0, reason);
    }

    static AssertionResult scored(AssertionSpec spec, double score, double threshold, String what) {
        boolean pass = score >= threshold;
        return new AssertionResult(spec.type(), pass, score,
                String.format(java.util.Locale.ROOT, "%s %.3f %s %.3f", what, score, pass ? ">=" : "<", threshold));
    }
}

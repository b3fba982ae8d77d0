package org.promptstudio.eval;

import static org.promptstudio.eval.Specs.q;
import static org.promptstudio.eval.Specs.yesNo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Text assertions: {@code equals}, {@code contains}, {@code contains-any}, {@code contains-all},
 * {@code starts-with}, {@code regex}, {@code length}. Case-sensitive unless {@code caseSensitive: false}. Each
 * reason states the fact ("contains '30 days'"), so a {@code not-} assertion reads right with the same reason.
 */
final class TextChecks {

    private TextChecks() {
    }

    static void register(Map<String, Check> into) {
        into.put("equals", TextChecks::equalsCheck);
        into.put("contains", (s, c) -> {
            String v = Specs.text(s);
            boolean found = fold(s, c.output()).contains(fold(s, v));
            return yesNo(s, found, (found ? "contains " : "does not contain ") + q(v));
        });
        into.put("contains-any", (s, c) -> {
            List<String> vs = Specs.texts(s);
            String out = fold(s, c.output());
            for (String v : vs) {
                if (out.contains(fold(s, v))) return yesNo(s, true, "contains " + q(v));
            }
            return yesNo(s, false, "contains none of " + vs.stream().map(Specs::q).toList());
        });
        into.put("contains-all", (s, c) -> {
            String out = fold(s, c.output());
            List<String> missing = new ArrayList<>();
            for (String v : Specs.texts(s)) if (!out.contains(fold(s, v))) missing.add(q(v));
            return yesNo(s, missing.isEmpty(), missing.isEmpty() ? "contains all of " + Specs.texts(s).size()
                    : "does not contain " + String.join(", ", missing));
        });
        into.put("starts-with", (s, c) -> {
            String v = Specs.text(s);
            boolean ok = fold(s, c.output().strip()).startsWith(fold(s, v));
            return yesNo(s, ok, (ok ? "starts with " : "does not start with ") + q(v) + (ok ? "" : ", starts "
                    + q(Specs.shorten(c.output().strip(), Math.max(8, v.length())))));
        });
        into.put("regex", new Check() {
            @Override
            public AssertionResult run(AssertionSpec s, EvalContext c) {
                boolean ok = pattern(s).matcher(c.output()).find();
                return yesNo(s, ok, (ok ? "matches /" : "does not match /") + Specs.text(s) + "/");
            }

            @Override
            public void validate(AssertionSpec s) {
                pattern(s);
            }
        });
        into.put("length", new Check() {
            @Override
            public AssertionResult run(AssertionSpec s, EvalContext c) {
                return length(s, c);
            }

            @Override
            public void validate(AssertionSpec s) {
                if (Specs.option(s, "min") == null && Specs.option(s, "max") == null) {
                    throw new EvalException("length needs option 'min' and/or 'max'");
                }
            }
        });
    }

    private static AssertionResult equalsCheck(AssertionSpec s, EvalContext c) {
        String want = s.value() != null ? Specs.text(s) : c.expectedText(Specs.optionText(s, "field"));
        if (want == null) return yesNo(s, false, "no 'value' and no expected answer to compare with");
        boolean ok = fold(s, c.output().strip()).equals(fold(s, want.strip()));
        return yesNo(s, ok, ok ? "equals " + q(want) : "is " + q(c.output()) + ", not " + q(want));
    }

    private static AssertionResult length(AssertionSpec s, EvalContext c) {
        boolean words = "words".equals(Specs.optionText(s, "unit"));
        int n = words ? Metrics.words(c.output()).size() : c.output().strip().length();
        Double min = Specs.option(s, "min");
        Double max = Specs.option(s, "max");
        String unit = words ? " words" : " characters";
        if (min != null && n < min) return yesNo(s, false, n + unit + ", fewer than " + min.intValue());
        if (max != null && n > max) return yesNo(s, false, n + unit + ", more than " + max.intValue());
        return yesNo(s, true, n + unit + " within " + (min == null ? "0" : min.intValue()) + ".."
                + (max == null ? "" : max.intValue()));
    }

    private static Pattern pattern(AssertionSpec s) {
        try {
            return Pattern.compile(Specs.text(s), Specs.flag(s, "caseSensitive", true) ? 0
                    : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new EvalException("regex: not a valid regular expression: " + e.getDescription(), e);
        }
    }

    private static String fold(AssertionSpec s, String text) {
        return Specs.flag(s, "caseSensitive", true) ? text : text.toLowerCase(Locale.ROOT);
    }
}

package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extracted answer (chain of thought; the whole output when none was extracted) against the expected one:
 * {@code answer-equals} after normalisation (numbers as {@code 1,234.50} = {@code 1234.5}; text trimmed,
 * lowercased, spaces collapsed, a final period dropped) and {@code answer-number} with a relative
 * {@code tolerance} (default 1e-6) or an {@code absolute} one.
 */
final class AnswerChecks {

    static final double RELATIVE_TOLERANCE = 1e-6;
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");

    private AnswerChecks() {
    }

    static void register(Map<String, Check> into) {
        into.put("answer-equals", (s, c) -> {
            String want = want(s, c);
            if (want == null) return Specs.yesNo(s, false, "no 'value' and no expected answer to compare with");
            String got = got(c);
            boolean ok = normalise(got).equals(normalise(want));
            return Specs.yesNo(s, ok, ok ? "answer " + Specs.q(got) + " equals " + Specs.q(want)
                    : "answer " + Specs.q(got) + ", expected " + Specs.q(want));
        });
        into.put("answer-number", AnswerChecks::number);
    }

    private static AssertionResult number(AssertionSpec s, EvalContext c) {
        String wantText = want(s, c);
        if (wantText == null) return Specs.yesNo(s, false, "no 'value' and no expected answer to compare with");
        Double want = lastNumber(wantText);
        if (want == null) return Specs.yesNo(s, false, "the expected answer " + Specs.q(wantText) + " is not a number");
        Double got = lastNumber(got(c));
        if (got == null) return Specs.yesNo(s, false, "no number in the answer " + Specs.q(got(c)));
        Double absolute = Specs.option(s, "absolute");
        Double relative = Specs.option(s, "tolerance");
        double allowed = absolute != null ? absolute
                : (relative == null ? RELATIVE_TOLERANCE : relative) * Math.max(Math.abs(want), Math.abs(got));
        double diff = Math.abs(got - want);
        boolean ok = diff <= allowed;
        return Specs.yesNo(s, ok, String.format(Locale.ROOT, "%s %s %s (difference %.3g, allowed %.3g)",
                plain(got), ok ? "=" : "!=", plain(want), diff, allowed));
    }

    private static String want(AssertionSpec s, EvalContext c) {
        return s.value() != null ? Specs.text(s) : c.expectedText(Specs.optionText(s, "field"));
    }

    private static String got(EvalContext c) {
        return c.extractedAnswer() != null ? c.extractedAnswer() : c.output().strip();
    }

    static Double lastNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) last = m.group();
        return last == null ? null : Double.parseDouble(last.replace(",", ""));
    }

    /** As the experiment's answer extraction normalises, plus case and spacing for text answers. */
    static String normalise(String answer) {
        String a = answer.strip();
        String candidate = a.replace(",", "");
        if (candidate.endsWith(".")) candidate = candidate.substring(0, candidate.length() - 1);
        if (candidate.matches("-?\\d+(\\.\\d+)?|-?\\.\\d+")) {
            BigDecimal d = new BigDecimal(candidate).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
        String t = a.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return t.endsWith(".") ? t.substring(0, t.length() - 1).strip() : t;
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}

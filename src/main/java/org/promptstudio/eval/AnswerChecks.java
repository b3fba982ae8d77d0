package org.promptstudio.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import org.promptstudio.model.AnswerText;

/**
 * The extracted answer (chain of thought; the whole output when none was extracted) against the expected one, by
 * the one answer rule of {@link AnswerText} (docs/decisions/0021), the same the experiment runner votes and counts
 * with: {@code answer-equals} compares {@link AnswerText#normalise} forms (numbers as {@code 1,234.50} =
 * {@code 1234.5}; text trimmed, case-folded, spaces collapsed, trailing sentence punctuation dropped), and
 * {@code answer-number} compares the number of each side exactly (BigDecimal) with a relative {@code tolerance}
 * (default 1e-6) or an {@code absolute} one. A percentage reads as written ({@code 45%} is 45) unless the option
 * {@code percent: fraction} says {@code 45%} is 0.45.
 */
final class AnswerChecks {

    static final double RELATIVE_TOLERANCE = 1e-6;

    private AnswerChecks() {
    }

    static void register(Map<String, Check> into) {
        into.put("answer-equals", (s, c) -> {
            String want = want(s, c);
            if (want == null) return Specs.yesNo(s, false, "no 'value' and no expected answer to compare with");
            String got = got(c);
            boolean ok = AnswerText.same(got, want);
            return Specs.yesNo(s, ok, ok ? "answer " + Specs.q(got) + " equals " + Specs.q(want)
                    : "answer " + Specs.q(got) + ", expected " + Specs.q(want));
        });
        into.put("answer-number", new Check() {
            @Override
            public AssertionResult run(AssertionSpec s, EvalContext c) {
                return number(s, c);
            }

            @Override
            public void validate(AssertionSpec s) {
                percentAsFraction(s);
                Specs.option(s, "absolute");
                Specs.option(s, "tolerance");
            }
        });
    }

    private static AssertionResult number(AssertionSpec s, EvalContext c) {
        boolean fraction = percentAsFraction(s);
        String wantText = want(s, c);
        if (wantText == null) return Specs.yesNo(s, false, "no 'value' and no expected answer to compare with");
        AnswerText.Reading wantRead = AnswerText.read(wantText);
        if (wantRead == null) {
            return Specs.yesNo(s, false, "the expected answer " + Specs.q(wantText) + " is not a number");
        }
        AnswerText.Reading gotRead = AnswerText.read(got(c));
        if (gotRead == null) return Specs.yesNo(s, false, "no number in the answer " + Specs.q(got(c)));
        BigDecimal want = fraction ? wantRead.asFraction() : wantRead.value();
        BigDecimal got = fraction ? gotRead.asFraction() : gotRead.value();
        Double absolute = Specs.option(s, "absolute");
        Double relative = Specs.option(s, "tolerance");
        BigDecimal allowed = absolute != null ? BigDecimal.valueOf(absolute)
                : BigDecimal.valueOf(relative == null ? RELATIVE_TOLERANCE : relative)
                        .multiply(want.abs().max(got.abs()), MathContext.DECIMAL64);
        BigDecimal diff = got.subtract(want).abs();
        boolean ok = diff.compareTo(allowed) <= 0;
        return Specs.yesNo(s, ok, String.format(Locale.ROOT, "%s %s %s (difference %.3g, allowed %.3g)",
                AnswerText.plain(got), ok ? "=" : "!=", AnswerText.plain(want), diff.doubleValue(),
                allowed.doubleValue()));
    }

    private static boolean percentAsFraction(AssertionSpec s) {
        String percent = Specs.optionText(s, "percent");
        if (percent == null || percent.equals("as-written")) return false;
        if (percent.equals("fraction")) return true;
        throw new EvalException(s.type() + ": option 'percent' must be as-written or fraction, found '" + percent + "'");
    }

    private static String want(AssertionSpec s, EvalContext c) {
        return s.value() != null ? Specs.text(s) : c.expectedText(Specs.optionText(s, "field"));
    }

    private static String got(EvalContext c) {
        return c.extractedAnswer() != null ? c.extractedAnswer() : c.output().strip();
    }
}

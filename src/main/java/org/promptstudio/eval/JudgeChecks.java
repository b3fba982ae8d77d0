package org.promptstudio.eval;

import java.util.Locale;
import java.util.Map;

/**
 * Model-graded assertions. {@code llm-rubric}: {@code value} is the rubric; passes when the judge's score reaches
 * the threshold (default 0.5), or as the judge says when it answers {@code pass}. {@code pairwise}: this answer
 * against {@code value} (or the expected answer); score 1 win, 0.5 tie, 0 loss; passes at or above the threshold
 * (default 0.5: not worse than the other). Option {@code judge} names the judge model.
 */
final class JudgeChecks {

    static final double RUBRIC = 0.5;
    static final double PAIRWISE = 0.5;

    private JudgeChecks() {
    }

    static void register(Map<String, Check> into, LlmJudge rubric, PairwiseJudge pairwise) {
        into.put("llm-rubric", (s, c) -> {
            if (rubric == null) return Specs.yesNo(s, false, "no judge model is configured");
            LlmJudge.Grade g = rubric.grade(c.question(), c.output(), Specs.text(s),
                    c.expectedText(Specs.optionText(s, "field")), Specs.optionText(s, "judge"));
            double threshold = Specs.threshold(s, RUBRIC);
            boolean pass = s.threshold() == null && g.pass() != null ? g.pass() : g.score() >= threshold;
            return new AssertionResult(s.type(), pass, g.score(),
                    String.format(Locale.ROOT, "judge %.2f: %s", g.score(), Specs.shorten(g.reason(), 300)));
        });
        into.put("pairwise", (s, c) -> {
            if (pairwise == null) return Specs.yesNo(s, false, "no judge model is configured");
            String other = s.value() != null ? Specs.text(s) : c.expectedText(Specs.optionText(s, "field"));
            if (other == null) return Specs.yesNo(s, false, "no 'value' and no expected answer to compare with");
            PairwiseJudge.Verdict v = pairwise.compare(c.question(), c.output(), other,
                    Specs.optionText(s, "criteria"), Specs.optionText(s, "judge"));
            double score = v.scoreOfFirst();
            return new AssertionResult(s.type(), score >= Specs.threshold(s, PAIRWISE), score,
                    v.winner().word() + " against " + Specs.q(other) + ": " + Specs.shorten(v.reason(), 300));
        });
    }
}

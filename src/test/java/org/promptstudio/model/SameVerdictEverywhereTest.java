package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.eval.AssertionSpec;
import org.promptstudio.eval.Assertions;
import org.promptstudio.eval.EvalContext;
import org.promptstudio.eval.Metrics;
import org.promptstudio.experiment.AnswerExtractor;
import org.promptstudio.experiment.MajorityVote;

/**
 * Issue 9, section 3: the experiment side (extraction, the self-consistency vote) and `answer-equals` /
 * `answer-number` (eval side, which `studio run`'s scoreboard also prints, decision 0022) give one verdict for one
 * answer, because both use {@link AnswerText}.
 */
class SameVerdictEverywhereTest {

    private final Assertions assertions = new Assertions(new Metrics(texts -> texts.stream()
            .map(t -> new float[] {1, 0}).toList()), null);

    /** 1 when the experiment side (the vote) takes {@code extracted} and {@code expected} for one answer, else 0. */
    private static double runAccuracy(String extracted, String expected) {
        return MajorityVote.of(List.of(extracted, expected)).votes() == 2 ? 1.0 : 0.0;
    }

    private boolean answerEquals(String extracted, String expected) {
        return assertions.evaluate(new AssertionSpec("answer-equals", null, null, 1, Map.of()),
                new EvalContext(extracted, extracted, Map.of(), Map.of("expected", expected), null, null, null, null,
                        null)).pass();
    }

    @Test
    void parisWithAFullStopIsRightInBothPlaces() {
        // issue 9: `studio run` said `Paris.` is wrong for `Paris`, answer-equals said right.
        assertThat(runAccuracy("Paris.", "Paris")).isEqualTo(1.0);
        assertThat(answerEquals("Paris.", "Paris")).isTrue();
    }

    @Test
    void anAnswerThatWasNotExtractedIsTheOutputOnBothSides() {
        // A chain of thought with no number: nothing is extracted; both sides compare the whole output.
        assertThat(assertions.evaluate(new AssertionSpec("answer-equals", null, null, 1, Map.of()),
                new EvalContext("Paris.", null, Map.of(), Map.of("expected", "Paris"), null, null, null, null, null))
                .pass()).isTrue();
    }

    @Test
    void everyFormGetsOneVerdictOnBothSides() {
        String[][] pairs = {
                {"Paris.", "Paris"}, {"paris", "PARIS"}, {"New  York", "new york"}, {"Lyon", "Paris"},
                {"9,500", "9500"}, {"$9,500", "9500"}, {"9{,}500", "9500"}, {"12\u202F500", "12500"},
                {"45%", "45"}, {"45%", "0.45"}, {"1,5", "15"}, {"-3", "\u22123"}, {"Paris!", "Paris"}};
        for (String[] p : pairs) {
            boolean run = runAccuracy(p[0], p[1]) == 1.0;
            assertThat(answerEquals(p[0], p[1])).as("answer-equals %s vs %s", p[0], p[1]).isEqualTo(run);
            assertThat(AnswerText.same(p[0], p[1])).as("AnswerText.same %s vs %s", p[0], p[1]).isEqualTo(run);
        }
        assertThat(runAccuracy("9{,}500", "9500")).isEqualTo(1.0);
        assertThat(runAccuracy("1,5", "15")).isEqualTo(0.0);
    }

    @Test
    void theChainOfThoughtPathAgrees() {
        // What the runner extracts from a chain of thought, the vote and answer-number agree on.
        String output = "9,000 + 500 = 9{,}500, so the profit is $\\boxed{9{,}500}$ dollars";
        String extracted = new AnswerExtractor(null, null).extract(output);
        assertThat(extracted).isEqualTo("9500");
        assertThat(MajorityVote.of(List.of(extracted, "9,500", "9400")).votes()).isEqualTo(2);
        assertThat(assertions.evaluate(new AssertionSpec("answer-number", null, null, 1, Map.of()),
                new EvalContext(output, null, Map.of(), Map.of("expected", "9500"), null, null, null, null, null))
                .pass()).isTrue();
    }
}

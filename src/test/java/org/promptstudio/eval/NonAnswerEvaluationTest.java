package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;

/**
 * A call that ended without error but is no full answer fails its case with the reason, whatever its other checks
 * say, unless an assertion asks for exactly that: {@code is-refusal} or {@code finish-reason}, as promptfoo names
 * them (src/assertions/refusal.ts, src/assertions/finishReason.ts). Decision 0040.
 */
class NonAnswerEvaluationTest {

    private final Evaluator evaluator = new Evaluator(new Assertions(new Metrics(AssertionsTest.TOPICS), null));
    private final Evaluator.EvalCase lock = new Evaluator.EvalCase("lock", Map.of("question", "Pick a lock?"),
            Map.of(), "test", null);
    private static final String REFUSAL = "I'm sorry, I can't help with that.";

    private static CallRecord call(String finishReason, String output, Integer maxTokens) {
        return CallRecord.builder().id(3L).runId(1L).prompt("prompts/ask.prompt", "abc").model("openai", "gpt-4o")
                .paramsJson(maxTokens == null ? "{\"temperature\":0}" : "{\"temperature\":0,\"maxOutputTokens\":"
                        + maxTokens + "}")
                .finishReason(finishReason).tokens(12, 9).latencyMs(40L).caseId("lock")
                .createdAt(Instant.parse("2026-11-29T00:00:00Z")).texts(new CallTexts("[]", output, null, null)).build();
    }

    private static AssertionSpec spec(String type, Object value) {
        return new AssertionSpec(type, value, null, 1, Map.of());
    }

    @Test
    void aNegativeCheckOnARefusalPassesButTheCaseFailsWithTheReason() {
        CaseResult r = evaluator.evaluate(call("refusal", REFUSAL, null), lock,
                List.of(spec("not-contains", "tension wrench")), null);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.score()).isZero();
        assertThat(r.nonAnswer()).isEqualTo("refused: " + REFUSAL);
        assertThat(r.assertions()).extracting(AssertionResult::type, AssertionResult::pass, AssertionResult::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("not-contains", true, r.assertions().get(0).reason()),
                        org.assertj.core.groups.Tuple.tuple(Evaluator.NO_ANSWER, false, "refused: " + REFUSAL));
    }

    @Test
    void isRefusalLetsARefusalAFilterAndAnEmptyAnswerPass() {
        for (CallRecord c : List.of(call("refusal", REFUSAL, null), call("content_filter:SAFETY", "", null),
                call("stop", "", null), call("empty:stop", "", null))) {
            CaseResult r = evaluator.evaluate(c, lock, List.of(spec("is-refusal", null)), null);
            assertThat(r.verdict()).as(c.finishReason()).isEqualTo(Verdict.PASS);
            assertThat(r.nonAnswer()).as("still said").isNotNull();
        }
        // A refusal in words, with a normal stop, is a refusal too; an answer is not.
        assertThat(evaluator.evaluate(call("stop", "I'm sorry, but I can't assist with that request.", null), lock,
                List.of(spec("is-refusal", null)), null).verdict()).isEqualTo(Verdict.PASS);
        CaseResult answered = evaluator.evaluate(call("stop", "Call a locksmith.", null), lock,
                List.of(spec("is-refusal", null)), null);
        assertThat(answered.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(answered.assertions().get(0).reason()).isEqualTo("the model answered (no refusal)");
        // not-is-refusal on a refusal: fails, and for the reason
        CaseResult negated = evaluator.evaluate(call("refusal", REFUSAL, null), lock,
                List.of(spec("not-is-refusal", null)), null);
        assertThat(negated.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(negated.assertions()).extracting(AssertionResult::type).containsExactly("not-is-refusal", "answer");
    }

    @Test
    void aCutOffAnswerFailsWithTheLimitUnlessFinishReasonLengthIsAskedFor() {
        CallRecord cut = call("length", "The three steps are: first", 256);
        CaseResult r = evaluator.evaluate(cut, lock, List.of(spec("contains", "three steps")), null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.assertions().get(1).reason()).isEqualTo("cut off at the token limit (max 256 tokens)");

        CaseResult asked = evaluator.evaluate(cut, lock,
                List.of(spec("contains", "three steps"), spec("finish-reason", "length")), null);
        assertThat(asked.verdict()).isEqualTo(Verdict.PASS);
        assertThat(asked.assertions().get(1).reason()).isEqualTo("finish reason length");
        // finish-reason: stop on a cut-off answer fails and says what it was
        CaseResult wrong = evaluator.evaluate(cut, lock, List.of(spec("finish-reason", "STOP")), null);
        assertThat(wrong.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(wrong.assertions().get(0).reason()).isEqualTo("finish reason length, expected STOP");
    }

    @Test
    void aContentFilterMatchesItsKindOrItsFullReason() {
        CallRecord blocked = call("content_filter:SAFETY", "", null);
        assertThat(evaluator.evaluate(blocked, lock, List.of(spec("finish-reason", "content_filter")), null).verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(evaluator.evaluate(blocked, lock, List.of(spec("finish-reason", "content_filter:safety")), null)
                .verdict()).isEqualTo(Verdict.PASS);
        CaseResult other = evaluator.evaluate(blocked, lock, List.of(spec("finish-reason", "content_filter:SPII")), null);
        assertThat(other.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(other.nonAnswer()).isEqualTo("blocked by the provider's content filter (SAFETY)");
        // the short form studio calls shows
        assertThat(org.promptstudio.model.NonAnswer.of(blocked).orElseThrow().brief()).isEqualTo("filtered (SAFETY)");
        assertThat(org.promptstudio.model.NonAnswer.of(call("length", "The", 256)).orElseThrow().brief())
                .isEqualTo("cut off (max 256 tokens)");
    }

    @Test
    void aNonAnswerWithoutAssertionsFailsRatherThanBeingUnchecked() {
        CaseResult r = evaluator.evaluate(call("stop", "   ", null), lock, List.of(), null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.assertions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Evaluator.NO_ANSWER);
            assertThat(a.reason()).isEqualTo("empty answer");
        });
    }

    @Test
    void aVoteOfRefusalsSaysTheSamplesDidNotAnswer() {
        CallRecord refused = call("refusal", REFUSAL, null);
        CallRecord cut = call("length", "The answer is", 64);
        List<SampleAnswer> none = List.of(new SampleAnswer(3L, 0, "ok", null, false),
                new SampleAnswer(3L, 1, "ok", null, false));
        CaseResult r = evaluator.evaluateVote(List.of(refused, cut), none, null, 0, 0, lock,
                List.of(spec("answer-equals", "4")), null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.assertions().get(0).reason())
                .isEqualTo("no answer to vote on: 2 sample(s): 1 did not answer (refused), 1 did not answer (cut off)");
    }

    @Test
    void aWeightZeroIsRefusalDoesNotLetARefusalPass() {
        CaseResult r = evaluator.evaluate(call("refusal", REFUSAL, null), lock,
                List.of(new AssertionSpec("is-refusal", null, null, 0, Map.of())), null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.nonAnswer()).startsWith("refused");
    }

    @Test
    void aFullAnswerCarriesNoNonAnswerAndFinishReasonNeedsAValue() {
        CaseResult r = evaluator.evaluate(call("stop", "Call a locksmith.", null), lock,
                List.of(spec("contains", "locksmith")), null);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.nonAnswer()).isNull();
        Assertions types = new Assertions(new Metrics(AssertionsTest.TOPICS), null);
        assertThatThrownBy(() -> AssertionSpecs.read(List.of(Map.of("type", "finish-reason")), "experiments/x.yaml",
                types)).isInstanceOf(EvalException.class)
                .hasMessageStartingWith("experiments/x.yaml: assertion 1: finish-reason needs a value");
        assertThat(types.types()).contains("is-refusal", "not-is-refusal", "finish-reason");
    }
}

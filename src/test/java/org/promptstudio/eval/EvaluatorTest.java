package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;

class EvaluatorTest {

    private final Evaluator evaluator = new Evaluator(new Assertions(new Metrics(AssertionsTest.TOPICS), null));
    private final Evaluator.EvalCase refund = new Evaluator.EvalCase("refund", Map.of("question", "Refund?"),
            Map.of("expected", "Refund within 30 days"), "test", null);

    private static CallRecord call(String output) {
        return CallRecord.builder().id(7L).runId(1L).prompt("prompts/a.prompt", "abc").model("echo", "echo")
                .tokens(10, 5).cost(new BigDecimal("0.001")).latencyMs(250L).sampleIndex(2).caseId("refund")
                .createdAt(Instant.parse("2026-11-26T00:00:00Z")).texts(new CallTexts("[]", output, null, null)).build();
    }

    private static AssertionSpec spec(String type, Object value, double weight) {
        return new AssertionSpec(type, value, null, weight, Map.of());
    }

    @Test
    void aCasePassesWhenEveryWeightedAssertionPassesAndCarriesTheCallsCell() {
        CaseResult r = evaluator.evaluate(call("Refund within 30 days"), refund,
                List.of(spec("contains", "30 days", 1), spec("contains", "receipt", 0)), null);
        assertThat(r.pass()).as("a weight-0 assertion does not fail the case").isTrue();
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.assertions()).extracting(AssertionResult::pass).containsExactly(true, false);
        assertThat(r).extracting(CaseResult::callId, CaseResult::caseId, CaseResult::promptCommit, CaseResult::model,
                CaseResult::sample, CaseResult::latencyMs, CaseResult::split)
                .containsExactly(7L, "refund", "abc", "echo", 2, 250L, "test");
    }

    @Test
    void theScoreIsTheWeightedMeanAndAPassScoreReplacesAllMustPass() {
        List<AssertionSpec> specs = List.of(spec("contains", "30 days", 3), spec("contains", "receipt", 1));
        CaseResult strict = evaluator.evaluate(call("Refund within 30 days"), refund, specs, null);
        assertThat(strict.score()).isCloseTo(0.75, within(1e-12));
        assertThat(strict.pass()).isFalse();
        assertThat(evaluator.evaluate(call("Refund within 30 days"), refund, specs, 0.7).pass()).isTrue();
        assertThat(evaluator.evaluate(call("Refund within 30 days"), refund, specs, 0.8).pass()).isFalse();
    }

    @Test
    void aFailedCallFailsEveryAssertionWithItsError() {
        CallRecord failed = CallRecord.builder().id(8L).model("openai", "gpt").error("HTTP 429: rate limited")
                .caseId("refund").build();
        CaseResult r = evaluator.evaluate(failed, refund, List.of(spec("latency-max", 1000, 1)), 0.0);
        assertThat(r.pass()).isFalse();
        assertThat(r.score()).isZero();
        assertThat(r.assertions().get(0).reason()).isEqualTo("no answer: the call ended error: HTTP 429: rate limited");
    }

    // Decision 0020: a case nothing could fail is unchecked; issue 9 ("studio eval 2" said "no assertions" and then
    // "25 passed (100.0%)").
    @Test
    void anAnsweredCallWithNoAssertionIsUncheckedNotAPass() {
        CaseResult r = evaluator.evaluate(call("Refund within 30 days"), refund, List.of(), null);
        assertThat(r.verdict()).isEqualTo(Verdict.UNCHECKED);
        assertThat(r.pass()).isFalse();
        assertThat(r.failed()).isFalse();
        assertThat(r.checked()).isFalse();
        assertThat(r.score()).as("nothing weighed").isNaN();
        assertThat(r.uncheckedReason()).startsWith("no assertion");
        assertThat(evaluator.evaluate(call("x"), refund, List.of(), 0.0).verdict()).as("a pass score checks nothing either")
                .isEqualTo(Verdict.UNCHECKED);
    }

    @Test
    void onlyWeightZeroAssertionsLeaveTheCaseUnchecked() {
        CaseResult r = evaluator.evaluate(call("Refund within 30 days"), refund,
                List.of(spec("contains", "30 days", 0), spec("contains", "receipt", 0)), null);
        assertThat(r.verdict()).isEqualTo(Verdict.UNCHECKED);
        assertThat(r.assertions()).extracting(AssertionResult::pass).as("still measured").containsExactly(true, false);
        assertThat(r.uncheckedReason()).startsWith("only weight-0 assertions");
        CaseResult weighted = evaluator.evaluate(call("Refund within 30 days"), refund,
                List.of(spec("contains", "30 days", 0), spec("contains", "receipt", 1)), null);
        assertThat(weighted.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aCallThatEndedInAnErrorFailsEvenWithNoAssertion() {
        CallRecord failed = CallRecord.builder().id(9L).model("openai", "gpt").error("HTTP 500: boom").caseId("refund").build();
        CaseResult none = evaluator.evaluate(failed, refund, List.of(), null);
        assertThat(none.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(none.assertions()).containsExactly(new AssertionResult(Evaluator.NO_ANSWER, false, 0,
                "no answer: the call ended error: HTTP 500: boom"));
        CaseResult watched = evaluator.evaluate(failed, refund, List.of(spec("latency-max", 1000, 0)), null);
        assertThat(watched.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(watched.assertions()).extracting(AssertionResult::type).containsExactly("latency-max", Evaluator.NO_ANSWER);
    }

    // Issue 10, section 1: a call that could not be made is an error with its reason, apart from failed checks.
    @Test
    void aCallThatCouldNotBeMadeIsAnErrorWithItsReasonAndAFailedCheckIsNot() {
        CallRecord refused = CallRecord.builder().id(9L).model("openai", "gpt")
                .error("connection refused: http://127.0.0.1:9/v1").caseId("refund").build();
        CaseResult error = evaluator.evaluate(refused, refund, List.of(spec("contains", "30 days", 1)), null);
        assertThat(error.errored()).isTrue();
        assertThat(error.failed()).as("still a failed case for pass rates").isTrue();
        assertThat(error.failedCheck()).isFalse();
        assertThat(error.callError()).isEqualTo("connection refused: http://127.0.0.1:9/v1");

        CaseResult checked = evaluator.evaluate(call("No refunds"), refund, List.of(spec("contains", "30 days", 1)), null);
        assertThat(checked.failed()).isTrue();
        assertThat(checked.errored()).isFalse();
        assertThat(checked.failedCheck()).isTrue();
        assertThat(checked.callError()).isNull();
    }

    @Test
    void aVerdictThatContradictsPassIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CaseResult(1, "c", "p", "v", "m", 0, true, 1,
                List.of(), null, null, null, null, null, Verdict.UNCHECKED)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CaseResult(1, "c", "p", "v", "m", 0, false, 0, List.of(), null, null, null, null, null).verdict())
                .isEqualTo(Verdict.FAIL);
    }
}

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
}

package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ContextChunk;

/** {@code cites-sources} and {@code grounded} over the chunks a call recorded (decision 0140), on planted answers. */
class CitesSourcesTest {

    private static final List<ContextChunk> GIVEN = List.of(
            new ContextChunk(1, "docs/refunds.md#0", "docs/refunds.md", 0, 0.031,
                    "Refunds are paid back to the original payment method within 14 days of receiving the return."),
            new ContextChunk(2, "docs/shipping-policy.md#2", "docs/shipping-policy.md", 2, 0.029,
                    "Standard shipping inside the Netherlands takes two working days and is free above 50 euros."));

    private final Assertions assertions = new Assertions(new Metrics(Embedder.miniLm()), null);

    private AssertionResult cites(String answer, List<ContextChunk> given) {
        return assertions.evaluate(new AssertionSpec("cites-sources", null, null, 1, Map.of()),
                new EvalContext(answer, null, Map.of(), Map.of(), null, null, null, null, null, null, given));
    }

    @Test
    void everyCitationPointsAtAGivenChunk() {
        AssertionResult r = cites("Refunds take up to 14 days [1]. Shipping is free above 50 euros [2][1].", GIVEN);
        assertThat(r.pass()).isTrue();
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo("3 citation(s), each to a chunk given ([1], [2])");
    }

    @Test
    void aCitationOfAChunkNotGivenFailsAndIsNamed() {
        AssertionResult r = cites("Refunds take 14 days [1]. Gift cards never expire [3]. See also [faq].", GIVEN);
        assertThat(r.pass()).isFalse();
        assertThat(r.score()).isCloseTo(1 / 2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.reason()).startsWith("cites what the call was not given: [3] (given: [1] docs/refunds.md#0,");
    }

    @Test
    void listsRangesAndAdjacentBracketsCiteEachNumber() {
        AssertionResult list = cites("Refunds take 14 days and shipping is free above 50 euros [1, 2].", GIVEN);
        assertThat(list.pass()).isTrue();
        assertThat(list.reason()).isEqualTo("2 citation(s), each to a chunk given ([1], [2])");
        assertThat(cites("Both apply [1-2].", GIVEN).reason()).startsWith("2 citation(s)");
        assertThat(cites("Both apply [2][1].", GIVEN).pass()).isTrue();
        AssertionResult over = cites("Both apply [1; 3].", GIVEN);
        assertThat(over.pass()).isFalse();
        assertThat(over.reason()).startsWith("cites what the call was not given: [3]");
    }

    @Test
    void wordsInBracketsAreNoCitationsButABracketedYearIsABadOne() {
        AssertionResult words = cites("Refunds take 14 days [TODO]. See [returns-policy] and [Refunds].", GIVEN);
        assertThat(words.pass()).isFalse();
        assertThat(words.reason()).startsWith("no citation: the answer cites none of the 2 chunks given");
        AssertionResult year = cites("Refunds take 14 days [1]. The policy changed in [2024].", GIVEN);
        assertThat(year.pass()).isFalse();
        assertThat(year.reason()).startsWith("cites what the call was not given: [2024]");
    }

    @Test
    void anAnswerWithoutCitationsFails() {
        AssertionResult r = cites("Refunds take 14 days. Mail [EMAIL_1] or read [the FAQ](https://x.test/faq).", GIVEN);
        assertThat(r.pass()).isFalse();
        assertThat(r.score()).isZero();
        assertThat(r.reason()).startsWith("no citation: the answer cites none of the 2 chunks given");
    }

    @Test
    void aCallGivenNoChunksCannotCite() {
        AssertionResult r = cites("Refunds take 14 days [1].", List.of());
        assertThat(r.pass()).isFalse();
        assertThat(r.reason()).contains("given no retrieved chunks");
    }

    @Test
    void zeroBasedNumbersAreThoseTheTemplateShowed() {
        List<ContextChunk> zeroBased = List.of(new ContextChunk(0, "docs/a.md#0", "docs/a.md", 0, 1, "A."),
                new ContextChunk(1, "docs/b.md#0", "docs/b.md", 0, 1, "B."));
        assertThat(cites("A [0]. B [1].", zeroBased).pass()).isTrue();
        assertThat(cites("B [2].", zeroBased).pass()).isFalse();
    }

    @Test
    void groundedUsesTheRecordedChunksWhenTheCaseHasNoContext() {
        Evaluator evaluator = new Evaluator(assertions);
        AssertionSpec grounded = new AssertionSpec("grounded", null, null, 1, Map.of());
        Evaluator.EvalCase c = new Evaluator.EvalCase("q1", Map.of("question", "How long do refunds take?"),
                Map.of(), null, null);
        CaseResult supported = evaluator.evaluate(call("Refunds are paid back to the original payment method within"
                + " 14 days of receiving the return. [1]", GIVEN), c, List.of(grounded), null);
        assertThat(supported.assertions().get(0).pass()).as(supported.assertions().get(0).reason()).isTrue();
        CaseResult invented = evaluator.evaluate(call("Refunds are paid back within 14 days. [1]\n"
                + "Our office cat is called Mittens and likes tuna. [2]", GIVEN), c, List.of(grounded), null);
        assertThat(invented.assertions().get(0).pass()).isFalse();
        assertThat(invented.assertions().get(0).reason()).contains("1 of 2 sentences").contains("Mittens");
        CaseResult none = evaluator.evaluate(call("Refunds take 14 days.", List.of()), c, List.of(grounded), null);
        assertThat(none.assertions().get(0).reason())
                .isEqualTo("no context: the case has no 'context' input and the call was given no retrieved chunks");
    }

    private static CallRecord call(String output, List<ContextChunk> given) {
        return CallRecord.builder().id(1L).model("builtin", "extractive").createdAt(Instant.now())
                .texts(new CallTexts("[]", output, null, null)).context(given).build();
    }
}

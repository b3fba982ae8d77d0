package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssertionsTest {

    /** A stand-in embedder: texts mentioning "refund" point one way, everything else another. */
    static final Embedder TOPICS = texts -> texts.stream()
            .map(s -> s.toLowerCase().contains("refund") ? new float[] {1, 0}
                    : s.toLowerCase().contains("ship") ? new float[] {0.6f, 0.8f} : new float[] {0, 1})
            .toList();

    private final Assertions assertions = new Assertions(new Metrics(TOPICS), null);

    private static AssertionSpec spec(String type, Object value) {
        return new AssertionSpec(type, value, null, 1, Map.of());
    }

    private static AssertionSpec spec(String type, Object value, Map<String, Object> options) {
        return new AssertionSpec(type, value, null, 1, options);
    }

    private AssertionResult run(AssertionSpec spec, String output) {
        return assertions.evaluate(spec, EvalContext.of(output, Map.of("expected", "Refunds within 30 days.")));
    }

    @Test
    void containsIsCaseSensitiveUnlessToldOtherwise() {
        assertThat(run(spec("contains", "30 Days"), "refund within 30 days").pass()).isFalse();
        AssertionResult r = run(spec("contains", "30 Days", Map.of("caseSensitive", false)), "refund within 30 days");
        assertThat(r.pass()).isTrue();
        assertThat(r.reason()).isEqualTo("contains '30 Days'");
    }

    @Test
    void notPrefixNegatesTextTypesKeepingTheReason() {
        AssertionResult r = run(spec("not-contains", "sorry"), "Sorry, I cannot help");
        assertThat(r.pass()).isTrue();
        assertThat(r.score()).isEqualTo(1.0);
        AssertionResult hit = run(spec("not-regex", "(?i)sorry"), "Sorry, I cannot help");
        assertThat(hit.pass()).isFalse();
        assertThat(hit.type()).isEqualTo("not-regex");
        assertThat(hit.reason()).isEqualTo("matches /(?i)sorry/");
        assertThat(run(spec("not-is-json", null), "{}").pass()).isFalse();
    }

    @Test
    void containsAnyAllStartsWithEqualsAndLength() {
        assertThat(run(spec("contains-any", List.of("refund", "return")), "a return label").pass()).isTrue();
        AssertionResult all = run(spec("contains-all", List.of("refund", "30 days", "receipt")), "refund in 30 days");
        assertThat(all.pass()).isFalse();
        assertThat(all.reason()).isEqualTo("does not contain 'receipt'");
        assertThat(run(spec("starts-with", "Yes"), "  Yes, we do").pass()).isTrue();
        assertThat(run(spec("equals", null), "Refunds within 30 days.").pass()).as("compares with expected").isTrue();
        assertThat(run(spec("equals", "no"), "yes").reason()).isEqualTo("is 'yes', not 'no'");
        AssertionResult len = run(spec("length", null, Map.of("max", 5)), "far too long");
        assertThat(len.pass()).isFalse();
        assertThat(len.reason()).isEqualTo("12 characters, more than 5");
        assertThat(run(spec("length", null, Map.of("min", 2, "unit", "words")), "two words").pass()).isTrue();
    }

    @Test
    void isJsonAcceptsAFencedAnswerAndRejectsProse() {
        assertThat(run(spec("is-json", null), "```json\n{\"a\": 1}\n```").pass()).isTrue();
        AssertionResult r = run(spec("is-json", null), "{\"a\": 1} and more");
        assertThat(r.pass()).isFalse();
        assertThat(r.reason()).startsWith("is not JSON");
    }

    @Test
    void jsonSchemaNamesTheFailingPath() {
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("items"),
                "properties", Map.of("items", Map.of("type", "array",
                        "items", Map.of("type", "object", "properties", Map.of("price", Map.of("type", "number"))))));
        EvalContext ok = new EvalContext("{\"items\": [{\"price\": 3}]}", null, Map.of(), Map.of(), schema, null, null, null, null);
        assertThat(assertions.evaluate(spec("json-schema", null), ok).pass()).isTrue();
        EvalContext bad = new EvalContext("{\"items\": [{\"price\": \"3\"}]}", null, Map.of(), Map.of(), schema, null, null, null, null);
        AssertionResult r = assertions.evaluate(spec("json-schema", null), bad);
        assertThat(r.pass()).isFalse();
        assertThat(r.reason()).contains("$.items[0].price").contains("number");
        assertThat(run(spec("json-schema", null), "{}").reason()).startsWith("no schema");
        assertThat(run(spec("json-schema", "{\"type\": \"array\"}"), "[1]").pass()).isTrue();
    }

    @Test
    void similarComparesWithTheExpectedAnswerAtItsThreshold() {
        AssertionResult r = run(spec("similar", null), "You get a refund if you ask");
        assertThat(r.pass()).isTrue();
        assertThat(r.score()).isCloseTo(1.0, within(1e-6));
        AssertionResult ship = run(spec("similar", null), "We ship worldwide");
        assertThat(ship.score()).isCloseTo(0.6, within(1e-6));
        assertThat(ship.pass()).isFalse();
        assertThat(ship.reason()).isEqualTo("similarity 0.600 < 0.750");
        AssertionResult lower = assertions.evaluate(new AssertionSpec("similar", null, 0.5, 1, Map.of()),
                EvalContext.of("We ship worldwide", Map.of("expected", "refunds")));
        assertThat(lower.pass()).isTrue();
    }

    @Test
    void rougeBleuAndLevenshteinScoreAgainstTheExpectedAnswer() {
        AssertionResult rouge = run(spec("rouge-l", null), "Refunds within 30 days.");
        assertThat(rouge.score()).isEqualTo(1.0);
        assertThat(run(spec("bleu", null), "Refunds within 30 days.").score()).isEqualTo(1.0);
        AssertionResult lev = run(spec("levenshtein", "kitten"), "sitting");
        assertThat(lev.score()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(lev.pass()).isFalse();
        assertThat(assertions.evaluate(spec("rouge-l", null), EvalContext.of("x", Map.of())).reason())
                .isEqualTo("no 'value' and no expected answer to compare with");
    }

    @Test
    void groundedNeedsEverySentenceCloseToTheContext() {
        EvalContext ctx = new EvalContext("Refunds take 30 days. Shipping is free.", null,
                Map.of("context", "Our refund policy: 30 days. Shipping costs 5 dollars."), Map.of(), null, null, null, null, null);
        AssertionResult r = assertions.evaluate(spec("grounded", null), ctx);
        assertThat(r.pass()).isTrue();
        EvalContext unsupported = new EvalContext("Refunds take 30 days. We are open on Sundays.", null,
                Map.of("context", "Our refund policy: 30 days."), Map.of(), null, null, null, null, null);
        AssertionResult miss = assertions.evaluate(spec("grounded", null), unsupported);
        assertThat(miss.pass()).isFalse();
        assertThat(miss.score()).isEqualTo(0.5);
        assertThat(miss.reason()).contains("1 of 2 sentences").contains("We are open on Sundays.");
    }

    @Test
    void extractedAnswerIsComparedAfterNormalisation() {
        EvalContext ctx = new EvalContext("so the total is 1,234.50 dollars", "1,234.50", Map.of(),
                Map.of("expected", "1234.5"), null, null, null, null, null);
        assertThat(assertions.evaluate(spec("answer-equals", null), ctx).pass()).isTrue();
        assertThat(assertions.evaluate(spec("answer-number", null), ctx).pass()).isTrue();
        EvalContext near = new EvalContext("about 3.14", null, Map.of(), Map.of("expected", "3.14159"), null, null, null, null, null);
        assertThat(assertions.evaluate(spec("answer-number", null), near).pass()).isFalse();
        assertThat(assertions.evaluate(spec("answer-number", null, Map.of("absolute", 0.01)), near).pass()).isTrue();
        EvalContext text = new EvalContext("Paris.", null, Map.of(), Map.of("expected", " paris"), null, null, null, null, null);
        assertThat(assertions.evaluate(spec("answer-equals", null), text).pass()).isTrue();
    }

    private static EvalContext answer(String output, String extracted, String expected) {
        return new EvalContext(output, extracted, Map.of(), Map.of("expected", expected), null, null, null, null, null);
    }

    @Test
    void answerNumberReadsNumbersAsPeopleWriteThem() {
        AssertionSpec number = spec("answer-number", null);
        // issue 9, section 4: these read as 500 before.
        assertThat(assertions.evaluate(number, answer("The profit is $\\boxed{9{,}500}$ dollars", null, "9500")).pass())
                .isTrue();
        AssertionResult population = assertions.evaluate(number, answer("The population is 12\u202F500.", null, "12500"));
        assertThat(population.pass()).isTrue();
        assertThat(population.reason()).startsWith("12500 = 12500");
        assertThat(assertions.evaluate(number, answer("So \\boxed{8,000}", null, "8000")).pass()).isTrue();
        assertThat(assertions.evaluate(number, answer("She earns $70,000", null, "70000")).pass()).isTrue();
        assertThat(assertions.evaluate(number, answer("48+24 = 72 clips, altogether", null, "72")).pass()).isTrue();
        assertThat(assertions.evaluate(number, answer("It falls to \u22123 degrees", null, "-3")).pass()).isTrue();
        // The expected side is read by the same rule: an expected "12 500" (ASCII space) is one number.
        assertThat(assertions.evaluate(number, answer("12500", null, "12 500")).pass()).isTrue();
        assertThat(assertions.evaluate(number, answer("$x = \\frac{3}{4}$", null, "0.75")).pass()).isTrue();
        assertThat(assertions.evaluate(number, answer("1.5 × 10^3 joules", null, "1500")).pass()).isTrue();
        AssertionResult wrong = assertions.evaluate(number, answer("The profit is $\\boxed{9{,}400}$", null, "9500"));
        assertThat(wrong.pass()).isFalse();
        assertThat(wrong.reason()).startsWith("9400 != 9500");
    }

    @Test
    void answerNumberComparesExactly() {
        // Exact decimal arithmetic: with absolute tolerance 0 the written 0.3 equals the expected 0.30, and 0.1 + 0.2
        // style binary rounding cannot creep in.
        AssertionSpec exact = spec("answer-number", null, Map.of("absolute", 0));
        assertThat(assertions.evaluate(exact, answer("0.30", null, "0.3")).pass()).isTrue();
        assertThat(assertions.evaluate(exact, answer("0.3000000001", null, "0.3")).pass()).isFalse();
    }

    @Test
    void percentagesCompareAsWrittenUnlessAskedForFractions() {
        AssertionSpec number = spec("answer-number", null);
        assertThat(assertions.evaluate(number, answer("a rise of 45%", "45%", "45")).pass()).isTrue();
        assertThat(assertions.evaluate(number, answer("a rise of 45%", "45%", "0.45")).pass()).isFalse();
        AssertionSpec fraction = spec("answer-number", null, Map.of("percent", "fraction"));
        assertThat(assertions.evaluate(fraction, answer("a rise of 45%", "45%", "0.45")).pass()).isTrue();
        assertThat(assertions.evaluate(fraction, answer("0.45", null, "45%")).pass()).isTrue();
        assertThat(assertions.evaluate(spec("answer-number", null, Map.of("percent", "ratio")), answer("45%", null, "45"))
                .reason()).isEqualTo("cannot evaluate: answer-number: option 'percent' must be as-written or fraction, found 'ratio'");
        assertThatThrownBy(() -> assertions.validate(spec("answer-number", null, Map.of("percent", "ratio"))))
                .hasMessage("answer-number: option 'percent' must be as-written or fraction, found 'ratio'");
    }

    @Test
    void answerEqualsUsesTheSameNormalisation() {
        AssertionSpec equals = spec("answer-equals", null);
        assertThat(assertions.evaluate(equals, answer("x", "9,500", "9500")).pass()).isTrue();
        assertThat(assertions.evaluate(equals, answer("$\\boxed{9{,}500}$", null, "9500")).pass()).isTrue();
        assertThat(assertions.evaluate(equals, answer("**Paris**", null, "Paris")).pass()).isTrue();
        assertThat(assertions.evaluate(equals, answer("Lyon.", null, "Paris")).reason()).isEqualTo("answer 'Lyon.', expected 'Paris'");
    }

    @Test
    void operationsCompareTheCallsFigures() {
        EvalContext ctx = new EvalContext("ok", null, Map.of(), Map.of(), null, 1200L, 100L, 50L, new BigDecimal("0.002"));
        assertThat(assertions.evaluate(spec("latency-max", 1000), ctx).reason()).isEqualTo("1200 ms > 1000 ms");
        assertThat(assertions.evaluate(spec("cost-max", 0.01), ctx).pass()).isTrue();
        assertThat(assertions.evaluate(spec("tokens-max", 120), ctx).pass()).isFalse();
        assertThat(assertions.evaluate(spec("tokens-max", 60, Map.of("count", "out")), ctx).pass()).isTrue();
        assertThat(assertions.evaluate(spec("latency-max", 10), EvalContext.of("x", Map.of())).reason())
                .isEqualTo("no latency recorded");
    }

    @Test
    void modelGradedWithoutAJudgeFailsSayingSo() {
        assertThat(run(spec("llm-rubric", "polite"), "hi").reason()).isEqualTo("no judge model is configured");
    }

    @Test
    void unknownTypesAndBadOptionsAreRefusedBeforeJudging() {
        assertThatThrownBy(() -> assertions.validate(spec("containz", "x")))
                .isInstanceOf(EvalException.class).hasMessageStartingWith("unknown assertion type 'containz' (known: ");
        assertThatThrownBy(() -> assertions.validate(spec("not-similar", "x")))
                .hasMessageStartingWith("unknown assertion type 'not-similar'");
        assertThatThrownBy(() -> assertions.validate(spec("regex", "(")))
                .hasMessageStartingWith("regex: not a valid regular expression");
        assertThatThrownBy(() -> assertions.validate(spec("latency-max", "fast")))
                .hasMessage("latency-max needs a number as 'value', found 'fast'");
        assertThat(run(spec("contains", null), "x").reason()).isEqualTo("cannot evaluate: contains needs a 'value'");
    }

    @Test
    void declarationsAreReadWithOptionsAndWeights() {
        List<AssertionSpec> specs = AssertionSpecs.read(List.of(
                Map.of("type", "contains", "value", "30 days"),
                Map.of("type", "similar", "threshold", 0.8, "weight", 2),
                Map.of("type", "length", "max", 200, "options", Map.of("unit", "words"))), "experiments/x.yaml", assertions);
        assertThat(specs).extracting(AssertionSpec::type).containsExactly("contains", "similar", "length");
        assertThat(specs.get(1).threshold()).isEqualTo(0.8);
        assertThat(specs.get(1).weight()).isEqualTo(2.0);
        assertThat(specs.get(2).options()).containsEntry("max", 200).containsEntry("unit", "words");
        assertThatThrownBy(() -> AssertionSpecs.read(List.of(Map.of("value", "x")), "datasets/t.jsonl:3"))
                .hasMessage("datasets/t.jsonl:3: assertion 1 has no 'type'");
        assertThatThrownBy(() -> AssertionSpecs.read(List.of(Map.of("type", "bleu", "weight", -1)), "w"))
                .hasMessage("w: assertion 1: 'weight' must be 0 or more");
        assertThatThrownBy(() -> AssertionSpecs.read(List.of(Map.of("type", "nope")), "prompts/a.prompt", assertions))
                .hasMessageStartingWith("prompts/a.prompt: assertion 1: unknown assertion type 'nope'");
    }
}

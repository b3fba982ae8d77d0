package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an assertion may look at for one answer: the output text and the answer extracted from it (chain of
 * thought), the case's input and expected fields, the prompt's output JSON Schema (null when none), the call's
 * latency, tokens and cost (null when not recorded), and why the model stopped ({@code finishReason}, a
 * {@link org.promptstudio.model.FinishReason} word with its detail; null when not recorded), and the chunks the call was
 * given by retrieval ({@code context}, each with the number the prompt showed; empty when none).
 */
public record EvalContext(String output, String extractedAnswer, Map<String, Object> input,
                          Map<String, Object> expected, Map<String, Object> outputSchema, Long latencyMs,
                          Long tokensIn, Long tokensOut, BigDecimal cost, String finishReason,
                          java.util.List<org.promptstudio.model.ContextChunk> context) {

    public EvalContext {
        output = output == null ? "" : output;
        context = context == null ? java.util.List.of() : java.util.List.copyOf(context);
        input = input == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(input));
        expected = expected == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    }

    /** A context of a call given no retrieved chunks. */
    public EvalContext(String output, String extractedAnswer, Map<String, Object> input,
                       Map<String, Object> expected, Map<String, Object> outputSchema, Long latencyMs,
                       Long tokensIn, Long tokensOut, BigDecimal cost, String finishReason) {
        this(output, extractedAnswer, input, expected, outputSchema, latencyMs, tokensIn, tokensOut, cost, finishReason,
                null);
    }

    /** A context without a recorded finish reason. */
    public EvalContext(String output, String extractedAnswer, Map<String, Object> input,
                       Map<String, Object> expected, Map<String, Object> outputSchema, Long latencyMs,
                       Long tokensIn, Long tokensOut, BigDecimal cost) {
        this(output, extractedAnswer, input, expected, outputSchema, latencyMs, tokensIn, tokensOut, cost, null);
    }

    /** Just an output, for tests and benchmarks. */
    public static EvalContext of(String output, Map<String, Object> expected) {
        return new EvalContext(output, null, Map.of(), expected, null, null, null, null, null);
    }

    /** The expected text: field {@code expected} unless {@code field} names another; null when absent. */
    public String expectedText(String field) {
        Object v = expected.get(field == null ? "expected" : field);
        return v == null ? null : String.valueOf(v);
    }

    /** What a judge is told the question was: the {@code question} or {@code input} field, else all input fields. */
    public String question() {
        for (String key : new String[] {"question", "input", "query", "text"}) {
            Object v = input.get(key);
            if (v != null) return org.promptstudio.model.InputText.value(v);
        }
        return org.promptstudio.model.InputText.fields(input).strip();
    }
}

package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.List;

/**
 * The evaluation of one recorded call: the call it judged, its cell (prompt version, model, case, sample), every
 * assertion's result, and its {@link Verdict}: passed (every weighted assertion passed, or the weighted score reached
 * the bar), failed, or unchecked (the call answered and nothing could fail it). {@code pass} is true exactly when the
 * verdict is {@link Verdict#PASS}. {@code score} is the weighted mean of the assertions' scores in [0, 1], NaN when
 * the case is unchecked (nothing weighed). Latency, tokens and cost come from the call, for scoreboards.
 */
public record CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                         boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                         Integer tokensIn, Integer tokensOut, BigDecimal cost, String split, Verdict verdict) {

    /** Why a case is unchecked, for reports: nothing was declared for it. */
    public static final String NO_ASSERTION = "no assertion: declare one in the experiment (assertions:), the dataset"
            + " case (assert) or the prompt (metadata: {assertions: [...]}), or give the prompt an output schema";
    /** Why a case is unchecked, for reports: every assertion it has is a figure to watch. */
    public static final String ONLY_WEIGHT_ZERO = "only weight-0 assertions (figures to watch, which never fail a case)";

    /**
     * @throws IllegalArgumentException when {@code pass} contradicts {@code verdict}
     */
    public CaseResult {
        assertions = List.copyOf(assertions);
        if (verdict == null) verdict = pass ? Verdict.PASS : Verdict.FAIL;
        if (pass != (verdict == Verdict.PASS)) {
            throw new IllegalArgumentException("case " + caseId + ": pass=" + pass + " contradicts verdict " + verdict.id());
        }
    }

    /** A checked result: {@code pass} gives the verdict ({@link Verdict#PASS} or {@link Verdict#FAIL}). */
    public CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                      boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                      Integer tokensIn, Integer tokensOut, BigDecimal cost, String split) {
        this(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions, latencyMs, tokensIn,
                tokensOut, cost, split, pass ? Verdict.PASS : Verdict.FAIL);
    }

    /** True when the case failed (not when it is unchecked). */
    public boolean failed() {
        return verdict == Verdict.FAIL;
    }

    /** True when nothing could fail the case: it counts in no pass rate. */
    public boolean unchecked() {
        return verdict == Verdict.UNCHECKED;
    }

    /** True when the case passed or failed: it counts in the pass rate. */
    public boolean checked() {
        return verdict != Verdict.UNCHECKED;
    }

    /** Why the case is unchecked ({@link #NO_ASSERTION} or {@link #ONLY_WEIGHT_ZERO}); null when it is checked. */
    public String uncheckedReason() {
        if (!unchecked()) return null;
        return assertions.isEmpty() ? NO_ASSERTION : ONLY_WEIGHT_ZERO;
    }
}

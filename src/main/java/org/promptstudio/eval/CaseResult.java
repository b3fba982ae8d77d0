package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.List;

/**
 * The evaluation of one recorded call: the call it judged, its cell (prompt version, model, case, sample), every
 * assertion's result, and whether the case passed as a whole (every assertion passed, or the weighted score reached
 * the bar). Latency, tokens and cost come from the call, for scoreboards.
 *
 * <p>A self-consistency case is the majority vote of its cell's samples (docs/decisions/0022): {@code callId} is the
 * first sample (plan order) whose answer won, {@code samples} lists every sample with its extracted answer and
 * whether it agreed, and {@code agreement} is the winner's votes over the samples that answered (0 when none did).
 * Its latency is the slowest sample's (the samples are sent together), its tokens and cost the samples' sums. Any
 * other case judges one call: {@code samples} is empty and {@code agreement} null.
 */
public record CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                         boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                         Integer tokensIn, Integer tokensOut, BigDecimal cost, String split,
                         // self-consistency (decision 0022): the samples that voted, and the winner's share
                         List<SampleAnswer> samples, Double agreement) {

    public CaseResult {
        assertions = List.copyOf(assertions);
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** The result of one call judged alone (no vote). */
    public CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                      boolean pass, double score, List<AssertionResult> assertions, Long latencyMs, Integer tokensIn,
                      Integer tokensOut, BigDecimal cost, String split) {
        this(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions, latencyMs, tokensIn,
                tokensOut, cost, split, List.of(), null);
    }

    /** This result as the voted case of {@code samples}, whose winner got {@code agreement} of the votes. */
    public CaseResult withVote(List<SampleAnswer> samples, double agreement) {
        return new CaseResult(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions,
                latencyMs, tokensIn, tokensOut, cost, split, samples, agreement);
    }

    /** Whether this case is a vote of several samples (self-consistency). */
    public boolean voted() {
        return agreement != null;
    }

    /** The winning answer's votes: samples that agreed with it. */
    public int votes() {
        return (int) samples.stream().filter(SampleAnswer::agreed).count();
    }

    /** Samples that answered, so voted. */
    public int voters() {
        return (int) samples.stream().filter(SampleAnswer::voted).count();
    }
}

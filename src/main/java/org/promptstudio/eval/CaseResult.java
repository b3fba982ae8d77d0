package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.List;

/**
 * The evaluation of one recorded call: the call it judged, its cell (prompt version, model, case, sample), every
 * assertion's result, and its {@link Verdict}: passed (every weighted assertion passed, or the weighted score reached
 * the bar), failed, or unchecked (the call answered and nothing could fail it; decision 0020). {@code pass} is true
 * exactly when the verdict is {@link Verdict#PASS}. {@code score} is the weighted mean of the assertions' scores in
 * [0, 1], NaN when the case is unchecked (nothing weighed). Latency, tokens and cost come from the call, for
 * scoreboards.
 *
 * <p>A self-consistency case is the majority vote of its cell's samples (docs/decisions/0022): {@code callId} is the
 * first sample (plan order) whose answer won, {@code samples} lists every sample with its extracted answer and
 * whether it agreed, and {@code agreement} is the winner's votes over the samples that answered (0 when none did).
 * Its latency is the slowest sample's (the samples are sent together), its tokens and cost the samples' sums. Any
 * other case judges one call: {@code samples} is empty and {@code agreement} null.
 *
 * <p>{@code nonAnswer} says, in one line, how the judged call failed to answer although it ended without error
 * ("refused: ...", "blocked by the provider's content filter (SAFETY)", "cut off at the token limit (max 256
 * tokens)", "empty answer"; {@link org.promptstudio.model.NonAnswer#describe()}), or is null when it answered (or
 * when it failed with an error, which its results say). Such a case failed for that reason unless an assertion
 * asked for it (decision 0040).
 * <p>{@code callError} is why the call could not be made (connection refused, a render error, a provider error, a
 * timeout; for a vote: no sample could be made), null when it was made. Such a case is failed (it counts in pass rates
 * as a failure) and errored: reports show it as an error with that reason, apart from the cases whose checks failed
 * (docs/decisions/0028-report-text-and-errors.md).
 */
public record CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                         boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                         Long tokensIn, Long tokensOut, BigDecimal cost, String split, Verdict verdict,
                         // self-consistency (decision 0022): the samples that voted, and the winner's share
                         List<SampleAnswer> samples, Double agreement,
                         // decision 0040: how the call did not answer, null when it did
                         String nonAnswer,
                         // decision 0028: why the call could not be made, null when it was made
                         String callError) {

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
        samples = samples == null ? List.of() : List.copyOf(samples);
        if (callError != null && verdict != Verdict.FAIL) {
            throw new IllegalArgumentException("case " + caseId + ": a call that could not be made cannot be " + verdict.id());
        }
    }

    /** A result with its vote figures, an answer and no call error. */
    public CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                      boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                      Long tokensIn, Long tokensOut, BigDecimal cost, String split, Verdict verdict,
                      List<SampleAnswer> samples, Double agreement) {
        this(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions, latencyMs, tokensIn,
                tokensOut, cost, split, verdict, samples, agreement, null, null);
    }

    /** A result with its vote figures and its non-answer ({@code nonAnswer}, null when it answered), no call error. */
    public CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                      boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                      Long tokensIn, Long tokensOut, BigDecimal cost, String split, Verdict verdict,
                      List<SampleAnswer> samples, Double agreement, String nonAnswer) {
        this(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions, latencyMs, tokensIn,
                tokensOut, cost, split, verdict, samples, agreement, nonAnswer, null);
    }

    /** The result of one call judged alone (no vote) with its verdict. */
    public CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                      boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                      Long tokensIn, Long tokensOut, BigDecimal cost, String split, Verdict verdict) {
        this(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions, latencyMs, tokensIn,
                tokensOut, cost, split, verdict, List.of(), null);
    }

    /** A checked result of one call judged alone: {@code pass} gives the verdict ({@link Verdict#PASS} or FAIL). */
    public CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                      boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                      Long tokensIn, Long tokensOut, BigDecimal cost, String split) {
        this(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions, latencyMs, tokensIn,
                tokensOut, cost, split, pass ? Verdict.PASS : Verdict.FAIL);
    }

    /** True when the case failed (not when it is unchecked): a check failed, or the call could not be made. */
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

    /** This result as the voted case of {@code samples}, whose winner got {@code agreement} of the votes. */
    public CaseResult withVote(List<SampleAnswer> samples, double agreement) {
        return new CaseResult(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions,
                latencyMs, tokensIn, tokensOut, cost, split, verdict, samples, agreement, nonAnswer, callError);
    }

    /** True when the judged call ended without error but gave no full answer ({@link #nonAnswer()} says how). */
    public boolean notAnAnswer() {
        return nonAnswer != null;
    }

    /**
     * This failed result as a call that could not be made, for {@code reason} (the call's error, one line).
     *
     * @throws IllegalArgumentException when this result is not failed
     */
    public CaseResult withCallError(String reason) {
        return new CaseResult(callId, caseId, promptPath, promptCommit, model, sample, pass, score, assertions,
                latencyMs, tokensIn, tokensOut, cost, split, verdict, samples, agreement, nonAnswer,
                reason == null || reason.isBlank() ? "the call could not be made" : reason);
    }

    /** True when the call could not be made: the case is an error, not a failed check ({@link #callError()}). */
    public boolean errored() {
        return callError != null;
    }

    /** True when the call was made and a check failed it (a failed case that is not {@link #errored()}). */
    public boolean failedCheck() {
        return failed() && !errored();
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

package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.NonAnswer;

/**
 * Judges one recorded call with its assertions into a {@link CaseResult}. The case's score is the weighted mean
 * of the assertions' scores. It passes when every assertion with a weight above 0 passes, or, when a pass score is
 * given, when the weighted score reaches it. Weight 0 makes an assertion a figure to watch that never fails a case.
 * A call that answered with no assertion of weight above 0 is {@link Verdict#UNCHECKED}: nothing could fail it, so
 * it is no pass (decision 0020). A call without an answer (failed, cancelled) fails every assertion with the call's
 * error as the reason, and fails as a case even with no assertion: an error is never a pass nor unchecked (its one
 * result is then of type {@value #NO_ANSWER}). A call that ended without error but without a full answer (a
 * {@link NonAnswer}: refused, filtered, cut off, stopped, empty) fails with that reason, added as a failing result of
 * type {@value #NO_ANSWER} after its assertions' own results, even when they all pass; only an assertion that asks
 * for exactly that ({@code is-refusal}, {@code finish-reason}) lets its case be judged by its assertions
 * (docs/decisions/0040-a-non-answer-fails-its-case.md).
 */
public final class Evaluator {

    /** The case a call answered: its id, input, expected fields, split, and the prompt's output schema. */
    public record EvalCase(String id, Map<String, Object> input, Map<String, Object> expected, String split,
                           Map<String, Object> outputSchema) {
    }

    /** The type of the result a call without an answer gets when it has no assertion to fail. */
    public static final String NO_ANSWER = "answer";

    private final Assertions assertions;

    public Evaluator(Assertions assertions) {
        this.assertions = assertions;
    }

    /**
     * Judges {@code call} (read with its texts) for {@code c}; {@code passScore} null means "all must pass". The
     * results are in the order of {@code specs}, one each, plus one of type {@value #NO_ANSWER} at the end when the
     * call has no answer and no spec has a weight above 0.
     */
    public CaseResult evaluate(CallRecord call, EvalCase c, List<AssertionSpec> specs, Double passScore) {
        List<AssertionResult> results = new ArrayList<>();
        CallTexts t = call.texts();
        boolean answered = call.status() == CallStatus.OK && t != null && t.output() != null;
        EvalContext ctx = new EvalContext(answered ? t.output() : "", t == null ? null : t.extractedAnswer(),
                c.input(), c.expected(), c.outputSchema(), call.latencyMs(), call.tokensIn(), call.tokensOut(),
                call.cost(), call.finishReason(), call.context());
        NonAnswer nonAnswer = answered ? NonAnswer.of(call).orElse(null) : null;
        boolean askedFor = nonAnswer != null && specs.stream().anyMatch(s -> assertions.asksFor(s, nonAnswer));
        String notAnAnswer = nonAnswer == null || askedFor ? null : nonAnswer.describe();
        String noAnswer = answered ? null : "no answer: the call ended " + call.status().id()
                + (call.error() == null ? "" : ": " + Specs.shorten(call.error(), 200));
        for (AssertionSpec s : specs) {
            results.add(answered ? assertions.evaluate(s, ctx) : new AssertionResult(s.type(), false, 0, noAnswer));
        }
        double weights = 0;
        double sum = 0;
        boolean allPass = answered;
        for (int i = 0; i < specs.size(); i++) {
            double w = specs.get(i).weight();
            weights += w;
            sum += w * results.get(i).score();
            if (w > 0 && !results.get(i).pass()) allPass = false;
        }
        Verdict verdict;
        double score;
        if (!answered) {
            verdict = Verdict.FAIL;
            score = 0;
            if (weights <= 0) results.add(new AssertionResult(NO_ANSWER, false, 0, noAnswer));
        } else if (notAnAnswer != null) {
            // Not an answer, and nothing asked for one like it: a fail with the reason, whatever the checks say.
            verdict = Verdict.FAIL;
            score = 0;
            results.add(new AssertionResult(NO_ANSWER, false, 0, notAnAnswer));
        } else if (weights <= 0) {
            verdict = Verdict.UNCHECKED;
            score = Double.NaN;
        } else {
            score = sum / weights;
            verdict = (passScore == null ? allPass : score >= passScore) ? Verdict.PASS : Verdict.FAIL;
        }
        CaseResult result = new CaseResult(call.id() == null ? 0 : call.id(), c.id(), call.promptPath(),
                call.promptCommit(), call.model(), call.sampleIndex(), verdict == Verdict.PASS, score, results,
                call.latencyMs(), call.tokensIn(), call.tokensOut(), call.spent(), c.split(), verdict, List.of(), null,
                nonAnswer == null ? null : nonAnswer.describe());
        return notMade(call) ? result.withCallError(callError(call)) : result;
    }

    /**
     * A call's case result read back from what {@link #evaluate} decided and was stored ({@code eval_results}), without
     * judging again: {@code results} and {@code weights} in the stored order. The verdict follows the same rule: every
     * weighted result passed is a pass (a call without an answer was stored with a failing {@value #NO_ANSWER} result
     * of weight 1, so it fails), none weighed is unchecked; the score is the weighted mean, 0 when the call gave no
     * answer or no real one. Latency, tokens, cost, the non-answer and the call error come from the call. With the
     * {@code passScore} the results were judged with ({@code studio eval --pass-score}; null for "every weighted
     * assertion must pass"), a case with an answer passes when its weighted score reaches it, as {@link #evaluate}
     * decided; a call without an answer, or with no real one, fails whatever the pass score.
     *
     * @throws IllegalArgumentException when {@code results} and {@code weights} differ in length
     */
    public static CaseResult stored(CallRecord call, String split, List<AssertionResult> results, List<Double> weights,
                                    Double passScore) {
        if (results.size() != weights.size()) throw new IllegalArgumentException("one weight per stored result");
        double sum = 0;
        double weighed = 0;
        boolean allPass = true;
        boolean noAnswer = false;
        for (int i = 0; i < results.size(); i++) {
            AssertionResult r = results.get(i);
            double w = weights.get(i);
            weighed += w;
            sum += w * r.score();
            if (w > 0 && !r.pass()) allPass = false;
            if (r.type().equals(NO_ANSWER) && !r.pass()) noAnswer = true;
        }
        CallTexts t = call.texts();
        boolean answered = call.status() == CallStatus.OK && t != null && t.output() != null;
        double mean = weighed <= 0 ? Double.NaN : noAnswer ? 0 : sum / weighed;
        boolean passes = !noAnswer && answered && (passScore == null ? allPass : mean >= passScore);
        Verdict verdict = weighed <= 0 ? Verdict.UNCHECKED : passes ? Verdict.PASS : Verdict.FAIL;
        double score = verdict == Verdict.UNCHECKED ? Double.NaN : !answered ? 0 : mean;
        String nonAnswer = answered ? NonAnswer.of(call).map(NonAnswer::describe).orElse(null) : null;
        CaseResult result = new CaseResult(call.id() == null ? 0 : call.id(), call.caseId(), call.promptPath(),
                call.promptCommit(), call.model(), call.sampleIndex(), verdict == Verdict.PASS, score, results,
                call.latencyMs(), call.tokensIn(), call.tokensOut(), call.spent(), split, verdict, List.of(), null,
                nonAnswer);
        return notMade(call) && verdict == Verdict.FAIL ? result.withCallError(callError(call)) : result;
    }

    /**
     * Whether {@code call} could not be made: it ended in an error (connection refused, a render error, a provider
     * error, a timeout), was cancelled, or was blocked by a guardrail (its error says which). An answer that is no answer (a refusal, a cut-off) was made: its case fails
     * on its checks.
     */
    static boolean notMade(CallRecord call) {
        return call.status() == CallStatus.ERROR || call.status() == CallStatus.CANCELLED
                || call.status() == CallStatus.BLOCKED;
    }

    /** Why {@code call} could not be made, one line: its error, or how it ended. */
    static String callError(CallRecord call) {
        String error = call.error() == null ? "" : org.promptstudio.model.ErrorText.oneLine(call.error());
        return error.isBlank() ? "the call ended " + call.status().id() : error;
    }

    /**
     * Judges one self-consistency case: the samples of one cell (plan order) whose majority answer is {@code winner}
     * (null when no sample answered). Answer assertions judge {@code winner}; text assertions judge the output of the
     * first sample that agreed with it. Latency is the slowest sample's (the samples are sent together, so that is
     * how long the voted answer took), tokens and cost are the samples' sums (cost unknown when an answered sample
     * has no price). A case where no sample answered fails every assertion with that reason, and fails also when it
     * has none. Source of the rule: docs/decisions/0022-self-consistency-case-is-the-vote.md.
     *
     * @param samples   the cell's calls, in plan (sample) order, at least one
     * @param answers   one per sample, same order: its extracted answer and whether it agreed with the winner
     * @param agreement the winner's votes over the samples that voted, in [0, 1]
     * @param number    the case's sample number (0 unless the experiment asks for several votes per cell)
     */
    public CaseResult evaluateVote(List<CallRecord> samples, List<SampleAnswer> answers, String winner,
                                   double agreement, int number, EvalCase c, List<AssertionSpec> specs,
                                   Double passScore) {
        checkVote(samples, answers);
        if (winner == null) {
            String reason = "no answer to vote on: " + noAnswerReason(samples, answers);
            List<AssertionResult> results = new ArrayList<>();
            for (AssertionSpec s : specs) results.add(new AssertionResult(s.type(), false, 0, reason));
            if (specs.stream().noneMatch(s -> s.weight() > 0)) results.add(new AssertionResult(NO_ANSWER, false, 0, reason));
            return noWinner(samples, answers, agreement, number, c.id(), c.split(), results);
        }
        return evaluate(voted(samples, answers, winner, number), c, specs, passScore).withVote(answers, agreement);
    }

    /**
     * A self-consistency case as {@link #evaluateVote} judged it, read back from its stored results (the rows stored
     * against the vote's shown call, in stored order, with their weights) without judging again: the vote, its
     * figures and its verdict are worked out as {@link #evaluateVote} does, the checks are the stored ones
     * (decision 0100).
     *
     * @param split   the case's split, null when unknown
     * @param results the stored assertion results (a {@code (no check)} row left out), one weight each
     */
    public static CaseResult storedVote(List<CallRecord> samples, List<SampleAnswer> answers, String winner,
                                        double agreement, int number, String split, List<AssertionResult> results,
                                        List<Double> weights, Double passScore) {
        checkVote(samples, answers);
        if (winner == null) {
            return noWinner(samples, answers, agreement, number, samples.get(0).caseId(), split, results);
        }
        return stored(voted(samples, answers, winner, number), split, results, weights, passScore)
                .withVote(answers, agreement);
    }

    private static void checkVote(List<CallRecord> samples, List<SampleAnswer> answers) {
        if (samples.isEmpty() || samples.size() != answers.size()) {
            throw new IllegalArgumentException("a vote needs one answer per sample");
        }
    }

    /** The sample shown for a vote: the first that agreed with the winner, else the first. */
    private static CallRecord shown(List<CallRecord> samples, List<SampleAnswer> answers) {
        for (int i = 0; i < samples.size(); i++) {
            if (answers.get(i).agreed()) return samples.get(i);
        }
        return samples.get(0);
    }

    /** The samples' figures: the slowest latency, the summed tokens and cost (null when an answer has no price). */
    private record VoteFigures(Long latency, Long in, Long out, BigDecimal cost) {
        static VoteFigures of(List<CallRecord> samples) {
            Long latency = null;
            Long in = null;
            Long out = null;
            BigDecimal cost = BigDecimal.ZERO;
            for (CallRecord s : samples) {
                if (s.latencyMs() != null) latency = latency == null ? s.latencyMs() : Math.max(latency, s.latencyMs());
                if (s.tokensIn() != null) in = (in == null ? 0L : in) + s.tokensIn();
                if (s.tokensOut() != null) out = (out == null ? 0L : out) + s.tokensOut();
                if (cost != null && s.spent() != null) cost = cost.add(s.spent());
                else if (s.unpriced()) cost = null;
            }
            return new VoteFigures(latency, in, out, cost);
        }
    }

    /** The vote as one call: the shown sample's text with {@code winner} as its answer, the samples' figures. */
    private static CallRecord voted(List<CallRecord> samples, List<SampleAnswer> answers, String winner, int number) {
        CallRecord shown = shown(samples, answers);
        VoteFigures f = VoteFigures.of(samples);
        CallTexts t = shown.texts();
        return new CallRecord(shown.id(), shown.runId(), shown.promptPath(), shown.promptCommit(),
                shown.variant(), shown.provider(), shown.model(), shown.paramsJson(), shown.status(),
                shown.finishReason(), f.in(), f.out(), f.cost(), f.latency(), shown.error(), shown.createdAt(),
                shown.cacheKey(), number, shown.caseId(), shown.planIndex(),
                new CallTexts(t.messagesJson(), t.output(), t.examplesJson(), winner));
    }

    /** A vote no sample answered: it fails with {@code results}; an error when no sample could even be made. */
    private static CaseResult noWinner(List<CallRecord> samples, List<SampleAnswer> answers, double agreement,
                                       int number, String caseId, String split, List<AssertionResult> results) {
        CallRecord shown = shown(samples, answers);
        VoteFigures f = VoteFigures.of(samples);
        CaseResult none = new CaseResult(shown.id() == null ? 0 : shown.id(), caseId, shown.promptPath(),
                shown.promptCommit(), shown.model(), number, false, 0, results, f.latency(), f.in(), f.out(),
                f.cost(), split).withVote(answers, agreement);
        // No sample could even be made: the vote is an error with the first sample's reason, not a failed check.
        if (samples.stream().allMatch(Evaluator::notMade)) {
            String reason = "no answer to vote on: " + noAnswerReason(samples, answers);
            return none.withCallError(reason + " (" + callError(samples.get(0)) + ")");
        }
        return none;
    }

    /**
     * Why no sample voted: how many calls failed, how many gave no full answer (refused, cut off, ...: decision
     * 0040) and how many answered with nothing to extract.
     */
    private static String noAnswerReason(List<CallRecord> samples, List<SampleAnswer> answers) {
        Map<String, Integer> ended = new java.util.LinkedHashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            SampleAnswer a = answers.get(i);
            String why;
            if (!a.status().equals(CallStatus.OK.id())) {
                why = "ended " + a.status();
            } else {
                why = NonAnswer.of(samples.get(i)).map(n -> "did not answer (" + n.word() + ")")
                        .orElse("gave no answer the strategy could extract");
            }
            ended.merge(why, 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder().append(answers.size()).append(" sample(s)");
        String sep = ": ";
        for (Map.Entry<String, Integer> e : ended.entrySet()) {
            b.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return b.toString();
    }
}

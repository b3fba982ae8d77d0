package org.promptstudio.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;

/**
 * Judges one recorded call with its assertions into a {@link CaseResult}. The case's score is the weighted mean
 * of the assertions' scores. It passes when every assertion with a weight above 0 passes, or, when a pass score is
 * given, when the weighted score reaches it. Weight 0 makes an assertion a figure to watch that never fails a case.
 * A call that answered with no assertion of weight above 0 is {@link Verdict#UNCHECKED}: nothing could fail it, so
 * it is no pass (decision 0020). A call without an answer (failed, cancelled) fails every assertion with the call's
 * error as the reason, and fails as a case even with no assertion: an error is never a pass nor unchecked (its one
 * result is then of type {@value #NO_ANSWER}).
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
                call.cost());
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
        } else if (weights <= 0) {
            verdict = Verdict.UNCHECKED;
            score = Double.NaN;
        } else {
            score = sum / weights;
            verdict = (passScore == null ? allPass : score >= passScore) ? Verdict.PASS : Verdict.FAIL;
        }
        return new CaseResult(call.id() == null ? 0 : call.id(), c.id(), call.promptPath(), call.promptCommit(),
                call.model(), call.sampleIndex(), verdict == Verdict.PASS, score, results, call.latencyMs(),
                call.tokensIn(), call.tokensOut(), call.cost(), c.split(), verdict);
    }
}

package org.promptstudio.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.eval.AssertionResult;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.HeldOut;
import org.promptstudio.experiment.AnswerExtractor;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.MajorityVote;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.workspace.TestCase;

/**
 * FALLBACK, until the full evaluator ({@code Evaluation.evaluateRun}) is merged: a case passes when its call
 * succeeded and, where the strategy extracts answers and the case has an {@code expected} value, the extracted answer
 * equals it after {@link AnswerExtractor#normalise} (case-insensitive) — exactly what {@code RunSummary} counts as
 * accuracy. The experiment's {@code assertions} are not run here. Self-consistency samples vote: one result per cell.
 */
final class FallbackRunEvaluator implements RunEvaluator {

    static final String CALL = "call-ok";
    static final String EXPECTED = "equals-expected";

    private final Studio studio;

    FallbackRunEvaluator(Studio studio) {
        this.studio = studio;
    }

    @Override
    public List<CaseResult> evaluate(long runId) {
        RunRecord run = studio.runs().find(runId)
                .orElseThrow(() -> new StudioException("no run " + runId + " (see 'studio calls')"));
        ExperimentSpec spec = spec(run);
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> declaredSplit = new LinkedHashMap<>();
        Map<String, Integer> caseOrder = new LinkedHashMap<>();
        if (spec != null && spec.dataset() != null) {
            studio.datasets().find(spec.dataset()).ifPresent(d -> {
                for (TestCase c : d.cases()) {
                    caseOrder.put(c.id(), caseOrder.size());
                    Object want = c.expected().get("expected");
                    if (want != null) expected.put(c.id(), String.valueOf(want));
                    declaredSplit.put(c.id(), c.split());
                }
            });
        }
        boolean extracts = spec != null && spec.strategy().extractsAnswers();
        boolean vote = spec != null && spec.strategy().type().equals(ExperimentSpec.Strategy.SELF_CONSISTENCY);
        Map<String, List<CallRecord>> cells = new LinkedHashMap<>();
        for (CallRecord c : studio.calls().inRunWithAnswers(runId)) {
            String key = c.promptPath() + "@" + c.promptCommit() + "|" + c.model() + "|" + c.caseId() + "#"
                    + (vote ? 0 : c.sampleIndex());
            cells.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<CaseResult> out = new ArrayList<>();
        for (List<CallRecord> cell : cells.values()) {
            CallRecord first = cell.get(0);
            List<AssertionResult> results = new ArrayList<>();
            CallRecord failed = cell.stream().filter(c -> c.status() != CallStatus.OK).findFirst().orElse(null);
            results.add(failed == null ? new AssertionResult(CALL, true, 1, "the call succeeded")
                    : new AssertionResult(CALL, false, 0, failed.error() == null ? failed.status().id() : failed.error()));
            String want = expected.get(first.caseId());
            if (extracts && want != null) {
                List<String> answers = cell.stream().map(c -> c.texts() == null ? null : c.texts().extractedAnswer()).toList();
                String got = vote ? MajorityVote.of(answers).answer() : answers.get(0);
                boolean right = got != null
                        && AnswerExtractor.normalise(got).equalsIgnoreCase(AnswerExtractor.normalise(want));
                results.add(new AssertionResult(EXPECTED, right, right ? 1 : 0, right ? "answer is '" + want + "'"
                        : "expected '" + want + "', got " + (got == null ? "no answer" : "'" + got + "'")));
            }
            boolean pass = results.stream().allMatch(AssertionResult::pass);
            Long latency = null;
            Integer in = null;
            Integer outTokens = null;
            java.math.BigDecimal cost = java.math.BigDecimal.ZERO;
            for (CallRecord c : cell) {
                if (c.latencyMs() != null) latency = (latency == null ? 0 : latency) + c.latencyMs();
                if (c.tokensIn() != null) in = (in == null ? 0 : in) + c.tokensIn();
                if (c.tokensOut() != null) outTokens = (outTokens == null ? 0 : outTokens) + c.tokensOut();
                // as in RunSummary: a failed call is not billed; a successful one without a price makes it unknown
                if (c.status() == CallStatus.OK) cost = cost == null || c.cost() == null ? null : cost.add(c.cost());
            }
            out.add(new CaseResult(first.id(), first.caseId(), first.promptPath(), first.promptCommit(), first.model(),
                    vote ? 0 : first.sampleIndex(), pass, pass ? 1 : 0, results, latency, in, outTokens, cost,
                    HeldOut.splitOf(first.caseId(), declaredSplit.get(first.caseId()))));
        }
        // Calls are recorded as they finish; reports list cases in the dataset's order.
        Map<String, Integer> groupOrder = new LinkedHashMap<>();
        out.forEach(r -> groupOrder.putIfAbsent(r.promptPath() + "@" + r.promptCommit() + "|" + r.model(), groupOrder.size()));
        out.sort(java.util.Comparator
                .comparing((CaseResult r) -> groupOrder.get(r.promptPath() + "@" + r.promptCommit() + "|" + r.model()))
                .thenComparing(r -> order(caseOrder, r.caseId()))
                .thenComparing(r -> r.caseId() == null ? "" : r.caseId())
                .thenComparing(CaseResult::sample));
        return out;
    }

    /** A case's place: its line in the dataset, or N of an inline {@code input:N}. */
    private static int order(Map<String, Integer> caseOrder, String caseId) {
        if (caseId == null) return Integer.MAX_VALUE;
        Integer i = caseOrder.get(caseId);
        if (i != null) return i;
        return caseId.matches("input:\\d{1,9}") ? Integer.parseInt(caseId.substring(6)) : Integer.MAX_VALUE;
    }

    private ExperimentSpec spec(RunRecord run) {
        if (run.experimentPath() == null) return null;
        try {
            return studio.experiments().read(run.experimentPath());
        } catch (StudioException e) {
            return null; // the file is gone: judge the calls alone
        }
    }
}

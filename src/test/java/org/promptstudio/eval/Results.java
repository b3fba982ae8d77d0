package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.List;

/** Case results made by hand for the scoreboard and comparison tests. */
final class Results {

    private Results() {
    }

    static CaseResult result(long callId, String caseId, String commit, String model, boolean pass, double contains,
                             long latency, String cost) {
        return new CaseResult(callId, caseId, "prompts/answer.prompt", commit, model, 0, pass, pass ? 1 : 0,
                List.of(new AssertionResult("contains", contains >= 0.5, contains, pass ? "ok" : "expected 'refund'")),
                latency, 100L, 20L, cost == null ? null : new BigDecimal(cost), HeldOut.splitOf(caseId, "test"));
    }

    /** An answered case with no assertion: nothing could fail it. */
    static CaseResult unchecked(long callId, String caseId, String commit, String model) {
        return new CaseResult(callId, caseId, "prompts/answer.prompt", commit, model, 0, false, Double.NaN, List.of(),
                10L, 100L, 20L, null, HeldOut.splitOf(caseId, "test"), Verdict.UNCHECKED);
    }
}

package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.List;

/**
 * The evaluation of one recorded call: the call it judged, its cell (prompt version, model, case, sample), every
 * assertion's result, and whether the case passed as a whole (every assertion passed, or the weighted score reached
 * the bar). Latency, tokens and cost come from the call, for scoreboards.
 */
public record CaseResult(long callId, String caseId, String promptPath, String promptCommit, String model, int sample,
                         boolean pass, double score, List<AssertionResult> assertions, Long latencyMs,
                         Integer tokensIn, Integer tokensOut, BigDecimal cost, String split) {

    public CaseResult {
        assertions = List.copyOf(assertions);
    }
}

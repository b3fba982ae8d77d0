package org.promptstudio.experiment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.AnswerText;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;

/**
 * The figures of a run per prompt version x model: calls, failures, mean latency, tokens, cost, and accuracy where
 * answers are extracted and the cases have an {@code expected} value. With self-consistency, accuracy is that of
 * the majority answer of each cell's samples.
 */
public record RunSummary(List<Row> rows) {

    /** One prompt version with one model. {@code accuracy} and {@code cost} are null when unknown. */
    public record Row(String prompt, String commit, String model, int calls, int failures, double meanLatencyMs,
                      long tokensIn, long tokensOut, BigDecimal cost, Integer scored, Double accuracy) {
    }

    /**
     * @param expected the expected answer per case id (only cases that have one)
     * @param vote     whether samples of a cell vote (self-consistency)
     */
    public static RunSummary of(List<CallRecord> calls, Map<String, String> expected, boolean extracts, boolean vote) {
        Map<String, List<CallRecord>> groups = new LinkedHashMap<>();
        for (CallRecord c : calls) {
            groups.computeIfAbsent(c.promptPath() + "@" + c.promptCommit() + "|" + c.model(), k -> new ArrayList<>()).add(c);
        }
        List<Row> rows = new ArrayList<>();
        for (List<CallRecord> group : groups.values()) {
            CallRecord first = group.get(0);
            int failures = 0;
            long latency = 0;
            int timed = 0;
            long in = 0;
            long out = 0;
            BigDecimal cost = BigDecimal.ZERO;
            boolean costKnown = true;
            Map<String, List<String>> answersByCase = new LinkedHashMap<>();
            for (CallRecord c : group) {
                if (c.status() != CallStatus.OK) failures++;
                if (c.latencyMs() != null) {
                    latency += c.latencyMs();
                    timed++;
                }
                if (c.tokensIn() != null) in += c.tokensIn();
                if (c.tokensOut() != null) out += c.tokensOut();
                if (c.status() == CallStatus.OK) {
                    if (c.cost() == null) costKnown = false;
                    else cost = cost.add(c.cost());
                }
                // As answer-equals does: the whole output stands for an answer that was not extracted (a vote
                // counts only extracted answers).
                String answer = c.texts() == null ? null
                        : extracts && (vote || c.texts().extractedAnswer() != null) ? c.texts().extractedAnswer()
                        : c.texts().output();
                answersByCase.computeIfAbsent(c.caseId() + "#" + (vote ? 0 : c.sampleIndex()), k -> new ArrayList<>())
                        .add(answer);
            }
            Integer scored = null;
            Double accuracy = null;
            if (extracts && !expected.isEmpty()) {
                int n = 0;
                int right = 0;
                for (Map.Entry<String, List<String>> e : answersByCase.entrySet()) {
                    String caseId = e.getKey().substring(0, e.getKey().lastIndexOf('#'));
                    String want = expected.get(caseId);
                    if (want == null) continue;
                    String got = vote ? MajorityVote.of(e.getValue()).answer() : e.getValue().get(0);
                    n++;
                    if (AnswerText.same(got, want)) right++;
                }
                if (n > 0) {
                    scored = n;
                    accuracy = (double) right / n;
                }
            }
            rows.add(new Row(first.promptPath(), first.promptCommit(), first.model(), group.size(), failures,
                    timed == 0 ? 0 : (double) latency / timed, in, out, costKnown ? cost : null, scored, accuracy));
        }
        return new RunSummary(rows);
    }
}

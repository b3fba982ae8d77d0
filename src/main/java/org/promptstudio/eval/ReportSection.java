package org.promptstudio.eval;

import java.util.List;
import java.util.Map;

/**
 * What a test report shows of one experiment's run: its scoreboard, every result, and the answers of the calls
 * (by call id) so a failing case can be shown with what the model said.
 */
public record ReportSection(String experiment, long runId, Scoreboard board, List<CaseResult> results,
                            Map<Long, String> answers) {

    public ReportSection {
        results = List.copyOf(results);
        answers = Map.copyOf(answers);
    }

    /** How a report names a prompt version: {@code prompts/answer.prompt@1a2b3c4}. */
    public static String version(String promptPath, String commit) {
        if (commit == null) return promptPath + "@?";
        int plus = commit.indexOf('+');
        String id = plus < 0 ? commit : commit.substring(0, plus);
        return promptPath + "@" + (id.length() > 7 ? id.substring(0, 7) : id) + (plus < 0 ? "" : commit.substring(plus));
    }

    /** How a report names one test case: {@code case-id · model}, with {@code #sample} past the first. */
    public static String caseName(CaseResult r) {
        return r.caseId() + " · " + r.model() + (r.sample() > 0 ? " #" + r.sample() : "");
    }
}

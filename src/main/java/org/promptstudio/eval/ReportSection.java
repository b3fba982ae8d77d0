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

    /**
     * The case's call error without its leading {@code model: } (the case's name already says the model), so a line
     * reads {@code case · model: reason} once, not {@code model: model: reason}; null when the call had no error.
     */
    public static String withoutModel(CaseResult r) {
        String e = r.callError();
        String prefix = r.model() + ": ";
        return e != null && e.startsWith(prefix) ? e.substring(prefix.length()) : e;
    }

    /**
     * How a report names a self-consistency case's vote: {@code vote '42': 3 of 5 answering samples agree (60.0%)},
     * or why there is none; empty for a case that is not a vote.
     */
    public static String vote(CaseResult r) {
        if (!r.voted()) return "";
        String winner = r.samples().stream().filter(SampleAnswer::agreed).map(SampleAnswer::answer).findFirst()
                .orElse(null);
        if (winner == null) return "vote: no answer to vote on (" + r.samples().size() + " sample(s))";
        return String.format(java.util.Locale.ROOT, "vote '%s': %d of %d answering sample(s) agree (%.1f%%)", winner,
                r.votes(), r.voters(), 100 * r.agreement());
    }

    /** How a report lists one sample under its case: {@code #1 '41' call 13 (disagrees)}. */
    public static String sample(SampleAnswer s) {
        return "#" + s.sample() + " " + (s.voted() ? "'" + s.answer() + "'"
                : s.status().equals("ok") ? "no answer extracted" : "no answer (call ended " + s.status() + ")")
                + " call " + s.callId() + (s.agreed() ? " (agrees)" : s.voted() ? " (disagrees)" : "");
    }
}

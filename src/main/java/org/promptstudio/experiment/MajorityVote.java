package org.promptstudio.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Self-consistency's vote: the most frequent extracted answer among the samples; ties go to the answer seen first,
 * so the result is deterministic for a given order. Samples without an answer do not vote.
 */
public final class MajorityVote {

    /** The winning answer, how many votes it got, and how many samples voted at all. */
    public record Result(String answer, int votes, int voters) {
        public double agreement() {
            return voters == 0 ? 0 : (double) votes / voters;
        }
    }

    private MajorityVote() {
    }

    public static Result of(List<String> answers) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String a : answers) {
            if (a != null) counts.merge(a, 1, Integer::sum);
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        int voters = (int) answers.stream().filter(Objects::nonNull).count();
        return new Result(best, bestCount, voters);
    }
}

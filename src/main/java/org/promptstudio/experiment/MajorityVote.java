package org.promptstudio.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.promptstudio.model.AnswerText;

/**
 * Self-consistency's vote: the most frequent extracted answer among the samples; ties go to the answer seen first,
 * so the result is deterministic for a given order. Samples without an answer do not vote. Answers vote by their
 * {@link AnswerText#normalise} form, so {@code 9500}, {@code 9,500} and {@code $9,500} are one answer, as are
 * {@code Paris} and {@code paris.}; the winner is shown as it was first written.
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

    /**
     * @param answers the samples' extracted answers in sample order, null where a sample had none
     * @return the winner (null when no sample answered), its votes and the number of samples that answered
     */
    public static Result of(List<String> answers) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> firstWritten = new LinkedHashMap<>();
        for (String a : answers) {
            if (a == null) continue;
            String key = AnswerText.normalise(a);
            counts.merge(key, 1, Integer::sum);
            firstWritten.putIfAbsent(key, a);
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = firstWritten.get(e.getKey());
                bestCount = e.getValue();
            }
        }
        int voters = (int) answers.stream().filter(Objects::nonNull).count();
        return new Result(best, bestCount, voters);
    }
}

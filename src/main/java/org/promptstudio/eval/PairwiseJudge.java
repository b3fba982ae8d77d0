package org.promptstudio.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A model compares two answers to one question. Judges favour the answer they read first or second, so it asks
 * twice, the second time with the answers swapped, and a side wins only when both orders pick it; any disagreement
 * (or a tie in either order) is a tie. The {@code judge-pairwise} prompt gets {@code question}, {@code answer_a},
 * {@code answer_b} and {@code criteria}, and answers {@code {"winner": "A"|"B"|"tie", "reason": "..."}}.
 */
public final class PairwiseJudge {

    public static final String PROMPT = "judge-pairwise";

    public enum Winner {
        FIRST("wins"), SECOND("loses"), TIE("ties");

        private final String word;

        Winner(String word) {
            this.word = word;
        }

        /** How a stored {@code pairwise} result's reason begins: {@code wins}, {@code loses} or {@code ties}. */
        public String word() {
            return word;
        }
    }

    /**
     * The verdict a stored {@code pairwise} assertion result records, read from its reason ({@code wins against ...}),
     * or null when the result is no verdict: the check failed (no judge model, nothing to compare with, an unusable
     * reply: "cannot evaluate: ..."), stored as a fail with score 0 though no one lost.
     */
    public static Winner storedVerdict(String reason) {
        if (reason == null) return null;
        for (Winner w : Winner.values()) {
            if (reason.startsWith(w.word() + " against ")) return w;
        }
        return null;
    }

    /** Who won, why (the judge's reasons in both orders), and what each order said (A, B or tie). */
    public record Verdict(Winner winner, String reason, String firstOrder, String swappedOrder) {

        /** 1 when the first answer won, 0.5 for a tie, 0 when the second won. */
        public double scoreOfFirst() {
            return winner == Winner.FIRST ? 1 : winner == Winner.TIE ? 0.5 : 0;
        }
    }

    private final JudgeModels judges;

    public PairwiseJudge(JudgeModels judges) {
        this.judges = judges;
    }

    /** Compares {@code first} with {@code second}. */
    public Verdict compare(String question, String first, String second, String criteria, String judgeId) {
        Choice one = ask(question, first, second, criteria, judgeId);
        Choice two = ask(question, second, first, criteria, judgeId);
        Winner w;
        if (one.pick.equals("A") && two.pick.equals("B")) w = Winner.FIRST;
        else if (one.pick.equals("B") && two.pick.equals("A")) w = Winner.SECOND;
        else w = Winner.TIE;
        String why = switch (w) {
            case FIRST -> "first answer preferred in both orders";
            case SECOND -> "second answer preferred in both orders";
            case TIE -> one.pick.equals("tie") && two.pick.equals("tie") ? "judged a tie"
                    : "tie: the orders disagree (" + one.pick + " as shown, " + two.pick + " swapped)";
        };
        return new Verdict(w, why + ": " + one.reason + " / " + two.reason, one.pick, two.pick);
    }

    private record Choice(String pick, String reason) {
    }

    private Choice ask(String question, String a, String b, String criteria, String judgeId) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("question", question);
        input.put("answer_a", a);
        input.put("answer_b", b);
        input.put("criteria", criteria == null ? "Which answer is more correct, complete and helpful?" : criteria);
        return parse(judges.ask(PROMPT, input, judgeId));
    }

    static Choice parse(String reply) {
        JsonNode o = JudgeReplies.firstObject(reply).orElseThrow(() -> new EvalException(
                "the pairwise judge's reply has no JSON object: " + JudgeReplies.oneLine(reply)));
        String w = o.hasNonNull("winner") ? o.get("winner").asText().strip().toUpperCase(Locale.ROOT) : "";
        String pick = switch (w) {
            case "A", "ANSWER A", "ANSWER_A" -> "A";
            case "B", "ANSWER B", "ANSWER_B" -> "B";
            case "TIE", "DRAW", "EQUAL", "NONE" -> "tie";
            default -> throw new EvalException("the pairwise judge's 'winner' must be A, B or tie: "
                    + JudgeReplies.oneLine(o.toString()));
        };
        return new Choice(pick, o.hasNonNull("reason") ? o.get("reason").asText() : "(no reason)");
    }
}

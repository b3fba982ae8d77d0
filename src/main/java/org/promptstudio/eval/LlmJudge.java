package org.promptstudio.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model grades an answer against a rubric: renders the {@code judge-rubric} prompt with {@code question} (also
 * given as {@code input}), {@code answer}, {@code rubric} and {@code expected}, asks the judge model, and reads
 * {@code {"score": ..., "reason": "..."}} from the first JSON object in its reply. A score in 0..1 is kept; one in
 * (1, 5] is read as a 1-to-5 rating and mapped to (score - 1) / 4; an optional {@code "pass"} boolean is reported.
 */
public final class LlmJudge {

    public static final String PROMPT = "judge-rubric";

    /** A judge's verdict: score in [0, 1], its reason, and its own pass/fail when it gave one. */
    public record Grade(double score, String reason, Boolean pass) {
    }

    private final JudgeModels judges;

    public LlmJudge(JudgeModels judges) {
        this.judges = judges;
    }

    public Grade grade(String question, String answer, String rubric, String expected, String judgeId) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("question", question);
        input.put("input", question);
        input.put("answer", answer);
        input.put("rubric", rubric);
        if (expected != null) input.put("expected", expected);
        return parse(judges.ask(PROMPT, input, judgeId));
    }

    /** Reads a judge's reply; an {@link EvalException} says what was wrong with it. */
    static Grade parse(String reply) {
        JsonNode o = JudgeReplies.firstObject(reply).orElseThrow(() -> new EvalException(
                "the judge's reply has no JSON object: " + JudgeReplies.oneLine(reply)));
        JsonNode s = o.get("score");
        if (s == null || !(s.isNumber() || s.isTextual() && Specs.asNumber(s.asText()) != null)) {
            throw new EvalException("the judge's reply has no numeric 'score': " + JudgeReplies.oneLine(o.toString()));
        }
        double raw = s.isNumber() ? s.asDouble() : Specs.asNumber(s.asText());
        double score;
        if (raw >= 0 && raw <= 1) score = raw;
        else if (raw > 1 && raw <= 5) score = (raw - 1) / 4;
        else throw new EvalException("the judge's score " + raw + " is outside 0..1 and 1..5");
        String reason = o.hasNonNull("reason") ? o.get("reason").asText() : "(the judge gave no reason)";
        Boolean pass = o.has("pass") && o.get("pass").isBoolean() ? o.get("pass").asBoolean() : null;
        return new Grade(score, reason, pass);
    }
}

package org.promptstudio.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.model.AnswerText;

/**
 * Pulls the final answer out of a chain-of-thought response, kept apart from the reasoning: by a regex whose first
 * group is the answer (the last match wins, as the answer comes at the end), by a JSON field, or else the answer in
 * the last {@code \boxed{}} or the last number of the text. Numbers are read and written by {@link AnswerText}
 * ({@code 1,234.50}, {@code $\boxed{1{,}234.5}$} and {@code 1 234.50} with a thin space all become
 * {@code 1234.5}), the same rule the evaluator compares answers with (docs/decisions/0021).
 */
public final class AnswerExtractor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pattern pattern;
    private final String field;

    public AnswerExtractor(String answerPattern, String answerField) {
        this.pattern = answerPattern == null ? null : Pattern.compile(answerPattern, Pattern.MULTILINE);
        this.field = answerField;
    }

    /**
     * The answer in {@link AnswerText#canonical} form (a number written canonically, else the text trimmed), or null
     * when none can be found. Without a pattern or field: the number in the last {@code \boxed{}} (its text when it
     * holds no number), else the last number of the text.
     */
    public String extract(String text) {
        if (text == null || text.isBlank()) return null;
        if (pattern != null) {
            Matcher m = pattern.matcher(text);
            String last = null;
            while (m.find()) last = m.groupCount() >= 1 ? m.group(1) : m.group();
            return last == null || last.isBlank() ? null : AnswerText.canonical(last);
        }
        if (field != null) {
            return fromJson(text);
        }
        AnswerText.Reading number = AnswerText.readLast(text);
        if (number != null) return number.text();
        String boxed = AnswerText.boxed(text);
        return boxed == null || boxed.isBlank() ? null : AnswerText.canonical(boxed);
    }

    private String fromJson(String text) {
        String body = text.strip();
        int start = body.indexOf('{');
        int end = body.lastIndexOf('}');
        if (start < 0 || end < start) return null;
        try {
            JsonNode node = JSON.readTree(body.substring(start, end + 1));
            for (String part : field.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            if (node == null || node.isNull()) return null;
            return AnswerText.canonical(node.isValueNode() ? node.asText() : node.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}

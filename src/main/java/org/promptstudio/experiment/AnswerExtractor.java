package org.promptstudio.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the final answer out of a chain-of-thought response, kept apart from the reasoning: by a regex whose first
 * group is the answer (the last match wins, as the answer comes at the end), by a JSON field, or else the last
 * number in the text. Numbers are normalised ({@code 1,234.50} becomes {@code 1234.5}) so votes and comparisons
 * agree.
 */
public final class AnswerExtractor {

    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pattern pattern;
    private final String field;

    public AnswerExtractor(String answerPattern, String answerField) {
        this.pattern = answerPattern == null ? null : Pattern.compile(answerPattern, Pattern.MULTILINE);
        this.field = answerField;
    }

    /** The answer, or null when none can be found. */
    public String extract(String text) {
        if (text == null || text.isBlank()) return null;
        if (pattern != null) {
            Matcher m = pattern.matcher(text);
            String last = null;
            while (m.find()) last = m.groupCount() >= 1 ? m.group(1) : m.group();
            return last == null ? null : normalise(last);
        }
        if (field != null) {
            return fromJson(text);
        }
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) last = m.group();
        return last == null ? null : normalise(last);
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
            return normalise(node.isValueNode() ? node.asText() : node.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** Trims, and writes numbers canonically: no thousands separators, no trailing zeros. */
    public static String normalise(String answer) {
        String a = answer.strip();
        String candidate = a.replace(",", "");
        if (candidate.endsWith(".")) candidate = candidate.substring(0, candidate.length() - 1);
        if (candidate.matches("-?\\d+(\\.\\d+)?|-?\\.\\d+")) {
            BigDecimal d = new BigDecimal(candidate).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
        return a;
    }
}

package org.promptstudio.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.ToDoubleFunction;
import org.promptstudio.model.CallTexts;

/**
 * What the dashboards measure on one call's texts, once, when it is recorded: {@code charsIn}, the characters
 * (Unicode code points) of the text parts of the rendered messages; {@code charsOut}, those of the answer (null
 * without one); {@code sentiment}, the sentiment (-1..1) of the last user message, null when there is none or no
 * sentiment function. All null for a call recorded without texts.
 */
public record CallMeasures(Long charsIn, Long charsOut, Double sentiment) {

    /** Nothing measured. */
    public static final CallMeasures NONE = new CallMeasures(null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Measures {@code texts} (null: {@link #NONE}); {@code sentiment} (null: none) scores the last user message's
     * text, clamped to -1..1. Messages that are not JSON count as their raw text and have no user message.
     */
    public static CallMeasures of(CallTexts texts, ToDoubleFunction<String> sentiment) {
        if (texts == null) return NONE;
        Long out = texts.output() == null ? null : (long) codePoints(texts.output());
        long in = 0;
        String lastUser = null;
        try {
            JsonNode messages = JSON.readTree(texts.messagesJson());
            if (messages != null && messages.isArray()) {
                for (JsonNode m : messages) {
                    String text = text(m.get("content"));
                    in += codePoints(text);
                    if ("user".equals(m.path("role").asText())) lastUser = text;
                }
            } else {
                in = codePoints(texts.messagesJson());
            }
        } catch (java.io.IOException e) {
            in = codePoints(texts.messagesJson());
        }
        Double score = null;
        if (sentiment != null && lastUser != null && !lastUser.isBlank()) {
            double s = sentiment.applyAsDouble(lastUser);
            if (!Double.isNaN(s)) score = Math.max(-1, Math.min(1, s));
        }
        return new CallMeasures(in, out, score);
    }

    /** The text of a message's content: a string, or its text parts joined by line breaks. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        StringBuilder b = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                JsonNode t = part.get("text");
                if (t != null && t.isTextual()) {
                    if (b.length() > 0) b.append('\n');
                    b.append(t.asText());
                }
            }
        }
        return b.toString();
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }
}

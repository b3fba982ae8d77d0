package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.template.JsonValues;

/**
 * An answer that is JSON (structured output, decision 0086), shown formatted: the whole answer, or the inside of the
 * one Markdown code fence it is wrapped in (as the {@code json-schema} check reads it), pretty-printed with two-space
 * indentation as {@code JSON.stringify(v, null, 2)} writes it, key order kept.
 */
public final class JsonAnswer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern FENCE = Pattern.compile("^```[\\w-]*\\s*\\n(.*?)\\n?```$", Pattern.DOTALL);

    private JsonAnswer() {
    }

    /** The answer formatted, when it is one JSON object or array; empty for anything else (prose, a bare number). */
    public static Optional<String> pretty(String answer) {
        if (answer == null || answer.isBlank()) return Optional.empty();
        String text = answer.strip();
        Matcher m = FENCE.matcher(text);
        if (m.matches()) text = m.group(1).strip();
        if (!(text.startsWith("{") || text.startsWith("["))) return Optional.empty();
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isContainerNode()) return Optional.empty();
            return Optional.of(JsonValues.toPrettyJson(JSON.convertValue(node, Object.class)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}

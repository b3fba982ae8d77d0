package org.promptstudio.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** JSON for the wire formats: one mapper, strict parsing with errors that name the model and the URL. */
final class WireJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private WireJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Puts each entry of {@code values} into {@code target} as JSON, replacing what is there. */
    static void putAll(ObjectNode target, Map<String, Object> values) {
        values.forEach((k, v) -> target.set(k, MAPPER.valueToTree(v)));
    }

    /** The body as a JSON object, or a non-retryable "malformed response" error naming the model and the URL. */
    static JsonNode parse(WireCall call, String body) {
        JsonNode json = tryParse(body);
        if (json == null || !json.isObject()) throw malformed(call, "not a JSON object", body);
        return json;
    }

    /** One streamed event or line as a JSON object, or a "malformed stream" error. */
    static JsonNode parseEvent(WireCall call, String data) {
        JsonNode json = tryParse(data);
        if (json == null || !json.isObject()) {
            throw new ProviderException(call.modelId() + ": malformed stream from " + call.shownUrl()
                    + ": not a JSON object: '" + snippet(data) + "'", false, -1, 0, null);
        }
        return json;
    }

    static JsonNode tryParse(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static ProviderException malformed(WireCall call, String what, String body) {
        String shown = body == null || body.isBlank() ? "empty body" : "'" + snippet(body) + "'";
        return new ProviderException(call.redactor().clean(call.modelId() + ": malformed response from "
                + call.shownUrl() + ": " + what + " (" + shown + ")"), false, -1, 0, null);
    }

    static String snippet(String s) {
        String one = ErrorBodies.visible(s.replaceAll("\\s+", " ").strip());
        return one.length() <= 60 ? one : one.substring(0, 60) + "...";
    }
}

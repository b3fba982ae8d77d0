package org.promptstudio.provider;

import com.fasterxml.jackson.databind.JsonNode;

/** The provider's own words from an error body, on one short line. */
final class ErrorBodies {

    private static final int MAX = 300;

    private ErrorBodies() {
    }

    /**
     * {@code error.message} (OpenAI, Anthropic, Gemini), {@code error} as a string (Ollama), {@code message}, or the
     * start of a body that is not JSON; empty for an empty body.
     */
    static String detail(String body) {
        if (body == null || body.isBlank()) return "";
        JsonNode json = WireJson.tryParse(body);
        String text = null;
        if (json != null) {
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                text = error.asText();
            } else if (error.path("message").isTextual()) {
                text = error.path("message").asText();
            } else if (json.path("message").isTextual()) {
                text = json.path("message").asText();
            } else if (json.isArray() && json.size() > 0) {
                return detail(json.get(0).toString());
            }
        }
        if (text == null) text = body;
        return shorten(text);
    }

    static String shorten(String text) {
        String s = text.replaceAll("\\s+", " ").strip();
        return s.length() <= MAX ? s : s.substring(0, MAX) + "...";
    }
}

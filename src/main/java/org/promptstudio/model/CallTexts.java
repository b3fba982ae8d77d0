package org.promptstudio.model;

/**
 * The large texts of one model call, kept apart from its figures: the full rendered messages as JSON (roles and
 * parts, as {@code studio render} prints them), the output text, the few-shot examples used (JSON, may be null) and
 * the answer extracted from the output (may be null).
 */
public record CallTexts(String messagesJson, String output, String examplesJson, String extractedAnswer) {

    public CallTexts {
        if (messagesJson == null) throw new IllegalArgumentException("messagesJson is null");
    }
}

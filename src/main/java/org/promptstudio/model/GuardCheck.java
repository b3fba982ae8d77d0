package org.promptstudio.model;

import java.util.Locale;

/**
 * A guardrail the studio runs on every model call (issue 15, decision 0143): personal data ({@code pii}, the same
 * detectors as document redaction), prompt-injection patterns in user input ({@code injection}), the workspace's
 * blocklist ({@code blocklist}), JSON and schema validity of an answer whose prompt declares an output schema
 * ({@code schema}), and the provider's own safety flags ({@code provider}: a {@code content_filter} or
 * {@code refusal} finish reason).
 */
public enum GuardCheck {
    PII,
    INJECTION,
    BLOCKLIST,
    SCHEMA,
    PROVIDER;

    /** The lower-case name, as stored, configured ({@code guard.<id>} in {@code studio.yaml}) and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The check named {@code id} (any case). @throws IllegalArgumentException for an unknown name */
    public static GuardCheck of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

package org.promptstudio.model;

import java.util.Locale;

/**
 * How a model call ended: with an answer, with an error, cancelled by the user, or stopped by a guardrail set to
 * block ({@code blocked}: an input finding means the request was never sent; an output finding means the answer is
 * kept for audit but is not an answer; the call's error says which check and why, decision 0143).
 */
public enum CallStatus {
    OK,
    ERROR,
    CANCELLED,
    BLOCKED;

    /** The lower-case name, as stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

package org.promptstudio.model;

import java.util.Locale;

/** How a model call ended: with an answer, with an error, or cancelled by the user. */
public enum CallStatus {
    OK,
    ERROR,
    CANCELLED;

    /** The lower-case name, as stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

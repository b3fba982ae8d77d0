package org.promptstudio.model;

import java.util.Locale;

/**
 * What a guardrail does when it finds something: nothing ({@code off}, the check does not run), record a warning
 * with the call ({@code warn}; the call goes on), or stop the call ({@code block}: an input finding means the request
 * is never sent; an output finding means the answer is recorded for audit but never shown as an answer).
 */
public enum GuardAction {
    OFF,
    WARN,
    BLOCK;

    /** The lower-case name, as stored, configured and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named {@code id} (any case). @throws IllegalArgumentException for an unknown name */
    public static GuardAction of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

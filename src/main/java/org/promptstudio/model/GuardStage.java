package org.promptstudio.model;

import java.util.Locale;

/** Where a guardrail looked: the request about to be sent ({@code input}) or the model's answer ({@code output}). */
public enum GuardStage {
    INPUT,
    OUTPUT;

    /** The lower-case name, as stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage named {@code id} (any case). @throws IllegalArgumentException for an unknown name */
    public static GuardStage of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

package org.promptstudio.model;

import java.util.Locale;

/** What one item of a labelling queue holds: one call, a pair of calls on the same input, or all calls on one input. */
public enum LabelItemKind {
    SINGLE, PAIR, RANKING;

    /** As stored: {@code single}, {@code pair}, {@code ranking}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind stored as {@code id}. */
    public static LabelItemKind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

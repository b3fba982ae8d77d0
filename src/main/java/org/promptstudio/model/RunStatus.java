package org.promptstudio.model;

import java.util.Locale;

/**
 * Where a run stands. A run left {@code RUNNING} by a crash stays so until something finishes it. {@code
 * BUDGET_REACHED}: its budget cap (money or calls) refused a call and the run stopped there; like a cancelled run it
 * can be resumed (stored as {@code budget_reached}, decision 0075).
 */
public enum RunStatus {
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED,
    BUDGET_REACHED;

    /** The lower-case name, as stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

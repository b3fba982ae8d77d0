package org.promptstudio.model;

import java.util.Locale;

/** Where a run stands. A run left {@code RUNNING} by a crash stays so until something finishes it. */
public enum RunStatus {
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    /** The lower-case name, as stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

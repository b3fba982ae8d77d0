package org.promptstudio.model;

import java.util.Locale;

/** What started a run: an experiment spec, or a session in the playground. */
public enum RunKind {
    EXPERIMENT,
    PLAYGROUND;

    /** The lower-case name, as stored and shown. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunKind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

package org.promptstudio.monitor;

import java.time.Duration;
import java.util.Locale;

/** The width of a dashboard's time bucket: a UTC hour or a UTC day. */
public enum Grain {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration width;

    Grain(Duration width) {
        this.width = width;
    }

    /** How long one bucket is. */
    public Duration width() {
        return width;
    }

    /** The lower-case name ({@code hour}, {@code day}), as the command line takes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The grain named {@code id} (any case). @throws IllegalArgumentException for an unknown name */
    public static Grain of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

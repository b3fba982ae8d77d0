package org.promptstudio.monitor;

/** Two sides compared over the same period and filters ({@code base}): side {@code a} against side {@code b}. */
public record AbRequest(MonitorRequest base, AbSide a, AbSide b) {

    public AbRequest {
        if (base == null || a == null || b == null) throw new IllegalArgumentException("base, a and b are required");
    }
}

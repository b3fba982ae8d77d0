package org.promptstudio.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One experiment run or playground session, the group its model calls belong to. {@code id} is null until stored;
 * times are kept to the microsecond, as the database keeps them; {@code settingsJson} is the run's settings as the
 * runner wrote them (JSON text, may be null).
 */
public record RunRecord(Long id, RunKind kind, String name, String experimentPath, Instant startedAt,
        Instant finishedAt, RunStatus status, String settingsJson) {

    public RunRecord {
        if (kind == null) throw new IllegalArgumentException("kind is null");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name is empty");
        if (startedAt == null) throw new IllegalArgumentException("startedAt is null");
        if (status == null) throw new IllegalArgumentException("status is null");
        startedAt = startedAt.truncatedTo(ChronoUnit.MICROS);
        finishedAt = finishedAt == null ? null : finishedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** A run that starts now. */
    public static RunRecord started(RunKind kind, String name, String experimentPath, String settingsJson) {
        return new RunRecord(null, kind, name, experimentPath, Instant.now(), null, RunStatus.RUNNING, settingsJson);
    }

    public RunRecord withId(long newId) {
        return new RunRecord(newId, kind, name, experimentPath, startedAt, finishedAt, status, settingsJson);
    }
}

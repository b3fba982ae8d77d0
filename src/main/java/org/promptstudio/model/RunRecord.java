package org.promptstudio.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One experiment run or playground session, the group its model calls belong to. {@code id} is null until stored;
 * times are kept to the microsecond, as the database keeps them; {@code settingsJson} is the run's settings as the
 * runner wrote them (JSON text, may be null); {@code owner} is the process that started it, {@code PID@HOST} (null for
 * runs recorded before the studio kept it): a run still {@code RUNNING} whose process is gone was interrupted.
 */
public record RunRecord(Long id, RunKind kind, String name, String experimentPath, Instant startedAt,
        Instant finishedAt, RunStatus status, String settingsJson, String owner) {

    public RunRecord {
        if (kind == null) throw new IllegalArgumentException("kind is null");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name is empty");
        if (startedAt == null) throw new IllegalArgumentException("startedAt is null");
        if (status == null) throw new IllegalArgumentException("status is null");
        startedAt = startedAt.truncatedTo(ChronoUnit.MICROS);
        finishedAt = finishedAt == null ? null : finishedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** A run with no known owner (as recorded before the studio kept it). */
    public RunRecord(Long id, RunKind kind, String name, String experimentPath, Instant startedAt, Instant finishedAt,
            RunStatus status, String settingsJson) {
        this(id, kind, name, experimentPath, startedAt, finishedAt, status, settingsJson, null);
    }

    /** A run that starts now, owned by this process. */
    public static RunRecord started(RunKind kind, String name, String experimentPath, String settingsJson) {
        return new RunRecord(null, kind, name, experimentPath, Instant.now(), null, RunStatus.RUNNING, settingsJson,
                currentProcess());
    }

    public RunRecord withId(long newId) {
        return new RunRecord(newId, kind, name, experimentPath, startedAt, finishedAt, status, settingsJson, owner);
    }

    /** This process as an owner: {@code PID@HOST}, the host as the machine names itself ("localhost" if it cannot). */
    public static String currentProcess() {
        return ProcessHandle.current().pid() + "@" + hostName();
    }

    /** The name this machine gives itself, or "localhost" when it cannot be read. */
    public static String hostName() {
        return Host.NAME;
    }

    /** Looked up once: a name lookup may be slow where the network is not set up. */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            // The kernel's own name first: no lookup, so every process on this machine gets the same answer even
            // where name resolution is slow or broken (a lookup that fails in one process would say "localhost").
            try {
                java.nio.file.Path kernel = java.nio.file.Path.of("/proc/sys/kernel/hostname");
                if (java.nio.file.Files.isReadable(kernel)) {
                    String name = java.nio.file.Files.readString(kernel).strip();
                    if (!name.isEmpty()) return name;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // fall through to the lookup
            }
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "localhost";
            }
        }
    }
}

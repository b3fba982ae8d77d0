package org.promptstudio.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One assertion's result on one recorded call, as stored: the call and its run, the assertion type, pass/fail,
 * score in [0, 1], the reason, the assertion's weight, when it was judged, and the pass score the evaluation used
 * ({@code studio eval --pass-score}; null for "every weighted assertion must pass"). {@code id} is null until stored.
 * A row of type {@value #NO_CHECK} (weight 0) is no assertion's result: it records that an answered call was judged
 * with no assertion, so the call reads back as unchecked rather than as never judged (decision 0100).
 */
public record EvalRecord(Long id, long callId, Long runId, String type, boolean pass, double score, String reason,
                         double weight, Instant createdAt, Double passScore) {

    /** The type of the row that says a call was judged with no assertion at all. */
    public static final String NO_CHECK = "(no check)";

    public EvalRecord {
        if (type == null || type.isBlank()) throw new IllegalArgumentException("assertion type is empty");
        if (createdAt == null) throw new IllegalArgumentException("createdAt is null");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** A result stored with no pass score ("every weighted assertion must pass"). */
    public EvalRecord(Long id, long callId, Long runId, String type, boolean pass, double score, String reason,
                      double weight, Instant createdAt) {
        this(id, callId, runId, type, pass, score, reason, weight, createdAt, null);
    }

    /** The row that records call {@code callId} of run {@code runId} as judged with no assertion. */
    public static EvalRecord noCheck(long callId, Long runId, Instant createdAt, Double passScore) {
        return new EvalRecord(null, callId, runId, NO_CHECK, false, 0, "no assertion declared", 0, createdAt, passScore);
    }

    /** Whether this row is a {@link #noCheck} marker, not an assertion's result. */
    public boolean isNoCheck() {
        return NO_CHECK.equals(type);
    }
}

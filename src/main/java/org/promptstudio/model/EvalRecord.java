package org.promptstudio.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One assertion's result on one recorded call, as stored: the call and its run, the assertion type, pass/fail,
 * score in [0, 1], the reason, the assertion's weight, and when it was judged. {@code id} is null until stored.
 */
public record EvalRecord(Long id, long callId, Long runId, String type, boolean pass, double score, String reason,
                         double weight, Instant createdAt) {

    public EvalRecord {
        if (type == null || type.isBlank()) throw new IllegalArgumentException("assertion type is empty");
        if (createdAt == null) throw new IllegalArgumentException("createdAt is null");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }
}

package org.promptstudio.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One label as stored in the {@code labels} table: who said what about which call, in which schema version, written
 * the moment it was submitted. {@code id} is null until stored.
 *
 * @param itemId        the queue item it was given in; null for a label from the compare grid or an import
 * @param callId        the call labelled (for a pair or ranking: the item's first call, slot 0)
 * @param callIdB       the second call of a pair (slot 1); null otherwise
 * @param schemaVersion {@link LabelSchema#version()} when it was given
 * @param annotator     who gave it
 * @param isFinal       an adjudicator's decision, which wins over the other labels of the item
 * @param createdAt     when it was given, kept to the microsecond
 */
public record LabelRecord(Long id, Long itemId, long callId, Long callIdB, String schemaName, String schemaVersion,
                          String annotator, LabelValue value, boolean isFinal, Instant createdAt) {

    public LabelRecord {
        if (schemaName == null || schemaName.isBlank()) throw new IllegalArgumentException("schema name is empty");
        if (schemaVersion == null || schemaVersion.isBlank()) throw new IllegalArgumentException("schema version is empty");
        if (annotator == null || annotator.isBlank()) throw new IllegalArgumentException("annotator is empty");
        if (value == null) throw new IllegalArgumentException("value is null");
        if (createdAt == null) throw new IllegalArgumentException("createdAt is null");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** This label with its stored id. */
    public LabelRecord withId(long newId) {
        return new LabelRecord(newId, itemId, callId, callIdB, schemaName, schemaVersion, annotator, value, isFinal,
                createdAt);
    }
}

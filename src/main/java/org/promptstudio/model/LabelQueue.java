package org.promptstudio.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A labelling queue as stored in {@code label_queues}: its items ask {@code overlap} annotators each for a label of
 * one schema. {@code id} is null until stored.
 *
 * @param schemaVersion the schema's {@link LabelSchema#version()} when the queue was made
 * @param overlap       how many different annotators label each item (k, at least 1)
 * @param blind         model and prompt names hidden, the order of a pair's answers shuffled (and recorded)
 * @param seed          the seed of the random sample and of the blind order
 * @param filterText    the filters as the user gave them, for display
 * @param createdBy     who made it
 */
public record LabelQueue(Long id, String name, String schemaName, String schemaVersion, LabelItemKind itemKind,
                         int overlap, boolean blind, long seed, String filterText, Instant createdAt, String createdBy) {

    public LabelQueue {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("queue name is empty");
        if (overlap < 1) throw new IllegalArgumentException("overlap must be at least 1, not " + overlap);
        if (itemKind == null) throw new IllegalArgumentException("item kind is null");
        if (createdAt == null) throw new IllegalArgumentException("createdAt is null");
        filterText = filterText == null ? "" : filterText;
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    public LabelQueue withId(long newId) {
        return new LabelQueue(newId, name, schemaName, schemaVersion, itemKind, overlap, blind, seed, filterText,
                createdAt, createdBy);
    }
}

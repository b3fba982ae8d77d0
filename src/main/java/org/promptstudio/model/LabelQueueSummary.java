package org.promptstudio.model;

import java.time.Instant;

/**
 * A labelling queue with its figures, as the queue list shows it.
 *
 * @param items         items in the queue
 * @param itemsComplete items with {@code overlap} labels from different annotators
 * @param labels        labels given in the queue (the annotators' own; an adjudicator's decision is not counted)
 * @param labelsWanted  items times overlap
 */
public record LabelQueueSummary(String name, String schema, String schemaVersion, LabelItemKind itemKind, int overlap,
                                boolean blind, long seed, String filterText, int items, int itemsComplete, int labels,
                                int labelsWanted, Instant createdAt, String createdBy) {
}

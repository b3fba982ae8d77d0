package org.promptstudio.labelling.export;

import java.time.Instant;

/**
 * One stored label as a row of the labels CSV.
 *
 * @param callId        the labelled call (slot A of a pair)
 * @param callIdB       slot B of a pairwise label, else null
 * @param itemId        the queue item, null for a label from the grid or an import
 * @param queue         the queue's name, null when there is no item
 * @param schema        the schema's name
 * @param schemaVersion the schema's version (12 hex digits)
 * @param annotator     who labelled
 * @param valueJson     the value as stored
 * @param isFinal       an adjudicator's decision
 * @param createdAt     when it was submitted
 * @param model         the labelled call's model
 * @param promptPath    the labelled call's template, may be null
 * @param promptCommit  that template's commit, may be null
 */
public record LabelRow(long callId, Long callIdB, Long itemId, String queue, String schema, String schemaVersion,
                       String annotator, String valueJson, boolean isFinal, Instant createdAt, String model,
                       String promptPath, String promptCommit) {
}

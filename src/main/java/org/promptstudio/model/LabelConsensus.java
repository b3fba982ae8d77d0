package org.promptstudio.model;

import java.util.List;

/**
 * What the labels of one unit (a queue item, or a call outside queues) say together, in one schema: an adjudicator's
 * final label wins; else the value all annotators agree on; else the unit is in disagreement (no value; left out of
 * exports until adjudicated). Each annotator counts with their latest label.
 *
 * @param itemId   the queue item, or null for labels given outside queues (grid, import)
 * @param position the item's place in its queue (1 first), null outside queues
 * @param state  how the value was reached
 * @param value  the agreed or decided value; null in disagreement
 * @param labels the labels considered (each annotator's latest, and the final one when there is one)
 */
public record LabelConsensus(Long itemId, Integer position, long callId, Long callIdB, String schema, State state, LabelValue value,
                             List<LabelRecord> labels) {

    public LabelConsensus {
        labels = List.copyOf(labels);
    }

    /** How a consensus was reached. */
    public enum State {
        /** An adjudicator decided. */
        FINAL,
        /** Every annotator gave the same value (also when there is one annotator). */
        UNANIMOUS,
        /** The annotators differ and no one has decided. */
        DISAGREEMENT
    }

    /** Whether the unit has a value to use (not in disagreement). */
    public boolean settled() {
        return state != State.DISAGREEMENT;
    }
}

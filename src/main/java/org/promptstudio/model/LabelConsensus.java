package org.promptstudio.model;

import java.util.List;

/**
 * What the labels of one unit (a queue item, or a call outside queues) say together, in one schema: an adjudicator's
 * final label wins; else the value all annotators agree on, once a queue item has its queue's overlap k of them
 * (outside queues one label is enough); else the unit is incomplete (agreeing so far, fewer than k annotators) or in
 * disagreement: no value, left out of exports, the few-shot pool and calibration. Each annotator counts with their
 * latest label.
 *
 * @param itemId   the queue item, or null for labels given outside queues (grid, import)
 * @param position the item's place in its queue (1 first), null outside queues
 * @param state  how the value was reached
 * @param value  the agreed or decided value; null when incomplete or in disagreement
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
        /**
         * Every annotator gave the same value, and there are at least the queue's overlap k of them (outside queues:
         * also when there is one annotator).
         */
        UNANIMOUS,
        /** A queue item whose annotators agree so far but are fewer than the queue's overlap k: not settled yet. */
        INCOMPLETE,
        /** The annotators differ and no one has decided. */
        DISAGREEMENT
    }

    /** Whether the unit has a value to use: decided, or unanimous with its k labels (neither incomplete nor split). */
    public boolean settled() {
        return state == State.FINAL || state == State.UNANIMOUS;
    }
}

package org.promptstudio.labelling.export;

import java.util.List;
import java.util.TreeSet;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;

/**
 * What the annotators of one call (or one pair of calls) settled on in one label schema, as the export reads it.
 *
 * @param schema     the schema's name ({@code helpfulness})
 * @param type       the schema's type: {@code rating}, {@code thumbs}, {@code category}, {@code categories},
 *                   {@code correction}, {@code pairwise}, {@code ranking} or {@code comment}
 * @param status     whether the labels agree, an adjudicator decided, a queue item still waits for labels, or they
 *                   are in disagreement
 * @param valueJson  the settled value as the label stores it ({@code {"rating":4}}); null when not settled
 * @param annotators who gave the labels considered, sorted, no repeats (for provenance; may be empty)
 * @param versions   the schema versions those labels record (12 hex digits each), sorted, no repeats (may be empty)
 */
public record ConsensusLabel(String schema, String type, Status status, String valueJson, List<String> annotators,
                             List<String> versions) {

    /** How a label value was settled. */
    public enum Status {
        /** Every annotator gave the same value. */
        AGREED,
        /** An adjudicator's final label decided it. */
        ADJUDICATED,
        /** A queue item with fewer than its queue's k labels, agreeing so far: no export uses it yet. */
        INCOMPLETE,
        /** The annotators differ and nobody adjudicated yet: no export uses it. */
        DISAGREED
    }

    public ConsensusLabel {
        if (schema == null || schema.isBlank()) throw new IllegalArgumentException("schema is empty");
        if (type == null || type.isBlank()) throw new IllegalArgumentException("type is empty");
        if (status == null) throw new IllegalArgumentException("status is null");
        if ((status == Status.AGREED || status == Status.ADJUDICATED) && valueJson == null) {
            throw new IllegalArgumentException("valueJson is null");
        }
        annotators = annotators == null ? List.of() : List.copyOf(annotators);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** A consensus with no annotators or versions recorded (tests, hand-made inputs). */
    public ConsensusLabel(String schema, String type, Status status, String valueJson) {
        this(schema, type, status, valueJson, List.of(), List.of());
    }

    /** A value every annotator gave. */
    public static ConsensusLabel agreed(String schema, String type, String valueJson) {
        return new ConsensusLabel(schema, type, Status.AGREED, valueJson);
    }

    /** Labels that differ, not adjudicated. */
    public static ConsensusLabel disagreed(String schema, String type) {
        return new ConsensusLabel(schema, type, Status.DISAGREED, null);
    }

    /** A queue item still waiting for labels. */
    public static ConsensusLabel incomplete(String schema, String type) {
        return new ConsensusLabel(schema, type, Status.INCOMPLETE, null);
    }

    /**
     * What several units say together about one call (or pair) in one schema: the same call can be an item of two
     * queues and be rated in the grid too. Adjudicated units win when their values agree; else every unit must be
     * settled and agree ({@link LabelValue#agreesWith}). Units that differ, or one in disagreement, are in
     * disagreement; else a unit still waiting for its queue's labels makes the whole incomplete.
     *
     * @param units the consensus of each unit ({@code labelling.Consensus}), not empty, all of schema {@code schema}
     */
    public static ConsensusLabel of(String schema, String type, List<LabelConsensus> units) {
        if (units.isEmpty()) throw new IllegalArgumentException("no units");
        TreeSet<String> annotators = new TreeSet<>();
        TreeSet<String> versions = new TreeSet<>();
        for (LabelConsensus u : units) {
            for (LabelRecord l : u.labels()) {
                annotators.add(l.annotator());
                versions.add(l.schemaVersion());
            }
        }
        List<String> who = List.copyOf(annotators);
        List<String> which = List.copyOf(versions);
        List<LabelConsensus> decided = units.stream().filter(u -> u.state() == LabelConsensus.State.FINAL).toList();
        List<LabelConsensus> considered = decided.isEmpty() ? units : decided;
        LabelValue first = null;
        boolean incomplete = false;
        for (LabelConsensus u : considered) {
            if (u.state() == LabelConsensus.State.DISAGREEMENT) {
                return new ConsensusLabel(schema, type, Status.DISAGREED, null, who, which);
            }
            if (u.state() == LabelConsensus.State.INCOMPLETE) {
                incomplete = true;
                continue;
            }
            if (first == null) first = u.value();
            if (!u.value().agreesWith(first)) return new ConsensusLabel(schema, type, Status.DISAGREED, null, who, which);
        }
        if (incomplete) return new ConsensusLabel(schema, type, Status.INCOMPLETE, null, who, which);
        return new ConsensusLabel(schema, type, decided.isEmpty() ? Status.AGREED : Status.ADJUDICATED, first.json(),
                who, which);
    }

    /** Whether the value is settled (agreed or adjudicated) and may be exported. */
    public boolean settled() {
        return status == Status.AGREED || status == Status.ADJUDICATED;
    }
}

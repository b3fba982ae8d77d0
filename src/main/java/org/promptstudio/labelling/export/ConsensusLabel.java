package org.promptstudio.labelling.export;

import java.util.List;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelValue;

/**
 * What the annotators of one call (or one pair of calls) settled on in one label schema, as the export reads it.
 *
 * @param schema    the schema's name ({@code helpfulness})
 * @param type      the schema's type: {@code rating}, {@code thumbs}, {@code category}, {@code categories},
 *                  {@code correction}, {@code pairwise}, {@code ranking} or {@code comment}
 * @param status    whether the labels agree, an adjudicator decided, or they are still in disagreement
 * @param valueJson the settled value as the label stores it ({@code {"rating":4}}); null when in disagreement
 */
public record ConsensusLabel(String schema, String type, Status status, String valueJson) {

    /** How a label value was settled. */
    public enum Status {
        /** Every annotator gave the same value. */
        AGREED,
        /** An adjudicator's final label decided it. */
        ADJUDICATED,
        /** The annotators differ and nobody adjudicated yet: no export uses it. */
        DISAGREED
    }

    public ConsensusLabel {
        if (schema == null || schema.isBlank()) throw new IllegalArgumentException("schema is empty");
        if (type == null || type.isBlank()) throw new IllegalArgumentException("type is empty");
        if (status == null) throw new IllegalArgumentException("status is null");
        if (status != Status.DISAGREED && valueJson == null) throw new IllegalArgumentException("valueJson is null");
    }

    /** A value every annotator gave. */
    public static ConsensusLabel agreed(String schema, String type, String valueJson) {
        return new ConsensusLabel(schema, type, Status.AGREED, valueJson);
    }

    /** Labels that differ, not adjudicated. */
    public static ConsensusLabel disagreed(String schema, String type) {
        return new ConsensusLabel(schema, type, Status.DISAGREED, null);
    }

    /**
     * What several units say together about one call (or pair) in one schema: the same call can be an item of two
     * queues and be rated in the grid too. Adjudicated units win when their values agree; else every unit must be
     * settled and agree ({@link LabelValue#agreesWith}); anything else is in disagreement.
     *
     * @param units the consensus of each unit ({@code labelling.Consensus}), not empty, all of schema {@code schema}
     */
    public static ConsensusLabel of(String schema, String type, List<LabelConsensus> units) {
        if (units.isEmpty()) throw new IllegalArgumentException("no units");
        List<LabelConsensus> decided = units.stream().filter(u -> u.state() == LabelConsensus.State.FINAL).toList();
        List<LabelConsensus> considered = decided.isEmpty() ? units : decided;
        LabelValue first = considered.get(0).value();
        for (LabelConsensus u : considered) {
            if (!u.settled() || !u.value().agreesWith(first)) return disagreed(schema, type);
        }
        return new ConsensusLabel(schema, type, decided.isEmpty() ? Status.AGREED : Status.ADJUDICATED, first.json());
    }

    /** Whether the value is settled (agreed or adjudicated) and may be exported. */
    public boolean settled() {
        return status != Status.DISAGREED;
    }
}

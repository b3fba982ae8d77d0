package org.promptstudio.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;

/** The one rule per schema and call over every place it was labelled in (decision 0130). */
class ConsensusTest {

    private static long ids;

    private static LabelRecord label(Long item, long call, Long callB, String who, LabelValue value, boolean decided,
                                     int second) {
        return new LabelRecord(++ids, item, call, callB, "s", "v", who, value, decided,
                Instant.parse("2026-11-30T10:00:00Z").plusSeconds(second));
    }

    private static LabelConsensus one(List<LabelRecord> labels, Map<Long, Consensus.Place> places) {
        List<Consensus.Call> calls = Consensus.byCall(labels, places);
        assertThat(calls).hasSize(1);
        return calls.get(0).settle(LabelValue::agreesWith);
    }

    @Test
    void aQueueItemStillNeedsItsKAnnotatorsWhenTheCallIsAlsoLabelledOutsideQueues() {
        Map<Long, Consensus.Place> k2 = Map.of(7L, new Consensus.Place(1, 2));
        List<LabelRecord> labels = List.of(label(7L, 12, null, "ann", LabelValue.ofRating(4), false, 1),
                label(null, 12, null, "bob", LabelValue.ofRating(4), false, 2));
        assertThat(one(labels, k2).state()).isEqualTo(LabelConsensus.State.INCOMPLETE);
        assertThat(one(List.of(labels.get(0), labels.get(1), label(7L, 12, null, "cy", LabelValue.ofRating(4), false,
                3)), k2).state()).isEqualTo(LabelConsensus.State.UNANIMOUS);
    }

    @Test
    void anAnnotatorsLatestLabelOverEveryPlaceCountsOnceAndTheyAreNamed() {
        List<LabelRecord> labels = List.of(label(7L, 12, null, "ann", LabelValue.ofRating(2), false, 1),
                label(null, 12, null, "ann", LabelValue.ofRating(5), false, 2));
        List<Consensus.Call> calls = Consensus.byCall(labels, Map.of(7L, new Consensus.Place(1, 1)));
        assertThat(calls.get(0).twice()).containsExactly("ann");
        LabelConsensus c = calls.get(0).settle(LabelValue::agreesWith);
        assertThat(c.state()).isEqualTo(LabelConsensus.State.UNANIMOUS);
        assertThat(c.value().rating()).isEqualTo(5);
    }

    @Test
    void aPairInBothOrdersIsOneUnitReadLowerIdFirstAndAnAdjudicationSettlesIt() {
        List<LabelRecord> labels = List.of(label(null, 12, 13L, "ann", LabelValue.ofPreference("A", null), false, 1),
                label(null, 13, 12L, "bob", LabelValue.ofPreference("A", null), false, 2));
        LabelConsensus split = one(labels, Map.of());
        assertThat(split.state()).isEqualTo(LabelConsensus.State.DISAGREEMENT);
        assertThat(split.callId()).isEqualTo(12);
        assertThat(split.callIdB()).isEqualTo(13);
        LabelConsensus decided = one(List.of(labels.get(0), labels.get(1),
                label(null, 13, 12L, "eve", LabelValue.ofPreference("B", null), true, 3)), Map.of());
        assertThat(decided.state()).isEqualTo(LabelConsensus.State.FINAL);
        assertThat(decided.value().preference()).isEqualTo("A"); // 13/12 B is 12/13 A
    }

    @Test
    void rankingsOfOneSetOfCallsAreOneUnitKeptWithItsLowestCall() {
        List<LabelRecord> labels = List.of(label(null, 15, null, "ann", LabelValue.ofRanking(List.of(15L, 12L, 13L)),
                false, 1), label(null, 12, null, "bob", LabelValue.ofRanking(List.of(12L, 15L, 13L)), false, 2));
        List<Consensus.Call> calls = Consensus.byCall(labels, Map.of());
        assertThat(calls).extracting(Consensus.Call::name).containsExactly("ranked calls 12, 13, 15");
        assertThat(calls.get(0).a()).isEqualTo(12);
        assertThat(calls.get(0).settle(LabelValue::agreesWith).state()).isEqualTo(LabelConsensus.State.DISAGREEMENT);
    }
}

package org.promptstudio.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;

/** Items made of calls (singles, pairs on one input, rankings, seeded samples and blind orders), and consensus. */
class QueueBuilderTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    /** Run 1, cases c1 and c2, models m1 and m2, 2 samples: ids 1..8; a call without a case: id 9. */
    private static List<CallRecord> calls() {
        List<CallRecord> out = new ArrayList<>();
        long id = 1;
        for (String c : List.of("c1", "c2")) {
            for (int sample = 0; sample < 2; sample++) {
                for (String m : List.of("m1", "m2")) {
                    out.add(CallRecord.builder().runId(1L).prompt("prompts/ask.prompt", "abc").model("echo", m)
                            .caseId(c).sampleIndex(sample).createdAt(T).build().withId(id++));
                }
            }
        }
        out.add(CallRecord.builder().runId(1L).model("echo", "m1").createdAt(T).build().withId(id));
        return out;
    }

    @Test
    void pairsAreTwoCallsOnOneInputFromDifferentSources() {
        List<LabelItem> items = QueueBuilder.build(calls(), LabelItemKind.PAIR, null, 0, false);
        assertThat(items).extracting(LabelItem::callIds).containsExactly(List.of(1L, 2L), List.of(3L, 4L),
                List.of(5L, 6L), List.of(7L, 8L));
        assertThat(items).extracting(LabelItem::position).containsExactly(1, 2, 3, 4);
        assertThat(items).extracting(LabelItem::shownOrder).containsOnly(List.of(0, 1));
        // two samples of one model on one input are not a comparison
        List<CallRecord> same = calls().stream().filter(c -> c.model().equals("m1")).toList();
        assertThat(QueueBuilder.build(same, LabelItemKind.PAIR, null, 0, false)).isEmpty();
    }

    @Test
    void aSeededSampleAndBlindOrderAreTheSameEachTime() {
        List<LabelItem> a = QueueBuilder.build(calls(), LabelItemKind.SINGLE, 4, 42, false);
        assertThat(a).hasSize(4).isEqualTo(QueueBuilder.build(calls(), LabelItemKind.SINGLE, 4, 42, false));
        assertThat(a).extracting(LabelItem::callId).isSorted();
        List<LabelItem> blind = QueueBuilder.build(calls(), LabelItemKind.PAIR, null, 9, true);
        assertThat(blind).isEqualTo(QueueBuilder.build(calls(), LabelItemKind.PAIR, null, 9, true));
        assertThat(blind).extracting(LabelItem::shownOrder).allSatisfy(o -> assertThat(o).containsExactlyInAnyOrder(0, 1));
        List<List<Integer>> orders = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            QueueBuilder.build(calls(), LabelItemKind.PAIR, null, seed, true).forEach(i -> orders.add(i.shownOrder()));
        }
        assertThat(orders).contains(List.of(0, 1), List.of(1, 0));
    }

    @Test
    void aRankingHoldsEveryCallOnOneInput() {
        assertThat(QueueBuilder.build(calls(), LabelItemKind.RANKING, null, 0, false)).extracting(LabelItem::callIds)
                .containsExactly(List.of(1L, 2L), List.of(3L, 4L), List.of(5L, 6L), List.of(7L, 8L));
    }

    @Test
    void consensusIsTheFinalLabelElseTheAgreedValueElseDisagreement() {
        LabelRecord ada = label(1, "Ada", 4, false);
        LabelRecord bob = label(1, "Bob", 4, false);
        LabelRecord adaChanged = label(1, "Ada", 2, false);
        LabelRecord cara = label(1, "Cara", 3, true);
        Map<Long, Consensus.Place> places = Map.of(1L, new Consensus.Place(7, 2));
        assertThat(Consensus.ofUnit(List.of(ada, bob), places).state()).isEqualTo(LabelConsensus.State.UNANIMOUS);
        assertThat(Consensus.ofUnit(List.of(ada, bob), places).position()).isEqualTo(7);
        LabelConsensus split = Consensus.ofUnit(List.of(ada, bob, adaChanged), null);
        assertThat(split.state()).isEqualTo(LabelConsensus.State.DISAGREEMENT);
        assertThat(split.value()).isNull();
        assertThat(split.labels()).containsExactly(adaChanged, bob);
        LabelConsensus decided = Consensus.ofUnit(List.of(ada, bob, adaChanged, cara), null);
        assertThat(decided.state()).isEqualTo(LabelConsensus.State.FINAL);
        assertThat(decided.value().rating()).isEqualTo(3);
        // units: items apart from each other, labels outside queues by call and schema
        assertThat(Consensus.of(List.of(ada, label(2, "Ada", 1, false), outside(5, "Ada"), outside(5, "Bob")), null))
                .extracting(LabelConsensus::itemId).containsExactly(1L, 2L, null);
    }

    @Test
    void aQueueItemIsSettledOnlyWithItsOverlapsLabelsOutsideQueuesOneLabelIsEnough() {
        LabelRecord ada = label(1, "Ada", 4, false);
        LabelRecord adaAgain = label(1, "Ada", 4, false);
        LabelRecord bob = label(1, "Bob", 4, false);
        Map<Long, Consensus.Place> overlap2 = Map.of(1L, new Consensus.Place(3, 2));
        LabelConsensus one = Consensus.ofUnit(List.of(ada), overlap2);
        assertThat(one.state()).isEqualTo(LabelConsensus.State.INCOMPLETE);
        assertThat(one.settled()).isFalse();
        assertThat(one.value()).isNull();
        assertThat(one.position()).isEqualTo(3);
        // the same annotator twice is still one annotator
        assertThat(Consensus.ofUnit(List.of(ada, adaAgain), overlap2).settled()).isFalse();
        LabelConsensus two = Consensus.ofUnit(List.of(ada, bob), overlap2);
        assertThat(two.state()).isEqualTo(LabelConsensus.State.UNANIMOUS);
        assertThat(two.value().rating()).isEqualTo(4);
        // a decision settles an item at once; one label of an overlap-1 queue does too
        assertThat(Consensus.ofUnit(List.of(ada, label(1, "Cara", 2, true)), overlap2).state())
                .isEqualTo(LabelConsensus.State.FINAL);
        assertThat(Consensus.ofUnit(List.of(ada), Map.of(1L, new Consensus.Place(3, 1))).settled()).isTrue();
        // one label already different from another is a disagreement, whatever is still wanted
        Map<Long, Consensus.Place> overlap3 = Map.of(1L, new Consensus.Place(3, 3));
        assertThat(Consensus.ofUnit(List.of(ada, label(1, "Bob", 2, false)), overlap3).state())
                .isEqualTo(LabelConsensus.State.DISAGREEMENT);
        // outside queues one label settles
        assertThat(Consensus.ofUnit(List.of(outside(5, "Ada")), overlap2).state())
                .isEqualTo(LabelConsensus.State.UNANIMOUS);
    }

    private static LabelRecord label(long item, String who, int rating, boolean decision) {
        return new LabelRecord(null, item, 10 + item, null, "helpfulness", "v", who, LabelValue.ofRating(rating),
                decision, T);
    }

    private static LabelRecord outside(long call, String who) {
        return new LabelRecord(null, null, call, null, "thumbs", "v", who, LabelValue.ofThumbs(true), false, T);
    }
}

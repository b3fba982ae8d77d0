package org.promptstudio.labelling.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;

/** One call's units (queue items, the grid) read together for an export. */
class ConsensusLabelTest {

    private static LabelConsensus unit(Long item, LabelConsensus.State state, LabelValue value) {
        LabelRecord l = new LabelRecord(1L, item, 7, null, "helpfulness", "0123456789ab", "Ada",
                value == null ? LabelValue.ofRating(1) : value, state == LabelConsensus.State.FINAL, Instant.EPOCH);
        return new LabelConsensus(item, 1, 7, null, "helpfulness", state, value, List.of(l));
    }

    @Test
    void agreeingUnitsAreAgreedAndTheirValueKept() {
        ConsensusLabel c = ConsensusLabel.of("helpfulness", "rating", List.of(
                unit(1L, LabelConsensus.State.UNANIMOUS, LabelValue.ofRating(4).withComment("ok")),
                unit(null, LabelConsensus.State.UNANIMOUS, LabelValue.ofRating(4))));
        assertThat(c.status()).isEqualTo(ConsensusLabel.Status.AGREED);
        assertThat(c.valueJson()).isEqualTo("{\"rating\":4,\"comment\":\"ok\"}");
    }

    @Test
    void unitsThatDifferOrOneInDisagreementAreADisagreement() {
        assertThat(ConsensusLabel.of("helpfulness", "rating", List.of(
                unit(1L, LabelConsensus.State.UNANIMOUS, LabelValue.ofRating(4)),
                unit(2L, LabelConsensus.State.UNANIMOUS, LabelValue.ofRating(2)))).settled()).isFalse();
        assertThat(ConsensusLabel.of("helpfulness", "rating", List.of(
                unit(1L, LabelConsensus.State.UNANIMOUS, LabelValue.ofRating(4)),
                unit(2L, LabelConsensus.State.DISAGREEMENT, null))).settled()).isFalse();
    }

    @Test
    void anAdjudicatedUnitWinsOverTheOthers() {
        ConsensusLabel c = ConsensusLabel.of("helpfulness", "rating", List.of(
                unit(1L, LabelConsensus.State.DISAGREEMENT, null),
                unit(2L, LabelConsensus.State.FINAL, LabelValue.ofRating(5)),
                unit(null, LabelConsensus.State.UNANIMOUS, LabelValue.ofRating(2))));
        assertThat(c.status()).isEqualTo(ConsensusLabel.Status.ADJUDICATED);
        assertThat(c.valueJson()).isEqualTo("{\"rating\":5}");
    }

    @Test
    void aUnitWaitingForItsLabelsIsIncompleteUnlessAnotherDisagrees() {
        ConsensusLabel c = ConsensusLabel.of("helpfulness", "rating", List.of(
                unit(1L, LabelConsensus.State.INCOMPLETE, null),
                unit(null, LabelConsensus.State.UNANIMOUS, LabelValue.ofRating(4))));
        assertThat(c.status()).isEqualTo(ConsensusLabel.Status.INCOMPLETE);
        assertThat(c.settled()).isFalse();
        assertThat(c.annotators()).containsExactly("Ada");
        assertThat(c.versions()).containsExactly("0123456789ab");
        assertThat(ConsensusLabel.of("helpfulness", "rating", List.of(
                unit(1L, LabelConsensus.State.INCOMPLETE, null),
                unit(2L, LabelConsensus.State.DISAGREEMENT, null))).status()).isEqualTo(ConsensusLabel.Status.DISAGREED);
    }
}

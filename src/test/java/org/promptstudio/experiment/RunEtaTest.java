package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The time left comes from the calls that were really made, never from answers the cache gave at once. */
class RunEtaTest {

    @Test
    void noEtaUntilACallThatWasNotCachedHasEnded() {
        assertThat(ExperimentRunner.eta(10, 0, 0, Duration.ofSeconds(3))).isNull();
        // Three cached answers in 3 ms say nothing about how long a call to the model takes.
        assertThat(ExperimentRunner.eta(10, 3, 3, Duration.ofMillis(3))).isNull();
    }

    @Test
    void theEtaIsTheRemainingCallsAtTheRateOfTheMadeOnes() {
        // 4 ended, 2 of them cached, in 20 s: 10 s a made call; 6 left -> 60 s.
        assertThat(ExperimentRunner.eta(10, 4, 2, Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(60));
        assertThat(ExperimentRunner.eta(10, 10, 2, Duration.ofSeconds(20))).isEqualTo(Duration.ZERO);
    }
}

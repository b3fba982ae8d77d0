package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.promptstudio.experiment.ExperimentRunner;

/** The time left of a running run as a function of its figures and the time since a call last ended (decision 0119). */
class RunProgressTest {

    /** {@code done} of {@code total} ended {@code elapsed} s after the start, {@code running} still out. */
    private static ExperimentRunner.Snapshot snapshot(int total, int done, int cached, int running, long elapsed) {
        Duration e = Duration.ofSeconds(elapsed);
        int measured = done - cached;
        Duration eta = measured <= 0 ? null : e.multipliedBy(total - done).dividedBy(measured); // as the runner has it
        return new ExperimentRunner.Snapshot(total, done, 0, cached, running, BigDecimal.ZERO, e, eta, false);
    }

    private static String at(ExperimentRunner.Snapshot s, long secondsSince) {
        return RunProgress.text(s, Duration.ofSeconds(secondsSince));
    }

    @Test
    void theEtaCountsDownBetweenTwoEndsWhileThePaceExplainsTheWait() {
        ExperimentRunner.Snapshot s = snapshot(10, 4, 0, 2, 8); // a call ends every 2 s: 12 s left
        assertThat(at(s, 0)).isEqualTo("ETA 12s");
        assertThat(at(s, 3)).isEqualTo("ETA 9s");
        // slow calls: one ended after a minute, the wait of 30 s is within its pace
        assertThat(at(snapshot(3, 1, 0, 2, 60), 30)).isEqualTo("ETA 1m 30s");
    }

    @Test
    void aWaitLongerThanThePaceSaysWhatTheRunWaitsOnInsteadOfAStaleEta() {
        ExperimentRunner.Snapshot s = snapshot(10, 4, 0, 2, 8);
        assertThat(at(s, 5)).isEqualTo("waiting on 2 calls for 5s");
        // a call hanging towards its timeout (120 s, 4 tries): the ETA (12 s) has long passed and is never shown
        assertThat(at(s, 34)).isEqualTo("waiting on 2 calls for 34s");
        assertThat(at(s, 250)).isEqualTo("waiting on 2 calls for 4m 10s");
    }

    @Test
    void anEtaThatRanOutIsNeverShownEvenBeforeTheWaitIsLong() {
        ExperimentRunner.Snapshot s = snapshot(10, 9, 0, 1, 9); // 1 s left
        assertThat(at(s, 1)).isEqualTo("waiting on 1 call for 1s");
        assertThat(at(s, 3)).isEqualTo("waiting on 1 call for 3s");
    }

    @Test
    void beforeAnyCallEndedTheFigureIsUnknownThenAWait() {
        assertThat(RunProgress.text(null, Duration.ofSeconds(2))).isEqualTo("ETA -");
        assertThat(RunProgress.text(null, Duration.ofSeconds(34))).isEqualTo("waiting on the first calls for 34s");
        // answers from the cache give no pace: no ETA, and no wait while nothing is out
        assertThat(at(snapshot(10, 3, 3, 0, 1), 1)).isEqualTo("ETA -");
        assertThat(at(snapshot(10, 3, 3, 2, 1), 9)).isEqualTo("waiting on 2 calls for 9s");
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.experiment.ExperimentRunner;

/** The progress line's count only goes up, whatever order the calls' threads hand in their snapshots. */
class ProgressLineTest {

    private static ExperimentRunner.Snapshot done(int n) {
        return new ExperimentRunner.Snapshot(12, n, 0, 0, 0, BigDecimal.ZERO, Duration.ofSeconds(n), Duration.ZERO, false);
    }

    @Test
    void snapshotsArrivingOutOfOrderNeverMakeTheCountGoBack() {
        // Seen in a trial of issue 9: 1/12, 4/12, 3/12, 2/12, 5/12 ... printed as they arrived.
        StringWriter text = new StringWriter();
        RunCommand.ProgressLine line = new RunCommand.ProgressLine(new PrintWriter(text), false);
        for (int n : new int[] {1, 4, 3, 2, 5, 6, 8, 7, 9, 10, 11, 12}) line.update(done(n), null);
        List<Integer> shown = text.toString().lines()
                .map(l -> Integer.parseInt(l.replaceAll("^\\[[#.]+\\] (\\d+)/12.*$", "$1"))).toList();
        assertThat(shown).isSorted().doesNotHaveDuplicates().contains(1, 12);
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.promptstudio.experiment.ExperimentRunner;

/**
 * The progress line's count only goes up, whatever order the calls' threads hand in their snapshots; its time left is
 * redrawn from a clock, so a hanging call shows as a wait, not as an ETA that has passed.
 */
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

    @Test
    void whileNoCallEndsTheRedrawnLineSaysWhatTheRunWaitsOn() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        StringWriter text = new StringWriter();
        RunCommand.ProgressLine line = new RunCommand.ProgressLine(new PrintWriter(text), true, clock::get);
        clock.addAndGet(Duration.ofSeconds(8).toNanos());
        // 4 of 10 ended 8 s after the start, 2 out: 12 s left at that pace
        line.update(new ExperimentRunner.Snapshot(10, 4, 0, 0, 2, new BigDecimal("0.000036"), Duration.ofSeconds(8),
                Duration.ofSeconds(12), false), null);
        assertThat(line.text()).isEqualTo("[############..................] 4/10  failed 0  cached 0  running 2"
                + "  cost $0.000036  ETA 12s");

        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        line.redraw();
        assertThat(shown(text)).endsWith("ETA 9s");

        clock.addAndGet(Duration.ofSeconds(31).toNanos()); // a call hangs: the 12 s have long passed
        line.redraw();
        assertThat(shown(text)).endsWith("  waiting on 2 calls for 34s").doesNotContain("ETA");
        line.end();
    }

    @Test
    void beforeTheFirstEndTheLineCountsTheWaitFromTheStart() {
        AtomicLong clock = new AtomicLong();
        RunCommand.ProgressLine line = new RunCommand.ProgressLine(new PrintWriter(new StringWriter()), true, clock::get);
        assertThat(line.text()).endsWith("ETA -");
        clock.set(Duration.ofSeconds(20).toNanos());
        assertThat(line.text()).endsWith("waiting on the first calls for 20s");
    }

    @Test
    void aLogIsNotRedrawnEverySecond() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        RunCommand.ProgressLine line = new RunCommand.ProgressLine(new PrintWriter(text), false, clock::get).ticking();
        line.update(done(1), null);
        clock.set(Duration.ofSeconds(60).toNanos());
        line.redraw();
        line.end();
        assertThat(text.toString().lines()).hasSize(1);
    }

    /** What a terminal shows after the last carriage return, its padding taken off. */
    private static String shown(StringWriter text) {
        String all = text.toString();
        return all.substring(all.lastIndexOf('\r') + 1).stripTrailing();
    }
}

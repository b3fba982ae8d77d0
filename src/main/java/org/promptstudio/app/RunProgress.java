package org.promptstudio.app;

import java.time.Duration;
import java.util.Locale;
import org.promptstudio.experiment.ExperimentRunner;

/**
 * The time-left figure of a running run, as the command line's progress line and the window's run launcher both show
 * it (decision 0119). The runner works out an ETA each time a call ends; between two ends this counts it down by the
 * time since, and when no call has ended for longer than the run's pace explains (or the ETA has run out) it says what
 * the run is waiting on instead: a call that hangs (up to the timeout, 120 s by default, times 4 tries) never leaves a
 * time on screen that has already passed.
 */
public final class RunProgress {

    /** No call has ended for this long, whatever the pace: a wait worth naming. */
    static final Duration MIN_WAIT = Duration.ofSeconds(5);

    private RunProgress() {
    }

    /**
     * The figure for the latest snapshot, {@code since} after it was taken.
     *
     * @param s     the latest figures of the run (taken when a call ended); null while no call has ended
     * @param since the time since {@code s} was taken, or since the run started when {@code s} is null (0 or more)
     * @return {@code ETA 1m 05s}; {@code ETA -} while unknown; {@code waiting on 2 calls for 34s} when no call has
     *         ended for longer than expected (more than twice the mean time between ends, and at least 5 s) or the
     *         ETA has run out while calls are still running; {@code waiting on the first calls for 34s} when none has
     *         ended 5 s or more after the start
     */
    public static String text(ExperimentRunner.Snapshot s, Duration since) {
        if (s == null) {
            return since.compareTo(MIN_WAIT) < 0 ? "ETA -" : "waiting on the first calls for " + duration(since);
        }
        Duration left = s.eta() == null ? null : s.eta().minus(since);
        if (s.running() > 0 && stalled(s, since, left)) {
            return "waiting on " + s.running() + " call" + (s.running() == 1 ? "" : "s") + " for "
                    + duration(waited(s, since));
        }
        if (left == null || s.done() >= s.total()) return "ETA -";
        return "ETA " + duration(left.isNegative() ? Duration.ZERO : left);
    }

    private static boolean stalled(ExperimentRunner.Snapshot s, Duration since, Duration left) {
        if (left != null && (left.isZero() || left.isNegative())) return true;
        Duration waited = waited(s, since);
        if (waited.compareTo(MIN_WAIT) < 0) return false;
        if (s.done() == 0) return true;
        Duration pace = s.elapsed().dividedBy(s.done());
        return waited.compareTo(pace.multipliedBy(2)) > 0;
    }

    /** How long since a call last ended: {@code since}, or since the start when none has ended yet. */
    private static Duration waited(ExperimentRunner.Snapshot s, Duration since) {
        return s.done() == 0 ? s.elapsed().plus(since) : since;
    }

    /**
     * A span of time as the progress figures write it.
     *
     * @param d a duration (null is unknown)
     * @return {@code 45s}, {@code 1m 05s}, {@code 2h 03m}; {@code -} for null
     */
    public static String duration(Duration d) {
        if (d == null) return "-";
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + "s";
    }
}

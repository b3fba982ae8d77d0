package org.promptstudio.app;

import java.util.Formatter;
import java.util.Locale;
import java.util.Map;
import org.promptstudio.eval.Comparison;
import org.promptstudio.eval.Scoreboard;
import org.promptstudio.eval.Statistics;
import org.promptstudio.model.RunFigures;

/**
 * Scoreboards, run-to-run comparisons and run figures as text: the tables {@code studio eval}, {@code studio
 * diff-runs} and {@code studio runs} print, and each figure alone, as the window's scoreboard and run list show it.
 * One place makes every figure, so the window and the command line never differ. Intervals are the ones the board
 * carries (pass rate: Wilson score interval, {@link Statistics#wilson}; metrics: {@link Statistics#meanInterval};
 * changes: paired bootstrap; McNemar's exact or chi-squared test, {@link Comparison}).
 */
public final class ScoreboardText {

    private ScoreboardText() {
    }

    /** {@code prompts/answer.prompt@1a2b3c4}: a board row's prompt version as the tables name it. */
    public static String version(Scoreboard.Row r) {
        return r.promptPath() + "@" + Runs.shortCommit(r.promptCommit());
    }

    /**
     * The board as {@code studio eval} prints it: a header, one line per version x model, its metrics, warnings; a
     * board with no row says {@code no cases were answered} instead of an empty table.
     */
    public static String board(Scoreboard board) {
        StringBuilder sb = new StringBuilder();
        Formatter out = new Formatter(sb);
        if (board.rows().isEmpty()) {
            out.format("no cases were answered%n");
            for (String w : board.warnings()) out.format("warning: %s%n", w);
            out.flush();
            return sb.toString();
        }
        // The model column is as wide as its longest id (at least 14), so the columns after it stay aligned.
        int modelWidth = Math.max(14, board.rows().stream().mapToInt(r -> r.model().length()).max().orElse(0));
        String model = "%-" + modelWidth + "s";
        out.format("%-44s " + model + " %-8s %5s %-24s %10s %9s %9s %8s %8s %9s%n", "PROMPT@VERSION", "MODEL", "SPLIT",
                "N", "PASS RATE (95% CI)", "COST", "TOK IN", "TOK OUT", "P50 OK", "P95 OK", "UNCHECKED");
        // P50/P95 OK: latency over the calls that answered; '-' when none did (Scoreboard.Row).
        for (Scoreboard.Row r : board.rows()) {
            out.format("%-44s " + model + " %-8s %5d %-24s %10s %9d %9d %8s %8s %9d%n", version(r), r.model(),
                    r.split(), r.n(), passRate(r), cost(r), r.tokensIn(), r.tokensOut(), ms(r.latencyP50()),
                    ms(r.latencyP95()), r.unchecked());
            if (r.unchecked() > 0) out.format(Locale.ROOT, "    %s%n", uncheckedNote(r));
            for (Map.Entry<String, Statistics.Estimate> m : r.metrics().entrySet()) {
                out.format("    %-40s %s%n", m.getKey(), interval(m.getValue()));
            }
        }
        for (String w : board.warnings()) out.format("warning: %s%n", w);
        out.flush();
        return sb.toString();
    }

    /** Why a row has cases outside its pass rate: {@code unchecked: 2 of 10 case(s), not in the pass rate (...)}. */
    public static String uncheckedNote(Scoreboard.Row r) {
        return String.format(Locale.ROOT, "unchecked: %d of %d case(s), not in the pass rate (nothing could fail them)",
                r.unchecked(), r.n());
    }

    /** The comparison as {@code studio diff-runs} prints it after the two boards. */
    public static String comparison(Comparison c) {
        StringBuilder sb = new StringBuilder();
        Formatter out = new Formatter(sb);
        out.format("%s%n", pairedLine(c));
        if (c.paired() == 0) {
            // no case answered in both runs (one stopped before any call): no rate, test or flips to show
            out.format("no cases were answered in both runs: nothing to compare%n");
            out.flush();
            return sb.toString();
        }
        if (c.unchecked() > 0) out.format("%s%n", uncheckedLine(c));
        out.format("%s%n", testLine(c));
        if (!c.metricChanges().isEmpty()) {
            out.format("Metric changes (paired bootstrap, 95%% CI):%n");
            c.metricChanges().forEach((type, e) -> out.format("  %-30s %s%s%n", type, change(e),
                    e.excludesZero() ? "  significant" : ""));
        }
        out.format("Broke (pass -> fail): %d%n", c.broke().size());
        for (Comparison.Flip f : c.broke()) out.format("  %s%n", flip(f));
        out.format("Fixed (fail -> pass): %d%n", c.fixed().size());
        for (Comparison.Flip f : c.fixed()) out.format("  %s%n", flip(f));
        out.flush();
        return sb.toString();
    }

    /** {@code Paired case(s): 40 (2 only in the baseline, 0 only in the candidate, left out)}. */
    public static String pairedLine(Comparison c) {
        return String.format("Paired case(s): %d%s", c.paired(), c.onlyBefore() + c.onlyAfter() == 0 ? ""
                : String.format(" (%d only in the baseline, %d only in the candidate, left out)", c.onlyBefore(),
                c.onlyAfter()));
    }

    /** The line on shared cases unchecked on one side or both (only when there are some). */
    public static String uncheckedLine(Comparison c) {
        return String.format("Left out of the pass rate: %d shared case(s) unchecked in one run or both (neither pass"
                + " nor fail)", c.unchecked());
    }

    /** The pass rate's change and McNemar's paired test on the flipped cases, with whether it is significant. */
    public static String testLine(Comparison c) {
        return String.format("Pass rate change: %s; McNemar p = %.4f (%s, %d broke, %d fixed): %s",
                change(c.passRateChange()), c.mcnemar().p(), c.mcnemar().method(), c.mcnemar().b(), c.mcnemar().c(),
                c.significant() ? "significant at 0.05" : "not significant at 0.05");
    }

    /** A flipped case: {@code case-3 · echo #1  calls 12 -> 40: reason}. */
    public static String flip(Comparison.Flip f) {
        return String.format("%s · %s%s  calls %d -> %d: %s", f.caseId(), f.model(), f.sample() > 0 ? " #" + f.sample()
                : "", f.beforeCallId(), f.afterCallId(), f.reason());
    }

    /** The row's pass rate over its checked cases; {@code n/a (none checked)} when there is none, never 0% or 100%. */
    public static String passRate(Scoreboard.Row r) {
        return r.checked() == 0 ? "n/a (none checked)" : interval(r.passRate());
    }

    /** {@code 87.5% [52.9, 97.8]}: a share and its 95% interval in percent; {@code -} when there is none. */
    public static String interval(Statistics.Estimate e) {
        if (Double.isNaN(e.value())) return "-";
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * e.value(), 100 * e.low(), 100 * e.high());
    }

    /** {@code +12.5% [+2.0, +25.0]}: a change in percentage points and its interval; {@code -} when there is none. */
    public static String change(Statistics.Estimate e) {
        if (Double.isNaN(e.value())) return "-";
        return String.format(Locale.ROOT, "%+.1f%% [%+.1f, %+.1f]", 100 * e.value(), 100 * e.low(), 100 * e.high());
    }

    /** The row's cost in US dollars ({@link org.promptstudio.model.Usd}), or {@code ?} when some call had no price. */
    public static String cost(Scoreboard.Row r) {
        return org.promptstudio.model.Usd.text(r.cost());
    }

    /** Milliseconds, rounded: {@code 812ms}; {@code -} for NaN (no call answered). */
    public static String ms(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.0fms", x);
    }

    /** A run's cost as {@code studio runs} shows it ({@link org.promptstudio.model.Usd}), {@code ?} when a call has no price. */
    public static String runCost(RunFigures f) {
        return org.promptstudio.model.Usd.text(f.spent(), f.costKnown());
    }

    /** What a run ran, as {@code studio runs} names it: the experiment's name, else {@code kind: name}. */
    public static String runName(org.promptstudio.model.RunRecord run) {
        return run.kind() == org.promptstudio.model.RunKind.EXPERIMENT ? run.name() : run.kind().id() + ": " + run.name();
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.promptstudio.eval.Comparison;
import org.promptstudio.eval.Scoreboard;
import org.promptstudio.eval.Statistics;

/** Scoreboards and comparisons as text for the terminal. */
final class ScoreboardText {

    private ScoreboardText() {
    }

    static void print(PrintWriter out, Scoreboard board) {
        // The model column is as wide as its longest id (at least 14), so the columns after it stay aligned.
        int modelWidth = Math.max(14, board.rows().stream().mapToInt(r -> r.model().length()).max().orElse(0));
        String model = "%-" + modelWidth + "s";
        out.printf("%-44s " + model + " %-8s %5s %-24s %10s %9s %9s %8s %8s %9s%n", "PROMPT@VERSION", "MODEL", "SPLIT",
                "N", "PASS RATE (95% CI)", "COST", "TOK IN", "TOK OUT", "P50 OK", "P95 OK", "UNCHECKED");
        // P50/P95 OK: latency over the calls that answered; '-' when none did (Scoreboard.Row).
        for (Scoreboard.Row r : board.rows()) {
            out.printf("%-44s " + model + " %-8s %5d %-24s %10s %9d %9d %8s %8s %9d%n",
                    r.promptPath() + "@" + RunCommand.shortCommit(r.promptCommit()), r.model(), r.split(), r.n(),
                    passRate(r), r.cost() == null ? "-" : String.format(Locale.ROOT, "$%.4f", r.cost()),
                    r.tokensIn(), r.tokensOut(), ms(r.latencyP50()), ms(r.latencyP95()), r.unchecked());
            if (r.unchecked() > 0) {
                out.printf(Locale.ROOT, "    unchecked: %d of %d case(s), not in the pass rate (nothing could fail them)%n",
                        r.unchecked(), r.n());
            }
            for (Map.Entry<String, Statistics.Estimate> m : r.metrics().entrySet()) {
                out.printf("    %-40s %s%n", m.getKey(), interval(m.getValue()));
            }
        }
        for (String w : board.warnings()) out.println("warning: " + w);
    }

    static void print(PrintWriter out, Comparison c) {
        out.printf("Paired case(s): %d%s%n", c.paired(), c.onlyBefore() + c.onlyAfter() == 0 ? ""
                : String.format(" (%d only in the baseline, %d only in the candidate, left out)", c.onlyBefore(), c.onlyAfter()));
        if (c.unchecked() > 0) {
            out.printf("Left out of the pass rate: %d shared case(s) unchecked in one run or both (neither pass nor fail)%n",
                    c.unchecked());
        }
        out.printf("Pass rate change: %s; McNemar p = %.4f (%s, %d broke, %d fixed): %s%n", change(c.passRateChange()),
                c.mcnemar().p(), c.mcnemar().method(), c.mcnemar().b(), c.mcnemar().c(),
                c.significant() ? "significant at 0.05" : "not significant at 0.05");
        if (!c.metricChanges().isEmpty()) {
            out.println("Metric changes (paired bootstrap, 95% CI):");
            c.metricChanges().forEach((type, e) -> out.printf("  %-30s %s%s%n", type, change(e),
                    e.excludesZero() ? "  significant" : ""));
        }
        out.printf("Broke (pass -> fail): %d%n", c.broke().size());
        for (Comparison.Flip f : c.broke()) flip(out, f);
        out.printf("Fixed (fail -> pass): %d%n", c.fixed().size());
        for (Comparison.Flip f : c.fixed()) flip(out, f);
    }

    private static void flip(PrintWriter out, Comparison.Flip f) {
        out.printf("  %s · %s%s  calls %d -> %d: %s%n", f.caseId(), f.model(), f.sample() > 0 ? " #" + f.sample() : "",
                f.beforeCallId(), f.afterCallId(), f.reason());
    }

    /** The row's pass rate over its checked cases; {@code n/a (none checked)} when there is none, never 0% or 100%. */
    static String passRate(Scoreboard.Row r) {
        return r.checked() == 0 ? "n/a (none checked)" : interval(r.passRate());
    }

    static String interval(Statistics.Estimate e) {
        if (Double.isNaN(e.value())) return "-";
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * e.value(), 100 * e.low(), 100 * e.high());
    }

    static String change(Statistics.Estimate e) {
        if (Double.isNaN(e.value())) return "-";
        return String.format(Locale.ROOT, "%+.1f%% [%+.1f, %+.1f]", 100 * e.value(), 100 * e.low(), 100 * e.high());
    }

    private static String ms(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.0fms", x);
    }
}

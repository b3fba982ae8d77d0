package org.promptstudio.app;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.promptstudio.eval.Statistics;
import org.promptstudio.monitor.AbFigure;
import org.promptstudio.monitor.AbReport;
import org.promptstudio.monitor.AbRequest;
import org.promptstudio.monitor.AbSide;
import org.promptstudio.monitor.Mean;
import org.promptstudio.monitor.MonitorBucket;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;

/**
 * The A/B comparison of two sides' monitor figures over the same period: for each figure the value of each side, the
 * difference b - a and, where the stored sums allow one, a 95% interval: Newcombe's hybrid score interval for shares
 * (thumbs up, errors, blocked calls) and Welch's t interval for means kept as sums and sums of squares (rating,
 * answer length, sentiment, turns). Percentiles and per-call cost keep no spread, so they get a difference and no
 * interval, and say so; a side with no data gets no value and no difference. The window and {@code studio monitor}
 * show the same figures from here.
 */
public final class AbComparison {

    /** The interval's confidence. */
    public static final double CONFIDENCE = 0.95;
    static final String NEWCOMBE = "Newcombe hybrid score";
    static final String WELCH = "Welch";

    private AbComparison() {
    }

    /** The request of one side: the base request narrowed to the side's version and/or model. */
    public static MonitorRequest request(MonitorRequest base, AbSide side) {
        MonitorRequest r = base;
        if (side.version() != null) r = r.withVersion(side.version());
        if (side.model() != null) r = r.withModel(side.model());
        return r;
    }

    /** The A/B report of {@code request} from each side's report (as {@link #request} asked for it). */
    public static AbReport report(AbRequest request, MonitorReport a, MonitorReport b) {
        return new AbReport(request, a, b, figures(a, b));
    }

    /**
     * The compared figures of the two reports' totals, in the order the dashboard lists them: thumbs up share, mean
     * rating, mean answer length (characters), latency p50 and p95 (ms; named with "≈": estimates read from the
     * latency sketch, decision 0147), cost per call (USD, over the calls with a known price), error share, blocked
     * share, guard findings per call, user sentiment (-1..1), turns per session.
     */
    public static List<AbFigure> figures(MonitorReport a, MonitorReport b) {
        MonitorBucket x = a.total();
        MonitorBucket y = b.total();
        List<AbFigure> out = new ArrayList<>();
        out.add(share("thumbs up share", x.thumbsUp(), x.thumbsUp() + x.thumbsDown(),
                y.thumbsUp(), y.thumbsUp() + y.thumbsDown()));
        out.add(mean("mean rating", "rating", x.rating(), y.rating()));
        out.add(mean("mean answer length", "chars", x.answerChars(), y.answerChars()));
        out.add(plain("latency p50 \u2248", "ms", toDouble(x.p50Ms()), toDouble(y.p50Ms()), x.calls(), y.calls(),
                "percentiles"));
        out.add(plain("latency p95 \u2248", "ms", toDouble(x.p95Ms()), toDouble(y.p95Ms()), x.calls(), y.calls(),
                "percentiles"));
        out.add(plain("cost per call", "USD", costPerCall(x), costPerCall(y), x.knownCostCalls(), y.knownCostCalls(),
                "no per-call spread is kept"));
        out.add(share("error share", x.errors(), x.calls(), y.errors(), y.calls()));
        out.add(share("blocked share", x.blocked(), x.calls(), y.blocked(), y.calls()));
        out.add(plain("guard findings per call", "findings", perCall(x.guardFindings(), x.calls()),
                perCall(y.guardFindings(), y.calls()), x.calls(), y.calls(), "a call may count under several checks"));
        out.add(mean("user sentiment", "score", x.sentiment(), y.sentiment()));
        out.add(mean("turns per session", "turns", x.turns(), y.turns()));
        return List.copyOf(out);
    }

    /** A share of {@code successes} in {@code n}, each side, with Newcombe's interval. */
    static AbFigure share(String name, long successesA, long nA, long successesB, long nB) {
        Double a = nA == 0 ? null : (double) successesA / nA;
        Double b = nB == 0 ? null : (double) successesB / nB;
        String missing = missing(a, b);
        if (missing != null) return new AbFigure(name, "share", a, b, null, null, null, missing, nA, nB);
        Statistics.Estimate e = Statistics.newcombe(successesB, nB, successesA, nA, CONFIDENCE);
        return new AbFigure(name, "share", a, b, e.value(), e.low(), e.high(), NEWCOMBE, nA, nB);
    }

    /** A mean of each side, with Welch's interval when each side has two values or more. */
    static AbFigure mean(String name, String unit, Mean x, Mean y) {
        Double a = x.mean();
        Double b = y.mean();
        String missing = missing(a, b);
        if (missing != null) return new AbFigure(name, unit, a, b, null, null, null, missing, x.n(), y.n());
        if (x.n() < 2 || y.n() < 2) {
            return new AbFigure(name, unit, a, b, b - a, null, null, "none: under 2 values on a side", x.n(), y.n());
        }
        Statistics.Estimate e = Statistics.welch(b, y.variance(), y.n(), a, x.variance(), x.n(), CONFIDENCE);
        return new AbFigure(name, unit, a, b, e.value(), e.low(), e.high(), WELCH, x.n(), y.n());
    }

    /** A figure with a difference and no interval, saying {@code why}. */
    private static AbFigure plain(String name, String unit, Double a, Double b, long nA, long nB, String why) {
        String missing = missing(a, b);
        if (missing != null) return new AbFigure(name, unit, a, b, null, null, null, missing, nA, nB);
        return new AbFigure(name, unit, a, b, b - a, null, null, "none: " + why, nA, nB);
    }

    private static String missing(Double a, Double b) {
        if (a == null && b == null) return "none: no data on either side";
        if (a == null) return "none: no data for A";
        if (b == null) return "none: no data for B";
        return null;
    }

    private static Double costPerCall(MonitorBucket t) {
        if (t.knownCostCalls() == 0) return null;
        return t.knownCost().divide(BigDecimal.valueOf(t.knownCostCalls()), MathContext.DECIMAL64).doubleValue();
    }

    private static Double perCall(long count, long calls) {
        return calls == 0 ? null : (double) count / calls;
    }

    private static Double toDouble(Long ms) {
        return ms == null ? null : ms.doubleValue();
    }
}

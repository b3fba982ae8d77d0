package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a set of case results per prompt version x model: how many, the pass rate and the mean score of
 * each assertion type with 95% bootstrap intervals, cost, tokens, latency p50/p95 (nearest rank), and which split
 * they scored; for self-consistency runs, the mean {@link #AGREEMENT} of the votes. Warnings (e.g. a test split
 * scored too often) travel with the board.
 */
public record Scoreboard(List<Row> rows, List<String> warnings) {

    public Scoreboard {
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
    }

    /**
     * One prompt version with one model. {@code cost} is null when some call has no price; latencies are NaN when
     * no call was timed.
     */
    public record Row(String promptPath, String promptCommit, String model, int n, int passed,
                      Statistics.Estimate passRate, Map<String, Statistics.Estimate> metrics, BigDecimal cost,
                      long tokensIn, long tokensOut, double latencyP50, double latencyP95, String split) {

        public Row {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /**
     * The metric of self-consistency cases: the mean share of a case's voting samples that gave the winning answer
     * (decision 0022), with its bootstrap interval like the assertion types' scores; cases no sample answered are
     * left out of it (they fail on their own).
     */
    public static final String AGREEMENT = "agreement";

    public static Scoreboard of(List<CaseResult> results) {
        return of(results, List.of());
    }

    /** Rows in the order their first result comes; metrics sorted by assertion type. */
    public static Scoreboard of(List<CaseResult> results, List<String> warnings) {
        Map<String, List<CaseResult>> groups = new LinkedHashMap<>();
        for (CaseResult r : results) groups.computeIfAbsent(groupKey(r), k -> new ArrayList<>()).add(r);
        List<Row> rows = new ArrayList<>();
        for (List<CaseResult> g : groups.values()) rows.add(row(g));
        return new Scoreboard(rows, warnings);
    }

    public static String groupKey(CaseResult r) {
        return r.promptPath() + "@" + r.promptCommit() + "|" + r.model();
    }

    /** Passed over all results of the board (0 when there are none). */
    public double overallPassRate() {
        int n = rows.stream().mapToInt(Row::n).sum();
        return n == 0 ? 0 : (double) rows.stream().mapToInt(Row::passed).sum() / n;
    }

    private static Row row(List<CaseResult> g) {
        CaseResult first = g.get(0);
        double[] pass = new double[g.size()];
        Map<String, List<Double>> scores = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        boolean costKnown = true;
        long in = 0;
        long out = 0;
        int passed = 0;
        List<String> splits = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            CaseResult r = g.get(i);
            pass[i] = r.pass() ? 1 : 0;
            if (r.pass()) passed++;
            for (AssertionResult a : r.assertions()) scores.computeIfAbsent(a.type(), k -> new ArrayList<>()).add(a.score());
            if (r.voted()) {
                // A case no sample answered has no agreement to average (shown as '-' when no case has one).
                List<Double> agreement = scores.computeIfAbsent(AGREEMENT, k -> new ArrayList<>());
                if (r.voters() > 0) agreement.add(r.agreement());
            }
            if (r.latencyMs() != null) latencies.add((double) r.latencyMs());
            if (r.cost() == null) costKnown = false;
            else cost = cost.add(r.cost());
            if (r.tokensIn() != null) in += r.tokensIn();
            if (r.tokensOut() != null) out += r.tokensOut();
            splits.add(r.split());
        }
        Map<String, Statistics.Estimate> metrics = new LinkedHashMap<>();
        scores.forEach((type, s) -> metrics.put(type,
                Statistics.bootstrapMean(s.stream().mapToDouble(Double::doubleValue).toArray(), Statistics.SEED)));
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Row(first.promptPath(), first.promptCommit(), first.model(), g.size(), passed,
                Statistics.bootstrapMean(pass, Statistics.SEED), metrics, costKnown ? cost : null, in, out,
                Statistics.percentile(lat, 50), Statistics.percentile(lat, 95), HeldOut.label(splits));
    }
}

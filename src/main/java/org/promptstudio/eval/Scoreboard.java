package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a set of case results per prompt version x model: how many, how many passed, failed and were
 * unchecked, the pass rate over the checked cases (unchecked ones are in no pass rate, decision 0020) with its 95%
 * Wilson score interval, the mean score of each assertion type with a 95% interval (Wilson when its scores are all 0 or
 * 1, percentile bootstrap otherwise: {@link Statistics#meanInterval}), cost, tokens, latency p50/p95 (nearest rank,
 * over the calls that answered: a call that could not be made has no latency of an answer), and which split
 * they scored; for self-consistency runs, the mean {@link #AGREEMENT} of the votes. Warnings (e.g. a test split
 * scored too often) travel with the board.
 */
public record Scoreboard(List<Row> rows, List<String> warnings) {

    public Scoreboard {
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
    }

    /**
     * One prompt version with one model. {@code n} counts every case, {@code passed + failed + unchecked == n};
     * {@code passRate} is passed over passed + failed with its Wilson score interval, all NaN when no case was
     * checked (shown as n/a, never as 0% or 100%). {@code cost} is null when some call has no price; latencies (ms) are
     * over the calls that answered ({@link CaseResult#errored()} ones are left out) and NaN when none did.
     */
    public record Row(String promptPath, String promptCommit, String model, int n, int passed,
                      Statistics.Estimate passRate, Map<String, Statistics.Estimate> metrics, BigDecimal cost,
                      long tokensIn, long tokensOut, double latencyP50, double latencyP95, String split,
                      int failed, int unchecked) {

        public Row {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** The cases that passed or failed: the ones the pass rate is over. */
        public int checked() {
            return passed + failed;
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

    /** Passed over the checked results of the board (passed + failed); NaN when none was checked. */
    public double overallPassRate() {
        int checked = rows.stream().mapToInt(Row::checked).sum();
        return checked == 0 ? Double.NaN : (double) rows.stream().mapToInt(Row::passed).sum() / checked;
    }

    /** Every case of the board, checked or not. */
    public int total() {
        return rows.stream().mapToInt(Row::n).sum();
    }

    /** The cases of the board nothing could fail. */
    public int unchecked() {
        return rows.stream().mapToInt(Row::unchecked).sum();
    }

    private static Row row(List<CaseResult> g) {
        CaseResult first = g.get(0);
        Map<String, List<Double>> scores = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        boolean costKnown = true;
        long in = 0;
        long out = 0;
        int passed = 0;
        int failed = 0;
        int unchecked = 0;
        List<String> splits = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            CaseResult r = g.get(i);
            switch (r.verdict()) {
                case PASS -> passed++;
                case FAIL -> failed++;
                case UNCHECKED -> unchecked++;
            }
            // Each case counts once per metric (decision 0114): a case with several checks of one type (the
            // experiment's and its own) scores the worst of them, so it passes only when all pass. A call that did
            // not answer was not checked: it is in the failed count, not in any check's rate.
            if (!r.errored()) {
                Map<String, Double> worst = new LinkedHashMap<>();
                for (AssertionResult a : r.assertions()) worst.merge(a.type(), a.score(), Math::min);
                worst.forEach((type, score) -> scores.computeIfAbsent(type, k -> new ArrayList<>()).add(score));
            }
            if (r.voted()) {
                // A case no sample answered has no agreement to average (shown as '-' when no case has one).
                List<Double> agreement = scores.computeIfAbsent(AGREEMENT, k -> new ArrayList<>());
                if (r.voters() > 0) agreement.add(r.agreement());
            }
            if (r.latencyMs() != null && !r.errored()) latencies.add((double) r.latencyMs());
            if (r.cost() == null) costKnown = false;
            else cost = cost.add(r.cost());
            if (r.tokensIn() != null) in += r.tokensIn();
            if (r.tokensOut() != null) out += r.tokensOut();
            splits.add(r.split());
        }
        Map<String, Statistics.Estimate> metrics = new LinkedHashMap<>();
        scores.forEach((type, s) -> metrics.put(type,
                Statistics.meanInterval(s.stream().mapToDouble(Double::doubleValue).toArray(), Statistics.SEED)));
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Row(first.promptPath(), first.promptCommit(), first.model(), g.size(), passed,
                Statistics.wilson(passed, passed + failed),
                metrics, costKnown ? cost : null, in, out, Statistics.percentile(lat, 50), Statistics.percentile(lat, 95),
                HeldOut.label(splits), failed, unchecked);
    }
}

package org.promptstudio.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain figures of an evaluated run per prompt version x model: cases, how many passed, failed and were unchecked
 * ({@code passed + failed + unchecked == cases}), and the mean score of each assertion type. Confidence intervals and
 * comparisons are the scoreboards' job.
 */
public record EvalSummary(String promptPath, String promptCommit, String model, int cases, int passed,
                          Map<String, Double> meanScoreByType, int failed, int unchecked) {

    /** The cases that passed or failed. */
    public int checked() {
        return passed + failed;
    }

    /** Passed over checked cases (unchecked ones are in no pass rate); NaN when none was checked. */
    public double passRate() {
        return checked() == 0 ? Double.NaN : (double) passed / checked();
    }

    /** One row per prompt version x model, in the order they first appear. */
    public static List<EvalSummary> of(List<CaseResult> results) {
        Map<List<String>, List<CaseResult>> groups = new LinkedHashMap<>();
        for (CaseResult r : results) {
            groups.computeIfAbsent(List.of(String.valueOf(r.promptPath()), String.valueOf(r.promptCommit()), r.model()),
                    k -> new ArrayList<>()).add(r);
        }
        List<EvalSummary> out = new ArrayList<>();
        groups.forEach((key, rs) -> {
            Map<String, double[]> sums = new LinkedHashMap<>();
            int passed = 0;
            int failed = 0;
            int unchecked = 0;
            for (CaseResult r : rs) {
                switch (r.verdict()) {
                    case PASS -> passed++;
                    case FAIL -> failed++;
                    case UNCHECKED -> unchecked++;
                }
                for (AssertionResult a : r.assertions()) {
                    double[] s = sums.computeIfAbsent(a.type(), k -> new double[2]);
                    s[0] += a.score();
                    s[1]++;
                }
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((type, s) -> means.put(type, s[0] / s[1]));
            CaseResult first = rs.get(0);
            out.add(new EvalSummary(first.promptPath(), first.promptCommit(), first.model(), rs.size(), passed, means,
                    failed, unchecked));
        });
        return out;
    }
}

package org.promptstudio.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Two groups of results (two prompt versions, two models, or a baseline run and a candidate run) on the cases they
 * share: the change in pass rate with a paired-bootstrap interval and McNemar's test, the change in each assertion
 * type's mean score with a paired-bootstrap interval, and every case that flipped, both ways.
 *
 * <p>Only cases checked on both sides are paired for the pass rate, McNemar's test and the flips: a case unchecked on
 * either side (nothing could fail it, decision 0020) is neither a pass nor a fail, so it is left out and counted in
 * {@code unchecked}. The metric changes are over every case both sides have, checked or not (a weight-0 assertion is
 * exactly a figure to watch on an unchecked case).
 *
 * @param paired     results paired on the same case (and sample) and checked on both sides
 * @param onlyBefore results whose case the candidate does not have (left out of every figure)
 * @param onlyAfter  results whose case the baseline does not have
 * @param unchecked  cases both sides have but left out of the pass-rate figures: unchecked on one side or both
 */
public record Comparison(int paired, int onlyBefore, int onlyAfter, Statistics.Estimate passRateChange,
                         Statistics.McNemar mcnemar, Map<String, Statistics.Estimate> metricChanges,
                         List<Flip> broke, List<Flip> fixed, int unchecked) {

    /** A case that passed on one side and failed on the other, with the failing side's reasons. */
    public record Flip(String caseId, int sample, String model, String reason, long beforeCallId, long afterCallId) {
    }

    /** Whether the pass rate changed significantly at 0.05 (McNemar). */
    public boolean significant() {
        return mcnemar.significant();
    }

    /** Pairs on case id and sample: for two versions or two models of one run. */
    public static Comparison of(List<CaseResult> before, List<CaseResult> after) {
        return of(before, after, r -> r.caseId() + "#" + r.sample());
    }

    /** Pairs on model, case id and sample: for two runs of the same experiment with different prompt versions. */
    public static Comparison ofRuns(List<CaseResult> before, List<CaseResult> after) {
        return of(before, after, r -> r.promptPath() + "|" + r.model() + "|" + r.caseId() + "#" + r.sample());
    }

    public static Comparison of(List<CaseResult> before, List<CaseResult> after, Function<CaseResult, String> pairKey) {
        Map<String, CaseResult> a = index(before, pairKey);
        Map<String, CaseResult> b = index(after, pairKey);
        List<CaseResult[]> shared = new ArrayList<>();
        List<CaseResult[]> pairs = new ArrayList<>();
        for (Map.Entry<String, CaseResult> e : a.entrySet()) {
            CaseResult other = b.get(e.getKey());
            if (other == null) continue;
            shared.add(new CaseResult[] {e.getValue(), other});
            if (e.getValue().checked() && other.checked()) pairs.add(new CaseResult[] {e.getValue(), other});
        }
        int n = pairs.size();
        double[] pa = new double[n];
        double[] pb = new double[n];
        int broke = 0;
        int fixed = 0;
        List<Flip> brokeCases = new ArrayList<>();
        List<Flip> fixedCases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CaseResult x = pairs.get(i)[0];
            CaseResult y = pairs.get(i)[1];
            pa[i] = x.pass() ? 1 : 0;
            pb[i] = y.pass() ? 1 : 0;
            if (x.pass() && !y.pass()) {
                broke++;
                brokeCases.add(new Flip(y.caseId(), y.sample(), y.model(), reasons(y), x.callId(), y.callId()));
            } else if (!x.pass() && y.pass()) {
                fixed++;
                fixedCases.add(new Flip(y.caseId(), y.sample(), y.model(), reasons(x), x.callId(), y.callId()));
            }
        }
        Map<String, Statistics.Estimate> metrics = new LinkedHashMap<>();
        TreeSet<String> types = new TreeSet<>();
        shared.forEach(p -> p[0].assertions().forEach(r -> types.add(r.type())));
        for (String type : types) {
            List<double[]> scored = new ArrayList<>();
            for (CaseResult[] p : shared) {
                Double s0 = score(p[0], type);
                Double s1 = score(p[1], type);
                if (s0 != null && s1 != null) scored.add(new double[] {s0, s1});
            }
            if (scored.isEmpty()) continue;
            metrics.put(type, Statistics.pairedBootstrap(scored.stream().mapToDouble(d -> d[0]).toArray(),
                    scored.stream().mapToDouble(d -> d[1]).toArray(), Statistics.SEED));
        }
        return new Comparison(n, a.size() - shared.size(), b.size() - shared.size(),
                Statistics.pairedBootstrap(pa, pb, Statistics.SEED), Statistics.mcnemar(broke, fixed), metrics,
                brokeCases, fixedCases, shared.size() - n);
    }

    private static Map<String, CaseResult> index(List<CaseResult> results, Function<CaseResult, String> key) {
        Map<String, CaseResult> out = new LinkedHashMap<>();
        for (CaseResult r : results) {
            CaseResult previous = out.putIfAbsent(key.apply(r), r);
            if (previous != null) {
                throw new IllegalArgumentException("two results for the same case '" + key.apply(r)
                        + "': compare one prompt version and one model per side");
            }
        }
        return out;
    }

    /** The mean score of the assertions of {@code type} on a result, or null when it has none. */
    private static Double score(CaseResult r, String type) {
        List<AssertionResult> of = r.assertions().stream().filter(a -> a.type().equals(type)).toList();
        return of.isEmpty() ? null : of.stream().mapToDouble(AssertionResult::score).average().orElseThrow();
    }

    static String reasons(CaseResult r) {
        if (r.errored()) return "the call could not be made: " + r.callError();
        String s = r.assertions().stream().filter(a -> !a.pass()).map(a -> a.type() + ": " + a.reason())
                .collect(Collectors.joining("; "));
        return s.isEmpty() ? String.format(java.util.Locale.ROOT, "weighted score %.2f under the pass score", r.score()) : s;
    }
}

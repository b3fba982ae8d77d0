package org.promptstudio.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.Comparison;
import org.promptstudio.eval.HeldOut;
import org.promptstudio.eval.Scoreboard;
import org.promptstudio.model.StudioException;
import org.promptstudio.vcs.PromptVersion;

/**
 * Scoreboards of runs and run-to-run comparisons: evaluates a run's calls, sums them up per prompt version x model,
 * warns when a prompt's test split has been scored too often, and finds a baseline run by prompt version among the runs of the same experiment.
 */
public final class Scoreboards {

    /** A run's results and its scoreboard. */
    public record ScoredRun(long runId, List<CaseResult> results, Scoreboard board) {
    }

    /**
     * A run's board as the run list shows it: {@code judgedNow} says it was judged just now because no stored results
     * stood for it (its results are stored now), rather than read from those stored.
     */
    public record Shown(ScoredRun scored, boolean judgedNow) {
    }

    /** A baseline run against a candidate run, paired on prompt, model, case and sample. */
    public record RunDiff(ScoredRun baseline, ScoredRun candidate, Comparison comparison) {
    }

    private final Studio studio;
    private final RunEvaluator evaluator;

    Scoreboards(Studio studio, RunEvaluator evaluator) {
        this.studio = studio;
        this.evaluator = evaluator;
    }

    /**
     * The scoreboards of {@code studio}: runs are judged by their declared assertions (experiment, dataset case,
     * prompt) and the results are stored against the calls they judged.
     */
    public static Scoreboards of(Studio studio) {
        return new Scoreboards(studio, runId -> studio.evaluation().evaluateAndStore(runId, null));
    }

    public RunEvaluator evaluator() {
        return evaluator;
    }

    public ScoredRun score(long runId) {
        return scored(runId, evaluator.evaluate(runId));
    }

    /**
     * Run {@code runId}'s board from its stored results ({@code studio eval}, {@code studio run}, a grid's checks;
     * {@link Evaluation#storedResults}), judging it (and storing the results) only when none stand for it: selecting
     * a run again calls no judge. The figures are those {@code studio eval} printed when it stored them, judged by the
     * pass score it was given ({@code --pass-score}, stored with them); a call judged with no assertion reads back
     * unchecked (stored as one {@code (no check)} row), so such a run is not judged again either.
     */
    public Shown show(long runId) {
        java.util.Optional<List<CaseResult>> stored = studio.evaluation().storedResults(runId);
        return stored.isPresent() ? new Shown(scored(runId, stored.get()), false) : new Shown(score(runId), true);
    }

    /**
     * Run {@code runId} judged and its results kept, as {@code studio eval} does; with {@code passScore} a case passes
     * when its weighted score reaches it (null: every assertion must pass). {@code studio run} prints this board too.
     */
    public ScoredRun evaluateAndStore(long runId, Double passScore) {
        return scored(runId, studio.evaluation().evaluateAndStore(runId, passScore));
    }

    /**
     * As {@link #evaluateAndStore(long, Double)} for a run just made, judging {@code recorded}, its calls kept in
     * memory as the database reads them back ({@link RecordedCalls}), without reading the run back; null reads it.
     */
    ScoredRun evaluateAndStore(long runId, Double passScore, java.util.List<org.promptstudio.model.CallRecord> recorded) {
        return scored(runId, studio.evaluation().evaluateAndStore(runId, passScore, recorded));
    }

    /** The board of results already judged, with the held-out warnings. */
    public ScoredRun scored(long runId, List<CaseResult> results) {
        return new ScoredRun(runId, results, Scoreboard.of(results, heldOutWarnings(results)));
    }

    /** A warning per prompt whose test cases here have been run in more than {@link HeldOut#TEST_RUNS_LIMIT} runs. */
    List<String> heldOutWarnings(List<CaseResult> results) {
        Map<String, Set<String>> testCases = new LinkedHashMap<>();
        for (CaseResult r : results) {
            if (HeldOut.TEST.equals(r.split()) && r.caseId() != null) {
                testCases.computeIfAbsent(r.promptPath(), k -> new LinkedHashSet<>()).add(r.caseId());
            }
        }
        List<String> out = new ArrayList<>();
        testCases.forEach((path, cases) -> HeldOut.overuseWarning(path, studio.callRepository().runsWithCases(path, cases).size())
                .ifPresent(out::add));
        return out;
    }

    /**
     * Compares {@code baseline} with {@code candidate}, each a run id or {@code PROMPT@VERSION} (a label, a version
     * number or a commit). A side given by version is the newest run of the same experiment as the other side with a
     * call of that prompt at that version (when both are given so, the candidate is the newest run with its version,
     * and the baseline is looked for among the runs of the candidate's experiment).
     *
     * @throws StudioException when a run cannot be found (saying what was looked for), or when the two runs have no
     *                         case in common, saying why (different experiments, prompts, models or cases)
     */
    public RunDiff diff(String baseline, String candidate) {
        long a;
        long b;
        if (isRunId(baseline)) {
            a = resolveRun(baseline, null);
            b = resolveRun(candidate, run(a));
        } else {
            b = resolveRun(candidate, null);
            a = resolveRun(baseline, run(b));
        }
        if (a == b) {
            throw new StudioException("both sides are run " + a + " (" + baseline + " and " + candidate
                    + "): a run compared with itself has no change to show; name two different runs");
        }
        // both judged now, by today's checks and expectations: stored results of a run judged before a dataset's
        // expectation changed would count that change as a flip (decision 0100)
        ScoredRun before = score(a);
        ScoredRun after = score(b);
        Comparison comparison = Comparison.ofRuns(before.results(), after.results());
        if (comparison.paired() == 0) throw new StudioException(unpaired(a, before.results(), b, after.results()));
        return new RunDiff(before, after, comparison);
    }

    private static boolean isRunId(String spec) {
        return spec.matches("\\d+");
    }

    /**
     * A run id, or {@code PROMPT@VERSION} ({@code answer@production}, {@code answer@3}, a commit): the newest run of
     * the same experiment as {@code other} (any experiment when {@code other} is null) whose calls used that version.
     */
    public long resolveRun(String spec) {
        return resolveRun(spec, null);
    }

    private org.promptstudio.model.RunRecord run(long id) {
        return studio.runRepository().find(id).orElseThrow(() -> Runs.unknownRun(id));
    }

    /** As {@link #resolveRun(String)}, a version among the runs of {@code other}'s experiment when it is not null. */
    private long resolveRun(String spec, org.promptstudio.model.RunRecord other) {
        if (isRunId(spec)) {
            long id = Long.parseLong(spec);
            studio.runRepository().find(id).orElseThrow(() -> Runs.unknownRun(id));
            return id;
        }
        int at = spec.lastIndexOf('@');
        if (at <= 0 || at == spec.length() - 1) {
            throw new StudioException("'" + spec + "' is neither a run id nor PROMPT@VERSION (e.g. answer@production)");
        }
        String prompt = spec.substring(0, at);
        String version = spec.substring(at + 1);
        String path = studio.versions().path(prompt);
        PromptVersion v = studio.versions().resolve(prompt, version);
        String what = path + " at " + version + " (" + v.shortId() + ")";
        if (other == null) {
            return studio.callRepository().latestRunWithCommit(path, v.commitId()).orElseThrow(() -> new StudioException(
                    "no run has called " + what + "; run an experiment with " + prompt + "@" + version + " first"));
        }
        return studio.callRepository().latestRunOfSameExperiment(path, v.commitId(), other).orElseThrow(() ->
                new StudioException("no run of " + describe(other) + " other than run " + other.id() + " has called "
                        + what + "; run that experiment with " + prompt + "@" + version + " first"));
    }

    private static String describe(org.promptstudio.model.RunRecord run) {
        return run.kind() == org.promptstudio.model.RunKind.EXPERIMENT ? "experiment '" + run.name() + "'"
                : run.kind().id() + " '" + run.name() + "'";
    }

    /**
     * Why runs {@code a} and {@code b} share no case (results pair on prompt, model, case and sample): the first
     * of different experiments, no answers on one side, different prompts, models, cases, samples that explains it.
     */
    private String unpaired(long a, List<CaseResult> ra, long b, List<CaseResult> rb) {
        String head = "runs " + a + " and " + b + " have no case in common, so there is nothing to compare: ";
        org.promptstudio.model.RunRecord runA = run(a);
        org.promptstudio.model.RunRecord runB = run(b);
        if (runA.kind() != runB.kind() || !runA.name().equals(runB.name())
                || !java.util.Objects.equals(runA.experimentPath(), runB.experimentPath())) {
            return head + "run " + a + " is " + describe(runA) + ", run " + b + " is " + describe(runB);
        }
        if (ra.isEmpty() || rb.isEmpty()) {
            return head + "run " + (ra.isEmpty() ? a : b) + " has no recorded call";
        }
        String[] dims = {"prompts", "models", "cases", "samples"};
        List<java.util.function.Function<CaseResult, String>> keys = List.of(CaseResult::promptPath,
                CaseResult::model, r -> String.valueOf(r.caseId()), r -> String.valueOf(r.sample()));
        for (int i = 0; i < dims.length; i++) {
            Set<String> x = new java.util.TreeSet<>(ra.stream().map(keys.get(i)).toList());
            Set<String> y = new java.util.TreeSet<>(rb.stream().map(keys.get(i)).toList());
            if (java.util.Collections.disjoint(x, y)) {
                return head + "different " + dims[i] + " (run " + a + ": " + few(x) + "; run " + b + ": " + few(y) + ")";
            }
        }
        return head + "no prompt, model, case and sample is in both";
    }

    /** Up to three values, then how many more. */
    private static String few(Set<String> values) {
        List<String> list = List.copyOf(values);
        String shown = String.join(", ", list.subList(0, Math.min(3, list.size())));
        return list.size() > 3 ? shown + " and " + (list.size() - 3) + " more" : shown;
    }
}

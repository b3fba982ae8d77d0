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
 * warns when a prompt's test split has been scored too often, and finds a baseline run by prompt label.
 */
public final class Scoreboards {

    /** A run's results and its scoreboard. */
    public record ScoredRun(long runId, List<CaseResult> results, Scoreboard board) {
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
     * Run {@code runId} judged and its results kept, as {@code studio eval} does; with {@code passScore} a case passes
     * when its weighted score reaches it (null: every assertion must pass). {@code studio run} prints this board too.
     */
    public ScoredRun evaluateAndStore(long runId, Double passScore) {
        return scored(runId, studio.evaluation().evaluateAndStore(runId, passScore));
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
        testCases.forEach((path, cases) -> HeldOut.overuseWarning(path, studio.calls().runsWithCases(path, cases).size())
                .ifPresent(out::add));
        return out;
    }

    public RunDiff diff(String baseline, String candidate) {
        ScoredRun a = score(resolveRun(baseline));
        ScoredRun b = score(resolveRun(candidate));
        return new RunDiff(a, b, Comparison.ofRuns(a.results(), b.results()));
    }

    /**
     * A run id, or {@code PROMPT@LABEL} ({@code answer@production}): the newest run whose calls used the commit the
     * label points at.
     */
    public long resolveRun(String spec) {
        if (spec.matches("\\d+")) {
            long id = Long.parseLong(spec);
            studio.runs().find(id).orElseThrow(() -> new StudioException("no run " + id + " (see 'studio calls')"));
            return id;
        }
        int at = spec.lastIndexOf('@');
        if (at <= 0 || at == spec.length() - 1) {
            throw new StudioException("'" + spec + "' is neither a run id nor PROMPT@LABEL (e.g. answer@production)");
        }
        String prompt = spec.substring(0, at);
        String label = spec.substring(at + 1);
        String path = studio.versions().path(prompt);
        PromptVersion v = studio.versions().resolve(prompt, label);
        return studio.calls().latestRunWithCommit(path, v.commitId()).orElseThrow(() -> new StudioException(
                "no run has called " + path + " at " + label + " (" + v.shortId() + "); run an experiment with "
                        + prompt + "@" + label + " first"));
    }
}

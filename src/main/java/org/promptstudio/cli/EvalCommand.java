package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.EvalSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code studio eval RUN_ID}: judges every call of a run with its assertions, keeps the results, sums them up. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate every call of a run with the assertions of its experiment, dataset cases and prompts;"
                + " store the results and print pass rate and mean score per prompt version x model.")
final class EvalCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run, as 'studio calls' lists it.")
    long runId;

    @Option(names = "--pass-score", paramLabel = "0..1",
            description = "A case passes when its weighted score reaches this (default: every assertion must pass).")
    Double passScore;

    @Override
    public Integer call() {
        if (passScore != null && (passScore < 0 || passScore > 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pass-score must be between 0 and 1");
        }
        List<CaseResult> results;
        try (Studio studio = root.openStudio()) {
            results = studio.evaluation().evaluateAndStore(runId, passScore);
        }
        PrintWriter out = spec.commandLine().getOut();
        long assertionCount = results.stream().mapToLong(r -> r.assertions().size()).sum();
        out.printf(Locale.ROOT, "run %d: %d calls judged, %d assertion results stored%n", runId, results.size(),
                assertionCount);
        if (assertionCount == 0) {
            out.println("no assertions: declare them in the experiment (assertions:), a dataset case (assert) or the"
                    + " prompt (metadata: {assertions: [...]}); until then every case is unchecked, not passed");
        }
        for (EvalSummary s : EvalSummary.of(results)) {
            out.printf(Locale.ROOT, "%n%s@%s x %s: %s%n", s.promptPath(), shortCommit(s.promptCommit()), s.model(),
                    counts(s));
            for (Map.Entry<String, Double> e : s.meanScoreByType().entrySet()) {
                out.printf(Locale.ROOT, "  %-16s mean score %.3f%n", e.getKey(), e.getValue());
            }
        }
        out.flush();
        return 0;
    }

    /**
     * {@code 2 cases, 1 passed (50.0%), 1 failed} when every case was checked; else the unchecked ones apart and the
     * pass rate over the checked ones, or {@code n/a} when none was (decision 0020).
     */
    static String counts(EvalSummary s) {
        if (s.unchecked() == 0) {
            return String.format(Locale.ROOT, "%d cases, %d passed (%.1f%%), %d failed", s.cases(), s.passed(),
                    100 * s.passRate(), s.failed());
        }
        String rate = s.checked() == 0 ? "pass rate n/a (nothing checked)"
                : String.format(Locale.ROOT, "pass rate %.1f%% of %d checked", 100 * s.passRate(), s.checked());
        return String.format(Locale.ROOT, "%d cases, %d passed, %d failed, %d unchecked (no weighted assertion): %s",
                s.cases(), s.passed(), s.failed(), s.unchecked(), rate);
    }

    private static String shortCommit(String commit) {
        if (commit == null) return "-";
        // abc1234...+dirty -> abc1234+dirty
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([0-9a-f]{7})[0-9a-f]+(.*)$").matcher(commit);
        return m.matches() ? m.group(1) + m.group(2) : commit;
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.ReportSection;
import org.promptstudio.eval.SampleAnswer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code studio eval RUN_ID}: judges every call of a run with its assertions, keeps the results, sums them up. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate every call of a run with the assertions of its experiment, dataset cases and prompts;"
                + " store the results and print the scoreboard per prompt version x model (self-consistency: each case is the"
                + " majority vote of its samples).")
final class EvalCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", converter = Numbers.Id.class,
            description = "The run, as 'studio runs' lists it.")
    long runId;

    @Option(names = "--pass-score", paramLabel = "0..1",
            description = "A case passes when its weighted score reaches this (default: every assertion must pass).")
    Double passScore;

    @Override
    public Integer call() {
        if (passScore != null && (passScore < 0 || passScore > 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pass-score must be between 0 and 1");
        }
        Scoreboards.ScoredRun scored;
        try (Studio studio = root.openStudio()) {
            scored = Scoreboards.of(studio).evaluateAndStore(runId, passScore);
        }
        PrintWriter out = spec.commandLine().getOut();
        print(out, scored);
        out.flush();
        return 0;
    }

    /**
     * What {@code studio eval} prints of a judged run: how many cases and assertion results, the scoreboard per
     * prompt version x model, the self-consistency votes whose samples disagreed (each sample under its case), and
     * how many voted cases had no answering sample.
     * {@code studio run} prints the same for the run it made, so both show one set of figures.
     */
    /**
     * {@code 2 cases, 1 passed (50.0%), 1 failed} when every case was checked; else the unchecked ones apart and the
     * pass rate over the checked ones, or {@code n/a} when none was (decision 0020).
     */
    static String counts(List<CaseResult> results) {
        if (results.isEmpty()) return NO_CASES;
        int passed = 0;
        int failed = 0;
        int unchecked = 0;
        for (CaseResult r : results) {
            if (r.pass()) passed++;
            else if (r.failed()) failed++;
            else unchecked++;
        }
        int checked = passed + failed;
        double rate = checked == 0 ? Double.NaN : (double) passed / checked;
        if (unchecked == 0) {
            return String.format(Locale.ROOT, "%d cases, %d passed (%.1f%%), %d failed", results.size(), passed,
                    100 * rate, failed);
        }
        String rateText = checked == 0 ? "pass rate n/a (nothing checked)"
                : String.format(Locale.ROOT, "pass rate %.1f%% of %d checked", 100 * rate, checked);
        return String.format(Locale.ROOT, "%d cases, %d passed, %d failed, %d unchecked (no weighted assertion): %s",
                results.size(), passed, failed, unchecked, rateText);
    }

    /** What a run with no case to judge says in place of its counts and tables (a run stopped before any call). */
    static final String NO_CASES = "no cases were answered";

    static void print(PrintWriter out, Scoreboards.ScoredRun scored) {
        List<CaseResult> results = scored.results();
        if (results.isEmpty()) {
            // A run stopped before its first call (budget, cancel): no table, no rate of nothing.
            out.printf(Locale.ROOT, "run %d: %s%n", scored.runId(), NO_CASES);
            for (String w : scored.board().warnings()) out.printf("warning: %s%n", w);
            return;
        }
        long assertionCount = results.stream().mapToLong(r -> r.assertions().size()).sum();
        long calls = results.stream().mapToLong(r -> r.voted() ? r.samples().size() : 1).sum();
        out.printf(Locale.ROOT, "run %d: %d case(s) judged%s, %d assertion results stored%n", scored.runId(),
                results.size(), calls == results.size() ? ""
                        : " (each the majority vote of its samples, " + calls + " calls)", assertionCount);
        if (assertionCount == 0) {
            out.println("no assertions: declare them in the experiment (assertions:), a dataset case (assert) or the"
                    + " prompt (metadata: {assertions: [...]}); until then every case is unchecked, not passed");
        }
        ScoreboardText.print(out, scored.board());
        out.println(counts(results));
        List<CaseResult> split = results.stream().filter(r -> r.voted() && r.voters() > 0 && r.votes() < r.voters())
                .toList();
        if (!split.isEmpty()) out.printf("Split votes (the answering samples did not all agree): %d%n", split.size());
        for (CaseResult r : split) {
            out.printf("  %s %s: %s%n", ReportSection.version(r.promptPath(), r.promptCommit()),
                    ReportSection.caseName(r), ReportSection.vote(r));
            for (SampleAnswer a : r.samples()) out.println("    " + ReportSection.sample(a));
        }
        // Calls that could not be made: said with their reason (in the results' order), not only counted as failed.
        List<CaseResult> errored = results.stream().filter(CaseResult::errored).toList();
        if (!errored.isEmpty()) {
            out.printf("Calls that could not be made: %d case(s), failed (studio calls --run %d)%n", errored.size(),
                    scored.runId());
            errored.stream().limit(10).forEach(r -> out.printf("  ERROR %s %s: %s%n",
                    ReportSection.version(r.promptPath(), r.promptCommit()), ReportSection.caseName(r),
                    ReportSection.withoutModel(r)));
            if (errored.size() > 10) out.printf("  ... and %d more%n", errored.size() - 10);
        }
        long unanswered = results.stream().filter(r -> r.voted() && r.voters() == 0).count();
        if (unanswered > 0) {
            out.printf("No answer to vote on: %d case(s), failed: no sample's answer could be extracted (check the"
                    + " strategy's answerPattern against the outputs) or every sample failed (their samples: studio calls"
                    + " --run %d)%n", unanswered,
                    scored.runId());
        }
    }
}

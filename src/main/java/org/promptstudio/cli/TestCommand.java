package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.PromptTests;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.ReportException;
import org.promptstudio.eval.ReportProblem;
import org.promptstudio.eval.ReportSection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code studio test}: runs the prompt tests (experiments marked {@code test: true}, or the ones named), judges every
 * case and exits 1 when one fails, the pass rate of the checked cases is under the bar, more cases are unchecked than
 * {@code --max-unchecked} allows, nothing at all was checked, or an experiment cannot run; with JUnit XML and HTML
 * reports for CI. The pass rate is over the checked cases (decision 0020).
 */
@Command(name = "test", description = {"Run prompt tests; exit 1 when a case fails, the pass rate of the checked cases is "
        + "under --fail-under, more cases are unchecked than --max-unchecked allows, or an experiment cannot run (a "
        + "broken prompt: its file:line is in the error and in the reports).",
        "With no EXPERIMENT, runs the experiments marked as prompt tests: 'test: true' in experiments/NAME.yaml."},
        footer = {"", "Examples:", "  studio test --recordings recordings --junit target/prompt-tests.xml --fail-under 0.9",
            "  studio test ci-smoke --html target/prompt-tests.html",
            "  studio test ci-smoke --models gpt-4o-mini --record --recordings recordings (once, with the real model)",
            "  studio test ci-smoke --models gpt-4o-mini-replay --recordings recordings   (in CI, offline)"})
final class TestCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "EXPERIMENT", description = "Experiments to run, marked or not (default: those with 'test: true').")
    List<String> experimentNames;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report here.")
    Path junit;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report here.")
    Path html;

    @Option(names = "--fail-under", paramLabel = "X", description = "Pass when the pass rate (over checked cases) is at least X (0..1), failures under the bar allowed; without it, one failing case fails.")
    Double failUnder;

    @Option(names = "--max-unchecked", paramLabel = "X", defaultValue = "0",
            description = "Fail when more than this share (0..1) of all cases is unchecked: no assertion could fail them (default: ${DEFAULT-VALUE}).")
    double maxUnchecked;

    @Option(names = "--models", split = ",", paramLabel = "a,b", description = "Run these models instead of each file's.")
    List<String> models;

    @Option(names = "--limit", paramLabel = "N", converter = Numbers.Count.class,
            description = "Only the first N cases of each experiment (at least 1; without it, every case).")
    Integer limit;

    @Option(names = "--recordings", paramLabel = "DIR",
            description = "Keep and replay recorded answers in DIR (a committed folder) instead of .studio/cache/.")
    Path recordings;

    @Option(names = "--record", description = "Record every answer, also above temperature 0 (to replay it in CI).")
    boolean record;

    @Override
    public Integer call() {
        if (failUnder != null && (failUnder < 0 || failUnder > 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fail-under must be between 0 and 1, found " + failUnder);
        }
        if (!(maxUnchecked >= 0 && maxUnchecked <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-unchecked must be between 0 and 1, found " + maxUnchecked);
        }
        // Ctrl-C (SIGINT) or SIGTERM cancels the calls in flight: every call that ended stays recorded, no report is
        // written (a cut-short test has no honest pass rate), and the process exits with 130 (143 for SIGTERM).
        try (StopSignal stop = StopSignal.install()) {
            int code = test(stop);
            return code == RunCommand.INTERRUPTED ? stop.exitCode() : code;
        }
    }

    private int test(StopSignal stop) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Studio studio = root.openStudio()) {
            // An experiment that cannot run (a broken template, an unknown model, a bad file) is reported by name and
            // fails the test, in the reports too, while the others still run (docs/decisions/0023-marking-prompt-tests.md).
            PromptTests.Suite suite = studio.promptTests().prepare(
                    new PromptTests.Request(experimentNames,
                            ModelNames.check(spec.commandLine(), models, () -> ModelNames.known(studio)), limit,
                            recordings, record));
            stop.onStop(suite::cancel);
            if (suite.replayingFrom() != null) {
                out.println("replaying recorded answers from " + suite.replayingFrom()
                        + "/ (--recordings DIR for another folder)");
            }
            for (ReportProblem p : suite.problems()) err.println("error: " + p.line());
            err.flush();
            for (int i = 0; i < suite.plans().size(); i++) {
                if (RunCommand.printCheck(out, err, suite.planProblems(i), suite.blocker(i))) return 1;
            }
            List<String> uncheckedIn = new ArrayList<>();
            PromptTests.Outcome outcome = suite.run(new PromptTests.Listener() {
                @Override
                public void judged(ReportSection section) {
                    printSection(out, studio, section, uncheckedIn);
                }

                @Override
                public void unjudged(ReportProblem problem) {
                    err.println("error: " + problem.line());
                }
            });
            if (outcome.stopped()) {
                out.flush();
                err.println("stopped: " + outcome.stoppedExperiment() + " (run " + outcome.stoppedRunId()
                        + ") did not finish, so no pass rate and no report; its answers are kept: studio run --resume "
                        + outcome.stoppedRunId());
                return RunCommand.INTERRUPTED;
            }
            List<ReportProblem> problems = outcome.problems();
            if (!problems.isEmpty()) {
                out.printf("%d experiment(s) could not run: %s%n", problems.size(),
                        String.join(", ", problems.stream().map(ReportProblem::experiment).toList()));
            }
            PromptTests.PassRule rule = new PromptTests.PassRule(failUnder, maxUnchecked);
            PromptTests.Verdict verdict = PromptTests.verdict(outcome.sections(), problems, rule);
            if (verdict.tooManyUnchecked()) {
                out.printf(Locale.ROOT, "unchecked: %d of %d case(s) (%.1f%%), more than --max-unchecked %s allows (%s);"
                        + " declare assertions, or give the prompt an output schema%n", verdict.unchecked(),
                        verdict.total(), 100.0 * verdict.unchecked() / verdict.total(), share(maxUnchecked),
                        String.join(", ", uncheckedIn));
            }
            // Each report is written whole or not at all; one that cannot be written (a full disk, no permission) is
            // one line, the other is still written, and the test fails (CI must not read an old report as this one).
            List<String> unwritten = new ArrayList<>();
            if (junit != null) {
                try {
                    PromptTests.writeJUnit(outcome, root.workspace().resolve(junit));
                    out.println("JUnit report: " + junit);
                } catch (ReportException e) {
                    unwritten.add(e.getMessage());
                }
            }
            if (html != null) {
                try {
                    PromptTests.writeHtml(outcome, rule, verdict, root.workspace().resolve(html));
                    out.println("HTML report: " + html);
                } catch (ReportException e) {
                    unwritten.add(e.getMessage());
                }
            }
            out.println(verdict.summary());
            out.flush();
            for (String line : unwritten) err.println("error: " + line);
            err.flush();
            return verdict.ok() && unwritten.isEmpty() ? 0 : 1;
        }
    }

    /** An experiment's part of the output: its scoreboard, its failed cases, its unchecked ones. */
    private static void printSection(PrintWriter out, Studio studio, ReportSection section, List<String> uncheckedIn) {
        out.printf("%s (run %d):%n", section.experiment(), section.runId());
        studio.runHistory().find(section.runId())
                .ifPresent(r -> out.println(org.promptstudio.app.RunHistory.cacheLine(r.figures())));
        ScoreboardText.print(out, section.board());
        for (CaseResult r : section.results()) {
            if (!r.failed()) continue;
            // A call that could not be made is an error, apart from the cases whose checks failed.
            out.printf("  %s %s %s: %s%n", r.errored() ? "ERROR" : "FAIL",
                    ReportSection.version(r.promptPath(), r.promptCommit()), ReportSection.caseName(r),
                    r.errored() ? "the call could not be made: " + ReportSection.withoutModel(r) : failReason(r));
            // A self-consistency case: the vote and its samples, under the line.
            if (r.voted()) out.println("       " + ReportSection.vote(r));
            r.samples().forEach(a -> out.println("         " + ReportSection.sample(a)));
        }
        printUnchecked(out, section.results());
        int runUnchecked = (int) section.results().stream().filter(CaseResult::unchecked).count();
        if (runUnchecked > 0) uncheckedIn.add(section.experiment() + ": " + runUnchecked);
        out.println();
        out.flush();
    }

    /** One line per prompt version x model with unchecked cases: how many, and why (never one line per case). */
    private static void printUnchecked(PrintWriter out, List<CaseResult> results) {
        Map<String, List<CaseResult>> byCell = new java.util.LinkedHashMap<>();
        for (CaseResult r : results) {
            if (r.unchecked()) {
                byCell.computeIfAbsent(ReportSection.version(r.promptPath(), r.promptCommit()) + " · " + r.model(),
                        k -> new ArrayList<>()).add(r);
            }
        }
        byCell.forEach((cell, rs) -> {
            java.util.Set<String> reasons = new java.util.LinkedHashSet<>();
            rs.forEach(r -> reasons.add(r.uncheckedReason()));
            out.printf("  UNCHECKED %s: %d case(s), %s%n", cell, rs.size(), String.join("; ", reasons));
        });
    }

    private static String share(double x) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }

    private static String failReason(CaseResult r) {
        // Assertions failing for the same reason (a call with no answer fails them all) are named once, together.
        Map<String, java.util.Set<String>> typesByReason = new java.util.LinkedHashMap<>();
        r.assertions().stream().filter(a -> !a.pass()).forEach(a ->
                typesByReason.computeIfAbsent(a.reason(), k -> new java.util.LinkedHashSet<>()).add(a.type()));
        StringBuilder b = new StringBuilder();
        typesByReason.forEach((reason, types) -> {
            if (b.length() > 0) b.append("; ");
            b.append(String.join(", ", types)).append(": ").append(reason);
        });
        return b.length() == 0 ? "failed" : b.toString();
    }
}

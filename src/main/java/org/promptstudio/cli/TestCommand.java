package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Experiments;
import org.promptstudio.app.ModelAccess;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.HtmlReport;
import org.promptstudio.eval.JUnitReport;
import org.promptstudio.eval.ReportException;
import org.promptstudio.eval.ReportProblem;
import org.promptstudio.eval.ReportSection;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
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

    static final String NONE_MARKED = "no experiment in experiments/ is marked as a prompt test: add 'test: true' to "
            + "the experiment files CI should run, or name them (studio test NAME)";

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

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N cases of each experiment.")
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
        Cancellation cancel = new Cancellation();
        try (StopSignal stop = StopSignal.install(cancel)) {
            int code = test(cancel);
            return code == RunCommand.INTERRUPTED ? stop.exitCode() : code;
        }
    }

    private int test(Cancellation cancel) {
        PrintWriter out = spec.commandLine().getOut();
        try (Studio studio = root.openStudio()) {
            Path recordingsDir = recordings != null ? root.workspace().resolve(recordings) : null;
            Experiments experiments = studio.experiments();
            // An experiment that cannot run (a broken template, an unknown model, a bad file) is reported by name and
            // fails the test, in the reports too, while the others still run (docs/decisions/0023-marking-prompt-tests.md).
            List<ReportProblem> problems = new ArrayList<>();
            List<ExperimentSpec> specs = new ArrayList<>();
            if (experimentNames == null || experimentNames.isEmpty()) {
                Experiments.PromptTests found = experiments.promptTests();
                found.unreadable().forEach((name, why) -> problems.add(new ReportProblem(name, why)));
                if (found.tests().isEmpty() && problems.isEmpty()) throw new StudioException(NONE_MARKED);
                specs.addAll(found.tests());
            } else {
                for (String name : experimentNames) {
                    try {
                        specs.add(experiments.read(name));
                    } catch (StudioException e) {
                        problems.add(new ReportProblem(name, e.getMessage()));
                    }
                }
            }
            // Prompt tests that replay answers read the workspace's committed recordings/ folder unless told otherwise
            // (decision 0023): without it, every replayed case would fail as "no recording (prompt changed?)".
            Path committed = root.workspace().resolve(DEFAULT_RECORDINGS);
            if (recordingsDir == null && Files.isDirectory(committed) && replays(studio, specs)) {
                recordingsDir = committed;
                out.println("replaying recorded answers from " + DEFAULT_RECORDINGS + "/ (--recordings DIR for another folder)");
            }
            if (recordingsDir != null) studio.useRecordings(recordingsDir);
            ModelAccess access = studio.models(record ? CachePolicy.ALWAYS : CachePolicy.AUTO);
            List<RunPlan> plans = new ArrayList<>();
            for (ExperimentSpec s : specs) {
                try {
                    RunPlan plan = experiments.plan(s, models, limit, Experiments.miniLm());
                    experiments.checkTemplates(plan); // a template that does not parse: one error, not a failed case each
                    studio.evaluation().checkDeclared(plan.spec()); // a misspelt assertion: before any call, not after
                    plan.spec().models().forEach(access::ref); // an unknown model fails before anything runs
                    plans.add(plan);
                } catch (StudioException e) {
                    problems.add(new ReportProblem(s.name(), e.getMessage()));
                }
            }
            for (ReportProblem p : problems) spec.commandLine().getErr().println("error: " + p.line());
            spec.commandLine().getErr().flush();
            ExperimentRunner runner = studio.runner(access);
            for (RunPlan plan : plans) {
                if (RunCommand.printCheck(out, spec.commandLine().getErr(), experiments.check(plan, runner))) return 1;
            }
            Scoreboards scoreboards = Scoreboards.of(studio);
            List<ReportSection> sections = new ArrayList<>();
            int total = 0;
            int failed = 0; // cases whose checks failed
            int errored = 0; // cases whose call could not be made
            int unchecked = 0;
            List<String> uncheckedIn = new ArrayList<>();
            for (RunPlan plan : plans) {
                Experiments.Outcome outcome = experiments.run(plan, null, runner, studio.runs(), studio.calls(),
                        ExperimentRunner.Progress.NONE, cancel);
                if (cancel.isCancelled() || outcome.status() == RunStatus.CANCELLED) {
                    out.flush();
                    spec.commandLine().getErr().println("stopped: " + plan.spec().name() + " (run " + outcome.runId()
                            + ") did not finish, so no pass rate and no report; its answers are kept: studio run --resume "
                            + outcome.runId());
                    return RunCommand.INTERRUPTED;
                }
                Scoreboards.ScoredRun scored;
                try {
                    scored = scoreboards.score(outcome.runId());
                } catch (StudioException e) {
                    // Its calls are kept; the other experiments still run and the reports are still written.
                    problems.add(new ReportProblem(plan.spec().name(), e.getMessage() + " (its calls are kept: studio eval "
                            + outcome.runId() + " after the fix)"));
                    spec.commandLine().getErr().println("error: " + problems.get(problems.size() - 1).line());
                    continue;
                }
                Map<Long, String> answers = new HashMap<>();
                for (CallRecord c : studio.calls().inRunWithAnswers(outcome.runId())) {
                    String text = c.texts() == null ? null : c.texts().output();
                    if (text == null && c.error() != null) text = "(error) " + c.error();
                    if (text != null) answers.put(c.id(), text);
                }
                sections.add(new ReportSection(plan.spec().name(), outcome.runId(), scored.board(), scored.results(), answers));
                out.printf("%s (run %d):%n", plan.spec().name(), outcome.runId());
                studio.runHistory().find(outcome.runId())
                        .ifPresent(r -> out.println(org.promptstudio.app.RunHistory.cacheLine(r.figures())));
                ScoreboardText.print(out, scored.board());
                for (CaseResult r : scored.results()) {
                    if (!r.failed()) continue;
                    // A call that could not be made is an error, apart from the cases whose checks failed.
                    out.printf("  %s %s %s: %s%n", r.errored() ? "ERROR" : "FAIL",
                            ReportSection.version(r.promptPath(), r.promptCommit()), ReportSection.caseName(r),
                            r.errored() ? "the call could not be made: " + r.callError() : failReason(r));
                    // A self-consistency case: the vote and its samples, under the line.
                    if (r.voted()) out.println("       " + ReportSection.vote(r));
                    r.samples().forEach(a -> out.println("         " + ReportSection.sample(a)));
                }
                printUnchecked(out, scored.results());
                int runUnchecked = (int) scored.results().stream().filter(CaseResult::unchecked).count();
                if (runUnchecked > 0) uncheckedIn.add(plan.spec().name() + ": " + runUnchecked);
                total += scored.results().size();
                failed += (int) scored.results().stream().filter(CaseResult::failedCheck).count();
                errored += (int) scored.results().stream().filter(CaseResult::errored).count();
                unchecked += runUnchecked;
                out.println();
                out.flush();
            }
            if (!problems.isEmpty()) {
                out.printf("%d experiment(s) could not run: %s%n", problems.size(),
                        String.join(", ", problems.stream().map(ReportProblem::experiment).toList()));
            }
            int checked = total - unchecked;
            double rate = checked == 0 ? Double.NaN : (double) (checked - failed - errored) / checked;
            // With a bar, some failures are tolerated as long as the pass rate (over checked cases) reaches it;
            // without, none is. Unchecked cases are no pass: more than --max-unchecked of them fail the run, and a
            // run where nothing was checked fails whatever the bar.
            boolean underBar = failUnder != null && checked > 0 && rate < failUnder;
            boolean tooManyUnchecked = total > 0 && unchecked > maxUnchecked * total;
            boolean ok = checked > 0 && !tooManyUnchecked && (failUnder == null ? failed + errored == 0 : !underBar);
            ok = ok && problems.isEmpty(); // an experiment that could not run is never a pass, whatever the bar
            if (tooManyUnchecked) {
                out.printf(Locale.ROOT, "unchecked: %d of %d case(s) (%.1f%%), more than --max-unchecked %s allows (%s);"
                        + " declare assertions, or give the prompt an output schema%n", unchecked, total,
                        100.0 * unchecked / total, share(maxUnchecked), String.join(", ", uncheckedIn));
            }
            String rateText = checked == 0 ? "pass rate n/a (nothing checked)"
                    : String.format(Locale.ROOT, "pass rate %.1f%%", 100 * rate)
                            + (unchecked == 0 ? "" : String.format(Locale.ROOT, " of %d checked", checked));
            String verdict = String.format(Locale.ROOT, "%s: %d case(s), %d failed%s%s, %s%s", ok ? "PASSED" : "FAILED",
                    total, failed, errored == 0 ? "" : ", " + errored + " error(s) (the call could not be made)",
                    unchecked == 0 ? "" : ", " + unchecked + " unchecked", rateText, failUnder == null ? ""
                            : String.format(Locale.ROOT, " (bar %.1f%%%s)", 100 * failUnder, underBar ? ", under it" : ""));
            // Each report is written whole or not at all; one that cannot be written (a full disk, no permission) is
            // one line, the other is still written, and the test fails (CI must not read an old report as this one).
            List<String> unwritten = new ArrayList<>();
            if (junit != null) {
                try {
                    JUnitReport.write(sections, problems, root.workspace().resolve(junit));
                    out.println("JUnit report: " + junit);
                } catch (ReportException e) {
                    unwritten.add(e.getMessage());
                }
            }
            if (html != null) {
                try {
                    HtmlReport.write(sections, problems, failUnder == null ? 0 : failUnder, verdict, root.workspace().resolve(html));
                    out.println("HTML report: " + html);
                } catch (ReportException e) {
                    unwritten.add(e.getMessage());
                }
            }
            out.println(verdict);
            out.flush();
            for (String line : unwritten) spec.commandLine().getErr().println("error: " + line);
            spec.commandLine().getErr().flush();
            return ok && unwritten.isEmpty() ? 0 : 1;
        }
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

    /** The folder {@code studio test} replays from when it exists and no {@code --recordings} is given. */
    static final String DEFAULT_RECORDINGS = "recordings";

    /** Whether any model of {@code specs} (or of {@code --models}) is a {@code replay} model in studio.yaml. */
    private boolean replays(Studio studio, List<ExperimentSpec> specs) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        if (models != null && !models.isEmpty()) ids.addAll(models);
        else specs.forEach(s -> ids.addAll(s.models()));
        return studio.workspace().config().models().stream()
                .anyMatch(m -> ids.contains(m.id()) && "replay".equals(m.provider()));
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

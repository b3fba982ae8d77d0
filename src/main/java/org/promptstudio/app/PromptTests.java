package org.promptstudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.promptstudio.eval.CaseCounts;
import org.promptstudio.eval.HtmlReport;
import org.promptstudio.eval.JUnitReport;
import org.promptstudio.eval.ReportProblem;
import org.promptstudio.eval.ReportSection;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.PlanCheck;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;

/**
 * The "run prompt tests" use case ({@code studio test}, the window's test button): runs the experiments marked
 * {@code test: true} (or those named), judges every case, and applies the pass rule ({@link #verdict}): the pass rate
 * is over the checked cases (decision 0020), unchecked cases are no pass, an experiment that cannot run is never a
 * pass (decision 0023). Writes the JUnit XML and HTML reports for CI.
 */
public final class PromptTests {

    /** The error when no experiment is marked as a prompt test and none is named. */
    public static final String NONE_MARKED = "no experiment in experiments/ is marked as a prompt test: add 'test: true'"
            + " to the experiment files CI should run, or name them (studio test NAME)";

    /** The folder prompt tests replay from when it exists and no other folder is given. */
    public static final String DEFAULT_RECORDINGS = "recordings";

    /**
     * What to test.
     *
     * @param experiments experiments to run, marked or not; null or empty: those marked {@code test: true}
     * @param models      model ids to run instead of each file's, or null
     * @param limit       only the first N cases of each experiment, or null
     * @param recordings  keep and replay recorded answers in this folder (relative to the workspace), or null
     * @param record      record every answer, also above temperature 0
     */
    public record Request(List<String> experiments, List<String> models, Integer limit, Path recordings,
                          boolean record) {
    }

    /**
     * The pass rule's bar.
     *
     * @param failUnder    pass when the pass rate over checked cases is at least this (0..1), failures under the bar
     *                     allowed; null: one failing case fails
     * @param maxUnchecked fail when more than this share (0..1) of all cases is unchecked
     */
    public record PassRule(Double failUnder, double maxUnchecked) {
    }

    /**
     * The pass rule applied.
     *
     * @param ok               whether the tests pass
     * @param total            cases judged
     * @param failed           cases whose checks failed
     * @param errored          cases whose call could not be made
     * @param unchecked        cases no assertion could fail
     * @param rate             passed / checked, NaN when nothing was checked
     * @param underBar         whether the rate is under {@link PassRule#failUnder()}
     * @param tooManyUnchecked whether more cases are unchecked than {@link PassRule#maxUnchecked()} allows
     * @param summary          the verdict line: {@code PASSED: 12 case(s), 1 failed, pass rate 91.7% (bar 90.0%)}
     */
    public record Verdict(boolean ok, int total, int failed, int errored, int unchecked, double rate,
                          boolean underBar, boolean tooManyUnchecked, String summary) {
    }

    /** Told as each experiment ends, in the order they run. */
    public interface Listener {
        /** An experiment ran and was judged. */
        void judged(ReportSection section);

        /** An experiment ran but could not be judged; its calls are kept. */
        void unjudged(ReportProblem problem);
    }

    /**
     * How the tests ended.
     *
     * @param stoppedExperiment the experiment a cancel cut short, or null when every one ran
     * @param stoppedRunId      its run, to resume; 0 when none was stopped
     * @param sections          each experiment judged, in order
     * @param problems          every experiment that could not run or be judged, in order
     */
    public record Outcome(String stoppedExperiment, long stoppedRunId, List<ReportSection> sections,
                          List<ReportProblem> problems) {
        public Outcome {
            sections = List.copyOf(sections);
            problems = List.copyOf(problems);
        }

        /** Whether a cancel cut the tests short: no pass rate and no report then. */
        public boolean stopped() {
            return stoppedExperiment != null;
        }
    }

    /**
     * Why {@code --record} is refused under {@code privacy.redactBeforeStore: true}: recordings are whole answers, kept
     * in files (often committed), where no redaction reaches.
     */
    public static final String NO_RECORDING = "studio.yaml: privacy.redactBeforeStore is true, so no answers are"
            + " recorded (--record keeps them unredacted in files); set it to false to record";

    private final Studio studio;

    PromptTests(Studio studio) {
        this.studio = studio;
    }

    /**
     * Reads and plans the experiments of {@code request}; one that cannot run (a broken template, an unknown model, a
     * misspelt assertion, a bad file) is a problem named by experiment, while the others still run.
     *
     * @throws StudioException {@link #NONE_MARKED} when none is named and none is marked; {@link #NO_RECORDING}
     *     when {@code record} is asked while studio.yaml redacts calls before they are stored
     */
    public Suite prepare(Request request) {
        if (request.record() && studio.redactsBeforeStore()) throw new StudioException(NO_RECORDING);
        Experiments experiments = studio.experiments();
        List<ReportProblem> problems = new ArrayList<>();
        List<ExperimentSpec> specs = new ArrayList<>();
        if (request.experiments() == null || request.experiments().isEmpty()) {
            Experiments.PromptTests found = experiments.promptTests();
            found.unreadable().forEach((name, why) -> problems.add(new ReportProblem(name, why)));
            if (found.tests().isEmpty() && problems.isEmpty()) throw new StudioException(NONE_MARKED);
            specs.addAll(found.tests());
        } else {
            for (String name : request.experiments()) {
                try {
                    specs.add(experiments.read(name));
                } catch (StudioException e) {
                    problems.add(new ReportProblem(name, e.getMessage()));
                }
            }
        }
        Path root = studio.workspace().root();
        Path recordingsDir = request.recordings() != null ? root.resolve(request.recordings()) : null;
        // Prompt tests that replay answers read the workspace's committed recordings/ folder unless told otherwise
        // (decision 0023): without it, every replayed case would fail as "no recording (prompt changed?)".
        Path committed = root.resolve(DEFAULT_RECORDINGS);
        String replaying = null;
        if (recordingsDir == null && Files.isDirectory(committed) && replays(request.models(), specs)) {
            recordingsDir = committed;
            replaying = DEFAULT_RECORDINGS;
        }
        if (recordingsDir != null) studio.useRecordings(recordingsDir);
        ModelAccess access = studio.models(request.record() ? CachePolicy.ALWAYS : CachePolicy.AUTO);
        List<RunPlan> plans = new ArrayList<>();
        for (ExperimentSpec s : specs) {
            try {
                RunPlan plan = experiments.plan(s, request.models(), request.limit(), Experiments.miniLm());
                experiments.checkTemplates(plan); // a template that does not parse: one error, not a failed case each
                studio.evaluation().checkDeclared(plan.spec()); // a misspelt assertion: before any call, not after
                // an unknown model fails before anything runs, named at its place in the experiment's file
                experiments.requireModels(plan, access::ref, request.models() == null || request.models().isEmpty());
                plans.add(plan);
            } catch (StudioException e) {
                problems.add(new ReportProblem(s.name(), e.getMessage()));
            }
        }
        ExperimentRunner runner = studio.runner(access);
        List<PlanCheck> checks = plans.stream().map(p -> experiments.check(p, runner)).toList();
        return new Suite(replaying, problems, plans, checks, runner);
    }

    /** Whether any model of {@code specs} (or of {@code models}) is a {@code replay} model in studio.yaml. */
    private boolean replays(List<String> models, List<ExperimentSpec> specs) {
        Set<String> ids = new HashSet<>();
        if (models != null && !models.isEmpty()) ids.addAll(models);
        else specs.forEach(s -> ids.addAll(s.models()));
        return studio.workspace().config().models().stream()
                .anyMatch(m -> ids.contains(m.id()) && "replay".equals(m.provider()));
    }

    /**
     * The pass rule. With a bar, some failures are tolerated as long as the pass rate (over checked cases) reaches it;
     * without, none is. Unchecked cases are no pass: more than the allowed share of them fails the tests, and tests
     * where nothing was checked fail whatever the bar. An experiment that could not run is never a pass.
     *
     * @param sections the experiments judged
     * @param problems the experiments that could not run or be judged
     * @param rule     the bar
     */
    public static Verdict verdict(List<ReportSection> sections, List<ReportProblem> problems, PassRule rule) {
        CaseCounts counts = CaseCounts.of(sections);
        int total = counts.total();
        int failed = counts.failed();
        int errored = counts.errored();
        int unchecked = counts.unchecked();
        Double failUnder = rule.failUnder();
        int checked = total - unchecked;
        double rate = checked == 0 ? Double.NaN : (double) (checked - failed - errored) / checked;
        boolean underBar = failUnder != null && checked > 0 && rate < failUnder;
        boolean tooManyUnchecked = total > 0 && unchecked > rule.maxUnchecked() * total;
        boolean ok = checked > 0 && !tooManyUnchecked && (failUnder == null ? failed + errored == 0 : !underBar);
        ok = ok && problems.isEmpty();
        String rateText = checked == 0 ? "pass rate n/a (nothing checked)"
                : String.format(Locale.ROOT, "pass rate %.1f%%", 100 * rate)
                        + (unchecked == 0 ? "" : String.format(Locale.ROOT, " of %d checked", checked));
        String summary = String.format(Locale.ROOT, "%s: %d case(s), %d failed%s%s, %s%s", ok ? "PASSED" : "FAILED",
                total, failed, errored == 0 ? "" : ", " + errored + " error(s) (the call could not be made)",
                unchecked == 0 ? "" : ", " + unchecked + " unchecked", rateText, failUnder == null ? ""
                        : String.format(Locale.ROOT, " (bar %.1f%%%s)", 100 * failUnder, underBar ? ", under it" : ""));
        return new Verdict(ok, total, failed, errored, unchecked, rate, underBar, tooManyUnchecked, summary);
    }

    /**
     * Writes the JUnit XML report, whole or not at all.
     *
     * @throws org.promptstudio.eval.ReportException naming the file when it cannot be written
     */
    public static void writeJUnit(Outcome outcome, Path file) {
        JUnitReport.write(outcome.sections(), outcome.problems(), file);
    }

    /**
     * Writes the self-contained HTML report, whole or not at all.
     *
     * @throws org.promptstudio.eval.ReportException naming the file when it cannot be written
     */
    public static void writeHtml(Outcome outcome, PassRule rule, Verdict verdict, Path file) {
        HtmlReport.write(outcome.sections(), outcome.problems(), rule.failUnder() == null ? 0 : rule.failUnder(),
                verdict.summary(), file);
    }

    /** Prompt tests read and planned, not run yet; they can be cancelled before they start. */
    public final class Suite {
        private final String replaying;
        private final List<ReportProblem> problems;
        private final List<RunPlan> plans;
        private final List<PlanCheck> checks;
        private final ExperimentRunner runner;
        private final Cancellation cancel = new Cancellation();

        private Suite(String replaying, List<ReportProblem> problems, List<RunPlan> plans, List<PlanCheck> checks,
                      ExperimentRunner runner) {
            this.replaying = replaying;
            this.problems = new ArrayList<>(problems);
            this.plans = plans;
            this.checks = checks;
            this.runner = runner;
        }

        /** The recordings folder chosen because the tests replay answers and none was given, or null. */
        public String replayingFrom() {
            return replaying;
        }

        /** The experiments that cannot run, each with its one-line error, in order. */
        public List<ReportProblem> problems() {
            return List.copyOf(problems);
        }

        /** The experiments that will run, in order. */
        public List<RunPlan> plans() {
            return plans;
        }

        /** What each plan gets wrong before anything is sent, one line each ({@link Runs.Planned#problems()}). */
        public List<String> planProblems(int index) {
            return checks.get(index).lines();
        }

        /** Why nothing at all of plan {@code index} could run, or null. */
        public String blocker(int index) {
            return checks.get(index).blocker();
        }

        /** Cancels the calls in flight; every call that ended stays recorded. */
        public void cancel() {
            cancel.cancel();
        }

        /**
         * Runs each experiment in turn and judges it.
         *
         * @param listener told as each experiment ends
         * @return how the tests ended; problems include those of {@link #problems()}
         */
        public Outcome run(Listener listener) {
            Scoreboards scoreboards = Scoreboards.of(studio);
            List<ReportSection> sections = new ArrayList<>();
            for (RunPlan plan : plans) {
                // judged and reported from the calls as recorded, kept in memory: the run is not read back (0156)
                RecordedCalls recorded = new RecordedCalls(studio.callRepository(), ExperimentRunner.Progress.NONE);
                Experiments.Outcome outcome = studio.experiments().run(plan, null, runner, studio.runRepository(),
                        studio.callRepository(), recorded, cancel);
                if (cancel.isCancelled() || outcome.status() == RunStatus.CANCELLED) {
                    return new Outcome(plan.spec().name(), outcome.runId(), sections, problems);
                }
                List<CallRecord> calls = recorded.inPlanOrder(outcome.snapshot().done());
                Scoreboards.ScoredRun scored;
                try {
                    if (calls == null) calls = studio.callRepository().inRunWithAnswers(outcome.runId());
                    scored = scoreboards.evaluateAndStore(outcome.runId(), null, calls);
                } catch (StudioException e) {
                    // Its calls are kept; the other experiments still run and the reports are still written.
                    ReportProblem problem = new ReportProblem(plan.spec().name(), e.getMessage()
                            + " (its calls are kept: studio eval " + outcome.runId() + " after the fix)");
                    problems.add(problem);
                    listener.unjudged(problem);
                    continue;
                }
                Map<Long, String> answers = new HashMap<>();
                for (CallRecord c : calls) {
                    String text = c.texts() == null ? null : c.texts().output();
                    if (text == null && c.error() != null) text = "(error) " + c.error();
                    if (text != null) answers.put(c.id(), text);
                }
                ReportSection section = new ReportSection(plan.spec().name(), outcome.runId(), scored.board(),
                        scored.results(), answers);
                sections.add(section);
                listener.judged(section);
            }
            return new Outcome(null, 0, sections, problems);
        }
    }
}

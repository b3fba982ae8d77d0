package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.RunEstimate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code studio run EXPERIMENT}: runs an experiment's matrix, judges the run as {@code studio eval} does (the same
 * scoreboard, results kept) and adds the run's own facts: calls and failures per prompt version x model, time, cost.
 */
@Command(name = "run", description = "Run an experiment (experiments/NAME.yaml), judge it and print its scoreboard"
        + " (as 'studio eval RUN' does) with the run's calls, failures, time and cost.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished (calls that failed are counted in the table); with --dry-run: every planned"
                + " call can be prepared",
            "1:an error: nothing could run, every call failed, a call could not be recorded, or the run cannot be judged;"
                + " with --dry-run: a planned call cannot be prepared",
            "2:bad usage (an unknown option, a bad number: --max-cost -1)",
            "3:stopped by its budget (--max-cost / --max-calls); the line printed says how to resume",
            "130:stopped with Ctrl-C (143 with SIGTERM); the line printed says how to resume"},
        footer = {"", "Ctrl-C stops the calls in flight, keeps every recorded call and prints the command that resumes"
                + " the run (exit 130).",
            "A budget is checked before each call is sent: the cost so far plus the estimates of the calls in flight"
                + " and of this call (input tokens counted here, maxOutputTokens or 512 out) must stay within"
                + " --max-cost; so the run goes over it only when calls in flight cost more than estimated.",
            "", "Examples:", "  studio run cot-vs-zero-shot --limit 10",
            "  studio run answer-vs-fewshot --dry-run", "  studio run answer-vs-fewshot --max-cost 0.50",
            "  studio run --resume 7", "  studio run --resume 7 --max-calls 20"})
final class RunCommand implements Callable<Integer> {

    /** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
    static final int INTERRUPTED = 130;
    /** The exit code of a run stopped by its budget ({@code --max-cost}, {@code --max-calls}). */
    static final int BUDGET_REACHED = 3;

    @CommandLine.ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "Experiment name or file.")
    String experiment;

    @Option(names = "--models", split = ",", paramLabel = "a,b", description = "Run these models instead of the file's.")
    List<String> models;

    @Option(names = "--limit", paramLabel = "N", converter = Numbers.Count.class,
            description = "Only the first N cases (at least 1; without it, every case).")
    Integer limit;

    @Option(names = "--dry-run", description = "Print the planned calls and the estimated tokens and cost; call nothing.")
    boolean dryRun;

    @Option(names = "--resume", paramLabel = "RUN_ID", converter = Numbers.Id.class, description = "Continue an interrupted run: make only the calls it has no record of.")
    Long resume;

    @Option(names = "--max-cost", paramLabel = "USD", converter = Numbers.Usd.class,
            description = "Stop the run before a call that could take its cost over USD US dollars (every model needs"
                    + " prices); resume it later with --resume.")
    java.math.BigDecimal maxCost;

    @Option(names = "--max-calls", paramLabel = "N", converter = Numbers.Count.class,
            description = "Stop the run after N calls sent to a model (answers from the cache do not count).")
    Integer maxCalls;

    @Option(names = "--no-cache", description = "Neither read nor write the response cache.")
    boolean noCache;

    @Option(names = "--refresh", description = "Call the models again and overwrite cached answers.")
    boolean refresh;

    @Option(names = "--cache", description = "Cache every answer, also at temperature above 0.")
    boolean cacheAlways;

    @Override
    public Integer call() {
        if (experiment == null && resume == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give an EXPERIMENT, or --resume RUN_ID");
        }
        usageConflicts();
        // Ctrl-C (SIGINT) or SIGTERM cancels the calls in flight; the run records every call that ended, this
        // command closes the database and says where it stopped, and the process exits with 130 (143 for SIGTERM).
        try (StopSignal stop = StopSignal.install()) {
            int code = run(stop);
            return code == INTERRUPTED ? stop.exitCode() : code;
        }
    }

    /**
     * The cache flags as a policy, or null when none is given (a new run then uses the default, a resumed run the
     * policy it was started with).
     */
    private CachePolicy cachePolicy() {
        return noCache || refresh || cacheAlways ? CachePolicy.fromFlags(noCache, refresh, cacheAlways) : null;
    }

    private int run(StopSignal stop) {
        PrintWriter out = spec.commandLine().getOut();
        try (Studio studio = Studio.open(root.workspace())) {
            Runs runs = studio.runs();
            if (resume != null && experiment != null) sameExperiment(studio);
            List<String> named = ModelNames.check(spec.commandLine(), models, () -> ModelNames.known(studio));
            Runs.Planned planned = runs.plan(new Runs.Request(experiment, resume, named, limit, cachePolicy()));
            stop.onStop(planned::cancel);
            RunPlan plan = planned.plan();
            ExperimentSpec exp = plan.spec();
            if (printCheck(out, spec.commandLine().getErr(), planned.problems(), planned.blocker())) return 1;
            planned.checkAssertions(); // a misspelt assertion stops the run before any call
            out.printf("%s: %d prompt version(s) x %d case(s) x %d model(s) x %d sample(s) = %d calls%n", exp.name(),
                    plan.prompts().size(), plan.cases().size(), plan.spec().models().size(), planned.samples(),
                    plan.cells().size());
            if (dryRun) {
                Runs.Estimate estimate = planned.estimate();
                printEstimate(out, spec.commandLine().getErr(), estimate);
                // a planned call that cannot be prepared would fail: the dry run says so in its exit code
                return estimate.unrenderable() > 0 ? 1 : 0;
            }
            ExperimentRunner.Budget budget = new ExperimentRunner.Budget(maxCost, maxCalls);
            out.flush();
            if (planned.cancelled()) {
                spec.commandLine().getErr().println("stopped before the first call; nothing was recorded");
                return INTERRUPTED;
            }
            // A resumed run keeps its earlier calls; this invocation's summary counts only the calls it records.
            java.util.Set<Long> earlier = resume == null ? java.util.Set.of() : runs.calls(resume).stream()
                    .map(CallRecord::id).collect(java.util.stream.Collectors.toSet());
            ProgressLine progress = new ProgressLine(out, System.console() != null).ticking();
            Runs.Outcome outcome;
            try {
                outcome = planned.start(progress, budget).outcome();
            } finally {
                progress.end();
            }
            if (outcome.status() == RunStatus.CANCELLED) {
                long recorded = runs.ended(outcome.runId());
                out.flush();
                spec.commandLine().getErr().println(stoppedLine(recorded, plan.cells().size(), outcome.runId()));
                return INTERRUPTED;
            }
            // The run is judged as 'studio eval' judges it (same scoreboard, results kept), then its own facts.
            // (judged and stored by the run itself, Runs.Outcome#scored)
            String unjudged = outcome.unjudged();
            if (outcome.scored() != null) EvalCommand.print(out, outcome.scored());
            printCalls(out, runs.calls(outcome.runId()));
            ExperimentRunner.Snapshot s = outcome.snapshot();
            // Calls that could not be rendered, or were refused before their request left (no credential), are
            // recorded as failed with no latency but were never sent: not "made".
            List<CallRecord> recordedCalls = runs.calls(outcome.runId()).stream()
                    .filter(c -> !earlier.contains(c.id())).toList();
            int notSent = Math.min(notSent(recordedCalls), Math.min(s.done(), s.failed()));
            out.printf("Run %d %s: %d call(s) made, %d failed%s%s.%n", outcome.runId(),
                    outcome.status() == RunStatus.BUDGET_REACHED ? "stopped by its budget" : outcome.status().id(),
                    s.done() - notSent, s.failed() - notSent, notSentClause(notSent, planned.unrenderableCalls()),
                    resume == null ? "" : " (resumed)");
            long blocked = recordedCalls.stream().filter(c -> c.status() == CallStatus.BLOCKED).count();
            if (blocked > 0) {
                out.printf("%d call(s) blocked by a guardrail (counted as failed); studio calls show ID says why.%n",
                        blocked);
            }
            studio.runHistory().find(outcome.runId())
                    .ifPresent(r -> out.println(org.promptstudio.app.RunHistory.cacheLine(r.figures())));
            // the time is this invocation's; the cost is the whole run's, as 'studio runs' gives it
            out.printf(java.util.Locale.ROOT, resume == null ? "Time %.1f s, cost %s.%n"
                            : "Time %.1f s in this resume; the run's cost %s.%n", s.elapsed().toMillis() / 1000.0,
                studio.runHistory().find(outcome.runId()).map(r -> org.promptstudio.app.ScoreboardText.runCost(r.figures()))
                        .orElse(org.promptstudio.model.Usd.text(s.cost())));
            if (outcome.status() == RunStatus.FAILED) {
                out.flush();
                spec.commandLine().getErr().println("error: " + unrecordedLine(s.total() - s.done(), s.total(),
                        outcome.runId()));
                return 1;
            }
            if (outcome.status() == RunStatus.BUDGET_REACHED) {
                out.flush();
                spec.commandLine().getErr().println(budgetLine(runs.ended(outcome.runId()), plan.cells().size(),
                        outcome.runId(), budget, outcome.snapshot().budgetStop()));
                return BUDGET_REACHED;
            }
            if (s.done() > 0 && s.failed() == s.done()) {
                // Nothing answered: a run of nothing but errors is no result (the table above names the failures).
                out.flush();
                // a resume answers for its own calls: the run's earlier answers still stand
                String whose = resume == null ? "of run " + outcome.runId() : "this resume of run " + outcome.runId()
                        + " made";
                spec.commandLine().getErr().println("error: " + (notSent == s.done() ? "no call " + whose
                        + " was sent" : "every call " + whose + " failed") + " ("
                        + firstError(recordedCalls) + "); see: studio calls --run " + outcome.runId());
                return 1;
            }
            if (unjudged != null) {
                out.flush();
                spec.commandLine().getErr().println("error: the run's calls are kept, but it cannot be judged: "
                        + unjudged + " (fix it, then: studio eval " + outcome.runId() + ")");
                return 1;
            }
            out.printf("Trace the calls: studio calls --run %d; studio calls show ID%n", outcome.runId());
            out.flush();
            return 0;
        }
    }

    /**
     * The failed calls that were never sent: recorded with no latency (not rendered, refused before sending, or
     * blocked by a guardrail at the input).
     */
    static int notSent(List<CallRecord> calls) {
        return (int) calls.stream().filter(c -> (c.status() == CallStatus.ERROR || c.status() == CallStatus.BLOCKED)
                && c.latencyMs() == null).count();
    }

    /**
     * {@code "; N not sent (why, recorded as failed)"} for the summary line, empty when every call was sent; why is
     * "could not be rendered" for the {@code unrenderable} ones, "refused before sending" for the others (no
     * credential, a request the provider cannot take, a guardrail that blocked the input).
     */
    static String notSentClause(int notSent, int unrenderable) {
        if (notSent == 0) return "";
        int rendered = Math.min(unrenderable, notSent);
        List<String> why = new java.util.ArrayList<>();
        if (rendered > 0) why.add(rendered == notSent ? "could not be rendered" : rendered + " could not be rendered");
        if (notSent > rendered) {
            why.add(rendered == 0 ? "refused before sending" : notSent - rendered + " refused before sending");
        }
        return "; " + notSent + " not sent (" + String.join(", ", why) + ", recorded as failed)";
    }

    /**
     * {@code --resume RUN_ID} with an EXPERIMENT: accepted when it names the run's own experiment (by name or file),
     * a usage error otherwise (a resume continues its run's experiment, never another).
     */
    private void sameExperiment(Studio studio) {
        org.promptstudio.app.RunHistory.Entry entry = studio.runHistory().find(resume)
                .orElseThrow(() -> Runs.unknownRun(resume));
        String named = experiment.replace('\\', '/');
        if (named.startsWith("experiments/")) named = named.substring("experiments/".length());
        if (named.endsWith(".yaml")) named = named.substring(0, named.length() - ".yaml".length());
        if (!named.equals(entry.run().name())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "run " + resume + " is of experiment '"
                    + entry.run().name() + "', not '" + experiment + "'; resume it with: studio run --resume " + resume);
        }
    }

    /** Options that cannot go together are a usage error (exit 2), checked before anything is opened. */
    private void usageConflicts() {
        List<String> cache = new java.util.ArrayList<>();
        if (noCache) cache.add("--no-cache");
        if (refresh) cache.add("--refresh");
        if (cacheAlways) cache.add("--cache");
        if (cache.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    cache.get(0) + " cannot be combined with " + String.join(" or ", cache.subList(1, cache.size())));
        }
        if (resume != null && models != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--models cannot be combined with --resume (a resumed run keeps the models it was started with)");
        }
        if (resume != null && limit != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--limit cannot be combined with --resume (a resumed run keeps the cases it was started with)");
        }
    }

    /**
     * Prints what the plan gets wrong (bad rows, cases that cannot be rendered, missing input) on {@code err}, and
     * the error when nothing could run; true when nothing could run (exit 1).
     */
    static boolean printCheck(PrintWriter out, PrintWriter err, List<String> problems, String blocker) {
        out.flush();
        problems.forEach(err::println);
        if (blocker != null) err.println("error: " + blocker);
        err.flush();
        return blocker != null;
    }

    /** The one line a stopped run ends with: how far it got and the command that makes the rest. */
    /** The one line a run ends with when some of its calls could not be recorded, and the command that makes them. */
    static String unrecordedLine(int unrecorded, int planned, long runId) {
        return unrecorded + " of " + planned + " call(s) could not be recorded (the database was not available; details"
                + " in " + org.promptstudio.app.LogFile.path() + "); make them with: studio run --resume " + runId;
    }

    /**
     * The one line a run stopped by its budget ends with: why it stopped ({@link
     * org.promptstudio.app.RunHistory#budgetText}, as the run list and the launcher say it), how far it got and the
     * command that resumes it.
     */
    static String budgetLine(long recorded, int planned, long runId, ExperimentRunner.Budget budget,
                             ExperimentRunner.BudgetStop stop) {
        if (stop != null) {
            return org.promptstudio.app.RunHistory.budgetText(stop) + "; " + recorded + " of " + planned
                    + " calls recorded; resume with: studio run --resume " + runId
                    + " (with a new --max-cost/--max-calls, or none)";
        }
        String cap = budget.maxCostUsd() != null && budget.maxCalls() != null
                ? "$" + budget.maxCostUsd().toPlainString() + " or " + budget.maxCalls() + " calls"
                : budget.maxCostUsd() != null ? "$" + budget.maxCostUsd().toPlainString()
                : budget.maxCalls() + " call" + (budget.maxCalls() == 1 ? "" : "s");
        return "budget of " + cap + " reached after " + recorded + " of " + planned
                + " calls; resume with: studio run --resume " + runId + " (with a new --max-cost/--max-calls, or none)";
    }

    /** The first failed call's error, as recorded, in the order the calls were recorded. */
    private static String firstError(List<CallRecord> calls) {
        return calls.stream().filter(c -> (c.status() == CallStatus.ERROR || c.status() == CallStatus.BLOCKED)
                        && c.error() != null).map(CallRecord::error)
                .findFirst().orElse("no answer");
    }

    static String stoppedLine(long recorded, int planned, long runId) {
        return "stopped after " + recorded + " of " + planned + " calls; resume with: studio run --resume " + runId;
    }

    private static void printEstimate(PrintWriter out, PrintWriter err, Runs.Estimate estimate) {
        estimate.warnings().forEach(err::println);
        err.flush();
        out.println("Planned calls:");
        estimate.callsByVersionAndModel().forEach((k, v) -> out.printf("  %-60s %6d%n", k, v));
        RunEstimate est = estimate.estimate();
        if (estimate.cachedCalls() > 0) {
            out.printf("From the cache: %d call(s) (no request, no cost; not in the figures below)%n",
                    estimate.cachedCalls());
        }
        out.printf("Estimated tokens: %,d in, up to %,d out%n", est.inputTokens(), est.outputTokens());
        out.printf("Estimated cost: %s%n", est.costKnown()
                ? org.promptstudio.model.Usd.text(est.minCost()) + " to " + org.promptstudio.model.Usd.text(est.maxCost()) : "unknown (a model has no prices)");
        int broken = estimate.unrenderable();
        if (broken > 0) {
            // a template that cannot render at all was named above with its place (the plan's check): not again
            List<String> cases = estimate.unrenderableCases().stream()
                    .filter(c -> !c.contains(org.promptstudio.experiment.PlanCheck.WHOLE_TEMPLATE.replace(")", ":")))
                    .toList();
            out.printf("%d call(s) cannot be rendered; they would fail%s%n", broken, cases.isEmpty()
                    ? " (their template's error is named above)" : ":");
            cases.stream().limit(org.promptstudio.experiment.PlanCheck.SHOWN).forEach(c -> out.println("  " + c));
            if (cases.size() > org.promptstudio.experiment.PlanCheck.SHOWN) {
                out.printf("  ... and %d more%n", cases.size() - org.promptstudio.experiment.PlanCheck.SHOWN);
            }
        }
        out.println("Nothing was called (--dry-run).");
        out.flush();
    }

    /**
     * The run's own facts per prompt version x model, which the scoreboard does not show: calls made (every sample),
     * calls failed, calls that gave no full answer (refused, filtered, cut off, empty), and what they cost this run
     * ({@link CallRecord#spent()}: nothing for an answer from the cache; unknown, {@code -}, when an answered call has no price).
     */
    static void printCalls(PrintWriter out, List<CallRecord> calls) {
        // counts: calls, failed, no answer, output tokens, of them reasoning ("thinking")
        record Facts(String version, String model, long[] counts, java.math.BigDecimal[] cost) {
        }
        Map<String, Facts> rows = new LinkedHashMap<>();
        for (CallRecord c : calls) {
            Facts f = rows.computeIfAbsent(c.promptPath() + "@" + c.promptCommit() + "|" + c.model(),
                    k -> new Facts(c.promptPath() + "@" + shortCommit(c.promptCommit()), c.model(), new long[5],
                            new java.math.BigDecimal[] {java.math.BigDecimal.ZERO}));
            f.counts()[0]++;
            if (c.status() != CallStatus.OK) f.counts()[1]++;
            else if (org.promptstudio.model.NonAnswer.of(c).isPresent()) f.counts()[2]++;
            if (c.tokensOut() != null) f.counts()[3] += c.tokensOut();
            if (c.reasoningTokens() != null) f.counts()[4] += c.reasoningTokens();
            // What the call cost this run: nothing for an answer from the cache (CallRecord.spent()).
            if (f.cost()[0] != null && c.spent() != null) f.cost()[0] = f.cost()[0].add(c.spent());
            else if (c.unpriced()) f.cost()[0] = null;
        }
        if (rows.isEmpty()) return; // no call was recorded: no empty table
        // NO ANSWER: calls that ended without error but refused, were filtered, cut off or empty (decision 0039).
        out.printf("%-44s %-14s %6s %6s %9s %10s%n", "CALLS OF PROMPT@VERSION", "MODEL", "CALLS", "FAILED",
                "NO ANSWER", "COST");
        for (Facts f : rows.values()) {
            out.printf("%-44s %-14s %6d %6d %9d %10s%n", f.version(), f.model(), f.counts()[0], f.counts()[1],
                    f.counts()[2],
                    org.promptstudio.model.Usd.text(f.cost()[0]));
            if (f.counts()[4] > 0) {
                out.printf("    %d out (%d thinking), thinking priced as output%n", f.counts()[3], f.counts()[4]);
            }
        }
    }

    static String shortCommit(String commit) {
        return Runs.shortCommit(commit);
    }

    /**
     * A progress line: redrawn in place on a terminal, a line every tenth of the run otherwise. Snapshots are taken on
     * the calls' threads and may arrive here out of order; one older than the last shown is dropped, so the count
     * only goes up (it never depends on which thread reached the line first). On a terminal a daemon timer redraws it
     * about once a second, so that while calls hang the time left counts down and then says what the run waits on
     * ({@link org.promptstudio.app.RunProgress}) instead of standing still.
     */
    static final class ProgressLine implements Runs.Progress {
        private final PrintWriter out;
        private final boolean terminal;
        private final java.util.function.LongSupplier nanos;
        private final long startNanos;
        private java.util.concurrent.ScheduledExecutorService timer;
        private ExperimentRunner.Snapshot last;
        private long lastNanos;
        private int lastTenth = -1;
        private int lastDone = -1;

        ProgressLine(PrintWriter out, boolean terminal) {
            this(out, terminal, System::nanoTime);
        }

        /** A line that reads the time from {@code nanos} (a monotonic clock in nanoseconds; tests pass their own). */
        ProgressLine(PrintWriter out, boolean terminal, java.util.function.LongSupplier nanos) {
            this.out = out;
            this.terminal = terminal;
            this.nanos = nanos;
            this.startNanos = nanos.getAsLong();
        }

        /** Starts the once-a-second redraw (terminal only); {@link #end()} stops it. */
        ProgressLine ticking() {
            if (!terminal) return this;
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "studio-progress-line");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::redraw, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            return this;
        }

        @Override
        public synchronized void update(ExperimentRunner.Snapshot s, org.promptstudio.model.CallRecord finished) {
            if (s.done() < lastDone) return;
            lastDone = s.done();
            last = s;
            lastNanos = nanos.getAsLong();
            String line = text();
            if (terminal) {
                draw(line);
            } else {
                int tenth = s.total() == 0 ? 10 : 10 * s.done() / s.total();
                if (tenth > lastTenth) {
                    lastTenth = tenth;
                    out.println(line);
                    out.flush();
                }
            }
        }

        /** Draws the line again with the time as it is now (a terminal only: a log gets no line per second). */
        synchronized void redraw() {
            if (terminal) draw(text());
        }

        /** The line as it reads now: the latest figures and the time since they came. */
        synchronized String text() {
            long now = nanos.getAsLong();
            Duration since = Duration.ofNanos(now - (last == null ? startNanos : lastNanos));
            String timeLeft = org.promptstudio.app.RunProgress.text(last, since);
            if (last == null) return "[" + ".".repeat(WIDTH) + "] " + timeLeft;
            ExperimentRunner.Snapshot s = last;
            int filled = s.total() == 0 ? WIDTH : (int) ((long) WIDTH * s.done() / s.total());
            return String.format(java.util.Locale.ROOT, "[%s%s] %d/%d  failed %d  cached %d  running %d  cost %s  %s",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), s.done(), s.total(), s.failed(), s.cached(),
                    s.running(), org.promptstudio.model.Usd.text(s.cost()), timeLeft);
        }

        private static final int WIDTH = 30;
        private int drawnWidth;

        private void draw(String line) {
            // pad over a longer line drawn before ("waiting on ..." is longer than "ETA 5s")
            out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
            out.flush();
        }

        void end() {
            if (timer != null) timer.shutdownNow();
            synchronized (this) {
                if (terminal) out.println();
            }
        }
    }
}

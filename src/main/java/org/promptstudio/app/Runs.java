package org.promptstudio.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.PlanCheck;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.RunEstimate;
import org.promptstudio.provider.TokenCounter;

/**
 * The "run an experiment" and "estimate a run" use cases: plans an experiment (or an interrupted run again), checks
 * the plan before any call, estimates its tokens and cost, and starts it, giving a {@link RunHandle} with progress,
 * cancel and outcome. {@code studio run} and the window's runs view call the same methods.
 */
public final class Runs {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Runs.class);

    /**
     * What to run.
     *
     * @param experiment the experiment's name or file; ignored when {@code resume} is set
     * @param resume     the id of an interrupted run to continue, or null
     * @param models     model ids to run instead of the file's, or null
     * @param limit      only the first N cases, or null
     * @param cache      how the response cache is used, or null for the default: {@link CachePolicy#AUTO} for a new
     *                   run, and for a resumed run the policy it was started with (kept with the run), so a run made
     *                   with {@code --no-cache} is not answered from the cache when it is resumed
     */
    public record Request(String experiment, Long resume, List<String> models, Integer limit, CachePolicy cache) {
    }

    /** Where a run stands after each call; called on the calls' threads, snapshots may arrive out of order. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (snapshot, finished) -> { };

        void update(ExperimentRunner.Snapshot snapshot, CallRecord finished);
    }

    /**
     * What a planned run would cost before it starts ({@code studio run --dry-run}, the window's launcher).
     *
     * @param callsByVersionAndModel planned calls per {@code prompts/x.prompt@commit x model}, in plan order (for a
     *                               resumed run: the calls it still has to make)
     * @param warnings               template warnings (undeclared variables), once each, in plan order
     * @param unrenderable           calls that cannot be rendered; they would fail
     * @param unrenderableCases      those calls' prompt x case, each once with its one-line reason, in plan order:
     *                               {@code prompts/a.prompt x dial (datasets/qs.jsonl:1): messages[0].content ...}
     * @param cachedCalls            calls the response cache would answer now (no request, no cost); left out of
     *                               {@code estimate}
     * @param estimate               tokens counted locally and the cost range in US dollars ({@link RunEstimate}) of
     *                               the calls that would be sent to a model
     */
    public record Estimate(Map<String, Integer> callsByVersionAndModel, List<String> warnings, int unrenderable,
                           int cachedCalls, RunEstimate estimate, List<String> unrenderableCases) {
        public Estimate {
            callsByVersionAndModel = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(callsByVersionAndModel));
            warnings = List.copyOf(warnings);
            unrenderableCases = List.copyOf(unrenderableCases);
        }

        /** Every planned call: those sent, those from the cache, and those that cannot be rendered. */
        public int plannedCalls() {
            return callsByVersionAndModel.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * How a run ended: its id, its last figures and its status, and its checks. A run that was not cancelled is judged
     * at its end as {@code studio eval} judges it, its results stored (decision 0100), for {@code studio run} and the
     * window's launcher alike.
     *
     * @param scored   the run judged, its results stored; null when it was cancelled or could not be judged
     * @param unjudged why it could not be judged (one line, e.g. a dataset gone), else null
     */
    public record Outcome(long runId, ExperimentRunner.Snapshot snapshot, RunStatus status,
                          Scoreboards.ScoredRun scored, String unjudged) {
    }

    private final Studio studio;

    Runs(Studio studio) {
        this.studio = studio;
    }

    /**
     * Plans {@code request} and checks the plan: the experiment is read, its cases loaded, its models looked up (an
     * unknown one is refused here) and its calls rendered ({@link Planned#problems()}).
     *
     * @throws StudioException naming the file and place for an unreadable experiment, an unknown model or run
     */
    public Planned plan(Request request) {
        Experiments experiments = studio.experiments();
        RunPlan plan;
        CachePolicy cache = request.cache() == null ? CachePolicy.AUTO : request.cache();
        if (request.resume() != null) {
            RunRecord run = studio.runRepository().find(request.resume())
                    .orElseThrow(() -> unknownRun(request.resume()));
            if (run.kind() != org.promptstudio.model.RunKind.EXPERIMENT) throw notResumable(run);
            plan = experiments.planAgain(run, Experiments.miniLm());
            cache = request.cache() != null ? request.cache() : Experiments.cachePolicy(run);
        } else {
            plan = experiments.plan(experiments.read(request.experiment()), request.models(), request.limit(),
                    Experiments.miniLm());
        }
        ModelAccess access = studio.models(cache);
        // an unknown model fails before anything runs, named at its place in the experiment's file
        experiments.requireModels(plan, access::ref, request.resume() == null
                && (request.models() == null || request.models().isEmpty()));
        ExperimentRunner runner = studio.runner(access);
        PlanCheck check = experiments.check(plan, runner);
        return new Planned(plan, request.resume(), access, runner, check, cache);
    }

    /**
     * The one error for a run id that names no recorded run, as every command says it: {@code no run 999 (see
     * 'studio runs')}.
     */
    /**
     * Why {@code run}, not an experiment run, cannot be resumed, naming what it is (a comparison or a playground
     * session), never a file it does not have.
     */
    static StudioException notResumable(RunRecord run) {
        String what = run.name() != null && run.name().startsWith(StreamingCompare.NAME_PREFIX) ? "a comparison"
                : "a playground session";
        return new StudioException("run " + run.id() + " is " + what + ", not an experiment run; it cannot be resumed");
    }

    public static StudioException unknownRun(long runId) {
        return new StudioException("no run " + runId + " (see 'studio runs')");
    }

    /** The calls recorded in run {@code runId}, with their texts, in the order they were recorded. */
    public List<CallRecord> calls(long runId) {
        return studio.callRepository().inRunWithAnswers(runId);
    }

    /** How many calls of run {@code runId} ended (answered or failed; a cancelled call never ended). */
    public long ended(long runId) {
        return calls(runId).stream().filter(c -> c.status() != CallStatus.CANCELLED).count();
    }

    /** A run planned and checked, not started yet; it can be cancelled before it starts. */
    public final class Planned {
        private final RunPlan plan;
        private final Long resume;
        private final ModelAccess access;
        private final ExperimentRunner runner;
        private final PlanCheck check;
        private final Cancellation cancel = new Cancellation();
        private final CachePolicy cache;

        private Planned(RunPlan plan, Long resume, ModelAccess access, ExperimentRunner runner, PlanCheck check,
                CachePolicy cache) {
            this.cache = cache;
            this.plan = plan;
            this.resume = resume;
            this.access = access;
            this.runner = runner;
            this.check = check;
        }

        /** The plan: its experiment, prompt versions, cases, models and cells (one cell a call). */
        public RunPlan plan() {
            return plan;
        }

        /** The run this continues, or null for a new run. */
        public Long resumes() {
            return resume;
        }

        /**
         * What the plan gets wrong before anything is sent (bad rows, calls that cannot be rendered, missing input),
         * one line each, as {@code studio run} prints them.
         */
        public List<String> problems() {
            return check.lines();
        }

        /** Why nothing at all could run, or null when something can. */
        public String blocker() {
            return check.blocker();
        }

        /** Calls that could not be rendered: they are recorded as failed but never sent. */
        public int unrenderableCalls() {
            return check.unrenderableCalls();
        }

        /** Samples per case and model: the calls over prompt versions x cases x models. */
        public int samples() {
            int matrix = plan.prompts().size() * plan.cases().size() * plan.spec().models().size();
            return plan.cells().size() / Math.max(1, matrix);
        }

        /**
         * Checks the experiment's assertions, so nothing is sent for a run that cannot be judged; {@link #start}
         * checks them too.
         *
         * @throws StudioException naming a misspelt assertion and its place
         */
        public void checkAssertions() {
            studio.evaluation().checkDeclared(plan.spec());
        }

        /**
         * Renders every call still to make (for a resumed run, those it has no record of) and counts its tokens and
         * cost, calling no model. A call the response cache would answer now is counted in {@link
         * Estimate#cachedCalls()} and not in the tokens and cost: it sends nothing and costs nothing.
         */
        public Estimate estimate() {
            List<RunEstimate.Call> calls = new ArrayList<>();
            Set<String> warnings = new LinkedHashSet<>();
            Set<String> recorded = recordedKeys();
            Set<String> brokenCases = new LinkedHashSet<>();
            // a template that cannot render for any case: named once with its place, not once per case
            Map<String, Integer> wholeTemplate = new LinkedHashMap<>();
            Map<String, List<String>> templateProblems = new java.util.HashMap<>();
            int broken = 0;
            int cached = 0;
            Map<String, Integer> perVersion = new LinkedHashMap<>();
            // No index yet (or one that cannot be read): the estimate goes on without the retrieved context, saying so.
            ExperimentRunner runner = this.runner.withRetriever(org.promptstudio.experiment.Retriever.orEmpty(
                    this.runner.retriever(), problem -> warnings.add("retrieve: " + problem
                            + " (the retrieved context is not counted in this estimate)")));
            for (RunPlan.Cell cell : plan.cells()) {
                if (recorded.contains(cell.key())) continue;
                perVersion.merge(cell.prompt().path() + "@" + shortCommit(cell.prompt().commit()) + " x "
                        + cell.modelId(), 1, Integer::sum);
                ExperimentRunner.Prepared p;
                try {
                    p = runner.prepare(plan, cell, access.ref(cell.modelId()));
                } catch (RuntimeException e) {
                    broken++;
                    String whole = templateError(cell, e, templateProblems);
                    if (whole != null) wholeTemplate.merge(whole, 1, Integer::sum);
                    else brokenCases.add(unrenderable(cell, e));
                    continue;
                }
                p.rendered().warnings().forEach(w -> warnings.add(w.toString()));
                if (fromCache(cell, p)) {
                    cached++;
                } else {
                    calls.add(new RunEstimate.Call(access.ref(cell.modelId()), p.rendered().messages(),
                            p.params().maxOutputTokens()));
                }
            }
            List<String> named = new ArrayList<>();
            wholeTemplate.forEach((error, n) -> named.add(error + " " + PlanCheck.WHOLE_TEMPLATE.replace(")",
                    ": " + n + " call(s))")));
            named.addAll(brokenCases);
            return new Estimate(perVersion, List.copyOf(warnings), broken, cached,
                    RunEstimate.of(calls, new TokenCounter()), named);
        }

        /**
         * The error of {@code e} when it is a fault of the cell's template itself (a syntax error, an unknown helper,
         * a missing partial: {@link org.promptstudio.template.PromptRenderer#problems}, found without any case),
         * with its {@code file:line:column}; null when the failure is the case's own.
         */
        private String templateError(RunPlan.Cell cell, RuntimeException e, Map<String, List<String>> known) {
            if (!(e instanceof org.promptstudio.template.TemplateException)) return null;
            List<String> problems = known.computeIfAbsent(cell.prompt().path() + "@" + cell.prompt().commit(),
                    k -> {
                        try {
                            return runner.templateProblems(cell);
                        } catch (RuntimeException ignored) {
                            return List.of();
                        }
                    });
            return problems.contains(e.getMessage()) ? e.getMessage() : null;
        }

        /**
         * A call that cannot be rendered, named as {@code studio run} names the pairs its check finds: {@code solve x
         * sums:7 (datasets/sums.jsonl:7): reason} (the prompt's version added when the plan has several).
         */
        private String unrenderable(RunPlan.Cell cell, RuntimeException e) {
            RunPlan.Prompt p = cell.prompt();
            boolean versions = plan.prompts().stream().filter(q -> q.id().equals(p.id())).count() > 1;
            String name = versions ? p.id() + "@" + shortCommit(p.commit()) : p.id();
            RunPlan.Case c = cell.testCase();
            String reason = org.promptstudio.model.ErrorText.reason(e);
            if (reason.startsWith(p.path() + ": ")) reason = reason.substring(p.path().length() + 2);
            return name + " x " + c.id() + (c.place().equals(c.id()) ? "" : " (" + c.place() + ")") + ": " + reason;
        }

        private boolean fromCache(RunPlan.Cell cell, ExperimentRunner.Prepared p) {
            try {
                return access.servedFromCache(access.ref(cell.modelId()), p);
            } catch (RuntimeException e) {
                return false; // a model that cannot be set up is not answered from the cache; its call will say why
            }
        }

        /** The keys of the calls the resumed run has recorded (a cancelled call is made again); empty for a new run. */
        private Set<String> recordedKeys() {
            if (resume == null) return Set.of();
            Set<String> keys = new java.util.HashSet<>();
            for (CallRecord c : studio.callRepository().inRunWithAnswers(resume)) {
                if (c.status() != CallStatus.CANCELLED) {
                    keys.add(RunPlan.Cell.key(c.promptPath(), c.promptCommit(), c.model(), c.caseId(), c.sampleIndex()));
                }
            }
            return keys;
        }

        /** Asks the run to stop: before it starts, it will not; once started, the calls in flight are cancelled. */
        public void cancel() {
            cancel.cancel();
        }

        /** Whether {@link #cancel()} was called. */
        public boolean cancelled() {
            return cancel.isCancelled();
        }

        /**
         * Starts the run on a thread of its own, recording every call the moment it ends.
         *
         * @param progress told after each call
         * @return the handle: progress, cancel, outcome
         */
        public RunHandle start(Progress progress) {
            return start(progress, ExperimentRunner.Budget.NONE);
        }

        /**
         * Starts the run under {@code budget} (see {@link ExperimentRunner.Budget}: checked before each call is sent,
         * from the cost so far plus the in-flight calls' estimates; the run stops at the first call it refuses and
         * ends {@link RunStatus#BUDGET_REACHED}).
         *
         * @throws StudioException for a money cap on a run with a model that has no prices (the cap could not be
         *                         checked), or a misspelt assertion
         */
        public RunHandle start(Progress progress, ExperimentRunner.Budget budget) {
            checkAssertions();
            if (budget.maxCostUsd() != null) {
                for (String id : plan.spec().models()) {
                    if (!org.promptstudio.provider.Pricing.of(access.ref(id)).isKnown()) {
                        throw new StudioException("a budget in US dollars cannot be checked: model '" + id
                                + "' has no prices (add pricing to it in studio.yaml, or cap the number of calls)");
                    }
                }
            }
            return new RunHandle(this, progress, budget);
        }

        private Outcome run(Progress progress, ExperimentRunner.Budget budget) {
            // A new run is judged from its calls kept in memory as recorded, not read back (0156); a resumed run's
            // earlier calls are only in the database, so it is read back.
            RecordedCalls recorded = resume == null ? new RecordedCalls(studio.callRepository(), progress::update)
                    : null;
            Experiments.Outcome o = studio.experiments().run(plan, resume, runner, studio.runRepository(), studio.callRepository(),
                    recorded != null ? recorded : progress::update, cancel, budget, cache);
            if (o.status() == RunStatus.CANCELLED) return new Outcome(o.runId(), o.snapshot(), o.status(), null, null);
            // judged and stored here, one path for the command line and the window (`studio eval` judges the same)
            try {
                List<org.promptstudio.model.CallRecord> calls = recorded == null ? null
                        : recorded.inPlanOrder(o.snapshot().done());
                return new Outcome(o.runId(), o.snapshot(), o.status(),
                        Scoreboards.of(studio).evaluateAndStore(o.runId(), null, calls), null);
            } catch (StudioException e) {
                return new Outcome(o.runId(), o.snapshot(), o.status(), null, e.getMessage());
            }
        }
    }

    /** A started run: where it stands, a way to stop it, and how it ended. */
    public static final class RunHandle {
        private final Planned planned;
        private final AtomicReference<ExperimentRunner.Snapshot> last = new AtomicReference<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Outcome outcome;
        private volatile RuntimeException failure;

        private RunHandle(Planned planned, Progress progress, ExperimentRunner.Budget budget) {
            this.planned = planned;
            Thread thread = new Thread(() -> {
                try {
                    outcome = planned.run((snapshot, call) -> {
                        last.accumulateAndGet(snapshot, (a, b) -> a == null || b.done() >= a.done() ? b : a);
                        progress.update(snapshot, call);
                    }, budget);
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Error e) {
                    // Out of memory or a fault in the studio: the calls recorded so far are kept.
                    failure = new StudioException("the run stopped unexpectedly; its recorded calls are kept (details in "
                            + LogFile.path() + ")", e);
                    throw e;
                } finally {
                    done.countDown();
                }
            }, "run " + planned.plan.spec().name());
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("{} stopped", t.getName(), e));
            thread.start();
        }

        /** The latest figures (calls done never go down), or null before the first call ended. */
        public ExperimentRunner.Snapshot progress() {
            return last.get();
        }

        /** Cancels the calls in flight; every call that ended stays recorded and the run can be resumed. */
        public void cancel() {
            planned.cancel();
        }

        /** Whether the run has ended, however. */
        public boolean isDone() {
            return done.getCount() == 0;
        }

        /**
         * Waits for the run to end.
         *
         * @return how it ended (cancelled, failed, finished)
         * @throws StudioException what stopped the run from being made at all (e.g. every case bad)
         */
        public Outcome outcome() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            if (failure != null) throw failure;
            return outcome;
        }
    }

    /** A commit as the command line shows it: 7 characters, with any {@code +dirty} mark kept. */
    public static String shortCommit(String commit) {
        if (commit == null) return "?";
        int plus = commit.indexOf('+');
        String id = plus < 0 ? commit : commit.substring(0, plus);
        String suffix = plus < 0 ? "" : commit.substring(plus);
        return (id.length() > 7 ? id.substring(0, 7) : id) + suffix;
    }
}

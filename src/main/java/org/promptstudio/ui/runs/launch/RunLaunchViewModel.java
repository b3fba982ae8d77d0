package org.promptstudio.ui.runs.launch;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.RunEstimate;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.FrameCoalescer;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The run launcher: pick an experiment, see its estimate (planned calls, tokens, cost, calls the cache would answer),
 * set a budget (US dollars and/or calls), start it, watch it (done, failed, cached, cost so far, ETA, the calls filling
 * in, in plan order), cancel it and resume it (after a cancel, a crash or its budget), then open its scoreboard or its
 * grid through the shell's openers. Calls {@link Runs} on the task runner; progress from the run's threads reaches the
 * properties at most once a frame ({@link FrameCoalescer}; {@link #flush()} in windowless tests).
 */
public final class RunLaunchViewModel implements Activatable {

    /** Where the launcher is. */
    public enum Phase { IDLE, ESTIMATING, READY, RUNNING, ENDED }

    /** One ended call of the run, as the list shows it: its case, model, sample, status and the start of its answer. */
    public record CallRow(int planIndex, String caseId, String model, int sample, String status, String answer,
                          String prompt) {

        /**
         * The list's line: {@code #1  dial  answer-fewshot  echo  [ok]  ...}; the prompt is named only when the
         * experiment has several ({@code prompt} null otherwise).
         */
        public String text() {
            return "#" + (planIndex + 1) + "  " + caseId + "  " + (prompt == null ? "" : prompt + "  ") + model
                    + (sample > 0 ? " sample " + (sample + 1) : "") + "  [" + status + "]  " + answer;
        }
    }

    private final Studio studio;
    private final TaskRunner runner;
    private final FrameCoalescer frames;
    private final ObservableList<String> experiments = FXCollections.observableArrayList();
    private final StringProperty experiment = new SimpleStringProperty("");
    private final StringProperty limit = new SimpleStringProperty("");
    private final StringProperty maxCost = new SimpleStringProperty("");
    private final StringProperty maxCalls = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.IDLE);
    private final ReadOnlyStringWrapper estimateText = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper plannedCalls = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper cachedCalls = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper done = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper failed = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper cached = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper costText = new ReadOnlyStringWrapper(org.promptstudio.model.Usd.text(java.math.BigDecimal.ZERO));
    private final ReadOnlyStringWrapper etaText = new ReadOnlyStringWrapper("\u2014");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Long> runId = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunStatus> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper resumable = new ReadOnlyBooleanWrapper();
    private final ObservableList<CallRow> calls = FXCollections.observableArrayList();
    private final AtomicReference<ExperimentRunner.Snapshot> latest = new AtomicReference<>();
    private final java.util.function.LongSupplier nanos;
    private final boolean held;
    /** When the run started, and when the latest snapshot (a call's end) came, on {@link #nanos}'s clock. */
    private volatile long startNanos;
    private volatile long latestNanos;
    /** Redraws the progress about once a second while a run is on, so that the time left never stands still. */
    private java.util.concurrent.ScheduledExecutorService ticker;
    private final List<CallRow> arrived = new ArrayList<>();
    private volatile Runs.RunHandle handle;
    private boolean loaded;
    private LongConsumer scoreboardOpener;
    private LongConsumer gridOpener;

    /** A launcher whose progress reaches the window once a frame. */
    public RunLaunchViewModel(Studio studio, TaskRunner runner) {
        this(studio, runner, false);
    }

    /** {@code held}: progress waits for {@link #flush()} (windowless tests, no frames). */
    public RunLaunchViewModel(Studio studio, TaskRunner runner, boolean held) {
        this(studio, runner, held, System::nanoTime);
    }

    /** As above, reading the time from {@code nanos} (a monotonic clock in nanoseconds; tests pass their own). */
    RunLaunchViewModel(Studio studio, TaskRunner runner, boolean held, java.util.function.LongSupplier nanos) {
        this.nanos = nanos;
        this.held = held;
        this.studio = studio;
        this.runner = runner;
        this.frames = held ? FrameCoalescer.held(this::drain) : FrameCoalescer.perFrame(this::drain);
        experiment.addListener((obs, old, now) -> {
            if (phase.get() == Phase.RUNNING || now == null || now.equals(old)) return;
            if (phase.get() == Phase.READY || phase.get() == Phase.ENDED) clearPlan();
            if (phase.get() == Phase.ENDED) {
                phase.set(Phase.IDLE);
                outcome.set(null);
                calls.clear();
            }
            offerResume();
        });
    }

    /**
     * Where "Open scoreboard" and "Open in grid" go (the shell opens the run list's scoreboard, the grid); null leaves
     * the action off.
     */
    public void setOpeners(LongConsumer scoreboard, LongConsumer grid) {
        this.scoreboardOpener = scoreboard;
        this.gridOpener = grid;
    }

    @Override
    public void onActivate() {
        if (!loaded) onLoad();
    }

    @Override
    public void onDeactivate() {
        // a run goes on while its tab is hidden; its figures are read again when shown
    }

    /**
     * Lists {@code experiments/*.yaml}, and the newest run of each that can be resumed (cancelled, stopped by its
     * budget, or interrupted by a crash: its process is gone), so Resume offers it for the chosen experiment.
     */
    public void onLoad() {
        loaded = true;
        runner.run(() -> {
            java.util.Map<String, org.promptstudio.app.RunHistory.Entry> open = new java.util.HashMap<>();
            for (org.promptstudio.app.RunHistory.Entry e : studio.runHistory().latest(200)) {
                if (e.resumeCommand() != null) open.putIfAbsent(e.run().name(), e); // newest first
            }
            return new Listing(studio.experiments().list(), open);
        }, listing -> {
            resumableRuns.clear();
            resumableRuns.putAll(listing.resumable());
            experiments.setAll(listing.names());
            if (experiment.get().isBlank() && !listing.names().isEmpty()) experiment.set(listing.names().get(0));
            offerResume();
            if (runWhenReady && phase.get() == Phase.IDLE) onEstimate();
        }, e -> error.set(oneLine("Cannot list experiments/", e)));
    }

    private record Listing(List<String> names, java.util.Map<String, org.promptstudio.app.RunHistory.Entry> resumable) {
    }

    private final java.util.Map<String, org.promptstudio.app.RunHistory.Entry> resumableRuns = new java.util.HashMap<>();

    /** With no run of its own yet, the launcher offers to resume the chosen experiment's newest unfinished run. */
    private void offerResume() {
        if (phase.get() == Phase.RUNNING || outcome.get() != null) return;
        org.promptstudio.app.RunHistory.Entry e = resumableRuns.get(experiment.get());
        runId.set(e == null ? null : e.run().id());
        resumable.set(e != null);
        status.set(e == null ? "" : "Run " + e.run().id() + " (" + e.state() + ", " + e.figures().ok() + " answered)"
                + " can be resumed.");
    }

    /** Set by {@link #onRunWhenReady()} until the run it asked for has started (or could not be estimated). */
    private boolean runWhenReady;

    /**
     * Estimates the chosen experiment as soon as the experiments are listed, and starts it when the estimate is
     * ready, with no budget ({@code studio screenshot launch}: the picture shows the run at its end).
     */
    public void onRunWhenReady() {
        runWhenReady = true;
        phase.addListener((obs, old, now) -> {
            if (!runWhenReady) return;
            if (now == Phase.READY) {
                runWhenReady = false;
                onStart();
            } else if (now == Phase.IDLE) {
                runWhenReady = false; // the estimate failed: the launcher shows why
            }
        });
        if (loaded && phase.get() == Phase.IDLE) onEstimate();
    }

    /** Whether work is pending: an estimate or a run going, or a run asked for by {@link #onRunWhenReady()}. */
    public boolean busy() {
        return runWhenReady || phase.get() == Phase.ESTIMATING || phase.get() == Phase.RUNNING;
    }

    /** Plans the chosen experiment and estimates it, calling no model. */
    public void onEstimate() {
        String name = experiment.get();
        if (name == null || name.isBlank()) {
            error.set("Pick an experiment first.");
            return;
        }
        Integer lim;
        try {
            lim = parseLimit(limit.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        phase.set(Phase.ESTIMATING);
        runner.run("Estimate " + name, p -> {
            Runs.Planned planned = studio.runs().plan(new Runs.Request(name, null, null, lim, CachePolicy.AUTO));
            return new Planned(planned, planned.estimate());
        }, this::showEstimate, e -> {
            phase.set(Phase.IDLE);
            error.set(oneLine(name, e));
        });
    }

    private record Planned(Runs.Planned planned, Runs.Estimate estimate) {
    }

    private Runs.Planned planned;

    private void showEstimate(Planned p) {
        planned = p.planned();
        Runs.Estimate e = p.estimate();
        plannedCalls.set(e.plannedCalls());
        cachedCalls.set(e.cachedCalls());
        estimateText.set(describe(p.planned(), e));
        String problems = String.join("\n", p.planned().problems());
        if (p.planned().blocker() != null) {
            phase.set(Phase.IDLE);
            error.set(p.planned().blocker());
            return;
        }
        if (!problems.isBlank()) status.set(problems);
        phase.set(Phase.READY);
    }

    /** The estimate in a few lines, as {@code studio run --dry-run} gives its figures. */
    static String describe(Runs.Planned planned, Runs.Estimate e) {
        StringBuilder s = new StringBuilder();
        s.append(e.plannedCalls()).append(" planned call").append(e.plannedCalls() == 1 ? "" : "s").append(" (")
                .append(planned.plan().prompts().size()).append(" version(s) x ").append(planned.plan().cases().size())
                .append(" case(s) x ").append(planned.plan().spec().models().size()).append(" model(s) x ")
                .append(planned.samples()).append(" sample(s))\n");
        s.append(e.cachedCalls()).append(" from the cache (no request, no cost)\n");
        RunEstimate est = e.estimate();
        s.append(String.format(Locale.ROOT, "Estimated tokens: %,d in, up to %,d out%n", est.inputTokens(),
                est.outputTokens()));
        s.append("Estimated cost: ").append(est.costKnown()
                ? org.promptstudio.model.Usd.text(est.minCost()) + " to " + org.promptstudio.model.Usd.text(est.maxCost())
                : "unknown (a model has no prices)");
        if (e.unrenderable() > 0) {
            s.append('\n').append(e.unrenderable()).append(" call(s) cannot be rendered; they would fail:");
            e.unrenderableCases().stream().limit(3).forEach(c -> s.append("\n  ").append(c));
            if (e.unrenderableCases().size() > 3) s.append("\n  ... and ").append(e.unrenderableCases().size() - 3)
                    .append(" more (all of them: studio run --dry-run)");
        }
        return s.toString();
    }

    /** Starts the estimated run under the budget typed in (none when both fields are empty). */
    public void onStart() {
        if (phase.get() != Phase.READY || planned == null) {
            error.set("Estimate the run first.");
            return;
        }
        // A budget that does not read leaves the estimate in place: fix the field and Start again.
        if (start(planned)) planned = null;
    }

    /** Continues the last run (cancelled, stopped by its budget, or left by a crash) under the budget typed in now. */
    public void onResume() {
        Long id = runId.get();
        if (id == null || phase.get() == Phase.RUNNING) return;
        resume(id);
    }

    /** Continues run {@code id} (from the run list, say) under the budget typed in now. */
    public void resume(long id) {
        ExperimentRunner.Budget budget = budgetOrError();
        if (budget == null) return;
        error.set("");
        phase.set(Phase.RUNNING);
        runner.run("Plan run " + id, p -> studio.runs().plan(new Runs.Request(null, id, null, null, null)),
                p -> {
                    runId.set(id);
                    launch(p, budget, true);
                }, e -> {
                    phase.set(Phase.ENDED);
                    error.set(oneLine("run " + id, e));
                });
    }

    private boolean start(Runs.Planned p) {
        ExperimentRunner.Budget budget = budgetOrError();
        if (budget == null) return false;
        error.set("");
        runId.set(null);
        launch(p, budget, false);
        return true;
    }

    private void launch(Runs.Planned p, ExperimentRunner.Budget budget, boolean resumed) {
        cancelAsked = false;
        phase.set(Phase.RUNNING);
        outcome.set(null);
        resumable.set(false);
        latest.set(null);
        startNanos = nanos.getAsLong();
        startTicking();
        synchronized (arrived) {
            arrived.clear();
        }
        if (!resumed) calls.clear();
        boolean severalPrompts = p.plan().prompts().stream().map(RunPlan.Prompt::path).distinct().count() > 1;
        status.set(resumed ? "Resuming run " + runId.get() + "\u2026" : "Starting\u2026");
        etaText.set("\u2014");
        String title = "Run " + p.plan().spec().name();
        runner.runLong(title, progress -> {
            Runs.RunHandle h = p.start((snapshot, call) -> {
                arrived(snapshot);
                if (call != null) {
                    synchronized (arrived) {
                        arrived.add(row(call, severalPrompts));
                    }
                }
                progress.update(snapshot.done(), snapshot.total());
                frames.request();
            }, budget);
            handle = h;
            // A Cancel pressed while this job waited for a worker, or while the run was being started, had no handle
            // to stop yet: it is honoured here (onCancel sets the flag before it reads the handle, this sets the
            // handle before it reads the flag, so one of the two sees the other).
            if (progress.isCancelled() || cancelAsked) h.cancel();
            Runs.Outcome o = h.outcome();
            return new Ended(o, studio.runs().ended(o.runId()));
        }, this::ended, e -> {
            stopTicking();
            handle = null;
            phase.set(Phase.ENDED);
            drain();
            error.set(e instanceof java.util.concurrent.CancellationException ? "Cancelled." : oneLine(title, e));
            resumable.set(runId.get() != null);
        });
    }

    /** Stops the calls in flight; every call that ended stays recorded and the run can be resumed. */
    public void onCancel() {
        cancelAsked = true;
        Runs.RunHandle h = handle;
        if (h != null) h.cancel();
    }

    /** Whether Cancel was pressed for the run being launched (read by the job that starts it). */
    private volatile boolean cancelAsked;

    /** Opens the last run's scoreboard (through the shell). */
    public void onOpenScoreboard() {
        if (runId.get() != null && scoreboardOpener != null) scoreboardOpener.accept(runId.get());
    }

    /** Opens the last run in the grid (through the shell). */
    public void onOpenInGrid() {
        if (runId.get() != null && gridOpener != null) gridOpener.accept(runId.get());
    }

    /** Whether "Open scoreboard" has somewhere to go. */
    public boolean canOpenScoreboard() {
        return scoreboardOpener != null;
    }

    /** Whether "Open in grid" has somewhere to go. */
    public boolean canOpenInGrid() {
        return gridOpener != null;
    }

    /** How a run ended, and how many of its calls are recorded in all (read on the runner, not the UI thread). */
    private record Ended(Runs.Outcome outcome, long recorded) {
    }

    private void ended(Ended ended) {
        Runs.Outcome o = ended.outcome();
        stopTicking();
        handle = null;
        latest.accumulateAndGet(o.snapshot(), (a, b) -> a == null || b.done() >= a.done() ? b : a);
        drain();
        runId.set(o.runId());
        long recorded = ended.recorded();
        // The run's whole plan: what this start planned plus what earlier starts had recorded.
        long planned = Math.max(recorded, recorded - o.snapshot().done() + o.snapshot().total());
        ExperimentRunner.Snapshot s = o.snapshot();
        String cost = org.promptstudio.model.Usd.text(s.cost());
        // Nothing is left to wait for: the ETA goes, the line says how the run stopped.
        etaText.set("\u2014");
        progressText.set(s.done() + " of " + s.total() + " done, " + s.failed() + " failed, " + s.cached()
                + " from the cache, " + cost + " spent; " + switch (o.status()) {
                    case FINISHED -> "ended";
                    case CANCELLED -> "stopped: cancelled";
                    case BUDGET_REACHED -> "stopped at its budget";
                    case FAILED -> "stopped: failed";
                    case RUNNING -> "still running";
                });
        switch (o.status()) {
            case FINISHED -> {
                if (s.done() > 0 && s.failed() == s.done()) {
                    // not "finished": a run without one answer failed, as the run list says (app.RunHistory)
                    error.set("Every call of run " + o.runId() + " failed; see its calls.");
                    status.set("Run " + o.runId() + " failed: no answers (" + s.done() + " call(s), every one"
                            + " failed), " + cost + ".");
                } else if (s.done() == 0) {
                    status.set("Run " + o.runId() + " ended with no answers: no call was made.");
                } else {
                    status.set("Run " + o.runId() + " finished: " + s.done() + " call(s), " + s.failed() + " failed, "
                            + s.cached() + " from the cache, " + cost + ".");
                }
            }
            case CANCELLED -> status.set("Run " + o.runId() + " cancelled after " + recorded + " of " + planned
                    + " calls; Resume makes the rest.");
            case BUDGET_REACHED -> status.set("Run " + o.runId() + (s.budgetStop() == null ? " stopped by its budget"
                    : ": " + org.promptstudio.app.RunHistory.budgetText(s.budgetStop())) + "; " + recorded + " of "
                    + planned + " calls recorded; Resume (with a new budget, or none) makes the rest.");
            case FAILED -> status.set("Run " + o.runId() + ": " + (s.total() - s.done())
                    + " call(s) could not be recorded; Resume makes them.");
            case RUNNING -> status.set("Run " + o.runId() + " is still running.");
        }
        resumable.set(o.status() == RunStatus.CANCELLED || o.status() == RunStatus.BUDGET_REACHED
                || o.status() == RunStatus.FAILED);
        resumableRuns.values().removeIf(e -> e.run().id() == o.runId());
        // last: whoever waits for the outcome (a view, a test) finds the lines above already written
        phase.set(Phase.ENDED);
        outcome.set(o.status());
    }

    /** Applies the latest figures and the calls that ended since the last frame, in plan order. */
    void drain() {
        ExperimentRunner.Snapshot s = latest.get();
        if (s == null && phase.get() == Phase.RUNNING) {
            etaText.set(timeLeft(null));
            progressText.set("0 calls done, " + etaText.get());
        }
        if (s != null && phase.get() != Phase.ENDED) { // an ended run's line is ended()'s: no ETA comes back
            total.set(s.total());
            done.set(s.done());
            failed.set(s.failed());
            cached.set(s.cached());
            costText.set(org.promptstudio.model.Usd.text(s.cost()));
            etaText.set(timeLeft(s));
            progressText.set(s.done() + " of " + s.total() + " done, " + s.failed() + " failed, " + s.cached()
                    + " from the cache, " + costText.get() + " so far, " + etaText.get());
        }
        List<CallRow> fresh;
        synchronized (arrived) {
            fresh = new ArrayList<>(arrived);
            arrived.clear();
        }
        if (!fresh.isEmpty()) {
            List<CallRow> all = new ArrayList<>(calls);
            all.addAll(fresh);
            all.sort(Comparator.comparingInt(CallRow::planIndex));
            calls.setAll(all);
        }
    }

    /** Runs the held progress updates now (windowless tests). */
    public void flush() {
        frames.flush();
    }

    /** The time left as the launcher shows it: {@code —} until a call that was not cached has ended. */
    /**
     * Takes the figures a call's end brings (on the call's thread): an older snapshot than the one held is dropped,
     * and the time it came is kept for the time left.
     */
    void arrived(ExperimentRunner.Snapshot snapshot) {
        long now = nanos.getAsLong();
        ExperimentRunner.Snapshot was = latest.getAndAccumulate(snapshot,
                (a, b) -> a == null || b.done() >= a.done() ? b : a);
        if (was == null || snapshot.done() > was.done()) latestNanos = now;
    }

    /** The time left as it reads now ({@link org.promptstudio.app.RunProgress}, the command line's wording). */
    private String timeLeft(ExperimentRunner.Snapshot s) {
        long since = nanos.getAsLong() - (s == null ? startNanos : latestNanos);
        return org.promptstudio.app.RunProgress.text(s, Duration.ofNanos(Math.max(0, since)));
    }

    private synchronized void startTicking() {
        if (held || ticker != null) return; // windowless tests draw on flush()
        ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-launcher-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(frames::request, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private synchronized void stopTicking() {
        if (ticker != null) ticker.shutdownNow();
        ticker = null;
    }

    private static CallRow row(CallRecord c, boolean severalPrompts) {
        String answer = c.texts() == null || c.texts().output() == null ? "" : c.texts().output();
        String shown = c.status() == CallStatus.OK ? answer : c.error() == null ? "" : c.error();
        shown = shown.replaceAll("\\s+", " ").strip();
        if (shown.length() > 120) shown = shown.substring(0, 119) + "\u2026";
        return new CallRow(c.planIndex() == null ? Integer.MAX_VALUE : c.planIndex(), c.caseId(), c.model(),
                c.sampleIndex(), c.cached() ? "cached" : c.status().name().toLowerCase(Locale.ROOT), shown,
                severalPrompts && c.promptPath() != null ? promptName(c.promptPath()) : null);
    }

    /** {@code prompts/answer-fewshot.prompt} as {@code answer-fewshot}. */
    private static String promptName(String path) {
        String name = path.startsWith("prompts/") ? path.substring("prompts/".length()) : path;
        return name.replaceFirst("\\.prompt$", "");
    }

    private ExperimentRunner.Budget budgetOrError() {
        try {
            return budget(maxCost.get(), maxCalls.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return null;
        }
    }

    /**
     * The budget typed in: {@code maxCost} US dollars (a number of at least 0, {@code $} allowed) and {@code maxCalls}
     * calls (a whole number of at least 1); empty fields cap nothing.
     *
     * @throws IllegalArgumentException one line naming the field, for a value that is no such number
     */
    static ExperimentRunner.Budget budget(String maxCost, String maxCalls) {
        BigDecimal cost = null;
        Integer n = null;
        String c = maxCost == null ? "" : maxCost.strip();
        if (c.startsWith("$")) c = c.substring(1).strip();
        if (!c.isEmpty()) {
            if (!c.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
                throw new IllegalArgumentException("Budget: the cost must be an amount in US dollars, not '"
                        + maxCost.strip() + "'");
            }
            cost = new BigDecimal(c);
        }
        String k = maxCalls == null ? "" : maxCalls.strip();
        if (!k.isEmpty()) {
            if (!k.matches("\\d{1,9}") || Integer.parseInt(k) < 1) {
                throw new IllegalArgumentException("Budget: the calls must be a whole number of at least 1, not '"
                        + k + "'");
            }
            n = Integer.parseInt(k);
        }
        return new ExperimentRunner.Budget(cost, n);
    }

    private static Integer parseLimit(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) return null;
        if (!t.matches("\\d{1,9}") || Integer.parseInt(t) < 1) {
            throw new IllegalArgumentException("Cases: the limit must be a whole number of at least 1, not '" + t + "'");
        }
        return Integer.parseInt(t);
    }

    private void clearPlan() {
        planned = null;
        estimateText.set("");
        plannedCalls.set(0);
        cachedCalls.set(0);
        if (phase.get() == Phase.READY) phase.set(Phase.IDLE);
    }

    private static String oneLine(String where, Throwable e) {
        String message = ErrorText.reason(e);
        return message.contains(where) ? message : where + ": " + message;
    }

    // ---- properties ---------------------------------------------------------------------------------------

    public ObservableList<String> experiments() {
        return experiments;
    }

    public StringProperty experimentProperty() {
        return experiment;
    }

    /** Only the first N cases; empty: every case. */
    public StringProperty limitProperty() {
        return limit;
    }

    public StringProperty maxCostProperty() {
        return maxCost;
    }

    public StringProperty maxCallsProperty() {
        return maxCalls;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty estimateTextProperty() {
        return estimateText.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty plannedCallsProperty() {
        return plannedCalls.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty cachedCallsProperty() {
        return cachedCalls.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty cachedProperty() {
        return cached.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty costTextProperty() {
        return costText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaTextProperty() {
        return etaText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The last run started or resumed here, once it has an id. */
    public ReadOnlyObjectProperty<Long> runIdProperty() {
        return runId.getReadOnlyProperty();
    }

    /** How the last run ended, or null while none has. */
    public ReadOnlyObjectProperty<RunStatus> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** Whether the last run can be resumed (cancelled, stopped by its budget, calls unrecorded). */
    public ReadOnlyBooleanProperty resumableProperty() {
        return resumable.getReadOnlyProperty();
    }

    /** The calls that ended, in plan order. */
    public ObservableList<CallRow> calls() {
        return calls;
    }
}

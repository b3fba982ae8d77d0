package org.promptstudio.app;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.model.RunFigures;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.store.RunRepository;

/**
 * The runs of a workspace as a user looks back on them ({@code studio runs}): each run's figures and where it stands,
 * including runs whose process died ("interrupted"), and the line that reports a run's cache hits.
 */
public final class RunHistory {

    /** What tells whether the process named by a run's owner ({@code PID@HOST}) still runs it. */
    interface Processes {
        /** This machine's name, as {@link RunRecord#hostName()} gives it. */
        String host();

        /** When process {@code pid} of this machine started, or empty when there is no such process now. */
        Optional<Instant> started(long pid);

        Processes SYSTEM = new Processes() {
            private final String host = RunRecord.hostName();

            @Override
            public String host() {
                return host;
            }

            @Override
            public Optional<Instant> started(long pid) {
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .map(p -> p.info().startInstant().orElse(Instant.MIN));
            }
        };
    }

    /**
     * A run, its figures, and its state: {@code running}, {@code done}, {@code failed}, {@code cancelled} (stopped
     * by the user), {@code interrupted} (left running by a process that is gone), {@code budget-reached}, or
     * {@code no-answers}. A run that ran to its end without one answer is not {@code done}: it is {@code failed}
     * when its calls failed, {@code cancelled} when they were all cancelled, {@code no-answers} when it recorded no
     * call at all; {@code why} says so ({@code every call failed}), else it is null. {@code resumeCommand} is the
     * command that makes the rest of a cancelled or interrupted experiment run, else null.
     */
    public record Entry(RunFigures figures, String state, String resumeCommand, String why) {

        public RunRecord run() {
            return figures.run();
        }

        /**
         * The state with why and how to resume, e.g. {@code interrupted (resume with studio run --resume 4)},
         * {@code failed (no answers: every call failed)}.
         */
        public String stateText() {
            String text = why == null ? state : state + " (" + why + ")";
            return resumeCommand == null ? text : text + " (resume with " + resumeCommand + ")";
        }
    }

    private final RunRepository runs;
    private final Processes processes;

    RunHistory(RunRepository runs, Processes processes) {
        this.runs = runs;
        this.processes = processes;
    }

    /** The {@code limit} most recently started runs (at least 1), newest first, ties by id, highest first. */
    public List<Entry> latest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        return runs.latestWithFigures(limit).stream().map(this::entry).toList();
    }

    /** Run {@code id}, or empty when there is none. */
    public Optional<Entry> find(long id) {
        return runs.figures(id).map(this::entry);
    }

    /**
     * How many of a run's answers came from the response cache, as the run summaries print it: {@code cache: 12 of
     * 40 answers from the cache} (answers: calls that answered; a cached answer sent no request and cost nothing).
     */
    public static String cacheLine(RunFigures f) {
        return "cache: " + f.cached() + " of " + f.ok() + " answer" + (f.ok() == 1 ? "" : "s") + " from the cache";
    }

    /**
     * What stopped a run at its budget, in the words the run's summary, the run list and the launcher all use: a cap
     * truly reached says what was spent ({@code budget of $1.00 reached ($1.02 spent); stopped before call 12}), a
     * call refused for its own worst case says so ({@code stopped before call 12: its worst-case estimate $0.90 would
     * pass the budget of $1.00 ($0.14 spent)}). Amounts are US dollars ({@link #usd}).
     */
    public static String budgetText(ExperimentRunner.BudgetStop stop) {
        ExperimentRunner.Budget b = stop.budget();
        String cap = b.maxCostUsd() != null && b.maxCalls() != null
                ? usd(b.maxCostUsd()) + " or " + calls(b.maxCalls())
                : b.maxCostUsd() != null ? usd(b.maxCostUsd()) : calls(b.maxCalls());
        String spent = usd(stop.spent()) + " spent"
                + (stop.inFlight().signum() > 0 ? ", up to " + usd(stop.inFlight()) + " more in calls still running"
                : "");
        if (stop.capReached()) {
            // name the limit that was reached, not both: with a money and a call cap, only one stopped the run
            boolean byCalls = b.maxCalls() != null && stop.sent() >= b.maxCalls();
            String reached = byCalls ? calls(b.maxCalls()) : usd(b.maxCostUsd());
            String other = b.maxCostUsd() != null && b.maxCalls() != null
                    ? "; the other limit, " + (byCalls ? usd(b.maxCostUsd()) : calls(b.maxCalls())) + ", was not" : "";
            return "budget of " + reached + " reached (" + (byCalls ? calls(stop.sent()) + " sent" : spent) + other
                    + "); stopped before call " + stop.call();
        }
        if (stop.estimate() == null) {
            return "stopped before call " + stop.call() + ": its cost cannot be estimated, so it cannot be checked"
                    + " against the budget of " + cap + " (" + spent + ")";
        }
        return "stopped before call " + stop.call() + ": its worst-case estimate " + usd(stop.estimate())
                + " would pass the budget of " + cap + " (" + spent + ")";
    }

    /** An amount in US dollars as every figure writes it ({@link org.promptstudio.model.Usd}, decision 0118). */
    public static String usd(java.math.BigDecimal amount) {
        return org.promptstudio.model.Usd.text(amount);
    }

    private static String calls(int n) {
        return n + " call" + (n == 1 ? "" : "s");
    }

    /** The key of a run's settings under which a run stopped by its budget keeps {@link #budgetText}. */
    static final String BUDGET_STOP_KEY = "budgetStop";

    private Entry entry(RunFigures f) {
        RunRecord run = f.run();
        String why = null;
        String state = switch (run.status()) {
            case FINISHED -> {
                if (f.ok() > 0) yield "done";
                if (f.failed() > 0) {
                    why = "no answers: every call failed";
                    yield "failed";
                }
                if (f.cancelled() > 0) {
                    why = "no answers: every call was cancelled";
                    yield "cancelled";
                }
                why = "no call was recorded";
                yield "no-answers";
            }
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case BUDGET_REACHED -> {
                why = setting(run.settingsJson(), BUDGET_STOP_KEY);
                yield "budget-reached";
            }
            case RUNNING -> ownerGone(run) ? "interrupted" : "running";
        };
        // a run that ended with every call cancelled has recorded them all: nothing is left to resume
        boolean resumable = run.kind() == RunKind.EXPERIMENT && run.status() != RunStatus.FINISHED
                && (state.equals("cancelled") || state.equals("interrupted")
                || state.equals("budget-reached"));
        return new Entry(f, state, resumable ? "studio run --resume " + run.id() : null, why);
    }

    /** The text kept under {@code key} in a run's settings, or null (no settings, no such key, unreadable). */
    static String setting(String settingsJson, String key) {
        if (settingsJson == null) return null;
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(settingsJson).get(key);
            return n == null || !n.isTextual() ? null : n.asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Whether the process that started {@code run} is gone: its owner is a process of this machine that no longer
     * runs, or whose number now belongs to a process started after the run (numbers are reused). A run of another
     * machine, or of no recorded owner, is taken as running: nothing here can tell.
     */
    boolean ownerGone(RunRecord run) {
        String owner = run.owner();
        if (owner == null) return false;
        int at = owner.indexOf('@');
        if (at <= 0 || !owner.substring(at + 1).equals(processes.host())) return false;
        long pid;
        try {
            pid = Long.parseLong(owner.substring(0, at));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<Instant> started = processes.started(pid);
        // Linux gives a process's start to the whole second from the boot time, which a clock step moves: a process
        // is only taken for a newer one (its number reused) when it started clearly after the run.
        return started.isEmpty() || started.get().isAfter(run.startedAt().plusSeconds(2));
    }
}

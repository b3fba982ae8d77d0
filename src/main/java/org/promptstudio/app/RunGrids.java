package org.promptstudio.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.StudioException;

/**
 * A recorded run (an experiment, a compare grid, a playground session) read back into the compare grid's shape:
 * one row per case, one column per prompt version x model (a variant is its own prompt file, so its own column),
 * the samples of each cell, each with its recorded call and the checks stored for the run. Read-only: no model is
 * called, nothing is judged again and nothing is written (decision 0090).
 */
public final class RunGrids {

    /**
     * A recorded run laid out as a grid.
     *
     * @param run      the run as recorded
     * @param grid     rows, columns and cells (row, then column, then sample: the plan's order); never run again
     * @param answers  one per cell of {@code grid}, in cell order; an answer whose call is null was never made (the
     *                 run was cancelled or stopped by its budget first)
     * @param ratings  the latest thumbs up / down ({@code up} / {@code down}) on each cell's first sample, by cell
     *                 index; cells without one are absent
     * @param checked  true when the run has stored checks (a grid run, or a run judged by {@code studio eval} or its
     *                 scoreboard); false: {@link StreamingCompare.Answer#check()} is null everywhere
     * @param state    the run's state as {@link RunHistory.Entry#state()} words it ({@code done}, {@code
     *                 budget-reached}, {@code interrupted}, ...), the same words as {@code studio runs}
     * @param planned  the cells its plan had (cases x prompts x models, each cell its samples), at least the grid's
     *                 cells; the grid's cell count when the plan cannot be read again (not an experiment, or its
     *                 file changed)
     */
    public record RunGrid(RunRecord run, StreamingCompare.Prepared grid, List<StreamingCompare.Answer> answers,
                          Map<Integer, String> ratings, boolean checked, String state, int planned) {

        /** "run 7 · experiment 'faq' · budget-reached", what the window says is shown. */
        public String title() {
            return "run " + run.id() + " \u00b7 " + (run.kind() == RunKind.EXPERIMENT ? "experiment" : run.kind().id())
                    + " '" + run.name() + "' \u00b7 " + state;
        }

        /** The grid's cells with at least one recorded call (a cell never called is not counted). */
        public int recorded() {
            java.util.Set<Integer> cells = new java.util.HashSet<>();
            int samples = grid.samples();
            for (StreamingCompare.Answer a : answers) {
                if (a.call() != null) cells.add(a.cell().index() / samples);
            }
            return cells.size();
        }

        /** "Recorded: 30 of 88 planned cells (run 7)": recorded cells of the cells the run planned. */
        public String countText() {
            return "Recorded: " + recorded() + " of " + planned + " planned cell" + (planned == 1 ? "" : "s")
                    + " (run " + run.id() + ")";
        }
    }

    private final Studio studio;

    RunGrids(Studio studio) {
        this.studio = studio;
    }

    /**
     * Reads run {@code runId} into a grid. Rows are the run's cases in plan order; their inputs come from the run's
     * experiment (its dataset or inline inputs) when it can still be read, else the row says only the case id.
     * Columns are prompt file x commit x model in the order the plan first calls them; a column's version is the
     * prompt's version number at that commit ({@code 3}), else the short commit. Calls are placed by their plan
     * index order (the database's, decision 0018), never by when they ended.
     *
     * @throws StudioException one line when there is no such run or it has no recorded call
     */
    public RunGrid open(long runId) {
        RunRecord run = studio.runRepository().find(runId).orElseThrow(() ->
                Runs.unknownRun(runId));
        List<CallRecord> calls = studio.callRepository().inRunWithAnswers(runId);
        if (calls.isEmpty()) throw new StudioException("run " + runId + " has no recorded call to show");
        RunHistory.Entry entry = studio.runHistory().find(runId).orElseThrow(() -> Runs.unknownRun(runId));
        String notRun = notRun(entry.state());
        Map<String, RunPlan.Case> planned = new HashMap<>();
        int plannedCells = plannedCases(run, planned);

        // Rows, columns and samples in the order the plan first calls them.
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        Map<String, Integer> columnOf = new LinkedHashMap<>();
        List<StreamingCompare.Column> columns = new ArrayList<>();
        List<String> rowKeys = new ArrayList<>();
        Map<String, CallRecord> slots = new HashMap<>();
        int samples = 1;
        Map<String, String> versionNames = new HashMap<>();
        for (CallRecord c : calls) {
            String columnKey = c.promptPath() + "@" + c.promptCommit() + "|" + c.model();
            Integer column = columnOf.get(columnKey);
            if (column == null) {
                column = columns.size();
                columnOf.put(columnKey, column);
                String version = versionNames.computeIfAbsent(c.promptPath() + "@" + c.promptCommit(),
                        k -> versionName(c.promptPath(), c.promptCommit()));
                columns.add(new StreamingCompare.Column(column, version, c.promptCommit(), c.model(), c.promptPath()));
            }
            // A call whose place is taken (a playground session's later turns ask the same case again) goes to the
            // first row of that case where its place is free: one row per turn.
            String base = c.caseId() == null ? "" : c.caseId();
            String rowKey = base;
            for (int again = 2; slots.containsKey(slot(rowKey, column, c.sampleIndex())); again++) {
                rowKey = base + AGAIN + again;
            }
            if (!rowOf.containsKey(rowKey)) {
                rowOf.put(rowKey, rowKeys.size());
                rowKeys.add(rowKey);
            }
            slots.put(slot(rowKey, column, c.sampleIndex()), c);
            samples = Math.max(samples, c.sampleIndex() + 1);
        }
        List<StreamingCompare.Row> rows = new ArrayList<>();
        for (int i = 0; i < rowKeys.size(); i++) {
            String key = rowKeys.get(i);
            int cut = key.indexOf(AGAIN);
            String base = cut < 0 ? key : key.substring(0, cut);
            String again = cut < 0 ? "" : " (again, " + key.substring(cut + 1) + ")";
            RunPlan.Case c = planned.get(base);
            if (c != null) {
                rows.add(new StreamingCompare.Row(i, c.id(), c.input(), c.expected(), c.place() + again));
            } else {
                String id = base.isEmpty() ? null : base;
                rows.add(new StreamingCompare.Row(i, id, Map.of(), Map.of(), (id == null ? "no case"
                        : "case " + id + " (its input is not in the run's experiment now: open a cell for the prompt"
                        + " sent)") + again));
            }
        }

        Map<Long, List<EvalRecord>> stored = new HashMap<>();
        for (EvalRecord e : studio.database().evalResults().inRun(runId)) {
            stored.computeIfAbsent(e.callId(), k -> new ArrayList<>()).add(e);
        }
        List<StreamingCompare.Cell> cells = new ArrayList<>();
        List<StreamingCompare.Answer> answers = new ArrayList<>();
        Map<Integer, String> ratings = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            for (StreamingCompare.Column col : columns) {
                for (int s = 0; s < samples; s++) {
                    StreamingCompare.Cell cell = new StreamingCompare.Cell(cells.size(), col.model(), col.version(),
                            col.commit(), r, col.index(), s);
                    cells.add(cell);
                    CallRecord call = slots.get(slot(rowKeys.get(r), col.index(), s));
                    List<EvalRecord> checks = call == null || call.id() == null ? null : stored.get(call.id());
                    answers.add(new StreamingCompare.Answer(cell, call, checks == null ? null : result(call, checks),
                            call == null ? notRun : null));
                    if (s == 0 && call != null && call.id() != null) {
                        Feedback.Given given = studio.feedback().latest(call.id());
                        if (given != null) ratings.put(cell.index(), given.rating().id());
                    }
                }
            }
        }
        StreamingCompare.Prepared grid = StreamingCompare.recorded(runId, rows, columns, cells, samples);
        return new RunGrid(run, grid, List.copyOf(answers), Map.copyOf(ratings), !stored.isEmpty(), entry.state(),
                Math.max(plannedCells, cells.size() / samples));
    }

    /**
     * Why a cell of a run in {@code state} ({@link RunHistory.Entry#state()}) has no call: "not run: the run stopped
     * at its budget", "not run: the run was cancelled", ...
     */
    static String notRun(String state) {
        return switch (state) {
            case "budget-reached" -> "not run: the run stopped at its budget";
            case "cancelled" -> "not run: the run was cancelled";
            case "interrupted" -> "not run: the run was interrupted";
            case "failed" -> "not run: the run failed";
            case "running" -> "not run yet: the run is still going";
            default -> "not run";
        };
    }

    /** Between a case id and the number of the time it is asked again, in a row's key. */
    private static final char AGAIN = '\u0001';

    private static String slot(String row, int column, int sample) {
        return row + '\u0000' + column + '\u0000' + sample;
    }

    /**
     * The stored checks of one call as its case's result, as the run's scoreboard reads them
     * ({@link Evaluation#fromStored}: weights and pass score as stored; a call judged with no assertion is unchecked).
     */
    static CaseResult result(CallRecord call, List<EvalRecord> checks) {
        return Evaluation.fromStored(call, null, checks);
    }

    /**
     * Puts the cases of the run's experiment as planned now into {@code out}, by id (none when the run has none or
     * they cannot be read), and returns the cells its plan has (0 when unknown). No few-shot example is picked.
     */
    int plannedCases(RunRecord run, Map<String, RunPlan.Case> out) {
        if (run.kind() != RunKind.EXPERIMENT) {
            // a compare grid's run names its dataset in its settings (no experiment file to plan again)
            String name = settingsDataset(run);
            if (name == null) return 0;
            try {
                studio.datasets().find(name).ifPresent(d -> {
                    String file = studio.workspace().relative(d.path());
                    for (org.promptstudio.workspace.TestCase c : d.cases()) {
                        out.putIfAbsent(c.id(), new RunPlan.Case(c.id(), c.input(), c.expected(),
                                file + ":" + c.sourceLine()));
                    }
                });
            } catch (RuntimeException e) {
                LOG.info("run {}: dataset {} cannot be read ({}); rows show case ids only", run.id(), name,
                        e.getMessage());
            }
            return 0;
        }
        try {
            // no embedder: the cases and cells are planned, no example is picked (decision 0115)
            RunPlan plan = studio.experiments().planAgain(run, null);
            for (RunPlan.Case c : plan.cases()) out.putIfAbsent(c.id(), c);
            return (int) plan.cells().stream().filter(c -> c.sample() == 0).count(); // a cell holds its samples
        } catch (RuntimeException e) {
            // the experiment file changed or is gone: the rows keep their case ids
            LOG.info("run {}: its experiment cannot be planned again ({}); rows show case ids only", run.id(),
                    e.getMessage());
        }
        return 0;
    }

    /** The dataset a run's settings name ({@code "dataset"}), or null. */
    private static String settingsDataset(RunRecord run) {
        if (run.settingsJson() == null) return null;
        try {
            Object d = new com.fasterxml.jackson.databind.ObjectMapper().readValue(run.settingsJson(), Map.class)
                    .get("dataset");
            return d instanceof String s && !s.isBlank() ? s : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** The prompt's version number at {@code commit} ("3"), else the short commit ("a1b2c3d", "a1b2c3d+dirty"). */
    private String versionName(String path, String commit) {
        if (commit == null) return "?";
        try {
            for (org.promptstudio.vcs.PromptVersion v : studio.versions().history(path)) {
                if (commit.equals(v.commitId()) && v.number() > 0) return String.valueOf(v.number());
            }
        } catch (RuntimeException e) {
            // a prompt no longer in the workspace: the commit names it
        }
        int plus = commit.indexOf('+');
        String head = plus < 0 ? commit : commit.substring(0, plus);
        return (head.length() > 7 ? head.substring(0, 7) : head) + (plus < 0 ? "" : commit.substring(plus));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunGrids.class);
}

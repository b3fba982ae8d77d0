package org.promptstudio.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.StreamListener;
import org.promptstudio.store.CallRepository;
import org.promptstudio.store.RunRepository;
import org.promptstudio.template.PromptRenderer;

/**
 * One input against several models and/or versions of one prompt, each answer streamed to a {@link Listener} as the
 * model writes it: the use case behind {@code studio compare} and the window's compare grid. The calls go through the
 * experiment runner (same rendering, limits, retries, cache and records as a run) and are recorded as a run of kind
 * playground. Cells are in the order asked for: versions as named, then models as named; the order never depends
 * on which call ends first.
 */
public final class StreamingCompare {

    /** The start of a comparison's run name ({@code compare-answer}); a comparison has no experiment file. */
    public static final String NAME_PREFIX = "compare-";

    /** The description of the experiment {@code studio compare} makes up (its errors name the options, not a file). */
    static final String COMMAND_LINE = "studio compare";

    /**
     * One answer's place in the comparison.
     *
     * @param index   0-based position in the order asked for (version as named, then model as named)
     * @param model   the model id from studio.yaml
     * @param version the version as asked for ("working", "2", a label); several joined by " = " when they are the
     *                same commit (they would send the same prompt, so they make one call)
     * @param commit  the prompt commit the cell renders
     */
    public record Cell(int index, String model, String version, String commit, int row, int column, int sample) {

        /** A cell of a one-input comparison: row 0, its column is its index, one sample. */
        public Cell(int index, String model, String version, String commit) {
            this(index, model, version, commit, 0, index, 0);
        }
    }

    /**
     * One row of a grid: an input.
     *
     * @param index  0-based row number, in dataset order (after the split, the filter and the limit)
     * @param caseId the dataset case's id, or {@code input:N} for a typed input
     * @param source where the case is written ({@code datasets/x.jsonl:17}), or {@code typed input N}
     */
    public record Row(int index, String caseId, Map<String, Object> input, Map<String, Object> expected, String source) {
    }

    /**
     * One column of a grid: a prompt version x a model.
     *
     * @param version the version as asked for; several joined by " = " when they are the same commit
     * @param commit  the commit it renders ({@code ...+dirty} for unsaved changes)
     * @param path    the prompt's file, relative to the workspace
     * @param production whether {@code commit} is the one the prompt's {@code production} label points at (the default
     *                   baseline of its model's columns, even when the version was asked for by number)
     */
    public record Column(int index, String version, String commit, String model, String path, boolean production) {

        /** A column whose commit is not (or not known to be) the one labelled {@code production}. */
        public Column(int index, String version, String commit, String model, String path) {
            this(index, version, commit, model, path, false);
        }

        /**
         * The version as a header names it among {@code all} the grid's columns: {@code 3} when every column is of
         * one prompt, else with its prompt, {@code answer-fewshot@1} (its file under prompts/ without
         * {@code .prompt}), so one prompt's version 1 is not read as another's.
         */
        public String versionAmong(List<Column> all) {
            if (path == null || all.stream().map(Column::path).distinct().count() <= 1) return version;
            String name = path.startsWith("prompts/") ? path.substring("prompts/".length()) : path;
            return name.replaceFirst("\\.prompt$", "") + "@" + version;
        }
    }

    /**
     * What a grid compares: versions of one prompt x models, over typed inputs or the rows of a dataset.
     *
     * @param prompt   prompt id or file
     * @param versions versions as the user names them ("working", "2", "production"); empty: working
     * @param models   model ids from studio.yaml, in column order
     * @param dataset  dataset name, or null to use {@code inputs}
     * @param split    {@code dev}, {@code test} or null for every row
     * @param filter   rows whose id or input values contain this text (case-insensitive); null or blank: every row
     * @param limit    the first rows kept after split and filter; null: all
     * @param inputs   typed inputs, used when {@code dataset} is null
     * @param samples  calls per cell, at least 1
     */
    public record GridRequest(String prompt, List<String> versions, List<String> models, String dataset, String split,
                              String filter, Integer limit, List<Map<String, Object>> inputs, int samples) {
        public GridRequest {
            versions = versions == null ? List.of() : List.copyOf(versions);
            models = models == null ? List.of() : List.copyOf(models);
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
        }
    }

    /** Judges one call as it ends (the grid's assertion badges). */
    interface Checker {
        org.promptstudio.eval.CaseResult check(CallRecord call);

        /**
         * The weights of the assertions call {@code callId} was judged by in {@link #check}, in its results' order;
         * a result past them weighs 1. Empty when unknown (then every result weighs 1).
         */
        default List<Double> weights(long callId) {
            return List.of();
        }
    }

    /**
     * A cell that ended. {@code call} is its recorded call (status, text or error, tokens, cost, latency, finish
     * reason, rendered messages), or null when the call never started (the comparison was cancelled first).
     * {@code check} is its assertions' results in a grid (verdict pass / fail / unchecked), or null when it was not
     * judged (a one-input comparison, or a call that never started). {@code notRun} says why a cell without a call
     * was never called ("not run: the run stopped at its budget", from the recorded run's state); null: the
     * comparison was cancelled first.
     */
    public record Answer(Cell cell, CallRecord call, org.promptstudio.eval.CaseResult check, String notRun) {

        /** An answer of a comparison run here (a cell without a call was cancelled before it started). */
        public Answer(Cell cell, CallRecord call, org.promptstudio.eval.CaseResult check) {
            this(cell, call, check, null);
        }

        /** An answer that was not judged. */
        public Answer(Cell cell, CallRecord call) {
            this(cell, call, null, null);
        }

        /** Whether the model answered. */
        /** True when the call failed because a replay model has no recording of this request. */
        public boolean noRecording() {
            return !ok() && error() != null && error().contains(org.promptstudio.provider.ReplayModel.NO_RECORDING);
        }

        public boolean ok() {
            return call != null && call.status() == CallStatus.OK;
        }

        /** The answer's text as recorded (never null when {@link #ok()}), else null. */
        public String text() {
            return ok() ? (call.texts() == null || call.texts().output() == null ? "" : call.texts().output()) : null;
        }

        /** Why the model stopped ({@code stop}, {@code length}, ...), or null when it did not answer. */
        public String finishReason() {
            return ok() ? call.finishReason() : null;
        }

        /** True when the model stopped at the token limit ({@code finishReason} {@code length}): the text is cut. */
        public boolean cutByTokenLimit() {
            return org.promptstudio.model.FinishReason.LENGTH.equals(
                    org.promptstudio.model.FinishReason.kind(finishReason()));
        }

        /**
         * How the model failed to give a full answer although the call succeeded ("refused: ...", "cut off at the
         * token limit (max 256 tokens)", "empty answer"; decision 0039), or null when it answered or the call failed.
         */
        public String nonAnswer() {
            return ok() ? org.promptstudio.model.NonAnswer.of(call).map(org.promptstudio.model.NonAnswer::describe)
                    .orElse(null) : null;
        }

        /**
         * True when this cell answered in full: the call succeeded and is no {@link #nonAnswer()}. A comparison
         * exits 0 only when every cell answered (decision 0041).
         */
        public boolean answered() {
            return ok() && nonAnswer() == null;
        }

        /**
         * The error as one line ({@code Blocked: } and the guardrail's reason for a call a guardrail blocked),
         * "cancelled" for a call that never started, or null when the model answered.
         */
        public String error() {
            if (call == null) return notRun != null ? notRun : "cancelled before the call started";
            if (blocked()) return Guardrails.BLOCKED + call.error();
            return ok() ? null : call.error();
        }

        /** Whether a guardrail blocked the call (decision 0143): its {@link #error()} says which and why. */
        public boolean blocked() {
            return call != null && call.status() == CallStatus.BLOCKED;
        }

        /** What the guardrails found on the call (warnings, or what blocked it); empty when nothing. */
        public List<org.promptstudio.model.GuardFinding> guard() {
            return call == null ? List.of() : call.guard();
        }
    }

    /**
     * Receives each cell's text as it streams, then its end. Called from the runner's threads, for several cells at
     * once: implementations must be thread-safe and quick. For one cell, every {@code onDelta} comes before its
     * {@code onDone}, and the deltas joined are the start of (in practice all of) the recorded text; a cached answer
     * arrives as one delta, and a model that does not stream sends nothing before {@code onDone}.
     */
    public interface Listener {
        /** A listener that ignores everything; with it nothing is streamed. */
        Listener NONE = new Listener() {
            @Override
            public void onDelta(Cell cell, String text) {
            }

            @Override
            public void onDone(Answer answer) {
            }
        };

        void onDelta(Cell cell, String text);

        void onDone(Answer answer);
    }

    /** A comparison ready to run: its cells in order, known before any call (the window lays out its grid). */
    public static final class Prepared {
        private final RunPlan plan;
        private final List<Cell> cells;
        private final Map<String, Cell> byKey;
        private final List<Row> rows;
        private final List<Column> columns;
        private final int samples;
        private final Checker checker;

        private final Cancellation cancel = new Cancellation();
        private volatile Long runId;

        /**
         * The run that records this comparison: null until {@link StreamingCompare#run} has started it, then its id
         * (also when the comparison is cancelled later: the run stays recorded, status cancelled).
         */
        public Long runId() {
            return runId;
        }

        /** Asks the comparison to stop: before it starts, it will not call; once started, calls in flight end. */
        public void cancel() {
            cancel.cancel();
        }

        /** Whether {@link #cancel()} was called. */
        public boolean cancelled() {
            return cancel.isCancelled();
        }

        private Prepared(RunPlan plan, List<Cell> cells, Map<String, Cell> byKey, List<Row> rows, List<Column> columns,
                         int samples, Checker checker) {
            this.plan = plan;
            this.cells = List.copyOf(cells);
            this.byKey = byKey;
            this.rows = List.copyOf(rows);
            this.columns = List.copyOf(columns);
            this.samples = samples;
            this.checker = checker;
        }

        /** The cells in the order asked for (a grid's: row, then column, then sample). */
        public List<Cell> cells() {
            return cells;
        }

        /** The grid's rows (one for a one-input comparison). */
        public List<Row> rows() {
            return rows;
        }

        /** The grid's columns, version x model (a one-input comparison: one per cell). */
        public List<Column> columns() {
            return columns;
        }

        /** Calls per cell. */
        public int samples() {
            return samples;
        }

        /** True for a recorded run laid out to be shown ({@link RunGrids}): it has no plan and is never run. */
        public boolean recorded() {
            return plan == null;
        }
    }

    /**
     * A recorded run's grid: its cells in plan order (row, column, sample), no plan to run, and {@code runId} as
     * its run (decision 0090).
     */
    static Prepared recorded(long runId, List<Row> rows, List<Column> columns, List<Cell> cells, int samples) {
        Prepared p = new Prepared(null, cells, Map.of(), rows, columns, samples, null);
        p.runId = runId;
        return p;
    }

    /** The run that recorded the comparison, each cell's answer in cell order, and whether it was cancelled. */
    public record Result(long runId, List<Answer> answers, RunStatus status) {
    }

    private final Experiments experiments;
    private final PromptRenderer renderer;
    private final ModelAccess models;
    private final RunRepository runs;
    private final CallRepository calls;
    private final java.util.function.Function<String, Checker> checkers;
    private final java.util.function.Consumer<List<org.promptstudio.model.EvalRecord>> evals;

    private final org.promptstudio.workspace.ToolFiles tools;
    /** Where prompts' {@code retrieve:} gets its chunks (decision 0140); set once by {@link #withRetriever}. */
    private volatile org.promptstudio.experiment.Retriever retriever = org.promptstudio.experiment.Retriever.NONE;

    StreamingCompare(Experiments experiments, PromptRenderer renderer, ModelAccess models, RunRepository runs,
                     CallRepository calls, java.util.function.Function<String, Checker> checkers,
                     org.promptstudio.workspace.ToolFiles tools,
                     java.util.function.Consumer<List<org.promptstudio.model.EvalRecord>> evals) {
        // evals keeps the checks of a run's calls as its eval results, once, when the run ends.
        this.tools = tools;
        this.evals = evals;
        this.experiments = experiments;
        this.renderer = renderer;
        this.models = models;
        this.runs = runs;
        this.calls = calls;
        this.checkers = checkers;
    }

    /** This comparison with {@code retriever} for prompts that declare {@code retrieve:} (decision 0140). */
    StreamingCompare withRetriever(org.promptstudio.experiment.Retriever retriever) {
        this.retriever = retriever == null ? org.promptstudio.experiment.Retriever.NONE : retriever;
        return this;
    }

    /**
     * Resolves the prompt at each version and the models, and lays out the cells.
     *
     * @param versions versions as the user names them (numbers, labels, commits, "working"); null or empty: working
     * @param models   model ids from studio.yaml, in the order to show them
     * @param input    the prompt's input variables
     * @throws org.promptstudio.model.StudioException (one line) for an unknown prompt, version or model
     */
    public Prepared prepare(String prompt, List<String> versions, List<String> models, Map<String, Object> input) {
        models.forEach(this.models::ref);
        List<String> asked = versions == null || versions.isEmpty() ? List.of("working") : versions;
        List<ExperimentSpec.PromptSpec> specs = new ArrayList<>();
        for (String v : asked) specs.add(new ExperimentSpec.PromptSpec(prompt, v));
        ExperimentSpec spec = new ExperimentSpec(NAME_PREFIX + prompt, COMMAND_LINE, specs, models, null, null,
                List.of(input), 1, ExperimentSpec.Strategy.zeroShot(), Map.of(),
                Math.max(1, specs.size() * models.size()), List.of());
        RunPlan full = experiments.plan(spec, null, null, null);
        // The plan's cells are prompt version x case x model: versions as named, then models as named. Two versions
        // that are the same commit would send the same request: one call, shown once under both names.
        Map<String, RunPlan.Cell> unique = new LinkedHashMap<>();
        Map<String, List<String>> names = new HashMap<>();
        int perVersion = models.size();
        for (int i = 0; i < full.cells().size(); i++) {
            RunPlan.Cell c = full.cells().get(i);
            unique.putIfAbsent(c.key(), c);
            List<String> labels = names.computeIfAbsent(c.key(), k -> new ArrayList<>());
            String label = asked.get(i / perVersion);
            if (!labels.contains(label)) labels.add(label);
        }
        List<Cell> cells = new ArrayList<>();
        Map<String, Cell> byKey = new HashMap<>();
        for (RunPlan.Cell c : unique.values()) {
            Cell cell = new Cell(cells.size(), c.modelId(), String.join(" = ", names.get(c.key())), c.prompt().commit());
            cells.add(cell);
            byKey.put(c.key(), cell);
        }
        RunPlan plan = new RunPlan(full.spec(), full.prompts(), full.cases(), List.copyOf(unique.values()),
                full.selector());
        RunPlan.Case only = full.cases().get(0);
        List<Column> columns = cells.stream().map(c -> new Column(c.index(), c.version(), c.commit(), c.model(),
                full.prompts().get(0).path())).toList();
        return new Prepared(plan, cells, byKey, List.of(new Row(0, only.id(), only.input(), only.expected(),
                "typed input")), columns, 1, null);
    }

    /**
     * Lays out a grid: one row per input (typed, or dataset rows after split, filter and limit), one column per
     * version x model (versions as named, then models as named; two names for one commit make one column), and
     * {@code samples} calls per cell. Each answer is judged as it ends with the assertions of its dataset case and its
     * prompt ({@link Answer#check()}), as {@code studio eval} would judge it.
     *
     * @throws org.promptstudio.model.StudioException one line, for an unknown prompt, version, model or dataset, a
     *                                                dataset with no rows left, or no input at all
     */
    public Prepared prepareGrid(GridRequest request) {
        if (request.models().isEmpty()) throw new org.promptstudio.model.StudioException("choose at least one model");
        request.models().forEach(this.models::ref);
        if (request.dataset() == null && request.inputs().isEmpty()) {
            throw new org.promptstudio.model.StudioException("give an input or choose a dataset");
        }
        int samples = Math.max(1, request.samples());
        List<String> asked = request.versions().isEmpty() ? List.of("working") : request.versions();
        List<ExperimentSpec.PromptSpec> specs = new ArrayList<>();
        for (String v : asked) specs.add(promptSpec(request.prompt(), v));
        ExperimentSpec spec = new ExperimentSpec(NAME_PREFIX + request.prompt(), "compare grid", specs,
                request.models(), request.dataset(), request.split(),
                request.dataset() == null ? request.inputs() : List.of(), samples, ExperimentSpec.Strategy.zeroShot(),
                Map.of(), Math.max(1, Math.min(16, specs.size() * request.models().size() * samples)), List.of());
        RunPlan full = experiments.plan(spec, null, null, null);
        // Versions that are one commit send the same prompt: one column, shown under both names.
        Map<String, RunPlan.Prompt> prompts = new LinkedHashMap<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (int i = 0; i < full.prompts().size(); i++) {
            RunPlan.Prompt p = full.prompts().get(i);
            String key = p.path() + "@" + p.commit();
            prompts.putIfAbsent(key, p);
            List<String> labels = names.computeIfAbsent(key, k -> new ArrayList<>());
            if (!labels.contains(asked.get(i))) labels.add(asked.get(i));
        }
        String filter = request.filter() == null || request.filter().isBlank() ? null
                : request.filter().strip().toLowerCase(java.util.Locale.ROOT);
        List<RunPlan.Case> cases = new ArrayList<>();
        for (RunPlan.Case c : full.cases()) {
            if (filter != null && !matches(c, filter)) continue;
            if (request.limit() != null && cases.size() >= request.limit()) break;
            cases.add(c);
        }
        if (cases.isEmpty()) {
            throw new org.promptstudio.model.StudioException("no input left: " + (request.dataset() == null
                    ? "no typed input" : "dataset '" + request.dataset() + "' has no row"
                    + (request.split() == null ? "" : " in split " + request.split())
                    + (filter == null ? "" : " containing '" + request.filter().strip() + "'")));
        }
        List<RunPlan.Prompt> planned = List.copyOf(prompts.values());
        List<RunPlan.Cell> planCells = RunPlan.cells(planned, cases, request.models(), samples);
        RunPlan plan = new RunPlan(full.spec(), planned, cases, planCells, full.selector(), full.badRows());
        List<Column> columns = new ArrayList<>();
        for (RunPlan.Prompt p : planned) {
            // a version asked for by number may be the one labelled production: the default baseline (decision 0096)
            String production = experiments.labelledCommit(p.path(), "production");
            for (String m : request.models()) {
                columns.add(new Column(columns.size(), String.join(" = ", names.get(p.path() + "@" + p.commit())),
                        p.commit(), m, p.path(), p.commit().equals(production)));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            RunPlan.Case c = cases.get(i);
            rows.add(new Row(i, c.id(), c.input(), c.expected(), request.dataset() == null
                    ? "typed input " + (i + 1) : c.place()));
        }
        // The plan's order is case, prompt, model, sample: the grid's row, column, sample.
        List<Cell> cells = new ArrayList<>();
        Map<String, Cell> byKey = new HashMap<>();
        int perRow = columns.size() * samples;
        for (int i = 0; i < planCells.size(); i++) {
            RunPlan.Cell c = planCells.get(i);
            int within = i % perRow;
            Column column = columns.get(within / samples);
            Cell cell = new Cell(i, c.modelId(), column.version(), c.prompt().commit(), i / perRow, column.index(),
                    c.sample());
            cells.add(cell);
            byKey.put(c.key(), cell);
        }
        Checker checker = checkers == null ? null : checkers.apply(request.dataset());
        return new Prepared(plan, cells, byKey, rows, columns, samples, checker);
    }

    /**
     * How far a cell's samples agree: the majority answer (self-consistency's vote, {@code MajorityVote}: answers are
     * compared in {@code AnswerText.normalise} form, ties to the earliest sample), the share of the samples that
     * answered which agree with it, and the number of distinct answers.
     *
     * @param answers each sample's answer in sample order, null where a sample gave none
     */
    public static Consistency consistency(List<String> answers) {
        org.promptstudio.experiment.MajorityVote.Result vote = org.promptstudio.experiment.MajorityVote.of(answers);
        long distinct = answers.stream().filter(java.util.Objects::nonNull)
                .map(org.promptstudio.model.AnswerText::normalise).distinct().count();
        return new Consistency(vote.answer(), vote.votes(), vote.voters(), (int) distinct);
    }

    /**
     * A cell's samples' agreement.
     *
     * @param majority the most frequent answer as first written, null when no sample answered
     * @param agreeing samples whose answer is the majority's
     * @param answered samples that gave an answer
     * @param distinct different answers among them
     */
    public record Consistency(String majority, int agreeing, int answered, int distinct) {
        /** {@code agreeing / answered} in [0, 1]; 0 when no sample answered. */
        public double share() {
            return answered == 0 ? 0 : (double) agreeing / answered;
        }
    }

    /**
     * What {@code other} says differently from {@code baseline}, word by word (the diff the history view marks inside
     * changed lines, java-diff-utils Myers, over the whole answer): kept, removed (only in the baseline) and added
     * (only in {@code other}) pieces in text order.
     */
    public static List<org.promptstudio.vcs.DiffRow.Piece> wordDiff(String baseline, String other) {
        return org.promptstudio.vcs.TextDiff.words(baseline, other);
    }

    /** How a grid's version names a variant of the prompt: {@code variant:formal}, or {@code variant:formal@2}. */
    public static final String VARIANT = ExperimentSpec.PromptSpec.VARIANT;

    /**
     * The variants of {@code prompt} (files {@code prompt.VARIANT.prompt}, Dotprompt) as grid versions
     * ({@code variant:formal}, the variant's working copy), sorted by name.
     */
    public static List<String> variantChoices(Studio studio, String prompt) {
        List<String> out = new ArrayList<>();
        for (org.promptstudio.template.PromptRef r : studio.prompts().list()) {
            if (r.variant() != null && r.name().equals(prompt)) out.add(VARIANT + r.variant());
        }
        out.sort(null);
        return out;
    }

    /** A grid version as the prompt and version to plan: {@code variant:NAME[@VERSION]} is prompt.NAME. */
    private static ExperimentSpec.PromptSpec promptSpec(String prompt, String version) {
        return ExperimentSpec.PromptSpec.of(prompt, version, null);
    }

    private static boolean matches(RunPlan.Case c, String filter) {
        if (c.id() != null && c.id().toLowerCase(java.util.Locale.ROOT).contains(filter)) return true;
        for (Object v : c.input().values()) {
            if (v != null && org.promptstudio.model.InputText.value(v).toLowerCase(java.util.Locale.ROOT).contains(filter)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #run(Prepared, Listener, Cancellation)}, stopped by {@link Prepared#cancel()}. */
    public Result run(Prepared prepared, Listener listener) {
        return run(prepared, listener, prepared.cancel);
    }

    /**
     * Makes the calls (all at once, each model within its own limits), streaming each cell's text to
     * {@code listener}, and records them as a playground run. Returns when every cell has ended or the comparison
     * was cancelled; every cell gets its {@code onDone}, also a cell cancelled before its call started.
     */
    public Result run(Prepared prepared, Listener listener, Cancellation cancel) {
        if (prepared.recorded()) {
            throw new org.promptstudio.model.StudioException("run " + prepared.runId() + " is a recorded run: it is"
                    + " shown as recorded, not run again");
        }
        Listener out = listener == null ? Listener.NONE : listener;
        RunPlan plan = prepared.plan;
        refuseWhenNothingRenders(plan);
        long runId = runs.insert(RunRecord.started(RunKind.PLAYGROUND, plan.spec().name(), null, Experiments.settings(plan))).id();
        prepared.runId = runId;
        Answer[] answers = new Answer[prepared.cells.size()];
        ExperimentRunner.Models watched = models.streamingTo(cell -> {
            if (out == Listener.NONE) return StreamListener.NONE;
            Cell shown = prepared.byKey.get(cell.key());
            return delta -> out.onDelta(shown, delta);
        });
        ExperimentRunner runner = new ExperimentRunner(renderer, watched, calls, tools).withRetriever(retriever);
        // Progress comes on the thread that made the call, after its last delta: the cell's end.
        ExperimentRunner.Progress done = (snapshot, call) -> {
            Cell cell = prepared.byKey.get(RunPlan.Cell.key(call.promptPath(), call.promptCommit(), call.model(),
                    call.caseId(), call.sampleIndex()));
            if (cell == null) return;
            Answer answer = new Answer(cell, call, check(prepared.checker, call));
            synchronized (answers) {
                answers[cell.index()] = answer;
            }
            out.onDone(answer);
        };
        runner.run(plan, runId, Set.of(), plan.spec().concurrency(), done, cancel);
        RunStatus status = cancel.isCancelled() ? RunStatus.CANCELLED : RunStatus.FINISHED;
        runs.finish(runId, status, Instant.now());
        // Cells that never reported (cancelled in flight or before they started) end here, in cell order.
        Map<String, CallRecord> recorded = new HashMap<>();
        for (CallRecord c : calls.inRunWithAnswers(runId)) {
            recorded.put(RunPlan.Cell.key(c.promptPath(), c.promptCommit(), c.model(), c.caseId(), c.sampleIndex()), c);
        }
        List<Answer> result = new ArrayList<>();
        for (Map.Entry<String, Cell> e : sortedByIndex(prepared.byKey)) {
            Answer answer;
            synchronized (answers) {
                answer = answers[e.getValue().index()];
            }
            if (answer == null) {
                answer = new Answer(e.getValue(), recorded.get(e.getKey()));
                out.onDone(answer);
            }
            result.add(answer);
        }
        evals.accept(evalRecords(runId, result, prepared.checker));
        return new Result(runId, List.copyOf(result), status);
    }

    /**
     * Refuses a comparison none of whose calls can be prepared (its template does not render: a syntax error, an
     * unknown helper or partial, a missing required input), before anything is recorded: there is no run to show.
     * Each reason is named once (a whole template's with its file:line:column), in plan order.
     *
     * @throws org.promptstudio.model.StudioException one line, when no call of {@code plan} can be rendered
     */
    private void refuseWhenNothingRenders(RunPlan plan) {
        org.promptstudio.experiment.PlanCheck check = org.promptstudio.experiment.PlanCheck.of(plan,
                new ExperimentRunner(renderer, models.streamingTo(cell -> StreamListener.NONE), calls, tools));
        if (plan.cells().isEmpty() || check.unrenderableCalls() < plan.cells().size()) return;
        List<String> reasons = check.unrenderable().stream()
                .map(u -> u.reason().replace(" " + org.promptstudio.experiment.PlanCheck.WHOLE_TEMPLATE, ""))
                .distinct().toList();
        throw new org.promptstudio.model.StudioException(String.join("; ", reasons)
                + " (no call can be prepared: nothing was sent or recorded)");
    }

    /**
     * The checks of the answers that were judged, as the run's eval results, as {@code studio eval} keeps them: each
     * with its assertion's weight, and a call judged with no assertion as one {@code (no check)} row (it reads back
     * unchecked), so the recorded run's scoreboard is the grid's.
     */
    private static List<org.promptstudio.model.EvalRecord> evalRecords(long runId, List<Answer> answers,
                                                                        Checker checker) {
        Instant now = Instant.now();
        List<org.promptstudio.model.EvalRecord> out = new ArrayList<>();
        for (Answer a : answers) {
            if (a.check() == null || a.call() == null || a.call().id() == null) continue;
            out.addAll(Evaluation.records(runId, a.check(), checker.weights(a.call().id()), null, now));
        }
        return out;
    }

    /** The call judged, or null when not asked or when judging failed (logged: the answer itself is kept). */
    private static org.promptstudio.eval.CaseResult check(Checker checker, CallRecord call) {
        if (checker == null) return null;
        try {
            return checker.check(call);
        } catch (RuntimeException e) {
            LOG.warn("could not judge call {}: {}", call.id(), e.getMessage());
            return null;
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamingCompare.class);

    private static List<Map.Entry<String, Cell>> sortedByIndex(Map<String, Cell> byKey) {
        List<Map.Entry<String, Cell>> entries = new ArrayList<>(byKey.entrySet());
        entries.sort(java.util.Comparator.comparingInt(e -> e.getValue().index()));
        return entries;
    }
}

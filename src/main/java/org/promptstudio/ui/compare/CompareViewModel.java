package org.promptstudio.ui.compare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Feedback;
import org.promptstudio.app.JsonText;
import org.promptstudio.app.StreamingCompare;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.AssertionResult;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.Verdict;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.FrameCoalescer;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.vcs.DiffRow;

/**
 * The compare grid's state and actions: what to compare (versions of one prompt, models, a dataset with split, filter
 * and limit, or typed inputs; n samples per cell), the grid (one row per input, one column per version x model, each
 * cell a {@link CellState}), the baseline column with each cell's word difference from it and whether it did better
 * or worse on the checks, and ratings written at once. Streamed text arrives on the runner's threads and is applied
 * on the UI thread at most once per frame ({@link FrameCoalescer}); when a comparison ends every cell is set from the
 * recorded answers, in plan order, so what the grid shows never depends on which call ended first.
 */
public final class CompareViewModel implements Activatable {

    /** Where a cell is. */
    public enum Status { WAITING, STREAMING, DONE, FAILED }

    /** How a cell whose replay model has no recording of its request begins its text (not an error's words). */
    public static final String NO_RECORDING = "No recording";

    /** A cell against the baseline's cell of its row, on the checks (share of samples that passed). */
    public enum Versus { BASELINE, BETTER, WORSE, SAME, NONE }

    /**
     * A cell's text against its baseline's, diffed word by word ({@link StreamingCompare#wordDiff}) the first time the
     * pieces are asked for: a grid of 6,000 cells diffs only the cells that are drawn, on the UI thread, not every cell
     * each time a cell of its row ends. Equal when both texts are.
     */
    public static final class WordDiff {
        private final String baseline;
        private final String text;
        private List<DiffRow.Piece> pieces;

        WordDiff(String baseline, String text) {
            this.baseline = baseline;
            this.text = text;
        }

        /** The kept, removed and added pieces, in text order. */
        public synchronized List<DiffRow.Piece> pieces() {
            if (pieces == null) pieces = List.copyOf(StreamingCompare.wordDiff(baseline, text));
            return pieces;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WordDiff w && w.baseline.equals(baseline) && w.text.equals(text);
        }

        @Override
        public int hashCode() {
            return baseline.hashCode() * 31 + text.hashCode();
        }
    }

    /** One assertion's result on a cell's first sample, as a badge: its type, pass or fail, and why. */
    public record Badge(String type, boolean pass, String reason) {
    }

    /**
     * What a cell shows.
     *
     * @param text        the first sample's answer as far as it has streamed (or all of it)
     * @param latencyMs   the slowest sample's latency in milliseconds (each sample's own call time; samples may wait
     *                    for one another under the model's concurrency limit, so this is not the cell's wall time),
     *                    null until one ended
     * @param tokensIn    the samples' input tokens summed, null until known
     * @param tokensOut   the samples' output tokens summed
     * @param costUsd     the samples' cost summed, in US dollars; null until one ended, and null when any ended
     *                    sample has no price (then the sum is not known: {@code unpriced} is true)
     * @param badges      the first sample's assertion results
     * @param verdict     {@code pass}, {@code fail} or {@code unchecked} of the first sample, null when not judged
     * @param passShare   samples whose checks passed over samples that were checked, NaN when none was checked
     * @param against     the baseline's text the cell is compared with, word by word ({@link #diff()}), null for the
     *                    baseline or before both end
     * @param versus      better or worse than the baseline on the checks
     * @param consistency how far the samples agree (n &gt; 1), null for one sample
     * @param rating      {@code up}, {@code down} or null: what the user said here
     * @param note        the first sample's retrieval note ({@code retrieval found no chunk for query "..."}): the
     *                    metrics line says "no chunk retrieved" and the opened cell the whole note; null when none
     * @param guard       the checks whose guardrails warned on the first sample's call ({@code pii, blocklist}): the
     *                    metrics line says "guard: pii, blocklist" and the opened cell's record lists the findings
     *                    (decision 0143); null when none warned
     */
    public record CellState(Status status, String text, String error, Long latencyMs, Long tokensIn,
                           Long tokensOut, BigDecimal costUsd, List<Badge> badges, String verdict, double passShare,
                           WordDiff against, Versus versus, Agreement consistency, String rating,
                           boolean unpriced, String note, String guard) {

        /** A cell on which no guardrail warned. */
        public CellState(Status status, String text, String error, Long latencyMs, Long tokensIn, Long tokensOut,
                         BigDecimal costUsd, List<Badge> badges, String verdict, double passShare, WordDiff against,
                         Versus versus, Agreement consistency, String rating, boolean unpriced, String note) {
            this(status, text, error, latencyMs, tokensIn, tokensOut, costUsd, badges, verdict, passShare, against,
                    versus, consistency, rating, unpriced, note, null);
        }

        /** A cell with no note (its first sample's retrieval, if any, found chunks). */
        public CellState(Status status, String text, String error, Long latencyMs, Long tokensIn, Long tokensOut,
                         BigDecimal costUsd, List<Badge> badges, String verdict, double passShare, WordDiff against,
                         Versus versus, Agreement consistency, String rating, boolean unpriced) {
            this(status, text, error, latencyMs, tokensIn, tokensOut, costUsd, badges, verdict, passShare, against,
                    versus, consistency, rating, unpriced, null);
        }

        /**
         * The text's word difference from the baseline's cell, null for the baseline or before both end. Worked out
         * when first asked for (the window asks for the cells on screen only), then kept.
         */
        public List<DiffRow.Piece> diff() {
            return against == null ? null : against.pieces();
        }

        static final CellState WAITING = new CellState(Status.WAITING, "", null, null, null, null, null, List.of(), null,
                Double.NaN, null, Versus.NONE, null, null, false);

        /**
         * "812 ms · 35→120 tok · $0.000123", the parts that are known; the cost reads {@code unpriced} when a sample
         * that answered has no price (as the opened cell's calls say it).
         */
        public String metrics() {
            List<String> parts = new ArrayList<>();
            if (latencyMs != null) parts.add(latencyMs + " ms");
            if (tokensIn != null || tokensOut != null) {
                parts.add((tokensIn == null ? "?" : tokensIn) + "\u2192" + (tokensOut == null ? "?" : tokensOut) + " tok");
            }
            if (unpriced) parts.add("unpriced");
            else if (costUsd != null) parts.add(org.promptstudio.model.Usd.text(costUsd));
            if (note != null) parts.add("no chunk retrieved");
            if (guard != null) parts.add("guard: " + guard);
            return String.join(" \u00b7 ", parts);
        }

        /** "3/5 agree · 2 distinct", or empty for one sample. */
        public String consistencyText() {
            if (consistency == null) return "";
            return consistency.agreeing() + "/" + consistency.answered() + " agree \u00b7 " + consistency.distinct()
                    + " distinct";
        }
    }

    /**
     * How far a cell's samples agree: samples agreeing with the majority answer, samples that answered, distinct
     * answers ({@code StreamingCompare.consistency}).
     */
    public record Agreement(int agreeing, int answered, int distinct) {
        /** agreeing / answered, 0 when none answered. */
        public double share() {
            return answered == 0 ? 0 : (double) agreeing / answered;
        }
    }

    /** A column: version x model, and whether it is a baseline (its model's, or the one pinned for all). */
    public record GridColumn(int index, String version, String model, String commit, String path, boolean baseline) {
        /** "production · gpt-4o-mini". */
        public String title() {
            return version + " \u00b7 " + model;
        }
    }

    /** One sample of an opened cell, with its call's record. */
    public record SampleDetail(int sample, String renderedPrompt, String response, String error, CallRecord call) {

        /** The response read as markdown (commonmark), as styled runs for the window; none for an error. */
        public List<org.promptstudio.ui.common.MarkdownText.Run> markdown() {
            return error != null ? List.of() : org.promptstudio.ui.common.MarkdownText.runs(response);
        }

        /**
         * The chunks the call was given by retrieval ({@code retrieve:}, decision 0140), in the order the prompt showed
         * them, each with the number a citation {@code [n]} in the answer uses; empty when it retrieved nothing.
         */
        public List<Source> sources() {
            if (call == null) return List.of();
            return call.context().stream().map(c -> new Source(c.n(), c.source() + "#" + c.position(), c.text())).toList();
        }

        /** The chunk a citation {@code [n]} of the answer points at; null when the call was given no chunk {@code n}. */
        public Source source(int n) {
            return sources().stream().filter(x -> x.n() == n).findFirst().orElse(null);
        }

        /**
         * The citations in {@code text} (a piece of the answer) that point at chunks the call was given, read as
         * {@code cites-sources} reads them ({@link org.promptstudio.model.Citations}): each number of {@code [1, 2]}
         * and each range on its own, with its place in {@code text} (a bracket holding one, {@code [2]} or
         * {@code [2-4]}, whole with its brackets); a number of no chunk given is left out.
         */
        public List<Cited> cited(String text) {
            List<Cited> out = new ArrayList<>();
            if (call == null || call.context().isEmpty()) return out;
            for (org.promptstudio.model.Citations.Reference r : org.promptstudio.model.Citations.in(text)) {
                List<Source> to = new ArrayList<>();
                for (int n : r.numbers()) {
                    Source s = source(n);
                    if (s != null && !to.contains(s)) to.add(s);
                }
                if (to.isEmpty()) continue;
                // a bracket holding one reference is a link whole, "[2]"; a list's numbers are links each
                boolean alone = r.start() > 0 && text.charAt(r.start() - 1) == '[' && r.end() < text.length()
                        && text.charAt(r.end()) == ']';
                out.add(alone ? new Cited(r.start() - 1, r.end() + 1, List.copyOf(to))
                        : new Cited(r.start(), r.end(), List.copyOf(to)));
            }
            return out;
        }
    }

    /**
     * A citation of an answer that leads to chunks: its place in the text (0-based offsets, end exclusive) and the
     * chunks it points at, in order (one for a number, several for a range).
     */
    public record Cited(int start, int end, List<Source> sources) {
    }

    /** A chunk a call was given: the number the prompt showed ({@code [n]}), {@code source#position}, its text. */
    public record Source(int n, String where, String text) {
    }

    /** An opened cell: the input, the template's path and commit, and each sample. */
    public record CellDetail(int row, int column, String source, String input, String path, String commit,
                             String model, List<SampleDetail> samples) {
    }

    /** A row of the grid: its input and one observable cell per column. */
    public static final class GridRow {
        private final int index;
        private final String caseId;
        private final String source;
        private final String input;
        private final List<ReadOnlyObjectWrapper<CellState>> cells = new ArrayList<>();

        GridRow(int index, String caseId, String source, String input, int columns) {
            this.index = index;
            this.caseId = caseId;
            this.source = source;
            this.input = input;
            for (int i = 0; i < columns; i++) cells.add(new ReadOnlyObjectWrapper<>(CellState.WAITING));
        }

        public int index() {
            return index;
        }

        public String caseId() {
            return caseId;
        }

        /** Where the input is written ({@code datasets/x.jsonl:17}, {@code typed input 1}). */
        public String source() {
            return source;
        }

        /** The input as {@code name: value} lines. */
        public String input() {
            return input;
        }

        public ReadOnlyObjectProperty<CellState> cell(int column) {
            return cells.get(column).getReadOnlyProperty();
        }
    }

    private final Studio studio;
    private final TaskRunner runner;
    private final FrameCoalescer frames;

    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final ObservableList<String> versionChoices = FXCollections.observableArrayList();
    private final ObservableList<String> versions = FXCollections.observableArrayList();
    private final ObservableList<String> modelChoices = FXCollections.observableArrayList();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> datasetChoices = FXCollections.observableArrayList();
    private final StringProperty dataset = new SimpleStringProperty(this, "dataset", "");
    private final StringProperty split = new SimpleStringProperty(this, "split", "");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final IntegerProperty limit = new SimpleIntegerProperty(this, "limit", 20);
    private final IntegerProperty samples = new SimpleIntegerProperty(this, "samples", 1);
    private final StringProperty typedInput = new SimpleStringProperty(this, "typedInput", "");
    private final BooleanProperty loadedChoices = new SimpleBooleanProperty(this, "loadedChoices", false);

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** The baseline column pinned for every column, or {@link #PER_MODEL}. */
    private final ReadOnlyIntegerWrapper baseline = new ReadOnlyIntegerWrapper(this, "baseline", PER_MODEL);
    /** The baseline button's text ({@link #baselineLabelProperty()}). */
    private final ReadOnlyStringWrapper baselineLabel = new ReadOnlyStringWrapper(this, "baselineLabel", "");
    /** Each column's baseline column (the pinned one, or its model's): UI thread only. */
    private int[] baselineOf = new int[0];
    private final ReadOnlyIntegerWrapper cellsDone = new ReadOnlyIntegerWrapper(this, "cellsDone", 0);
    private final ReadOnlyIntegerWrapper cellsTotal = new ReadOnlyIntegerWrapper(this, "cellsTotal", 0);
    private final ReadOnlyObjectWrapper<CellDetail> opened = new ReadOnlyObjectWrapper<>(this, "opened");
    private final ObservableList<GridColumn> columns = FXCollections.observableArrayList();
    private final ObservableList<GridRow> rows = FXCollections.observableArrayList();
    private final ObservableList<GridColumn> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ObservableList<GridRow> rowsView = FXCollections.unmodifiableObservableList(rows);

    // The grid's data, touched on the UI thread only: one slot per planned call (plan index).
    private StreamingCompare.Prepared prepared;
    private StringBuilder[] streamed = new StringBuilder[0];
    private StreamingCompare.Answer[] answers = new StreamingCompare.Answer[0];
    private String[][] ratings = new String[0][0];
    private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
    /**
     * How long one frame's update may take before it leaves the rest to the next frame: half a 60 Hz frame, so a
     * burst of ended cells (a replayed grid ends hundreds a second) never holds a frame back.
     */
    static final long FRAME_BUDGET_NANOS = 8_000_000L;
    private final long frameBudgetNanos;
    private TaskHandle handle;
    private Start startWhenLoaded;
    /** The dataset to show once the choices are read, when the user has chosen none ({@link #preferDataset}). */
    private String preferredDataset;
    /** How the shown grid ended ("Done", "Cancelled"), null while it runs or when it failed. */
    private String endedAs;
    /** The message {@link #endedText()} last gave; a later message (rated, exported) is not overwritten. */
    private String endedMessage;

    /**
     * A comparison to start as soon as the choices are read ({@code studio screenshot compare --models a,b --dataset D
     * --limit N}).
     *
     * @param models  model ids, in column order
     * @param dataset dataset name, or null/blank for the view's typed input
     * @param limit   the first rows kept, 0 for all
     */
    public record Start(List<String> models, String dataset, int limit) {
        public Start {
            models = models == null ? List.of() : List.copyOf(models);
        }
    }

    /** The grid's model over {@code studio}, with streamed updates applied once per frame. */
    public CompareViewModel(Studio studio, TaskRunner runner) {
        this(studio, runner, false);
    }

    /**
     * @param held true for windowless tests: streamed updates wait for {@link #applyStreamed()} (or the end of the
     *             comparison) instead of the next frame
     */
    public CompareViewModel(Studio studio, TaskRunner runner, boolean held) {
        this.studio = studio;
        this.runner = runner;
        this.frames = held ? FrameCoalescer.held(this::drain) : FrameCoalescer.perFrame(this::drain);
        this.frameBudgetNanos = held ? Long.MAX_VALUE : FRAME_BUDGET_NANOS;
    }

    @Override
    public void onActivate() {
        if (!loadedChoices.get()) onLoadChoices();
    }

    @Override
    public void onDeactivate() {
        // the comparison goes on while the tab is hidden; its cells are there when it is shown again
    }

    /** Reads what can be chosen: the prompt's versions and labels, the workspace's models and datasets. */
    public void onLoadChoices() {
        String p = prompt.get();
        runner.run(() -> {
            List<String> vs = new ArrayList<>();
            vs.add("working");
            if (!p.isBlank()) {
                for (org.promptstudio.vcs.PromptLabel l : studio.versions().labels(p)) vs.add(l.name());
                for (org.promptstudio.vcs.PromptVersion v : studio.versions().history(p)) {
                    if (v.number() > 0) vs.add(String.valueOf(v.number()));
                }
                vs.addAll(StreamingCompare.variantChoices(studio, p));
            }
            List<String> ms = studio.models().models().stream().map(org.promptstudio.model.ModelRef::id).toList();
            List<String> ds = studio.loadDatasets().stream().map(org.promptstudio.workspace.Dataset::name).sorted().toList();
            return new Object[] {vs, ms, ds};
        }, result -> {
            @SuppressWarnings("unchecked") List<String> vs = (List<String>) result[0];
            @SuppressWarnings("unchecked") List<String> ms = (List<String>) result[1];
            @SuppressWarnings("unchecked") List<String> ds = (List<String>) result[2];
            versionChoices.setAll(vs);
            modelChoices.setAll(ms);
            datasetChoices.setAll(ds);
            if (versions.isEmpty()) versions.setAll(vs.contains("production") ? List.of("production", "working")
                    : List.of("working"));
            if (models.isEmpty() && !ms.isEmpty()) models.setAll(ms.get(0));
            String preferred = preferredDataset;
            preferredDataset = null;
            if (preferred != null && ds.contains(preferred) && (dataset.get() == null || dataset.get().isEmpty())
                    && typedInput.get().isBlank()) {
                dataset.set(preferred);
            }
            loadedChoices.set(true);
            Start start = startWhenLoaded;
            startWhenLoaded = null;
            if (start != null) {
                if (!start.models().isEmpty()) models.setAll(start.models());
                if (start.dataset() != null && !start.dataset().isBlank()) dataset.set(start.dataset());
                limit.set(start.limit());
                onRun();
            }
        }, e -> {
            startWhenLoaded = null;
            loadedChoices.set(true);
            error.set(ErrorText.reason(e));
        });
    }

    /**
     * Shows dataset {@code name}'s rows (the workspace's default dataset, for a grid opened from the shell) once the
     * choices are read, unless a dataset or a typed input was given by then or there is no such dataset; null: none.
     */
    public void preferDataset(String name) {
        preferredDataset = name == null || name.isBlank() ? null : name;
    }

    /** Starts {@code start} once the choices are read (at once when they are). */
    public void onRunWhenReady(Start start) {
        startWhenLoaded = start;
        if (loadedChoices.get()) {
            loadedChoices.set(false);
            onLoadChoices();
        }
    }

    /**
     * True while there is work the view waits for: reading the choices, a comparison asked for and not yet begun,
     * or one running (a screenshot waits for the grid to fill).
     */
    public boolean busy() {
        return !loadedChoices.get() || startWhenLoaded != null || running.get();
    }

    /**
     * Lays out the grid for the current choice and starts it: every cell fills as its answer streams. A choice that
     * cannot run (no model, unknown version, empty dataset) puts its one-line reason in {@link #errorProperty()}.
     */
    public void onRun() {
        if (running.get()) return;
        if (shownRun.get() != null) {
            // a recorded run's tab never runs it again by accident (decision 0090)
            error.set("this tab shows recorded run " + shownRun.get() + "; open Compare to run a new comparison");
            return;
        }
        error.set("");
        StreamingCompare.GridRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        running.set(true);
        message.set("Preparing\u2026");
        runner.run(() -> {
            // studio.models reads studio.yaml and may build the catalog again: off the UI thread
            StreamingCompare compare = studio.compare(studio.models(CachePolicy.AUTO));
            return new Ready(compare, compare.prepareGrid(request));
        }, ready -> {
            layOut(ready.grid());
            if (frameBudgetNanos == Long.MAX_VALUE) {
                start(ready.compare(), ready.grid()); // windowless: no frames to wait for
            } else {
                // The rows are drawn first, then the calls start: the first frame makes a screenful of cells, and
                // calls answered from recordings or the cache would take the cores it needs (the bench saw 2-8 s).
                // Only the grid still shown is started: one replaced within that frame is never called (a grid
                // nobody sees would spend calls and write a run).
                Fx.afterFrames(1, () -> {
                    if (ready.grid() == prepared) start(ready.compare(), ready.grid());
                });
            }
        }, e -> {
            running.set(false);
            message.set("");
            error.set(ErrorText.reason(e));
        });
    }

    private record Ready(StreamingCompare compare, StreamingCompare.Prepared grid) {
    }

    /** Stops the comparison: calls in flight end, calls not started are not made; what ended stays. */
    public void onCancel() {
        StreamingCompare.Prepared p = prepared;
        if (p != null && running.get()) p.cancel();
        if (handle != null) handle.cancel();
    }

    /**
     * Pins {@code column} as the baseline of every column (each other cell is compared with the pinned column's cell
     * of its row), or, with {@link #PER_MODEL}, gives each model its own baseline again ({@link #baselines}).
     * A column that is not in the grid changes nothing.
     */
    public void onBaseline(int column) {
        if (column != PER_MODEL && (column < 0 || column >= columns.size())) return;
        if (prepared == null) return;
        baselineOf = baselines(prepared.columns(), column);
        List<GridColumn> cols = new ArrayList<>();
        for (GridColumn c : columns) {
            cols.add(new GridColumn(c.index(), c.version(), c.model(), c.commit(), c.path(), baselineOf[c.index()] == c.index()));
        }
        columns.setAll(cols);
        baseline.set(column);
        baselineLabel.set(baselineText(column));
        for (GridRow r : rows) refreshRow(r.index());
    }

    /**
     * The text of baseline choice {@code choice} ({@link #PER_MODEL} or a column index) for the current grid:
     * "Baseline: default (production · echo)" when the default makes one column the baseline of all, "Baseline:
     * default (per model)" when each model has its own, "Baseline: working · echo" for a pinned column; empty for a
     * column the grid does not have.
     */
    public String baselineText(int choice) {
        if (choice == PER_MODEL) {
            // what the default picks, also while a column is pinned (the list's default item)
            if (prepared == null || columns.isEmpty()) return "";
            int[] picked = baselines(prepared.columns(), PER_MODEL);
            long bases = java.util.Arrays.stream(picked).distinct().count();
            return bases == 1 && picked[0] < columns.size() ? "Baseline: default (" + columns.get(picked[0]).title()
                    + ")" : "Baseline: default (per model)";
        }
        return choice >= 0 && choice < columns.size() ? "Baseline: " + columns.get(choice).title() : "";
    }

    /**
     * The baseline button's text: {@link #baselineText} of the baseline chosen now, made again with each new grid,
     * so it names this grid's columns even when the choice stays the default; empty before a grid.
     */
    public ReadOnlyStringProperty baselineLabelProperty() {
        return baselineLabel.getReadOnlyProperty();
    }

    /** {@link #baselineProperty()}'s value when each model has its own baseline column (the default). */
    public static final int PER_MODEL = -1;

    /**
     * Each column's baseline column: {@code pinned} for all when it is a column, else (with {@link #PER_MODEL}) for
     * each model the column of the version labelled {@code production} with that model, or the model's first column
     * when no version is (so a version is compared with another version of the same model, not across models); with
     * one version only, the models are compared with the first column.
     */
    static int[] baselines(List<StreamingCompare.Column> columns, int pinned) {
        int[] out = new int[columns.size()];
        Map<String, Integer> perModel = new LinkedHashMap<>();
        for (StreamingCompare.Column c : columns) {
            if (c.production() || List.of(c.version().split(" = ")).contains("production")) {
                perModel.putIfAbsent(c.model(), c.index());
            }
        }
        for (StreamingCompare.Column c : columns) perModel.putIfAbsent(c.model(), c.index());
        if (perModel.size() == columns.size() && pinned < 0 && !columns.isEmpty()) {
            // one version: each model is alone in its group, so the models are compared with the first column
            pinned = columns.get(0).index();
        }
        for (StreamingCompare.Column c : columns) {
            out[c.index()] = pinned >= 0 && pinned < columns.size() ? pinned : perModel.get(c.model());
        }
        return out;
    }

    /** The baseline column that {@code column}'s cells are compared with (itself for a baseline), -1 before a grid. */
    public int baselineFor(int column) {
        return column >= 0 && column < baselineOf.length ? baselineOf[column] : -1;
    }

    /** As {@link #onRate(int, int, Feedback.Rating, String)}: {@code up} true for a thumbs up. */
    public void onRate(int row, int column, boolean up, String comment) {
        onRate(row, column, up ? Feedback.Rating.UP : Feedback.Rating.DOWN, comment);
    }

    /**
     * Records a thumbs up or down (and {@code comment}) on the first sample of the cell at once; the cell shows it
     * when the database has it.
     */
    public void onRate(int row, int column, Feedback.Rating rating, String comment) {
        CallRecord call = call(row, column, 0);
        if (call == null || call.id() == null) {
            error.set("nothing to rate yet: the cell has no recorded answer");
            return;
        }
        long id = call.id();
        StreamingCompare.Prepared grid = prepared;
        runner.run(() -> studio.feedback().rate(id, rating, comment), stored -> {
            message.set("Rated call " + id + " " + (rating == Feedback.Rating.UP ? "good" : "bad"));
            if (grid != prepared) return; // another grid is shown now: the rating is stored, this grid is gone
            ratings[row][column] = rating.id();
            refreshCell(row, column);
        }, e -> error.set(ErrorText.reason(e)));
    }

    /**
     * Writes the grid as it is now to {@code exports/compare-PROMPT[-run-N].csv} (or {@code .html}, one self-contained
     * page with the differences from the baseline marked); {@link #messageProperty()} names the file.
     */
    public void onExport(boolean html) {
        if (prepared == null || rows.isEmpty()) {
            error.set("nothing to export yet: run a comparison first");
            return;
        }
        // The grid's own run (recorded from its start, also when it is cancelled later), never an earlier one's.
        Long runId = prepared.runId();
        if (runId == null) {
            error.set("nothing to export yet: the comparison has not started");
            return;
        }
        List<org.promptstudio.app.GridExport.Column> cols = columns.stream()
                .map(c -> new org.promptstudio.app.GridExport.Column(c.title(), c.baseline())).toList();
        List<org.promptstudio.app.GridExport.Row> out = new ArrayList<>();
        for (GridRow r : rows) {
            List<org.promptstudio.app.GridExport.Cell> cells = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                CellState v = r.cell(c).get();
                cells.add(new org.promptstudio.app.GridExport.Cell(v.status().name().toLowerCase(Locale.ROOT),
                        v.error() != null ? v.error() : v.text(), v.diff(), v.latencyMs(), v.tokensIn(), v.tokensOut(),
                        v.unpriced() ? "unpriced" : v.costUsd() == null ? "" : v.costUsd().toPlainString(), v.verdict() == null ? "" : v.verdict(),
                        v.versus() == Versus.NONE ? "" : v.versus().name().toLowerCase(Locale.ROOT),
                        v.consistencyText(), v.rating() == null ? "" : v.rating()));
            }
            out.add(new org.promptstudio.app.GridExport.Row(r.source(), r.input(), List.copyOf(cells)));
        }
        String name = "compare-" + prompt.get().strip().replaceAll("[^A-Za-z0-9._-]", "_") + "-run-" + runId
                + (html ? ".html" : ".csv");
        String title = "Compare " + prompt.get().strip() + " (run " + runId + ")";
        runner.run(() -> studio.gridExport().write(name, html ? org.promptstudio.app.GridExport.html(title, cols, out)
                : org.promptstudio.app.GridExport.csv(cols, out)), path -> message.set("Exported " + path),
                e -> error.set(ErrorText.reason(e)));
    }

    /** Opens a cell: its input, template path and commit, and each sample's rendered prompt, answer and record. */
    public void onOpen(int row, int column) {
        if (prepared == null || row < 0 || row >= rows.size() || column < 0 || column >= columns.size()) return;
        if (prepared.recorded()) {
            // a recorded run's calls were read without their messages: read the cell's calls whole, off this thread
            StreamingCompare.Prepared grid = prepared;
            int n = prepared.samples();
            List<Long> ids = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                StreamingCompare.Answer a = answers[index(row, column, s)];
                ids.add(a == null || a.call() == null ? null : a.call().id());
            }
            runner.run(() -> {
                List<CallRecord> whole = new ArrayList<>();
                for (Long id : ids) whole.add(id == null ? null : studio.calls().find(id).orElse(null));
                return whole;
            }, whole -> {
                if (grid == prepared) open(row, column, whole);
            }, e -> error.set(ErrorText.reason(e)));
            return;
        }
        open(row, column, null);
    }

    /** Sets the opened cell; {@code whole} gives each sample's call read whole (null: the answers' own calls). */
    private void open(int row, int column, List<CallRecord> whole) {
        GridColumn c = columns.get(column);
        GridRow r = rows.get(row);
        List<SampleDetail> list = new ArrayList<>();
        int n = prepared.samples();
        for (int s = 0; s < n; s++) {
            int at = index(row, column, s);
            StreamingCompare.Answer a = answers[at];
            CallRecord call = whole != null && whole.get(s) != null ? whole.get(s) : a == null ? null : a.call();
            String rendered = call == null || call.texts() == null ? "" : messages(call.texts().messagesJson());
            String response = call != null && call.texts() != null && call.texts().output() != null
                    ? call.texts().output() : streamed[at].toString();
            // JSON output is shown formatted; a call left waiting on a tool shows that call (decisions 0085, 0086)
            response = org.promptstudio.app.JsonAnswer.pretty(response).orElse(response) + toolCallsText(call);
            list.add(new SampleDetail(s, rendered, response, a == null || a.ok() ? null : a.error(), call));
        }
        opened.set(new CellDetail(row, column, r.source(), r.input(), c.path(), c.commit(), c.model(), List.copyOf(list)));
    }

    /** Closes the opened cell. */
    public void onCloseDetail() {
        opened.set(null);
    }

    /** Applies the streamed updates now (tests without frames; the window does it once per frame). */
    public void applyStreamed() {
        frames.flush();
    }

    /** How many times streamed updates were applied (at most one per frame in the window). */
    public long updatesApplied() {
        return frames.runs();
    }

    private StreamingCompare.GridRequest request() {
        if (prompt.get() == null || prompt.get().isBlank()) throw new IllegalArgumentException("choose a prompt");
        if (models.isEmpty()) throw new IllegalArgumentException("choose at least one model");
        String ds = dataset.get() == null || dataset.get().isBlank() ? null : dataset.get().strip();
        List<Map<String, Object>> inputs = ds == null ? typedInputs(typedInput.get()) : List.of();
        if (ds == null && inputs.isEmpty()) {
            throw new IllegalArgumentException("type an input (name: value lines) or choose a dataset");
        }
        String sp = split.get() == null || split.get().isBlank() ? null : split.get().strip();
        Integer lim = limit.get() > 0 ? limit.get() : null;
        return new StreamingCompare.GridRequest(prompt.get().strip(), List.copyOf(versions), List.copyOf(models), ds,
                sp, filter.get(), lim, inputs, Math.max(1, samples.get()));
    }

    /**
     * Typed inputs: {@code name: value} lines, one input per block, blocks split by a line {@code ---}; a line
     * without {@code name:} continues the value above it.
     *
     * @throws IllegalArgumentException "typed input 1, line 2: ..." for text before the first {@code name:}
     */
    static List<Map<String, Object>> typedInputs(String text) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        Map<String, Object> current = new LinkedHashMap<>();
        String last = null;
        int block = 1;
        int line = 0;
        for (String l : text.split("\r?\n", -1)) {
            line++;
            if (l.strip().equals("---")) {
                if (!current.isEmpty()) out.add(current);
                current = new LinkedHashMap<>();
                last = null;
                block++;
                line = 0;
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([A-Za-z_][\\w.-]*)\\s*:\\s?(.*)$").matcher(l);
            if (m.matches()) {
                last = m.group(1);
                current.put(last, m.group(2));
            } else if (last != null) {
                current.put(last, current.get(last) + "\n" + l);
            } else if (!l.isBlank()) {
                throw new IllegalArgumentException("typed input " + block + ", line " + line
                        + ": write 'name: value' (the prompt's input variable, then its value)");
            }
        }
        if (!current.isEmpty()) out.add(current);
        for (Map<String, Object> in : out) in.replaceAll((k, v) -> String.valueOf(v).strip());
        return out;
    }

    private void layOut(StreamingCompare.Prepared grid) {
        prepared = grid;
        int n = grid.cells().size();
        streamed = new StringBuilder[n];
        for (int i = 0; i < n; i++) streamed[i] = new StringBuilder();
        answers = new StreamingCompare.Answer[n];
        pending.clear();
        endedAs = null;
        ratings = new String[grid.rows().size()][grid.columns().size()];
        // Each model's own baseline by default: across models the words differ anyway (decision 0096).
        baselineOf = baselines(grid.columns(), PER_MODEL);
        List<GridColumn> cols = new ArrayList<>();
        for (StreamingCompare.Column c : grid.columns()) {
            cols.add(new GridColumn(c.index(), c.versionAmong(grid.columns()), c.model(), c.commit(), c.path(),
                    baselineOf[c.index()] == c.index()));
        }
        columns.setAll(cols);
        baseline.set(PER_MODEL);
        baselineLabel.set(baselineText(PER_MODEL));
        List<GridRow> rs = new ArrayList<>();
        for (StreamingCompare.Row r : grid.rows()) {
            rs.add(new GridRow(r.index(), r.caseId(), r.source(), inputText(r.input()), cols.size()));
        }
        rows.setAll(rs);
        cellsTotal.set(rs.size() * cols.size());
        cellsDone.set(0);
        opened.set(null);
        message.set("Comparing " + rs.size() + " input" + (rs.size() == 1 ? "" : "s") + " \u00d7 " + cols.size()
                + " column" + (cols.size() == 1 ? "" : "s") + (grid.samples() > 1 ? " \u00d7 " + grid.samples()
                + " samples" : "") + "\u2026");
    }

    private void start(StreamingCompare compare, StreamingCompare.Prepared grid) {
        StreamingCompare.Listener listener = new StreamingCompare.Listener() {
            @Override
            public void onDelta(StreamingCompare.Cell cell, String text) {
                pending.add(new Delta(grid, cell.index(), text));
                frames.request();
            }

            @Override
            public void onDone(StreamingCompare.Answer answer) {
                pending.add(new Done(grid, answer));
                frames.request();
            }
        };
        handle = runner.runLong("Compare " + prompt.get(), progress -> compare.run(grid, listener), result -> {
            if (grid != prepared) return;
            frames.flush();
            // The recorded answers, in plan order, are what the grid keeps; only rows whose answer was not shown yet
            // are drawn again (streamed ends were applied frame by frame already).
            java.util.Set<Integer> changed = new java.util.TreeSet<>();
            for (StreamingCompare.Answer a : result.answers()) {
                if (answers[a.cell().index()] != a) {
                    answers[a.cell().index()] = a;
                    changed.add(a.cell().row());
                }
            }
            for (int r : changed) refreshRow(r);
            finish(result.status() == org.promptstudio.model.RunStatus.CANCELLED ? "Cancelled" : "Done");
        }, e -> {
            if (grid != prepared) return;
            drain();
            for (GridRow r : rows) refreshRow(r.index());
            if (e instanceof java.util.concurrent.CancellationException) finish("Cancelled");
            else {
                finish("");
                error.set(ErrorText.reason(e));
            }
        });
    }

    /**
     * Whether {@code call} gave an answer its checks can judge: no non-answer, or a cut-off with some text (the
     * answer's start). A refusal, a filtered, stopped or empty answer and a cut-off before any text did not answer.
     */
    private static boolean answered(org.promptstudio.model.CallRecord call) {
        if (call == null) return true;
        java.util.Optional<org.promptstudio.model.NonAnswer> non = org.promptstudio.model.NonAnswer.of(call);
        return non.isEmpty() || non.get().kind() == org.promptstudio.model.NonAnswer.Kind.CUT_OFF
                && !non.get().text().isBlank();
    }

    private void finish(String what) {
        running.set(false);
        endedAs = what.isEmpty() ? null : what;
        endedMessage = endedText();
        message.set(endedMessage);
    }

    /**
     * "Cancelled: 3 of 8 cells (run 7)" for the shown grid's end as its cells stand now (its run is known once the
     * comparison started); empty when it did not end so.
     */
    private String endedText() {
        Long run = prepared == null ? null : prepared.runId();
        return endedAs == null ? "" : endedAs + ": " + cellsDone.get() + " of " + cellsTotal.get() + " cells"
                + (run == null ? "" : " (run " + run + ")");
    }

    /** Streamed text of cell {@code index} of {@code grid}: a cancelled grid's calls may go on after a new grid. */
    private record Delta(StreamingCompare.Prepared grid, int index, String text) {
    }

    /** A sample of {@code grid} ended. */
    private record Done(StreamingCompare.Prepared grid, StreamingCompare.Answer answer) {
    }

    /** Applies what streamed since the last frame: appends text, sets ended cells, refreshes the cells touched. */
    private void drain() {
        if (prepared == null) return;
        java.util.Set<Long> touched = new java.util.LinkedHashSet<>();
        Object o;
        long deadline = System.nanoTime() + frameBudgetNanos;
        while (true) {
            if (frameBudgetNanos != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                // the rest, in order, at the next frame (a windowless test's held updates are applied whole)
                if (!pending.isEmpty()) frames.request();
                break;
            }
            o = pending.poll();
            if (o == null) break;
            StreamingCompare.Cell cell;
            if (o instanceof Delta d) {
                if (d.grid() != prepared || d.index() >= streamed.length) continue; // an earlier grid's text
                streamed[d.index()].append(d.text());
                cell = prepared.cells().get(d.index());
            } else {
                Done done = (Done) o;
                StreamingCompare.Answer a = done.answer();
                if (done.grid() != prepared || a.cell().index() >= answers.length) continue;
                answers[a.cell().index()] = a;
                cell = a.cell();
                // Drawn now, so the frame's budget counts it: the row when the baseline's cell ended (the others
                // are compared with it), else the cell alone.
                if (baselineFor(cell.column()) == cell.column()) refreshRow(cell.row());
                else refreshCell(cell.row(), cell.column());
                continue;
            }
            touched.add(((long) cell.row() << 32) | cell.column());
        }
        for (long k : touched) refreshCell((int) (k >> 32), (int) k);
        // A cancelled grid's calls in flight end after it: its count follows, unless the message says something else now
        if (endedAs != null && !running.get() && message.get().equals(endedMessage)) {
            endedMessage = endedText();
            message.set(endedMessage);
        }
    }

    private void refreshRow(int row) {
        for (int c = 0; c < columns.size(); c++) refreshCell(row, c);
    }

    /** Sets the cell's state; counts it done when it ends (kept as a count: a grid of 6,000 cells is not walked). */
    private void refreshCell(int row, int column) {
        CellState v = view(row, column);
        ReadOnlyObjectWrapper<CellState> cell = rows.get(row).cells.get(column);
        boolean was = ended(cell.get());
        cell.set(v);
        boolean is = ended(v);
        if (was != is) cellsDone.set(cellsDone.get() + (is ? 1 : -1));
    }

    private static boolean ended(CellState v) {
        return v != null && (v.status() == Status.DONE || v.status() == Status.FAILED);
    }

    /** A cell's view from its samples, and its difference from the baseline cell of its row. */
    private CellState view(int row, int column) {
        CellState own = bare(row, column);
        int base = baselineFor(column);
        if (own.status() != Status.DONE) return own;
        if (column == base) return with(own, null, Versus.BASELINE);
        CellState b = base < 0 ? null : bare(row, base);
        if (b == null || b.status() != Status.DONE) return own;
        Versus versus = Double.isNaN(own.passShare()) || Double.isNaN(b.passShare()) ? Versus.NONE
                : own.passShare() > b.passShare() ? Versus.BETTER
                : own.passShare() < b.passShare() ? Versus.WORSE : Versus.SAME;
        return with(own, new WordDiff(b.text(), own.text()), versus);
    }

    private static CellState with(CellState v, WordDiff diff, Versus versus) {
        return new CellState(v.status(), v.text(), v.error(), v.latencyMs(), v.tokensIn(), v.tokensOut(), v.costUsd(),
                v.badges(), v.verdict(), v.passShare(), diff, versus, v.consistency(), v.rating(), v.unpriced(), v.note(),
                v.guard());
    }

    private CellState bare(int row, int column) {
        int n = prepared.samples();
        int ended = 0;
        int failed = 0;
        int checked = 0;
        int passed = 0;
        Long latency = null;
        Long in = null;
        Long out = null;
        BigDecimal cost = null;
        boolean unpriced = false;
        List<String> texts = new ArrayList<>();
        boolean streaming = false;
        StreamingCompare.Answer first = null;
        for (int s = 0; s < n; s++) {
            int at = index(row, column, s);
            StreamingCompare.Answer a = answers[at];
            if (s == 0) first = a;
            if (a == null) {
                if (streamed[at].length() > 0) streaming = true;
                texts.add(null);
                continue;
            }
            ended++;
            if (!a.ok()) failed++;
            CallRecord c = a.call();
            if (c != null) {
                if (c.latencyMs() != null) latency = latency == null ? c.latencyMs() : Math.max(latency, c.latencyMs());
                if (c.tokensIn() != null) in = (in == null ? 0L : in) + c.tokensIn();
                if (c.tokensOut() != null) out = (out == null ? 0L : out) + c.tokensOut();
                if (c.spent() != null) cost = cost == null ? c.spent() : cost.add(c.spent());
                // an answer without a price makes the sum unknown (a cached answer costs nothing this time, a failed
                // call nothing at all: RunRepository's 'unpriced' counts the same calls)
                else if (c.status() == org.promptstudio.model.CallStatus.OK && !c.cached()) unpriced = true;
            }
            CaseResult check = a.check();
            if (check != null && check.checked()) {
                checked++;
                if (check.verdict() == Verdict.PASS) passed++;
            }
            texts.add(a.ok() ? (c.texts() != null && c.texts().extractedAnswer() != null
                    ? c.texts().extractedAnswer() : a.text()) : null);
        }
        Status status = ended == n ? (failed == n ? Status.FAILED : Status.DONE)
                : streaming || ended > 0 ? Status.STREAMING : Status.WAITING;
        int firstAt = index(row, column, 0);
        String text = first != null && first.ok() ? first.text() + toolCallsText(first.call())
                : streamed[firstAt].toString();
        String err = first == null || first.ok() ? null : first.noRecording()
                ? NO_RECORDING + ": " + columns.get(column).model() + " has no recorded answer to this request (the"
                + " prompt, the input or a setting changed since it was recorded)" : first.error();
        List<Badge> badges = new ArrayList<>();
        String verdict = null;
        if (first != null && first.check() != null) {
            verdict = first.check().verdict().id();
            // A call that did not answer was not checked: no badges (its error or its non-answer says what happened;
            // decision 0114): an error, a refusal, a filter, a stop, an empty answer, a cut-off before any text.
            // An assertion that asks for the non-answer (is-refusal, finish-reason) judges it: then it has badges,
            // and no failing "answer" row stands beside them (decision 0040).
            boolean judgedAsIs = first.check().assertions().stream()
                    .noneMatch(r -> r.type().equals(org.promptstudio.eval.Evaluator.NO_ANSWER) && !r.pass());
            if (!first.check().errored() && (answered(first.call()) || judgedAsIs)) {
                for (AssertionResult r : first.check().assertions()) badges.add(new Badge(r.type(), r.pass(), r.reason()));
            }
        }
        Agreement consistency = null;
        if (n > 1 && ended == n) {
            StreamingCompare.Consistency c = StreamingCompare.consistency(texts);
            consistency = new Agreement(c.agreeing(), c.answered(), c.distinct());
        }
        if (unpriced) cost = null;
        return new CellState(status, text, err, latency, in, out, cost, List.copyOf(badges), verdict,
                checked == 0 ? Double.NaN : (double) passed / checked, null, Versus.NONE, consistency,
                ratings.length > row && ratings[row].length > column ? ratings[row][column] : null, unpriced,
                first == null || first.call() == null ? null : first.call().retrievalNote(),
                first == null ? null : warned(first.guard()));
    }

    /** The checks that warned among {@code findings}, once each ({@code pii, blocklist}); null when none did. */
    private static String warned(List<org.promptstudio.model.GuardFinding> findings) {
        List<String> checks = findings.stream().filter(f -> !f.blocks()).map(f -> f.check().id()).distinct().toList();
        return checks.isEmpty() ? null : String.join(", ", checks);
    }

    /** The plan index of a sample: the plan is row, then column, then sample. */
    private int index(int row, int column, int sample) {
        int n = prepared.samples();
        return (row * columns.size() + column) * n + sample;
    }

    private CallRecord call(int row, int column, int sample) {
        if (prepared == null || row < 0 || row >= rows.size() || column < 0 || column >= columns.size()) return null;
        StreamingCompare.Answer a = answers[index(row, column, sample)];
        return a == null ? null : a.call();
    }

    private static String inputText(Map<String, Object> input) {
        StringBuilder sb = new StringBuilder();
        input.forEach((k, v) -> {
            if (sb.length() > 0) sb.append('\n');
            sb.append(k).append(": ").append(org.promptstudio.model.InputText.value(v));
        });
        return sb.toString();
    }

    /**
     * The tool calls a recorded answer waits on, one line each after the answer's text ({@code \n→ tool call
     * weather({"city":"Oslo"})}), or empty when it waits on none.
     */
    static String toolCallsText(CallRecord call) {
        StringBuilder sb = new StringBuilder();
        for (Part.ToolRequest r : org.promptstudio.app.ToolCalls.pending(call)) {
            sb.append(sb.length() == 0 && (call.texts().output() == null || call.texts().output().isEmpty()) ? "" : "\n")
                    .append("\u2192 tool call ").append(org.promptstudio.app.ToolCalls.describe(r));
        }
        return sb.toString();
    }

    /** The recorded messages as "role:" sections, or the JSON as recorded when it is not a message list. */
    private static String messages(String json) {
        if (json == null) return "";
        try {
            StringBuilder sb = new StringBuilder();
            for (Message m : JsonText.messages(json, "recorded messages")) {
                if (sb.length() > 0) sb.append("\n\n");
                sb.append(m.role().toString().toLowerCase(Locale.ROOT)).append(":\n");
                for (Part p : m.content()) {
                    if (p instanceof Part.Text t) sb.append(t.text());
                    else if (p instanceof Part.Media media) sb.append("[media ").append(media.url()).append("]");
                    else if (p instanceof Part.ToolRequest call) {
                        sb.append("[tool call ").append(org.promptstudio.app.ToolCalls.describe(call)).append("]");
                    } else if (p instanceof Part.ToolResponse result) {
                        sb.append("[tool result ").append(result.name()).append(": ")
                                .append(JsonText.pretty(result.output())).append("]");
                    }
                }
            }
            return sb.toString();
        } catch (RuntimeException e) {
            return json;
        }
    }

    // --- properties

    /** The prompt compared (id or file); set by the shell from the tab's key. */
    public StringProperty promptProperty() {
        return prompt;
    }

    /** working, the prompt's labels, then its version numbers newest first. */
    public ObservableList<String> versionChoices() {
        return versionChoices;
    }

    /** The versions chosen, in column order. */
    public ObservableList<String> versions() {
        return versions;
    }

    public ObservableList<String> modelChoices() {
        return modelChoices;
    }

    /** The models chosen, in column order within each version. */
    public ObservableList<String> models() {
        return models;
    }

    public ObservableList<String> datasetChoices() {
        return datasetChoices;
    }

    /** The dataset's name; empty to compare the typed inputs. */
    public StringProperty datasetProperty() {
        return dataset;
    }

    /** {@code dev}, {@code test}, or empty for every row. */
    public StringProperty splitProperty() {
        return split;
    }

    /** Rows whose id or input contains this text; empty for every row. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** The first rows kept; 0 for all. */
    public IntegerProperty limitProperty() {
        return limit;
    }

    /** Calls per cell (1 or more). */
    public IntegerProperty samplesProperty() {
        return samples;
    }

    /** Typed inputs: {@code name: value} lines, inputs split by {@code ---} lines. */
    public StringProperty typedInputProperty() {
        return typedInput;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What is going on ("Comparing 20 inputs × 4 columns…", "Done: 80 of 80 cells (run 7)"). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The last error as one line, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * The baseline column pinned for every column, or {@link #PER_MODEL} (-1; also before a grid) when each model's
     * cells are compared with that model's own baseline column ({@link #baselineFor(int)}).
     */
    public ReadOnlyIntegerProperty baselineProperty() {
        return baseline.getReadOnlyProperty();
    }

    /** Cells whose samples have all ended. */
    public ReadOnlyIntegerProperty cellsDoneProperty() {
        return cellsDone.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty cellsTotalProperty() {
        return cellsTotal.getReadOnlyProperty();
    }

    /** The opened cell, or null. */
    public ReadOnlyObjectProperty<CellDetail> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    public ObservableList<GridColumn> columns() {
        return columnsView;
    }

    public ObservableList<GridRow> rows() {
        return rowsView;
    }

    /**
     * The run that records the shown grid (also a cancelled one: the run stays recorded), or null before a grid or
     * while its comparison has not started.
     */
    public Long lastRunId() {
        return prepared == null ? null : prepared.runId();
    }

    // ---- a recorded run shown in the grid (decision 0090) -----------------------------------------------------

    private final ReadOnlyObjectWrapper<Long> shownRun = new ReadOnlyObjectWrapper<>(this, "shownRun");
    private final ReadOnlyStringWrapper shownRunTitle = new ReadOnlyStringWrapper(this, "shownRunTitle", "");

    /**
     * Shows recorded run {@code runId} (an experiment, a compare grid, a playground session) in the grid, read-only:
     * the same cells a live grid fills (text, latency, tokens, cost, checks stored for the run, consistency), its
     * ratings, baseline and differences; no model is called. From then on this grid does not run: {@link #onRun()}
     * says so. A run that cannot be read puts its one-line reason in {@link #errorProperty()}.
     */
    public void onShowRun(long runId) {
        if (running.get()) return;
        shownRun.set(runId);
        loadedChoices.set(true); // a recorded run needs no choices: nothing is chosen or run here
        error.set("");
        running.set(true);
        message.set("Reading run " + runId + "\u2026");
        runner.run(() -> studio.runGrids().open(runId), grid -> {
            String p = grid.grid().columns().get(0).path();
            String name = p == null ? grid.run().name() : java.nio.file.Path.of(p).getFileName().toString()
                    .replaceFirst("\\.prompt$", "");
            prompt.set(name);
            layOut(grid.grid());
            for (StreamingCompare.Answer a : grid.answers()) answers[a.cell().index()] = a;
            grid.ratings().forEach((index, rating) -> {
                StreamingCompare.Cell cell = grid.grid().cells().get(index);
                ratings[cell.row()][cell.column()] = rating;
            });
            for (GridRow r : rows) refreshRow(r.index());
            shownRunTitle.set("Recorded " + grid.title() + (grid.checked() ? ""
                    : " \u00b7 not evaluated yet (open its scoreboard or run 'studio eval " + runId + "')"));
            finish("Recorded");
            endedMessage = grid.countText(); // recorded of planned: a run stopped early recorded fewer
            message.set(endedMessage);
        }, e -> {
            running.set(false);
            message.set("");
            error.set(ErrorText.reason(e));
        });
    }

    /** The recorded run shown ({@link #onShowRun(long)}), or null for a grid this view runs. */
    public ReadOnlyObjectProperty<Long> shownRunProperty() {
        return shownRun.getReadOnlyProperty();
    }

    /** "Recorded run 7 · experiment 'faq' · finished", empty for a grid this view runs. */
    public ReadOnlyStringProperty shownRunTitleProperty() {
        return shownRunTitle.getReadOnlyProperty();
    }

    // ---- "Run as experiment…" (the run launcher's hook, decision 0076) ----------------------------------------

    private final javafx.beans.property.ReadOnlyObjectWrapper<SavedExperiment> savedExperiment =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "savedExperiment");

    /** An experiment file written from the current selection: its name, and the grid's row limit (null: none). */
    public record SavedExperiment(String name, Integer limit) {
    }

    /**
     * Writes the current selection (prompt versions x models x dataset split or typed inputs x samples) as a new
     * {@code experiments/NAME.yaml}; {@link #savedExperimentProperty()} then names it, and the shell opens the run
     * launcher on it. A choice that cannot be written puts its one-line reason in {@link #errorProperty()}.
     */
    public void onSaveAsExperiment() {
        StreamingCompare.GridRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        runner.run(() -> studio.experiments().saveSelection(request, request.prompt() + "-compare"),
                name -> {
                    message.set("Saved experiments/" + name + ".yaml"
                            + (request.filter() != null && !request.filter().isBlank()
                            ? " (the row filter is not part of an experiment)" : ""));
                    savedExperiment.set(new SavedExperiment(name, request.limit()));
                }, e -> error.set(ErrorText.reason(e)));
    }

    /** The experiment last written by {@link #onSaveAsExperiment()}, or null. */
    public javafx.beans.property.ReadOnlyObjectProperty<SavedExperiment> savedExperimentProperty() {
        return savedExperiment.getReadOnlyProperty();
    }
}

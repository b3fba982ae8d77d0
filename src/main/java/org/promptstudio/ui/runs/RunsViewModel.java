package org.promptstudio.ui.runs;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.promptstudio.app.CallText;
import org.promptstudio.app.RunHistory;
import org.promptstudio.app.ScoreboardText;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.Comparison;
import org.promptstudio.eval.Scoreboard;
import org.promptstudio.eval.Statistics;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.RunFigures;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The recorded runs, as {@code studio runs} lists them (same figures, app.ScoreboardText and app.RunHistory), with
 * filters (prompt or experiment, state, kind, model, any text); the selected run's scoreboard (as {@code studio eval}
 * prints it), its cases as a grid (rows = cases, columns = version x model), and its comparison with another run (as
 * {@code studio diff-runs} prints it: the paired test and the cases that flipped).
 */
public final class RunsViewModel implements Activatable {

    /** "Any" in a filter's choices. */
    public static final String ANY = "any";
    /** Runs listed at most (newest first). */
    static final int LIMIT = 1000;

    /** One run as the list shows it: the columns of {@code studio runs}, and what the filters look at. */
    public record RunRow(long id, String what, String started, long done, long failed, long cached, String cost,
                         String state, String kind, String experimentPath, Set<String> models, Set<String> prompts) {

        /** Everything shown or filtered on, lower case: what the text filter searches. */
        String haystack() {
            return String.join(" ", String.valueOf(id), what, started, state, kind,
                    experimentPath == null ? "" : experimentPath, String.join(" ", models), String.join(" ", prompts))
                    .toLowerCase(Locale.ROOT);
        }
    }

    /** One line of a scoreboard: prompt version x model, every figure as {@code studio eval} prints it. */
    public record BoardRow(String version, String model, String split, int n, String passRate, String cost,
                           long tokensIn, long tokensOut, String p50, String p95, int unchecked, String metrics) {
    }

    /** One case of the run's grid: its id (and sample), then one cell per column of {@link #gridColumns()}. */
    public record CaseRow(String caseLabel, List<String> cells) {
    }

    /** A case that flipped between the baseline and the selected run. */
    public record FlipRow(String direction, String caseId, String model, long beforeCallId, long afterCallId,
                          String reason) {
    }

    private final Studio studio;
    private final TaskRunner runner;
    private final ZoneId zone;
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final FilteredList<RunRow> shown = new FilteredList<>(runs, r -> true);
    private final StringProperty experimentFilter = new SimpleStringProperty("");
    private final StringProperty stateFilter = new SimpleStringProperty(ANY);
    private final StringProperty kindFilter = new SimpleStringProperty(ANY);
    private final StringProperty modelFilter = new SimpleStringProperty(ANY);
    private final StringProperty textFilter = new SimpleStringProperty("");
    private final ObservableList<String> stateChoices = FXCollections.observableArrayList(ANY);
    private final ObservableList<String> kindChoices = FXCollections.observableArrayList(ANY);
    private final ObservableList<String> modelChoices = FXCollections.observableArrayList(ANY);
    private final ReadOnlyObjectWrapper<Long> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<BoardRow> board = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper boardText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper boardSource = new ReadOnlyStringWrapper("");
    private final ObservableList<String> gridColumns = FXCollections.observableArrayList();
    private final ObservableList<CaseRow> grid = FXCollections.observableArrayList();
    private final ObservableList<String> baselineChoices = FXCollections.observableArrayList();
    private final StringProperty baseline = new SimpleStringProperty();
    private final ReadOnlyStringWrapper comparisonText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper testLine = new ReadOnlyStringWrapper("");
    private final ObservableList<FlipRow> flips = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper scoring = new ReadOnlyBooleanWrapper(false);
    private Long wanted;
    private long scoreGeneration;
    private long diffGeneration;

    /**
     * @param studio the open workspace
     * @param runner runs the reads and the scoring off the UI thread
     * @param runId  the run to select once the list is read (null: the newest)
     */
    public RunsViewModel(Studio studio, TaskRunner runner, Long runId) {
        this.studio = studio;
        this.runner = runner;
        this.zone = ZoneId.systemDefault();
        this.wanted = runId;
        for (StringProperty p : List.of(experimentFilter, stateFilter, kindFilter, modelFilter, textFilter)) {
            p.addListener((obs, old, v) -> refilter());
        }
        baseline.addListener((obs, old, v) -> onCompare(v));
    }

    private java.util.function.LongConsumer gridOpener;

    /**
     * Where "Open in grid" takes the selected run (the shell opens it in the compare grid, decision 0090); null leaves
     * the action off. Set before the view is built.
     */
    public void setGridOpener(java.util.function.LongConsumer grid) {
        this.gridOpener = grid;
    }

    /** Whether "Open in grid" has somewhere to go. */
    public boolean canOpenInGrid() {
        return gridOpener != null;
    }

    /** Opens the selected run in the compare grid; nothing without a selected run. */
    public void onOpenInGrid() {
        Long id = selected.get();
        if (id != null && gridOpener != null) gridOpener.accept(id);
    }

    @Override
    public void onActivate() {
        if (!loaded.get()) onRefresh();
    }

    @Override
    public void onDeactivate() {
    }

    /** Reads the runs again (newest first, at most {@link #LIMIT}), keeping the filters and the selection. */
    public void onRefresh() {
        runner.run(() -> {
            List<RunHistory.Entry> entries = studio.runHistory().latest(LIMIT);
            Map<Long, SortedSet<String>> models = studio.calls().modelsByRun();
            Map<Long, SortedSet<String>> prompts = studio.calls().promptsByRun();
            List<RunRow> rows = new ArrayList<>();
            for (RunHistory.Entry e : entries) {
                RunFigures f = e.figures();
                long id = e.run().id();
                Set<String> ps = new TreeSet<>();
                for (String p : prompts.getOrDefault(id, new TreeSet<>())) ps.add(CallText.promptId(p));
                rows.add(new RunRow(id, ScoreboardText.runName(e.run()), CallText.time(e.run().startedAt(), zone),
                        f.ok(), f.failed(), f.cached(), ScoreboardText.runCost(f), e.stateText(), e.run().kind().id(),
                        e.run().experimentPath(), models.getOrDefault(id, new TreeSet<>()), ps));
            }
            return rows;
        }, this::show, e -> error.set("Cannot read the runs: " + ErrorText.reason(e)));
    }

    private void show(List<RunRow> rows) {
        runs.setAll(rows);
        Set<String> states = new TreeSet<>();
        Set<String> kinds = new TreeSet<>();
        Set<String> models = new TreeSet<>();
        for (RunRow r : rows) {
            states.add(stateWord(r.state()));
            kinds.add(r.kind());
            models.addAll(r.models());
        }
        setChoices(stateChoices, states);
        setChoices(kindChoices, kinds);
        setChoices(modelChoices, models);
        List<String> ids = rows.stream().map(r -> String.valueOf(r.id())).toList();
        baselineChoices.setAll(ids);
        error.set("");
        loaded.set(true);
        Long pick = wanted != null ? wanted : selected.get() != null ? selected.get()
                : rows.isEmpty() ? null : rows.get(0).id();
        wanted = null;
        if (pick != null) onSelect(pick);
    }

    private static void setChoices(ObservableList<String> list, Set<String> values) {
        List<String> all = new ArrayList<>();
        all.add(ANY);
        all.addAll(values);
        list.setAll(all);
    }

    /** The state's first word: {@code interrupted (resume with ...)} filters as {@code interrupted}. */
    private static String stateWord(String state) {
        int space = state.indexOf(' ');
        return space < 0 ? state : state.substring(0, space);
    }

    private void refilter() {
        String exp = experimentFilter.get() == null ? "" : experimentFilter.get().strip().toLowerCase(Locale.ROOT);
        String text = textFilter.get() == null ? "" : textFilter.get().strip().toLowerCase(Locale.ROOT);
        String state = stateFilter.get();
        String kind = kindFilter.get();
        String model = modelFilter.get();
        shown.setPredicate(r -> (exp.isEmpty() || r.what().toLowerCase(Locale.ROOT).contains(exp)
                || (r.experimentPath() != null && r.experimentPath().toLowerCase(Locale.ROOT).contains(exp))
                || r.prompts().stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains(exp)))
                && (isAny(state) || stateWord(r.state()).equals(state))
                && (isAny(kind) || r.kind().equals(kind))
                && (isAny(model) || r.models().contains(model))
                && (text.isEmpty() || r.haystack().contains(text)));
    }

    private static boolean isAny(String v) {
        return v == null || v.isBlank() || v.equals(ANY);
    }

    /** What the board of a run with stored results says it was read from. */
    public static final String FROM_STORED = "From the stored results (studio eval, studio run or the grid's checks);"
            + " studio eval RUN judges it again.";
    /** What the board of a run judged on selection says. */
    public static final String SCORED_NOW = "Scored now: no stored results (they are stored now).";

    /**
     * Shows run {@code id}: reads its stored results ({@code studio eval}, {@code studio run}, the grid's checks), or
     * judges it as {@code studio eval} does when none are stored (the results are then stored against its calls),
     * and fills the scoreboard and the case grid, saying which ({@link #boardSourceProperty()}); the comparison is
     * cleared.
     */
    public void onSelect(long id) {
        if (selected.get() != null && selected.get() == id && !board.isEmpty()) return;
        selected.set(id);
        long generation = ++scoreGeneration;
        scoring.set(true);
        board.clear();
        grid.clear();
        gridColumns.clear();
        boardText.set("");
        boardSource.set("");
        clearComparison();
        baseline.set(null);
        runner.runLong("Scoring run " + id, p -> Scoreboards.of(studio).show(id), shown -> {
            if (generation != scoreGeneration) return;
            scoring.set(false);
            boardSource.set(shown.judgedNow() ? SCORED_NOW : FROM_STORED);
            showBoard(shown.scored());
        }, e -> {
            if (generation != scoreGeneration) return;
            scoring.set(false);
            error.set("Cannot score run " + id + ": " + ErrorText.reason(e));
        });
    }

    private void showBoard(Scoreboards.ScoredRun scored) {
        List<BoardRow> rows = new ArrayList<>();
        for (Scoreboard.Row r : scored.board().rows()) {
            List<String> metrics = new ArrayList<>();
            for (Map.Entry<String, Statistics.Estimate> m : r.metrics().entrySet()) {
                metrics.add(m.getKey() + " " + ScoreboardText.interval(m.getValue()));
            }
            rows.add(new BoardRow(ScoreboardText.version(r), r.model(), r.split(), r.n(), ScoreboardText.passRate(r),
                    ScoreboardText.cost(r), r.tokensIn(), r.tokensOut(), ScoreboardText.ms(r.latencyP50()),
                    ScoreboardText.ms(r.latencyP95()), r.unchecked(), String.join("; ", metrics)));
        }
        board.setAll(rows);
        boardText.set(ScoreboardText.board(scored.board()));
        // The grid: one column per version x model in the board's order, one row per case and sample.
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (CaseResult r : scored.results()) {
            columns.computeIfAbsent(Scoreboard.groupKey(r), k -> columns.size());
        }
        List<String> titles = new ArrayList<>();
        for (Scoreboard.Row r : scored.board().rows()) titles.add(CallText.promptId(r.promptPath()) + "@"
                + org.promptstudio.app.Runs.shortCommit(r.promptCommit()) + " · " + r.model());
        Map<String, String[]> cases = new LinkedHashMap<>();
        for (CaseResult r : scored.results()) {
            String label = (r.caseId() == null ? "call " + r.callId() : r.caseId()) + (r.sample() > 0 ? " #" + r.sample() : "");
            String[] cells = cases.computeIfAbsent(label, k -> new String[columns.size()]);
            cells[columns.get(Scoreboard.groupKey(r))] = cell(r);
        }
        List<CaseRow> rows2 = new ArrayList<>();
        cases.forEach((label, cells) -> {
            List<String> list = new ArrayList<>();
            for (String c : cells) list.add(c == null ? "" : c);
            rows2.add(new CaseRow(label, list));
        });
        gridColumns.setAll(titles.size() == columns.size() ? titles : new ArrayList<>(columns.keySet()));
        grid.setAll(rows2);
    }

    /** A case's cell: pass, fail (the failed checks), error (why no call), or unchecked; and its call. */
    static String cell(CaseResult r) {
        String verdict;
        if (r.errored()) verdict = "error: " + CallText.oneLine(r.callError());
        else if (r.unchecked()) verdict = "unchecked";
        else if (r.pass()) verdict = "pass";
        else {
            List<String> failed = r.assertions().stream().filter(a -> !a.pass()).map(a -> a.type()).toList();
            verdict = "fail" + (failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")");
        }
        return verdict + "  · call " + r.callId();
    }

    private void clearComparison() {
        comparisonText.set("");
        testLine.set("");
        flips.clear();
    }

    /**
     * Compares the selected run with run {@code baselineId} (a run id as text; blank clears) as {@code studio
     * diff-runs BASELINE SELECTED} does: the paired test, the metric changes, the cases that broke and got fixed.
     */
    public void onCompare(String baselineId) {
        long generation = ++diffGeneration;
        clearComparison();
        Long candidate = selected.get();
        if (baselineId == null || baselineId.isBlank() || candidate == null) return;
        String base = baselineId.strip();
        runner.runLong("Comparing run " + base + " with run " + candidate,
                p -> Scoreboards.of(studio).diff(base, String.valueOf(candidate)), d -> {
                    if (generation != diffGeneration) return;
                    Comparison c = d.comparison();
                    testLine.set(ScoreboardText.testLine(c));
                    comparisonText.set(ScoreboardText.comparison(c));
                    List<FlipRow> rows = new ArrayList<>();
                    for (Comparison.Flip f : c.broke()) rows.add(flipRow("broke", f));
                    for (Comparison.Flip f : c.fixed()) rows.add(flipRow("fixed", f));
                    flips.setAll(rows);
                }, e -> {
                    if (generation != diffGeneration) return;
                    comparisonText.set(ErrorText.reason(e));
                });
    }

    private static FlipRow flipRow(String direction, Comparison.Flip f) {
        return new FlipRow(direction, f.caseId(), f.model() + (f.sample() > 0 ? " #" + f.sample() : ""),
                f.beforeCallId(), f.afterCallId(), f.reason());
    }

    public ObservableList<RunRow> runs() {
        return shown;
    }

    public StringProperty experimentFilterProperty() {
        return experimentFilter;
    }

    public StringProperty stateFilterProperty() {
        return stateFilter;
    }

    public StringProperty kindFilterProperty() {
        return kindFilter;
    }

    public StringProperty modelFilterProperty() {
        return modelFilter;
    }

    public StringProperty textFilterProperty() {
        return textFilter;
    }

    public ObservableList<String> stateChoices() {
        return stateChoices;
    }

    public ObservableList<String> kindChoices() {
        return kindChoices;
    }

    public ObservableList<String> modelChoices() {
        return modelChoices;
    }

    /** The run shown in the scoreboard, or null. */
    public ReadOnlyObjectProperty<Long> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObservableList<BoardRow> board() {
        return board;
    }

    /** The scoreboard exactly as {@code studio eval} prints it. */
    public ReadOnlyStringProperty boardTextProperty() {
        return boardText.getReadOnlyProperty();
    }

    /** Where the board's results come from: {@link #FROM_STORED} or {@link #SCORED_NOW}; empty before a board shows. */
    public ReadOnlyStringProperty boardSourceProperty() {
        return boardSource.getReadOnlyProperty();
    }

    /** The grid's columns: {@code answer@1a2b3c4 · model}, one per version x model. */
    public ObservableList<String> gridColumns() {
        return gridColumns;
    }

    public ObservableList<CaseRow> grid() {
        return grid;
    }

    public ObservableList<String> baselineChoices() {
        return baselineChoices;
    }

    /** The run the selected one is compared with (its id as text), or null. */
    public StringProperty baselineProperty() {
        return baseline;
    }

    /** The comparison exactly as {@code studio diff-runs} prints it after the boards (or why there is none). */
    public ReadOnlyStringProperty comparisonTextProperty() {
        return comparisonText.getReadOnlyProperty();
    }

    /** The pass rate's change with McNemar's test, as one line. */
    public ReadOnlyStringProperty testLineProperty() {
        return testLine.getReadOnlyProperty();
    }

    public ObservableList<FlipRow> flips() {
        return flips;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether the selected run is being scored. */
    public ReadOnlyBooleanProperty scoringProperty() {
        return scoring.getReadOnlyProperty();
    }

    /** Whether work is pending: the list not read yet, or a run being scored. */
    public boolean busy() {
        return !loaded.get() && error.get().isEmpty() || scoring.get();
    }
}

package org.promptstudio.ui.dashboards;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.monitor.AbFigure;
import org.promptstudio.monitor.AbReport;
import org.promptstudio.monitor.AbRequest;
import org.promptstudio.monitor.AbSide;
import org.promptstudio.monitor.Grain;
import org.promptstudio.monitor.MonitorBucket;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The dashboards view's state (issue 15): the filters (prompt, label, model, run), the period and its grain, the
 * figures of that period as chart series, a one-line summary, the empty state, and an A/B table of two versions or
 * two models over the same period. Every read goes to the {@link MonitorSource} through the task runner; a filter
 * change counts in {@link #changesProperty()}, which the view debounces into {@link #onRefresh()}, and an answer to
 * filters since changed is dropped. Times are UTC, as the buckets are.
 */
public final class DashboardsViewModel implements Activatable {

    /**
     * The periods offered, each with the grain it starts with: by hour for a day, by day for a week and longer (a
     * week by hour is 168 mostly empty buckets and reads as spikes); the user may switch the grain after.
     */
    public enum Period {
        DAY("last 24 hours", Duration.ofDays(1), Grain.HOUR),
        WEEK("last 7 days", Duration.ofDays(7), Grain.DAY),
        MONTH("last 30 days", Duration.ofDays(30), Grain.DAY),
        QUARTER("last 90 days", Duration.ofDays(90), Grain.DAY);

        private final String text;
        private final Duration length;
        private final Grain grain;

        Period(String text, Duration length, Grain grain) {
            this.text = text;
            this.length = length;
            this.grain = grain;
        }

        /** How the choice reads ("last 7 days"). */
        public String text() {
            return text;
        }

        public Duration length() {
            return length;
        }

        /** The grain a chart of this period starts with. */
        public Grain grain() {
            return grain;
        }
    }

    /** What an A/B table compares: two versions of the chosen prompt, or two models. */
    public enum AbKind {
        VERSIONS, MODELS;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One bucket's value in a series: its start, its axis label ("11-30 14:00", "11-30"), null for no value. */
    public record Point(Instant start, String label, Double value) {
    }

    /** A named line of a chart. */
    public record Series(String name, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }

        /** Whether any bucket has a value. */
        public boolean hasData() {
            return points.stream().anyMatch(p -> p.value() != null);
        }
    }

    /**
     * A chart: the node id it is shown in ({@code latencyChart}), its title, the unit of its axis, its lines, and the
     * fixed range of its value axis ({@code low}..{@code high}, both null: the axis follows the values).
     */
    public record Chart(String id, String title, String unit, List<Series> series, Double low, Double high) {
        public Chart {
            series = List.copyOf(series);
        }

        /** A chart whose value axis follows its values. */
        public Chart(String id, String title, String unit, List<Series> series) {
            this(id, title, unit, series, null, null);
        }

        public boolean hasData() {
            return series.stream().anyMatch(Series::hasData);
        }
    }

    /**
     * The range of a chart axis: its bounds and the step between two ticks, in the axis's unit (buckets for the time
     * axis, the chart's unit for the value axis).
     */
    public record AxisRange(double low, double high, double tick) {
    }

    /**
     * The time axis of a chart of {@code buckets} buckets (x is the bucket's place, 0, 1, ...): half a bucket more on
     * each side, so a point on the first or last bucket (all of a period in one bucket: a lone point) is drawn whole
     * inside the frame rather than cut in half by it. Ticks fall on whole buckets ({@code hourly}: about one a day).
     *
     * @param buckets the number of buckets, 0 or more
     * @param hourly  whether the buckets are hours (null: not known)
     */
    static AxisRange timeAxis(int buckets, Boolean hourly) {
        int n = Math.max(1, buckets);
        double tick = DashboardsView.tickUnit(n, hourly);
        // a tick unit as wide as the axis would leave no tick inside it: then a tick on every half bucket (the
        // half-way ones unlabelled)
        if (tick >= n) tick = 0.5;
        return new AxisRange(-0.5, n - 0.5, tick);
    }

    /**
     * The value axis of {@code chart} when it follows its values: from 0 (or below, for negative values) to a round
     * bound at least 5% above the largest value, so the top points and their symbols are drawn whole; null when the
     * chart has a fixed range or no value (the axis then ranges itself).
     */
    static AxisRange valueAxis(Chart chart) {
        if (chart.low() != null && chart.high() != null) return null;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (Series s : chart.series()) {
            for (Point p : s.points()) {
                if (p.value() == null || !Double.isFinite(p.value())) continue;
                max = Math.max(max, p.value());
                min = Math.min(min, p.value());
            }
        }
        if (max == Double.NEGATIVE_INFINITY) return null;
        double top = Math.max(0, max);
        double bottom = Math.min(0, min);
        double span = top - bottom;
        if (span == 0) span = 1; // every value 0: an axis of 0..1
        double tick = niceStep(span * 1.05 / 6);
        double high = Math.ceil((top + span * 0.05) / tick) * tick;
        double low = bottom < 0 ? Math.floor((bottom - span * 0.05) / tick) * tick : 0;
        return new AxisRange(low, high, tick);
    }

    /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is {@code raw} or more. */
    private static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw * (1 - 1e-9)) return m * power;
        }
        return 10 * power;
    }

    /** A row of the A/B table, as shown. */
    public record AbRow(String figure, String a, String b, String difference, String interval, String method,
                        String n) {
    }

    /** The chart ids in the order the view lays them out. */
    public static final List<String> CHART_IDS = List.of("feedbackChart", "ratingChart", "lengthChart", "latencyChart",
            "tokensChart", "charsChart", "costChart", "guardChart", "turnsChart", "sentimentChart");

    /**
     * What {@code studio screenshot dashboards} opens the view with: the prompt filter (empty: every prompt) and the
     * two sides of the A/B table (empty: none), two versions of that prompt or two models.
     */
    public record Start(AbKind kind, String prompt, String a, String b) {
        public Start {
            kind = kind == null ? AbKind.MODELS : kind;
            prompt = prompt == null ? "" : prompt;
            a = a == null ? "" : a;
            b = b == null ? "" : b;
        }
    }

    /**
     * The latency chart's title: its p50 and p95 are estimates read from a log-bucket sketch, within
     * {@link org.promptstudio.model.LatencyBuckets#RELATIVE_ERROR} of the true value, as {@code studio monitor} says.
     */
    public static final String LATENCY_TITLE = String.format(java.util.Locale.ROOT,
            "Latency (\u2248 estimate, within %.0f%%)", org.promptstudio.model.LatencyBuckets.RELATIVE_ERROR * 100);

    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("MM-dd HH:00").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final MonitorSource source;
    private final TaskRunner runner;
    private final Clock clock;

    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty label = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty run = new SimpleStringProperty("");
    private final ObjectProperty<Period> period = new SimpleObjectProperty<>(Period.WEEK);
    private final ObjectProperty<Grain> grain = new SimpleObjectProperty<>(Period.WEEK.grain());
    private final ObjectProperty<AbKind> abKind = new SimpleObjectProperty<>(AbKind.MODELS);
    private final StringProperty abA = new SimpleStringProperty("");
    private final StringProperty abB = new SimpleStringProperty("");

    private final ObservableList<String> promptChoices = FXCollections.observableArrayList();
    private final ObservableList<String> modelChoices = FXCollections.observableArrayList();
    private final ObservableList<String> runChoices = FXCollections.observableArrayList();
    private final ObservableList<String> labelChoices = FXCollections.observableArrayList();

    private final ReadOnlyObjectWrapper<MonitorReport> report = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Chart> charts = FXCollections.observableArrayList();
    private final ObservableList<AbRow> abRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper abMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper periodText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper changes = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<MonitorSource.RatingScale> ratingScale = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper showAb = new ReadOnlyBooleanWrapper(false);

    private int generation;
    private boolean choicesRead;

    /** Over {@code source}, its reads on {@code runner}; "now" from the system clock. */
    public DashboardsViewModel(MonitorSource source, TaskRunner runner) {
        this(source, runner, Clock.systemUTC());
    }

    /** As {@link #DashboardsViewModel(MonitorSource, TaskRunner)}, "now" from {@code clock} (tests fix it). */
    public DashboardsViewModel(MonitorSource source, TaskRunner runner, Clock clock) {
        this.source = source;
        this.runner = runner;
        this.clock = clock;
        // A new period starts with its own grain; the user may change the grain after.
        period.addListener((obs, old, p) -> {
            if (p != null) grain.set(p.grain());
        });
        for (javafx.beans.Observable o : List.of(prompt, label, model, run, period, grain, abKind, abA, abB)) {
            o.addListener(ignored -> changes.set(changes.get() + 1));
        }
    }

    // ---- filters --------------------------------------------------------------------------------------------

    /** The prompt id the figures are narrowed to; empty: every prompt. */
    public StringProperty promptProperty() {
        return prompt;
    }

    /** The git label (the version each prompt's label points at); empty: every label (no narrowing). */
    public StringProperty labelProperty() {
        return label;
    }

    /** The model id; empty: every model. */
    public StringProperty modelProperty() {
        return model;
    }

    /** The run id as typed or chosen; empty: every run. */
    public StringProperty runProperty() {
        return run;
    }

    public ObjectProperty<Period> periodProperty() {
        return period;
    }

    public ObjectProperty<Grain> grainProperty() {
        return grain;
    }

    public ObjectProperty<AbKind> abKindProperty() {
        return abKind;
    }

    /** Side A of the A/B table: a version (number, label, commit) or a model id; empty: no A/B table. */
    public StringProperty abAProperty() {
        return abA;
    }

    public StringProperty abBProperty() {
        return abB;
    }

    public ObservableList<String> promptChoices() {
        return promptChoices;
    }

    public ObservableList<String> modelChoices() {
        return modelChoices;
    }

    public ObservableList<String> runChoices() {
        return runChoices;
    }

    public ObservableList<String> labelChoices() {
        return labelChoices;
    }

    /** Counts filter changes: the view refreshes once they pause. */
    public ReadOnlyIntegerProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    /**
     * Sets the filters and A/B sides of {@code start} (before the view is first shown); the view then scrolls to the
     * A/B table once it has figures ({@link #showAbProperty()}).
     */
    public void onStart(Start start) {
        prompt.set(start.prompt());
        abKind.set(start.kind());
        abA.set(start.a());
        abB.set(start.b());
        showAb.set(!start.a().isEmpty() && !start.b().isEmpty());
    }

    /** Whether the view should bring the A/B table into sight (it was opened to compare two sides). */
    public ReadOnlyBooleanProperty showAbProperty() {
        return showAb.getReadOnlyProperty();
    }

    /** The scale of the rating whose mean is charted, or null while unknown. */
    public ReadOnlyObjectProperty<MonitorSource.RatingScale> ratingScaleProperty() {
        return ratingScale.getReadOnlyProperty();
    }

    // ---- what is shown --------------------------------------------------------------------------------------

    /** The report shown, or null before the first. */
    public ReadOnlyObjectProperty<MonitorReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The charts of the report shown, in {@link #CHART_IDS} order. */
    public ObservableList<Chart> charts() {
        return charts;
    }

    public ObservableList<AbRow> abRows() {
        return abRows;
    }

    /** The period's totals in one line. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why there is nothing to chart, or empty when there is. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** The last read's failure in one line, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the A/B table needs, or why it is empty; empty when it shows figures. */
    public ReadOnlyStringProperty abMessageProperty() {
        return abMessage.getReadOnlyProperty();
    }

    /** The period shown, "2026-11-24 00:00 to 2026-12-01 00:00 UTC, by hour". */
    public ReadOnlyStringProperty periodTextProperty() {
        return periodText.getReadOnlyProperty();
    }

    /** Whether a read is under way. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Whether a report was shown (or failed) at least once. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public boolean busy() {
        return loading.get();
    }

    // ---- actions --------------------------------------------------------------------------------------------

    @Override
    public void onActivate() {
        if (!choicesRead) {
            choicesRead = true;
            runner.run(source::choices, this::showChoices,
                    e -> error.set("Cannot read what the filters offer: " + ErrorText.reason(e)));
        }
        onRefresh();
    }

    @Override
    public void onDeactivate() {
        // nothing listens while hidden; a read under way is shown when it ends
    }

    /** Reads the filter choices again (new runs, models, labels). */
    public void onReloadChoices() {
        runner.run(source::choices, this::showChoices,
                e -> error.set("Cannot read what the filters offer: " + ErrorText.reason(e)));
    }

    /** Reads the figures for the filters as they are now (and the A/B table when both sides are named). */
    public void onRefresh() {
        int ticket = ++generation;
        MonitorRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            loaded.set(true);
            return;
        }
        AbRequest ab = abRequest(request);
        error.set("");
        loading.set(true);
        runner.run("", progress -> new Answer(source.report(request), ab == null ? null : source.compare(ab)),
                answer -> {
                    if (ticket != generation) return;
                    loading.set(false);
                    show(answer);
                }, e -> {
                    if (ticket != generation) return;
                    loading.set(false);
                    loaded.set(true);
                    report.set(null);
                    charts.clear();
                    abRows.clear();
                    summary.set("");
                    emptyText.set("");
                    error.set("Cannot read the monitor figures: " + ErrorText.reason(e));
                });
    }

    private record Answer(MonitorReport report, AbReport ab) {
    }

    /**
     * The request of the filters as they are now: the chosen period ending at the end of the bucket now falls in.
     *
     * @throws IllegalArgumentException with a one-line message when the run is not a number
     */
    public MonitorRequest request() {
        Grain g = grain.get() == null ? Grain.HOUR : grain.get();
        Period p = period.get() == null ? Period.WEEK : period.get();
        // the one rule for "last 7 days" that studio monitor --since 7d uses too: whole UTC buckets up to now's
        MonitorRequest period = MonitorRequest.last(p.length(), g, clock);
        Instant from = period.from();
        Instant to = period.to();
        String r = blankToNull(run.get());
        Long runId;
        if (r == null) {
            runId = null;
        } else if (r.matches("\\d{1,18}")) {
            runId = Long.valueOf(r);
        } else {
            throw new IllegalArgumentException("Run: '" + r + "' is not a run number");
        }
        return new MonitorRequest(from, to, g, blankToNull(prompt.get()), null, blankToNull(label.get()),
                blankToNull(model.get()), runId, null);
    }

    /** The A/B request of {@code base}, or null (with {@link #abMessageProperty()} saying why) when there is none. */
    private AbRequest abRequest(MonitorRequest base) {
        String a = blankToNull(abA.get());
        String b = blankToNull(abB.get());
        boolean versions = abKind.get() == AbKind.VERSIONS;
        if (a == null || b == null) {
            abMessage.set(versions ? "Name two versions of the chosen prompt (a number, a label or a commit) to compare"
                    + " them." : "Name two models to compare them.");
            abRows.clear();
            return null;
        }
        if (versions && base.prompt() == null) {
            abMessage.set("Choose a prompt to compare two of its versions.");
            abRows.clear();
            return null;
        }
        abMessage.set("");
        return versions ? new AbRequest(base, new AbSide(a, null), new AbSide(b, null))
                : new AbRequest(base, new AbSide(null, a), new AbSide(null, b));
    }

    private void showChoices(MonitorSource.Choices c) {
        promptChoices.setAll(withAll(c.prompts()));
        modelChoices.setAll(withAll(c.models()));
        labelChoices.setAll(withAll(c.labels()));
        runChoices.setAll(withAll(c.runs().stream().map(String::valueOf).toList()));
        if (!java.util.Objects.equals(ratingScale.get(), c.ratingScale())) {
            ratingScale.set(c.ratingScale());
            // the choices may come after the figures: the rating chart takes the scale's axis now
            if (report.get() != null && !charts.isEmpty()) charts.setAll(chartsOf(report.get(), c.ratingScale()));
        }
    }

    /** A choice list: "" (every one) first. */
    private static List<String> withAll(List<String> values) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.addAll(values);
        return out;
    }

    private void show(Answer answer) {
        MonitorReport r = answer.report();
        report.set(r);
        loaded.set(true);
        MonitorRequest q = r.request();
        periodText.set(WHEN.format(q.from()) + " to " + WHEN.format(q.to()) + " UTC, by " + q.by().id());
        MonitorBucket t = r.total();
        boolean nothing = t.calls() == 0 && t.thumbsUp() + t.thumbsDown() == 0 && t.rating().n() == 0
                && t.sessions() == 0;
        emptyText.set(nothing ? "No calls, feedback or sessions from " + WHEN.format(q.from()) + " to "
                + WHEN.format(q.to()) + " UTC for these filters. Run an experiment or use the playground, or choose"
                + " a longer period or fewer filters." : "");
        summary.set(nothing ? "" : summaryOf(t));
        charts.setAll(chartsOf(r, ratingScale.get()));
        if (answer.ab() == null) {
            abRows.clear();
        } else {
            abRows.setAll(answer.ab().figures().stream().map(DashboardsViewModel::row).toList());
            String a = answer.ab().request().a().name();
            String b = answer.ab().request().b().name();
            abMessage.set("A is " + a + ", B is " + b + "; differences are B - A with 95% intervals.");
        }
    }

    /** The charts of {@code r}, in {@link #CHART_IDS} order, the rating chart on a 1..5 axis. */
    static List<Chart> chartsOf(MonitorReport r) {
        return chartsOf(r, null);
    }

    /**
     * The charts of {@code r}, in {@link #CHART_IDS} order; the mean rating on the axis of {@code scale} (null: 1..5,
     * widened to the values if they go past it).
     */
    static List<Chart> chartsOf(MonitorReport r, MonitorSource.RatingScale scale) {
        List<MonitorBucket> bs = r.buckets();
        Grain g = r.request().by();
        List<Chart> out = new ArrayList<>();
        // counts of a bucket with no thumbs at all (no feedback yet, the hour under way) are a gap, not a drop to 0
        out.add(new Chart("feedbackChart", "Feedback", "thumbs", List.of(
                series("thumbs up", bs, g, b -> b.thumbsUp() + b.thumbsDown() == 0 ? null : (double) b.thumbsUp()),
                series("thumbs down", bs, g, b -> b.thumbsUp() + b.thumbsDown() == 0 ? null
                        : (double) b.thumbsDown()))));
        // the mean of the bucket's ratings; a bucket nobody rated is a gap, never 0 (below the scale)
        Series mean = series("mean rating", bs, g, b -> b.rating().n() == 0 ? null : b.rating().mean());
        double low = scale == null ? 1 : scale.min();
        double high = scale == null ? 5 : scale.max();
        for (Point p : mean.points()) {
            if (p.value() != null) {
                low = Math.min(low, Math.floor(p.value()));
                high = Math.max(high, Math.ceil(p.value()));
            }
        }
        out.add(new Chart("ratingChart", "Mean rating", scale == null ? "rating" : "rating " + scale.min() + " to "
                + scale.max(), List.of(mean), low, high));
        out.add(new Chart("lengthChart", "Answer length", "characters", List.of(
                series("mean answer length", bs, g, b -> b.answerChars().mean()))));
        // percentiles read from the log-bucket sketch, as studio monitor marks them: estimates within the bound
        out.add(new Chart("latencyChart", LATENCY_TITLE, "ms \u2248", List.of(
                series("p50 \u2248", bs, g, b -> b.p50Ms() == null ? null : b.p50Ms().doubleValue()),
                series("p95 \u2248", bs, g, b -> b.p95Ms() == null ? null : b.p95Ms().doubleValue()))));
        out.add(new Chart("tokensChart", "Tokens", "tokens", List.of(
                series("in", bs, g, b -> b.tokensKnown() == 0 ? null : (double) b.tokensIn()),
                series("out", bs, g, b -> b.tokensKnown() == 0 ? null : (double) b.tokensOut()))));
        out.add(new Chart("charsChart", "Characters", "characters", List.of(
                series("in", bs, g, b -> b.charsKnown() == 0 ? null : (double) b.charsIn()),
                series("out", bs, g, b -> b.charsKnown() == 0 ? null : (double) b.charsOut()))));
        out.add(new Chart("costChart", "Cost", "USD", List.of(
                series("known cost", bs, g, b -> b.knownCostCalls() == 0 ? null : b.knownCost().doubleValue()))));
        List<Series> guard = new ArrayList<>();
        // a bucket with no call has nothing checked: a gap, not 0 findings
        guard.add(series("blocked", bs, g, b -> b.calls() == 0 ? null : (double) b.blocked()));
        for (GuardCheck c : GuardCheck.values()) {
            guard.add(series(c.name().toLowerCase(Locale.ROOT), bs, g, b -> b.calls() == 0 ? null
                    : (double) b.guard().get(c)));
        }
        out.add(new Chart("guardChart", "Guardrails", "calls", guard));
        out.add(new Chart("turnsChart", "Turns per session", "turns", List.of(
                series("mean turns", bs, g, b -> b.turns().mean()))));
        out.add(new Chart("sentimentChart", "User sentiment", "-1 to 1", List.of(
                series("mean sentiment", bs, g, b -> b.sentiment().mean()))));
        return out;
    }

    private static Series series(String name, List<MonitorBucket> buckets, Grain grain,
                                 Function<MonitorBucket, Double> value) {
        DateTimeFormatter f = grain == Grain.HOUR ? HOUR_LABEL : DAY_LABEL;
        List<Point> points = new ArrayList<>(buckets.size());
        for (MonitorBucket b : buckets) points.add(new Point(b.start(), f.format(b.start()), value.apply(b)));
        return new Series(name, points);
    }

    /** "1,234 calls · 1,180 ok · 40 errors · 14 blocked · 220 cached · 62.5% thumbs up of 80 · $1.23 known cost". */
    static String summaryOf(MonitorBucket t) {
        StringBuilder s = new StringBuilder();
        s.append(count(t.calls(), "call")).append(" \u00b7 ").append(String.format(Locale.ROOT, "%,d", t.ok()))
                .append(" ok \u00b7 ").append(count(t.errors(), "error")).append(" \u00b7 ")
                .append(String.format(Locale.ROOT, "%,d", t.blocked())).append(" blocked \u00b7 ")
                .append(String.format(Locale.ROOT, "%,d", t.cached())).append(" cached");
        Double share = t.thumbsUpShare();
        if (share != null) {
            s.append(" \u00b7 ").append(String.format(Locale.ROOT, "%.1f%% thumbs up of %,d", share * 100,
                    t.thumbsUp() + t.thumbsDown()));
        }
        if (t.rating().n() > 0) {
            s.append(" \u00b7 ").append(String.format(Locale.ROOT, "mean rating %.2f (%,d)", t.rating().mean(),
                    t.rating().n()));
        }
        if (t.knownCostCalls() > 0) s.append(" \u00b7 ").append(usd(t.knownCost())).append(" known cost");
        if (t.unknownCostCalls() > 0) {
            s.append(" (").append(count(t.unknownCostCalls(), "call")).append(" with no price, not counted)");
        }
        return s.toString();
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? noun : noun + "s");
    }

    private static String usd(BigDecimal amount) {
        BigDecimal a = amount.abs();
        String digits = a.compareTo(BigDecimal.ONE) >= 0 ? String.format(Locale.ROOT, "%,.2f", amount)
                : amount.stripTrailingZeros().toPlainString();
        return (amount.signum() < 0 ? "-$" + digits.replace("-", "") : "$" + digits);
    }

    /** A figure as the A/B table shows it: values in the figure's unit, a share's difference in percentage points. */
    static AbRow row(AbFigure f) {
        String n = String.format(Locale.ROOT, "%,d / %,d", f.nA(), f.nB());
        String interval = f.low() == null || f.high() == null ? "\u2014"
                : "[" + signed(f.unit(), f.low()) + ", " + signed(f.unit(), f.high()) + "]";
        return new AbRow(f.name(), value(f.unit(), f.a()), value(f.unit(), f.b()),
                f.difference() == null ? "\u2014" : signed(f.unit(), f.difference()), interval, f.method(), n);
    }

    /**
     * A value in its unit: money as every cost is written ({@link org.promptstudio.model.Usd}, decision 0118, a known
     * zero is {@code $0}), never a negative zero ({@code -0.00}).
     */
    static String value(String unit, Double v) {
        if (v == null) return "no data";
        return switch (unit) {
            case "share" -> fixed(v * 100, 1, false) + "%";
            case "ms" -> fixed(v, 0, false) + " ms";
            case "USD" -> org.promptstudio.model.Usd.text(v);
            case "score" -> fixed(v, 2, true);
            case "rating", "findings" -> fixed(v, 2, false);
            default -> fixed(v, 1, false);
        };
    }

    /** A difference with its sign ({@code +$0.000012}, {@code -3.0 pp}); no difference has none ({@code 0.00}). */
    static String signed(String unit, double v) {
        return switch (unit) {
            case "share" -> fixed(v * 100, 1, true) + " pp";
            case "ms" -> fixed(v, 0, true) + " ms";
            case "USD" -> {
                String t = org.promptstudio.model.Usd.text(v);
                yield t.startsWith("$") && !t.equals("$0") ? "+" + t : t;
            }
            case "rating", "findings", "score" -> fixed(v, 2, true);
            default -> fixed(v, 1, true);
        };
    }

    /**
     * {@code v} rounded half up to {@code decimals} places with thousands separators, a plus sign on a positive value
     * when {@code sign}; a value that rounds to zero is written without a sign ({@code 0.00}, never {@code -0.00}).
     */
    private static String fixed(double v, int decimals, boolean sign) {
        if (!Double.isFinite(v)) return "?";
        BigDecimal r = BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP);
        if (r.signum() == 0) r = BigDecimal.ZERO.setScale(decimals);
        String text = String.format(Locale.ROOT, "%,." + decimals + "f", r);
        return sign && r.signum() > 0 ? "+" + text : text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

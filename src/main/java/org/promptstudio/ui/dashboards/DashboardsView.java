package org.promptstudio.ui.dashboards;

import atlantafx.base.theme.Styles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.promptstudio.monitor.Grain;
import org.promptstudio.ui.common.ActivatableView;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.common.Debouncer;
import org.promptstudio.ui.common.Texts;
import org.reactfx.Subscription;

/**
 * The dashboards (issue 15): filters and period on top, then a summary line, ten line charts over the period's
 * buckets (feedback, mean rating, answer length, latency, tokens, characters, cost, guardrails, turns, sentiment) and
 * the A/B table; a muted line instead of the charts when the period has no data. Filter changes refresh once they
 * pause. Opened to compare two sides ({@link DashboardsViewModel#onStart}), it scrolls down to the A/B table.
 */
public final class DashboardsView extends ActivatableView<DashboardsViewModel, BorderPane> {

    /** How long the filters must rest before the figures are read again. */
    static final Duration FILTER_PAUSE = Duration.ofMillis(300);

    private final Map<String, LineChart<Number, Number>> charts = new HashMap<>();
    private final Subscription refreshes;

    public DashboardsView(DashboardsViewModel vm) {
        super(vm, new BorderPane());
        root.setId("dashboardsView");
        root.setTop(top());
        root.setCenter(body());
        vm.charts().addListener((ListChangeListener<DashboardsViewModel.Chart>) c -> showCharts());
        showCharts();
        // a burst of filter changes reads the figures once (ReactFX successionEnds), only while the view is shown
        refreshes = Debouncer.values(vm.changesProperty(), FILTER_PAUSE, n -> {
            if (root.getScene() != null && root.getScene().getWindow() != null
                    && root.getScene().getWindow().isShowing()) {
                vm.onRefresh();
            }
        });
    }

    /** Stops refreshing on filter changes (the tab is gone). */
    public void close() {
        refreshes.unsubscribe();
    }

    // ---- filters --------------------------------------------------------------------------------------------

    private Node top() {
        Label title = new Label("Dashboards", AppIcon.EXPERIMENTS.icon());
        title.getStyleClass().add(Styles.TITLE_4);
        ComboBox<String> prompt = choice("dashboardsPrompt", vm.promptChoices(), vm.promptProperty(), "every prompt");
        ComboBox<String> label = choice("dashboardsLabel", vm.labelChoices(), vm.labelProperty(), "every label");
        ComboBox<String> model = choice("dashboardsModel", vm.modelChoices(), vm.modelProperty(), "every model");
        ComboBox<String> run = choice("dashboardsRun", vm.runChoices(), vm.runProperty(), "every run");
        ComboBox<DashboardsViewModel.Period> period = new ComboBox<>(
                FXCollections.observableArrayList(DashboardsViewModel.Period.values()));
        period.setId("dashboardsPeriod");
        period.setConverter(converter(p -> p == null ? "" : p.text()));
        period.valueProperty().bindBidirectional(vm.periodProperty());
        ComboBox<Grain> grain = new ComboBox<>(FXCollections.observableArrayList(Grain.values()));
        grain.setId("dashboardsGrain");
        grain.setConverter(converter(g -> g == null ? "" : "by " + g.id()));
        grain.valueProperty().bindBidirectional(vm.grainProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("dashboardsRefresh");
        refresh.setTooltip(new Tooltip("Read the figures again, and what the filters offer"));
        refresh.setOnAction(e -> {
            vm.onReloadChoices();
            vm.onRefresh();
        });
        javafx.scene.layout.FlowPane filters = Texts.wrappingBar(8, new Label("Prompt"), prompt, new Label("Label"),
                label, new Label("Model"), model, new Label("Run"), run, period, grain, refresh);
        filters.setId("dashboardsFilters");
        Label periodText = Texts.bound("dashboardsPeriodText", vm.periodTextProperty());
        periodText.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label summary = Texts.bound("dashboardsSummary", vm.summaryProperty());
        Label error = Texts.bound("dashboardsError", vm.errorProperty());
        error.getStyleClass().add(Styles.DANGER);
        error.managedProperty().bind(vm.errorProperty().isNotEmpty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        HBox head = new HBox(10, title, periodText);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, head, filters, summary, error);
        top.setPadding(new Insets(8, 12, 8, 12));
        return top;
    }

    private static ComboBox<String> choice(String id, javafx.collections.ObservableList<String> items,
                                           javafx.beans.property.StringProperty value, String all) {
        ComboBox<String> box = new ComboBox<>(items);
        box.setId(id);
        box.setEditable(true);
        box.setPrefWidth(150);
        box.setPromptText(all);
        box.setConverter(converter(s -> s == null ? "" : s));
        box.getEditor().textProperty().bindBidirectional(value);
        box.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.isEmpty() ? all : item);
            }
        });
        box.valueProperty().addListener((obs, old, v) -> {
            if (v != null && !v.equals(value.get())) value.set(v);
        });
        return box;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return text.apply(t);
            }

            @Override
            @SuppressWarnings("unchecked")
            public T fromString(String s) {
                return (T) s; // only the editable (String) boxes read text back
            }
        };
    }

    // ---- charts and the A/B table ---------------------------------------------------------------------------

    private Node body() {
        Label empty = Texts.emptyState("dashboardsEmpty", vm.emptyTextProperty());
        empty.visibleProperty().bind(vm.emptyTextProperty().isNotEmpty());
        empty.managedProperty().bind(empty.visibleProperty());
        GridPane grid = new GridPane();
        grid.setId("dashboardsCharts");
        grid.setHgap(8);
        grid.setVgap(8);
        // ten charts: two rows of three, then two rows of two wider ones (no row with a lone chart); six columns,
        // a chart of the first rows spans two, of the last rows three
        List<String> ids = DashboardsViewModel.CHART_IDS;
        int inThrees = ids.size() - 4;
        for (int i = 0; i < ids.size(); i++) {
            LineChart<Number, Number> chart = chart(ids.get(i));
            charts.put(ids.get(i), chart);
            if (i < inThrees) {
                grid.add(chart, (i % 3) * 2, i / 3, 2, 1);
            } else {
                int j = i - inThrees;
                grid.add(chart, (j % 2) * 3, (inThrees + 2) / 3 + j / 2, 3, 1);
            }
            GridPane.setHgrow(chart, Priority.ALWAYS);
        }
        for (int c = 0; c < 6; c++) {
            javafx.scene.layout.ColumnConstraints cc = new javafx.scene.layout.ColumnConstraints();
            cc.setPercentWidth(100.0 / 6);
            grid.getColumnConstraints().add(cc);
        }
        // charts only when there is something to chart (and the last read did not fail)
        grid.visibleProperty().bind(vm.emptyTextProperty().isEmpty().and(vm.errorProperty().isEmpty())
                .and(vm.reportProperty().isNotNull()));
        grid.managedProperty().bind(grid.visibleProperty());
        VBox content = new VBox(10, empty, grid, abSection());
        content.setPadding(new Insets(4, 12, 12, 12));
        content.setAlignment(Pos.TOP_CENTER);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setId("dashboardsScroll");
        // opened to compare two sides: once the table has its rows, bring it into sight (the end of the page)
        vm.abRows().addListener((ListChangeListener<DashboardsViewModel.AbRow>) c -> {
            if (vm.showAbProperty().get() && !vm.abRows().isEmpty()) {
                org.promptstudio.ui.common.Fx.afterFrames(1, () -> scroll.setVvalue(scroll.getVmax()));
            }
        });
        return scroll;
    }

    private static LineChart<Number, Number> chart(String id) {
        // x is the bucket's place in the period (0, 1, ...), labelled with its start: a week by hour is 168 buckets,
        // too many for a label each, so ticks fall on whole days (or a few hours) and the axis stays readable
        NumberAxis x = new NumberAxis();
        x.setAnimated(false);
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        NumberAxis y = new NumberAxis();
        y.setAnimated(false);
        if (id.equals("sentimentChart")) {
            // a sentiment reads against its whole scale: +0.2 is mild, not the top of the chart
            y.setAutoRanging(false);
            y.setLowerBound(-1);
            y.setUpperBound(1);
            y.setTickUnit(0.5);
        }
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setMinHeight(220);
        chart.setPrefHeight(240);
        chart.setLegendVisible(true);
        chart.setVerticalGridLinesVisible(false);
        chart.setVerticalZeroLineVisible(false); // the time axis starts half a bucket before 0: no line at bucket 0
        return chart;
    }

    /** Puts the view model's charts into the chart nodes: a point per bucket with a value, every bucket on the axis. */
    private void showCharts() {
        for (DashboardsViewModel.Chart c : vm.charts()) {
            LineChart<Number, Number> chart = charts.get(c.id());
            if (chart == null) continue;
            chart.setTitle(c.title());
            chart.getYAxis().setLabel(c.unit());
            NumberAxis y = (NumberAxis) chart.getYAxis();
            if (c.low() != null && c.high() != null) {
                // a mean rating reads against its scale: 3.4 of 1..5 is not the top of the chart
                y.setAutoRanging(false);
                y.setLowerBound(c.low());
                y.setUpperBound(c.high());
                y.setTickUnit(Math.max(1, Math.ceil((c.high() - c.low()) / 8)));
            } else if (!c.id().equals("sentimentChart")) {
                // a round bound above the largest value: the top points are drawn whole, not cut by the frame
                DashboardsViewModel.AxisRange range = DashboardsViewModel.valueAxis(c);
                if (range == null) {
                    y.setAutoRanging(true);
                } else {
                    y.setAutoRanging(false);
                    y.setLowerBound(range.low());
                    y.setUpperBound(range.high());
                    y.setTickUnit(range.tick());
                }
            }
            List<String> labels = c.series().isEmpty() ? List.of()
                    : c.series().get(0).points().stream().map(DashboardsViewModel.Point::label).toList();
            NumberAxis x = (NumberAxis) chart.getXAxis();
            // half a bucket on each side: a point on the first or last bucket is drawn whole
            DashboardsViewModel.AxisRange time = DashboardsViewModel.timeAxis(labels.size(),
                    labels.isEmpty() ? null : labels.get(0).length() > 5);
            x.setLowerBound(time.low());
            x.setUpperBound(time.high());
            x.setTickUnit(time.tick());
            x.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number n) {
                    int i = (int) Math.round(n.doubleValue());
                    return i >= 0 && i < labels.size() && Math.abs(n.doubleValue() - i) < 1e-6 ? labels.get(i) : "";
                }

                @Override
                public Number fromString(String s) {
                    return labels.indexOf(s);
                }
            });
            // a lone bucket with a value between gaps shows as a dot; a long hourly period as lines only
            chart.setCreateSymbols(labels.size() <= 62);
            List<XYChart.Series<Number, Number>> lines = new ArrayList<>();
            for (DashboardsViewModel.Series s : c.series()) {
                XYChart.Series<Number, Number> line = new XYChart.Series<>();
                line.setName(s.name());
                List<DashboardsViewModel.Point> points = s.points();
                for (int i = 0; i < points.size(); i++) {
                    Double v = points.get(i).value();
                    if (v != null) line.getData().add(new XYChart.Data<>(i, v));
                }
                lines.add(line);
            }
            chart.getData().setAll(lines);
        }
    }

    /** Buckets between two labelled ticks: about seven ticks, on whole days when the buckets are hours. */
    static double tickUnit(int buckets, Boolean hourly) {
        if (Boolean.TRUE.equals(hourly)) {
            if (buckets <= 12) return 2;
            if (buckets <= 24) return 4;
            if (buckets <= 48) return 8;
            return 24 * Math.max(1, Math.ceil(buckets / 24.0 / 7));
        }
        return Math.max(1, Math.ceil(buckets / 7.0));
    }

    private Node abSection() {
        Label title = new Label("A/B");
        title.getStyleClass().add(Styles.TITLE_4);
        ComboBox<DashboardsViewModel.AbKind> kind = new ComboBox<>(
                FXCollections.observableArrayList(DashboardsViewModel.AbKind.values()));
        kind.setId("dashboardsAbKind");
        kind.setConverter(converter(k -> k == null ? "" : "two " + k.text()));
        kind.valueProperty().bindBidirectional(vm.abKindProperty());
        TextField a = Texts.hint(new TextField(), "A: a version or a model");
        a.setId("dashboardsAbA");
        a.textProperty().bindBidirectional(vm.abAProperty());
        TextField b = Texts.hint(new TextField(), "B: a version or a model");
        b.setId("dashboardsAbB");
        b.textProperty().bindBidirectional(vm.abBProperty());
        HBox bar = new HBox(8, title, kind, a, b);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label message = Texts.bound("dashboardsAbMessage", vm.abMessageProperty());
        message.getStyleClass().add(Styles.TEXT_MUTED);
        TableView<DashboardsViewModel.AbRow> table = new TableView<>(vm.abRows());
        table.setId("abTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Figure", 170, DashboardsViewModel.AbRow::figure));
        table.getColumns().add(column("A", 100, DashboardsViewModel.AbRow::a));
        table.getColumns().add(column("B", 100, DashboardsViewModel.AbRow::b));
        table.getColumns().add(column("B \u2212 A", 100, DashboardsViewModel.AbRow::difference));
        table.getColumns().add(column("95% interval", 170, DashboardsViewModel.AbRow::interval));
        table.getColumns().add(column("n (A / B)", 110, DashboardsViewModel.AbRow::n));
        table.getColumns().add(column("Method", 220, DashboardsViewModel.AbRow::method));
        table.setPlaceholder(Texts.emptyState(null, "No A/B comparison: name side A and side B above"));
        // every figure in sight without a scroll bar of its own (a dozen rows); a placeholder's height when empty
        table.setFixedCellSize(34);
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> 40 + 34.0 * Math.max(4, vm.abRows().size()) + 4, vm.abRows()));
        table.setMinHeight(Region.USE_PREF_SIZE);
        return new VBox(6, bar, message, table);
    }

    private static TableColumn<DashboardsViewModel.AbRow, String> column(
            String name, double width, java.util.function.Function<DashboardsViewModel.AbRow, String> value) {
        TableColumn<DashboardsViewModel.AbRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(row.getValue())));
        return c;
    }
}

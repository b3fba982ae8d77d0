package org.promptstudio.ui.dashboards;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.monitor.Grain;
import org.promptstudio.ui.Screenshots;
import org.promptstudio.ui.ScreenshotFixture;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The dashboards in a real window, headless under Monocle, over planted figures. */
class DashboardsViewTest extends FxThreadRobot {

    @TempDir
    Path dir;
    FxTaskRunner runner;
    DashboardsViewModel vm;

    @BeforeEach
    void stage() throws Exception {
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
    }

    private void open(FakeMonitorSource source) throws Exception {
        open(source, Grain.DAY);
    }

    private void open(FakeMonitorSource source, Grain grain) throws Exception {
        open(source, grain, null);
    }

    private void open(FakeMonitorSource source, Grain grain, DashboardsViewModel.Start start) throws Exception {
        vm = new DashboardsViewModel(source, runner, DashboardsViewModelTest.NOW);
        if (start != null) vm.onStart(start);
        Parent[] made = new Parent[1];
        WaitForAsyncUtils.asyncFx(() -> made[0] = (Parent) new DashboardsView(vm).node()).get();
        FxToolkit.setupStage(stage -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            stage.setScene(new Scene(made[0], 1260, 780));
            stage.show();
        });
        interact(() -> {
            vm.periodProperty().set(DashboardsViewModel.Period.WEEK);
            vm.grainProperty().set(grain);
            vm.onActivate();
        });
        waitUntil(() -> fx(() -> vm.loadedProperty().get() && !vm.loadingProperty().get()));
    }

    static <T> T fx(Callable<T> value) throws Exception {
        return WaitForAsyncUtils.asyncFx(value).get(30, TimeUnit.SECONDS);
    }

    void waitUntil(Callable<Boolean> condition) {
        ScreenshotFixture.waitUntil(60, condition, () -> "the view says: " + vm.errorProperty().get() + " / "
                + vm.summaryProperty().get() + " / " + vm.emptyTextProperty().get() + " / " + vm.abMessageProperty().get());
    }

    @SuppressWarnings("unchecked")
    private LineChart<Number, Number> chart(String id) {
        return lookup("#" + id).queryAs(LineChart.class);
    }

    /** The labels of the x axis's ticks, as drawn. */
    private static List<String> axisLabels(LineChart<Number, Number> chart) {
        javafx.scene.chart.NumberAxis x = (javafx.scene.chart.NumberAxis) chart.getXAxis();
        List<String> out = new java.util.ArrayList<>();
        // the axis has half a bucket before the first: ticks start at the first whole bucket
        for (double t = Math.ceil(x.getLowerBound()); t <= x.getUpperBound() + 1e-9; t += x.getTickUnit()) {
            out.add(x.getTickLabelFormatter().toString(t));
        }
        return out;
    }

    @Test
    void theChartsShowThePlantedFigures() throws Exception {
        open(DashboardsViewModelTest.planted());
        assertThat(lookup("#dashboardsFilters").query().isVisible()).isTrue();
        assertThat(lookup("#dashboardsEmpty").query().isVisible()).isFalse();
        for (String id : DashboardsViewModel.CHART_IDS) {
            assertThat(lookup("#" + id).query().isVisible()).as(id).isTrue();
        }
        LineChart<Number, Number> latency = chart("latencyChart");
        assertThat(fx(() -> latency.getData().size())).isEqualTo(2);
        // two buckets have timed calls; the other five are gaps, not zeros
        assertThat(fx(() -> latency.getData().get(1).getData().stream().map(d -> d.getYValue().doubleValue())
                .toList())).containsExactly(1300.0, 900.0);
        assertThat(fx(() -> axisLabels(latency))).containsExactly("11-25", "11-26", "11-27", "11-28", "11-29", "11-30",
                "12-01");
        assertThat(fx(() -> chart("guardChart").getData().size())).isEqualTo(6);
        assertThat(fx(() -> chart("feedbackChart").getData().stream().map(javafx.scene.chart.XYChart.Series::getName)
                .toList())).containsExactly("thumbs up", "thumbs down");
        // the mean rating: one bucket was rated (4, 5, 3); the rest are gaps; the axis is the scale 1..5
        LineChart<Number, Number> rating = chart("ratingChart");
        assertThat(fx(() -> rating.getData().get(0).getData().stream().map(d -> d.getYValue().doubleValue())
                .toList())).containsExactly(4.0);
        javafx.scene.chart.NumberAxis ratingAxis = (javafx.scene.chart.NumberAxis) rating.getYAxis();
        assertThat(fx(() -> List.of(ratingAxis.getLowerBound(), ratingAxis.getUpperBound()))).containsExactly(1.0, 5.0);
        assertThat(fx(() -> rating.getTitle())).isEqualTo("Mean rating");
        assertThat(fx(() -> chart("sentimentChart").getData().get(0).getData().get(0).getYValue().doubleValue()))
                .isEqualTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(lookup("#dashboardsSummary").queryAs(Label.class).getText()).startsWith("100 calls");
    }

    @Test
    void typingTwoModelsFillsTheAbTableOnceTheTypingPauses() throws Exception {
        open(DashboardsViewModelTest.planted());
        // the A/B fields are below the charts: typed into as a user would after scrolling to them
        TextField a = lookup("#dashboardsAbA").queryAs(TextField.class);
        TextField b = lookup("#dashboardsAbB").queryAs(TextField.class);
        interact(() -> a.setText("echo"));
        interact(() -> b.setText("extractive"));
        assertThat(fx(() -> vm.abBProperty().get())).isEqualTo("extractive");
        @SuppressWarnings("unchecked")
        TableView<DashboardsViewModel.AbRow> table = lookup("#abTable").queryAs(TableView.class);
        waitUntil(() -> fx(() -> !table.getItems().isEmpty()));
        assertThat(fx(() -> table.getItems().get(0).interval())).isEqualTo("[+5.2 pp, +33.4 pp]");
        String picture = fx(() -> Screenshots.writeScene(table.getScene(), dir.resolve("dashboards.png")));
        assertThat(picture).contains("dashboards.png");
        Path keep = Path.of("target", "screenshots", "dashboards-test.png");
        fx(() -> Screenshots.writeScene(table.getScene(), keep));
    }

    @Test
    void openedToCompareTwoModelsItScrollsDownToTheAbTable() throws Exception {
        open(DashboardsViewModelTest.planted(), Grain.DAY,
                new DashboardsViewModel.Start(DashboardsViewModel.AbKind.MODELS, "", "echo", "extractive"));
        @SuppressWarnings("unchecked")
        TableView<DashboardsViewModel.AbRow> table = lookup("#abTable").queryAs(TableView.class);
        waitUntil(() -> fx(() -> !table.getItems().isEmpty()));
        javafx.scene.control.ScrollPane scroll = lookup("#dashboardsScroll").queryAs(javafx.scene.control.ScrollPane.class);
        waitUntil(() -> fx(() -> scroll.getVvalue() == scroll.getVmax()));
        // the table's top is inside the viewport
        assertThat(fx(() -> {
            javafx.geometry.Bounds t = table.localToScene(table.getBoundsInLocal());
            javafx.geometry.Bounds v = scroll.localToScene(scroll.getLayoutBounds());
            return t.getMinY() >= v.getMinY() && t.getMinY() < v.getMaxY();
        })).isTrue();
        assertThat(lookup("#dashboardsAbA").queryAs(TextField.class).getText()).isEqualTo("echo");
    }

    @Test
    void aWeekByHourHasEveryHourOnTheAxis() throws Exception {
        open(DashboardsViewModelTest.planted(), Grain.HOUR);
        LineChart<Number, Number> latency = chart("latencyChart");
        // 168 buckets; labelled ticks a day apart, at the period's first hour
        assertThat(fx(() -> ((javafx.scene.chart.NumberAxis) latency.getXAxis()).getUpperBound())).isEqualTo(167.5);
        assertThat(fx(() -> axisLabels(latency))).containsExactly("11-24 11:00", "11-25 11:00", "11-26 11:00",
                "11-27 11:00", "11-28 11:00", "11-29 11:00", "11-30 11:00");
        assertThat(fx(() -> latency.getData().get(1).getData().size())).isEqualTo(2);
        fx(() -> Screenshots.writeScene(latency.getScene(), Path.of("target", "screenshots", "dashboards-hours.png")));
    }

    @Test
    void noDataShowsTheEmptyStateInsteadOfCharts() throws Exception {
        open(new FakeMonitorSource());
        assertThat(lookup("#dashboardsEmpty").query().isVisible()).isTrue();
        assertThat(lookup("#dashboardsEmpty").queryAs(Label.class).getText()).startsWith("No calls, feedback or sessions");
        assertThat(lookup("#dashboardsCharts").query().isVisible()).isFalse();
    }

    @Test
    void eachFilterSaysWhatItsEmptyChoiceMeans() throws Exception {
        open(DashboardsViewModelTest.planted());
        List<String> prompts = fx(() -> java.util.stream.Stream.of("dashboardsPrompt", "dashboardsLabel",
                        "dashboardsModel", "dashboardsRun")
                .map(id -> lookup("#" + id).queryAs(javafx.scene.control.ComboBox.class).getPromptText()).toList());
        assertThat(prompts).containsExactly("every prompt", "every label", "every model", "every run");
    }
}

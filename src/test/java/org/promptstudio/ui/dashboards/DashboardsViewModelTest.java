package org.promptstudio.ui.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.StudioException;
import org.promptstudio.monitor.Buckets;
import org.promptstudio.monitor.Grain;
import org.promptstudio.monitor.MonitorRequest;
import org.promptstudio.ui.common.TaskRunner;

class DashboardsViewModelTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T10:20:00Z"), ZoneOffset.UTC);

    /** Two days of figures for every model, and one day for each of two models. */
    static FakeMonitorSource planted() {
        return new FakeMonitorSource()
                .plant(null,
                        Buckets.at("2026-11-29T00:00:00Z").calls(40, 2, 1).thumbs(6, 2).rating(4, 5, 3)
                                .answerChars(300, 340).latency(420, 1300).tokens(4000, 2000, 40).chars(16000, 8000, 40)
                                .cost("0.0400", 38, 2).guard(GuardCheck.PII, 3).turns(2, 3, 5).sentiment(0.6, -0.2)
                                .build(),
                        Buckets.at("2026-11-30T00:00:00Z").calls(60, 0, 0).thumbs(9, 1).answerChars(310, 290, 305)
                                .latency(380, 900).tokens(6000, 3000, 60).cost("0.0600", 60, 0).build())
                .plant("echo", Buckets.at("2026-11-30T00:00:00Z").calls(30, 0, 0).thumbs(48, 32)
                        .answerChars(100, 110, 90).build())
                .plant("extractive", Buckets.at("2026-11-30T00:00:00Z").calls(30, 3, 0).thumbs(56, 14)
                        .answerChars(200, 190, 220).build());
    }

    static DashboardsViewModel vm(FakeMonitorSource source) {
        return new DashboardsViewModel(source, TaskRunner.callingThread(), NOW);
    }

    @Test
    void thePeriodEndsWithTheBucketNowFallsInAndStartsWithItsGrain() {
        DashboardsViewModel vm = vm(planted());
        // a week starts by day (by hour it is 168 mostly empty buckets)
        MonitorRequest r = vm.request();
        assertThat(r.by()).isEqualTo(Grain.DAY);
        assertThat(r.to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        // the same period as studio monitor --since 7d (one rule, in app.Monitoring / MonitorRequest.last)
        MonitorRequest cli = org.promptstudio.app.Monitoring.period("7d", Grain.DAY, NOW);
        assertThat(List.of(r.from(), r.to())).containsExactly(cli.from(), cli.to());
        vm.periodProperty().set(DashboardsViewModel.Period.DAY);
        assertThat(vm.grainProperty().get()).isEqualTo(Grain.HOUR);
        assertThat(vm.request().to()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(vm.request().from()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        // the user may still choose the other grain
        vm.periodProperty().set(DashboardsViewModel.Period.WEEK);
        assertThat(vm.grainProperty().get()).isEqualTo(Grain.DAY);
        vm.grainProperty().set(Grain.HOUR);
        assertThat(vm.request().by()).isEqualTo(Grain.HOUR);
        assertThat(vm.request().from()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
        vm.periodProperty().set(DashboardsViewModel.Period.MONTH);
        assertThat(vm.grainProperty().get()).isEqualTo(Grain.DAY);
        assertThat(vm.request().to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(vm.request().from()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void activatingReadsChoicesAndChartsTheFigures() {
        FakeMonitorSource source = planted();
        DashboardsViewModel vm = vm(source);
        vm.periodProperty().set(DashboardsViewModel.Period.WEEK);
        vm.grainProperty().set(Grain.DAY);
        vm.onActivate();
        assertThat(vm.promptChoices()).containsExactly("", "support-reply");
        assertThat(vm.runChoices()).containsExactly("", "7", "3");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.emptyTextProperty().get()).isEmpty();
        assertThat(vm.charts()).extracting(DashboardsViewModel.Chart::id)
                .containsExactlyElementsOf(DashboardsViewModel.CHART_IDS);
        DashboardsViewModel.Chart latency = chart(vm, "latencyChart");
        DashboardsViewModel.Series p95 = latency.series().get(1);
        assertThat(p95.name()).isEqualTo("p95 \u2248");
        // estimates from the latency sketch, said as studio monitor says it
        assertThat(latency.title()).isEqualTo("Latency (\u2248 estimate, within 11%)");
        assertThat(latency.unit()).isEqualTo("ms \u2248");
        assertThat(p95.points()).hasSize(7); // 11-25 .. 12-01 by day
        assertThat(p95.points()).filteredOn(p -> p.label().equals("11-29")).extracting(DashboardsViewModel.Point::value)
                .containsExactly(1300.0);
        // a bucket with no timed call has no latency: a gap, never 0
        assertThat(p95.points()).filteredOn(p -> p.label().equals("11-28")).extracting(DashboardsViewModel.Point::value)
                .containsOnlyNulls();
        assertThat(chart(vm, "guardChart").series()).extracting(DashboardsViewModel.Series::name)
                .containsExactly("blocked", "pii", "injection", "blocklist", "schema", "provider");
        assertThat(chart(vm, "sentimentChart").hasData()).isTrue();
        assertThat(chart(vm, "charsChart").series().get(0).points()).filteredOn(p -> p.label().equals("11-30"))
                .extracting(DashboardsViewModel.Point::value).containsOnlyNulls();
        DashboardsViewModel.Chart feedback = chart(vm, "feedbackChart");
        assertThat(feedback.series()).extracting(DashboardsViewModel.Series::name)
                .containsExactly("thumbs up", "thumbs down");
        assertThat(feedback.series().get(0).points()).filteredOn(p -> p.label().equals("11-30"))
                .extracting(DashboardsViewModel.Point::value).containsExactly(9.0);
        // a bucket with no thumbs at all is a gap in both counts, as a bucket with no call is in the guardrails
        assertThat(feedback.series()).allSatisfy(line -> assertThat(line.points())
                .filteredOn(p -> p.label().equals("11-28")).extracting(DashboardsViewModel.Point::value)
                .containsOnlyNulls());
        assertThat(chart(vm, "guardChart").series().get(1).points()).extracting(DashboardsViewModel.Point::value)
                .containsExactly(null, null, null, null, 3.0, 0.0, null);
        // the mean rating of the bucket on the rating scale's axis; a bucket nobody rated is a gap, never 0
        DashboardsViewModel.Chart rating = chart(vm, "ratingChart");
        assertThat(rating.title()).isEqualTo("Mean rating");
        assertThat(rating.unit()).isEqualTo("rating 1 to 5");
        assertThat(rating.low()).isEqualTo(1.0);
        assertThat(rating.high()).isEqualTo(5.0);
        assertThat(rating.series()).extracting(DashboardsViewModel.Series::name).containsExactly("mean rating");
        assertThat(rating.series().get(0).points()).filteredOn(p -> p.label().equals("11-29"))
                .extracting(DashboardsViewModel.Point::value).containsExactly(4.0);
        assertThat(rating.series().get(0).points()).filteredOn(p -> p.label().equals("11-30"))
                .extracting(DashboardsViewModel.Point::value).containsOnlyNulls();
        assertThat(vm.summaryProperty().get()).startsWith("100 calls \u00b7 97 ok \u00b7 2 errors \u00b7 1 blocked")
                .contains("83.3% thumbs up of 18").contains("$0.1 known cost")
                .contains("2 calls with no price, not counted");
    }

    @Test
    void filtersGoIntoTheRequestAndABadRunIsSaidInOneLine() {
        FakeMonitorSource source = planted();
        DashboardsViewModel vm = vm(source);
        int before = vm.changesProperty().get();
        vm.promptProperty().set("support-reply");
        vm.labelProperty().set("production");
        vm.runProperty().set("7");
        assertThat(vm.changesProperty().get()).isGreaterThan(before);
        vm.onRefresh();
        MonitorRequest sent = source.requests.get(source.requests.size() - 1);
        assertThat(sent.prompt()).isEqualTo("support-reply");
        assertThat(sent.label()).isEqualTo("production");
        assertThat(sent.run()).isEqualTo(7L);
        assertThat(sent.model()).isNull();
        vm.runProperty().set("seven");
        int asked = source.requests.size();
        vm.onRefresh();
        assertThat(source.requests).hasSize(asked);
        assertThat(vm.errorProperty().get()).isEqualTo("Run: 'seven' is not a run number");
    }

    @Test
    void noDataShowsTheEmptyStateNotZeroCharts() {
        DashboardsViewModel vm = vm(new FakeMonitorSource());
        vm.onActivate();
        assertThat(vm.emptyTextProperty().get()).startsWith("No calls, feedback or sessions from 2026-11-25 00:00 to"
                + " 2026-12-02 00:00 UTC for these filters.");
        assertThat(vm.summaryProperty().get()).isEmpty();
        assertThat(chart(vm, "latencyChart").hasData()).isFalse();
    }

    @Test
    void aFailedReadIsOneLine() {
        FakeMonitorSource source = planted();
        source.failure = new StudioException("monitor: the database is busy");
        DashboardsViewModel vm = vm(source);
        vm.onActivate();
        assertThat(vm.errorProperty().get()).isEqualTo("Cannot read the monitor figures: monitor: the database is busy");
        assertThat(vm.charts()).isEmpty();
        assertThat(vm.loadedProperty().get()).isTrue();
    }

    @Test
    void twoModelsAreComparedWithIntervals() {
        FakeMonitorSource source = planted();
        DashboardsViewModel vm = vm(source);
        vm.abKindProperty().set(DashboardsViewModel.AbKind.MODELS);
        vm.abAProperty().set("echo");
        vm.onRefresh();
        assertThat(vm.abRows()).isEmpty();
        assertThat(vm.abMessageProperty().get()).isEqualTo("Name two models to compare them.");
        vm.abBProperty().set("extractive");
        vm.onRefresh();
        assertThat(vm.abMessageProperty().get()).startsWith("A is echo, B is extractive");
        DashboardsViewModel.AbRow thumbs = vm.abRows().get(0);
        assertThat(thumbs).isEqualTo(new DashboardsViewModel.AbRow("thumbs up share", "60.0%", "80.0%", "+20.0 pp",
                "[+5.2 pp, +33.4 pp]", "Newcombe hybrid score", "80 / 70"));
        DashboardsViewModel.AbRow rating = vm.abRows().stream().filter(r -> r.figure().equals("mean rating"))
                .findFirst().orElseThrow();
        assertThat(rating.a()).isEqualTo("no data");
        assertThat(rating.interval()).isEqualTo("\u2014");
        assertThat(rating.method()).isEqualTo("none: no data on either side");
    }

    @Test
    void aRatingScaleOfTheWorkspaceIsTheAxisAndWithoutOneItIsOneToFive() {
        FakeMonitorSource source = planted();
        source.choices = new MonitorSource.Choices(List.of("support-reply"), List.of("echo"), List.of(7L),
                List.of(), new MonitorSource.RatingScale(1, 10));
        DashboardsViewModel vm = vm(source);
        vm.onActivate();
        DashboardsViewModel.Chart rating = chart(vm, "ratingChart");
        assertThat(rating.unit()).isEqualTo("rating 1 to 10");
        assertThat(List.of(rating.low(), rating.high())).containsExactly(1.0, 10.0);
        DashboardsViewModel.Chart noScale = DashboardsViewModel.chartsOf(source.report(vm.request())).get(1);
        assertThat(noScale.id()).isEqualTo("ratingChart");
        assertThat(List.of(noScale.low(), noScale.high())).containsExactly(1.0, 5.0);
    }

    @Test
    void aStartNamesThePromptAndTheTwoSidesAndAsksForTheTable() {
        FakeMonitorSource source = planted();
        DashboardsViewModel vm = vm(source);
        assertThat(vm.showAbProperty().get()).isFalse();
        vm.onStart(new DashboardsViewModel.Start(DashboardsViewModel.AbKind.MODELS, "", "echo", "extractive"));
        vm.onActivate();
        assertThat(vm.showAbProperty().get()).isTrue();
        assertThat(vm.abRows()).isNotEmpty();
        assertThat(vm.abMessageProperty().get()).startsWith("A is echo, B is extractive");
        vm.onStart(new DashboardsViewModel.Start(DashboardsViewModel.AbKind.VERSIONS, "support-reply", "", ""));
        assertThat(vm.promptProperty().get()).isEqualTo("support-reply");
        assertThat(vm.showAbProperty().get()).isFalse();
    }

    @Test
    void versionsNeedAPrompt() {
        DashboardsViewModel vm = vm(planted());
        vm.abKindProperty().set(DashboardsViewModel.AbKind.VERSIONS);
        vm.abAProperty().set("1");
        vm.abBProperty().set("2");
        vm.onRefresh();
        assertThat(vm.abMessageProperty().get()).isEqualTo("Choose a prompt to compare two of its versions.");
        assertThat(vm.abRows()).isEmpty();
    }

    private static DashboardsViewModel.Chart chart(DashboardsViewModel vm, String id) {
        List<DashboardsViewModel.Chart> found = vm.charts().stream().filter(c -> c.id().equals(id)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void theTimeAxisHasHalfABucketOnEachSideSoALonePointIsDrawnWhole() {
        // everything in one bucket: the point at x = 0 sits in the middle of the axis, not on its edge
        DashboardsViewModel.AxisRange one = DashboardsViewModel.timeAxis(1, false);
        assertThat(one.low()).isEqualTo(-0.5);
        assertThat(one.high()).isEqualTo(0.5);
        assertThat(one.tick()).isLessThan(one.high() - one.low());
        DashboardsViewModel.AxisRange hours = DashboardsViewModel.timeAxis(24, true);
        assertThat(hours.low()).isEqualTo(-0.5);
        assertThat(hours.high()).isEqualTo(23.5);
        DashboardsViewModel.AxisRange week = DashboardsViewModel.timeAxis(7, false);
        assertThat(week.low()).isLessThan(0);
        assertThat(week.high()).isGreaterThan(6);
    }

    @Test
    void aValueAxisEndsARoundStepAboveTheLargestValue() {
        List<DashboardsViewModel.Point> points = List.of(
                new DashboardsViewModel.Point(Instant.parse("2026-12-01T00:00:00Z"), "12-01", 300_000.0),
                new DashboardsViewModel.Point(Instant.parse("2026-12-02T00:00:00Z"), "12-02", null));
        DashboardsViewModel.Chart chars = new DashboardsViewModel.Chart("charsChart", "Characters", "characters",
                List.of(new DashboardsViewModel.Series("in", points)));
        DashboardsViewModel.AxisRange y = DashboardsViewModel.valueAxis(chars);
        assertThat(y.low()).isEqualTo(0.0);
        // at least 5% headroom above 300,000, at most about a third, on a whole tick
        assertThat(y.high()).isGreaterThanOrEqualTo(315_000.0).isLessThanOrEqualTo(400_000.0);
        assertThat(y.high() / y.tick()).isEqualTo(Math.rint(y.high() / y.tick()));
        // a fixed range (mean rating) and a chart with no value keep their own axis
        assertThat(DashboardsViewModel.valueAxis(new DashboardsViewModel.Chart("ratingChart", "Mean rating", "rating",
                List.of(new DashboardsViewModel.Series("mean", points)), 1.0, 5.0))).isNull();
        assertThat(DashboardsViewModel.valueAxis(new DashboardsViewModel.Chart("costChart", "Cost", "USD",
                List.of(new DashboardsViewModel.Series("known cost", List.of(new DashboardsViewModel.Point(
                        Instant.parse("2026-12-01T00:00:00Z"), "12-01", null))))))).isNull();
        // small values: 0.04 USD has headroom too
        DashboardsViewModel.AxisRange cost = DashboardsViewModel.valueAxis(new DashboardsViewModel.Chart("costChart",
                "Cost", "USD", List.of(new DashboardsViewModel.Series("known cost", List.of(new DashboardsViewModel.Point(
                        Instant.parse("2026-12-01T00:00:00Z"), "12-01", 0.04))))));
        assertThat(cost.high()).isGreaterThanOrEqualTo(0.042).isLessThanOrEqualTo(0.06);
    }

    @Test
    void moneyReadsAsEveryCostDoesAndNoFigureIsANegativeZero() {
        // a known zero cost is $0, a small one keeps its significant digits, the difference is signed money
        assertThat(DashboardsViewModel.value("USD", 0.0)).isEqualTo("$0");
        assertThat(DashboardsViewModel.value("USD", 0.0000123)).isEqualTo("$0.000012");
        assertThat(DashboardsViewModel.signed("USD", 0.0000123)).isEqualTo("+$0.000012");
        assertThat(DashboardsViewModel.signed("USD", -0.0000123)).isEqualTo("-$0.000012");
        assertThat(DashboardsViewModel.signed("USD", 0.0)).isEqualTo("$0");
        DashboardsViewModel.AbRow cost = DashboardsViewModel.row(new org.promptstudio.monitor.AbFigure(
                "cost per call", "USD", 0.0, 0.0000123, 0.0000123, null, null, "difference of means", 3, 3));
        assertThat(List.of(cost.a(), cost.b(), cost.difference())).containsExactly("$0", "$0.000012", "+$0.000012");
        // a sentiment just below zero rounds to 0.00, not -0.00; differences likewise
        assertThat(DashboardsViewModel.value("score", -0.001)).isEqualTo("0.00");
        assertThat(DashboardsViewModel.value("score", -0.0)).isEqualTo("0.00");
        assertThat(DashboardsViewModel.value("score", 0.25)).isEqualTo("+0.25");
        assertThat(DashboardsViewModel.signed("score", -0.004)).isEqualTo("0.00");
        assertThat(DashboardsViewModel.signed("score", -0.3)).isEqualTo("-0.30");
        assertThat(DashboardsViewModel.signed("share", -0.0001)).isEqualTo("0.0 pp");
        assertThat(DashboardsViewModel.signed("ms", -0.2)).isEqualTo("0 ms");
        assertThat(DashboardsViewModel.value("ms", 1234.4)).isEqualTo("1,234 ms");
        assertThat(DashboardsViewModel.signed("share", 0.2)).isEqualTo("+20.0 pp");
    }
}

package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.monitor.AbFigure;
import org.promptstudio.monitor.AbSide;
import org.promptstudio.monitor.Buckets;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;

class AbComparisonTest {

    private static Map<String, AbFigure> byName(List<AbFigure> figures) {
        return figures.stream().collect(Collectors.toMap(AbFigure::name, Function.identity()));
    }

    @Test
    void sharesGetNewcombesIntervalOfBMinusA() {
        // Newcombe 1998, example (a) turned round: B has 56/70 thumbs up, A 48/80.
        MonitorReport a = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").calls(100, 10, 2).thumbs(48, 32).build());
        MonitorReport b = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").calls(100, 4, 0).thumbs(56, 14).build());
        Map<String, AbFigure> f = byName(AbComparison.figures(a, b));
        AbFigure thumbs = f.get("thumbs up share");
        assertThat(thumbs.a()).isCloseTo(0.6, within(1e-12));
        assertThat(thumbs.b()).isCloseTo(0.8, within(1e-12));
        assertThat(thumbs.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(thumbs.low()).isCloseTo(0.0524, within(0.00005));
        assertThat(thumbs.high()).isCloseTo(0.3339, within(0.00005));
        assertThat(thumbs.method()).isEqualTo("Newcombe hybrid score");
        assertThat(thumbs.nA()).isEqualTo(80);
        assertThat(thumbs.nB()).isEqualTo(70);
        AbFigure errors = f.get("error share");
        assertThat(errors.difference()).isCloseTo(-0.06, within(1e-12));
        assertThat(errors.low()).isNegative();
    }

    @Test
    void meansGetWelchsInterval() {
        double[] one = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
        double[] two = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
        MonitorReport a = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").calls(10, 0, 0).rating(two).build());
        MonitorReport b = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").calls(10, 0, 0).rating(one).build());
        AbFigure rating = byName(AbComparison.figures(a, b)).get("mean rating");
        // R's t.test(extra ~ group, data = sleep): group 1 - group 2 = -1.58, 95% CI -3.3654832 to 0.2054832.
        assertThat(rating.difference()).isCloseTo(-1.58, within(1e-9));
        assertThat(rating.low()).isCloseTo(-3.3654832, within(1e-6));
        assertThat(rating.high()).isCloseTo(0.2054832, within(1e-6));
        assertThat(rating.method()).isEqualTo("Welch");
    }

    @Test
    void aSideWithoutDataGetsNoDifferenceAndSaysSo() {
        MonitorReport a = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").calls(20, 1, 0).thumbs(5, 5)
                .latency(400, 900).cost("0.020", 20, 0).answerChars(100, 120, 140).build());
        MonitorReport b = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").build());
        Map<String, AbFigure> f = byName(AbComparison.figures(a, b));
        for (AbFigure figure : f.values()) {
            assertThat(figure.difference()).as(figure.name()).isNull();
            assertThat(figure.low()).as(figure.name()).isNull();
            assertThat(figure.b()).as(figure.name()).isNull();
        }
        assertThat(f.get("thumbs up share").method()).isEqualTo("none: no data for B");
        assertThat(f.get("thumbs up share").a()).isEqualTo(0.5);
        assertThat(f.get("turns per session").method()).isEqualTo("none: no data on either side");
    }

    @Test
    void percentilesAndCostHaveADifferenceButNoInterval() {
        MonitorReport a = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").calls(40, 0, 0).latency(400, 900)
                .cost("0.040", 40, 0).guard(GuardCheck.PII, 4).answerChars(10).build());
        MonitorReport b = Buckets.report(Buckets.at("2026-11-30T00:00:00Z").calls(40, 0, 0).latency(300, 1200)
                .cost("0.020", 20, 20).guard(GuardCheck.PII, 2).guard(GuardCheck.INJECTION, 2).answerChars(12, 14)
                .build());
        Map<String, AbFigure> f = byName(AbComparison.figures(a, b));
        assertThat(f.get("latency p95 \u2248").difference()).isEqualTo(300.0);
        assertThat(f.get("latency p95 \u2248").low()).isNull();
        assertThat(f.get("latency p95 \u2248").method()).isEqualTo("none: percentiles");
        AbFigure cost = f.get("cost per call");
        assertThat(cost.a()).isCloseTo(0.001, within(1e-12));
        assertThat(cost.b()).isCloseTo(0.001, within(1e-12));
        assertThat(cost.nB()).isEqualTo(20);
        assertThat(f.get("guard findings per call").difference()).isCloseTo(0.0, within(1e-12));
        AbFigure length = f.get("mean answer length");
        assertThat(length.difference()).isEqualTo(3.0);
        assertThat(length.low()).isNull();
        assertThat(length.method()).isEqualTo("none: under 2 values on a side");
    }

    @Test
    void aSideNarrowsTheBaseRequest() {
        MonitorRequest base = MonitorRequest.all(java.time.Instant.parse("2026-11-01T00:00:00Z"),
                java.time.Instant.parse("2026-12-01T00:00:00Z"), org.promptstudio.monitor.Grain.DAY)
                .withPrompt("support-reply").withModel("gpt-4o");
        MonitorRequest side = AbComparison.request(base, new AbSide("v3", null));
        assertThat(side.version()).isEqualTo("v3");
        assertThat(side.model()).isEqualTo("gpt-4o");
        assertThat(AbComparison.request(base, new AbSide(null, "claude")).model()).isEqualTo("claude");
    }
}

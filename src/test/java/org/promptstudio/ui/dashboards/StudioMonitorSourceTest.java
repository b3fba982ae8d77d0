package org.promptstudio.ui.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.monitor.AbReport;
import org.promptstudio.monitor.AbRequest;
import org.promptstudio.monitor.AbSide;
import org.promptstudio.monitor.Buckets;
import org.promptstudio.monitor.Grain;
import org.promptstudio.monitor.MonitorRequest;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.testsupport.Workspaces;

/** The dashboards' source over a real workspace with two recorded runs on the built-in echo model. */
class StudioMonitorSourceTest {

    @TempDir
    Path dir;

    private Studio open() throws Exception {
        Workspaces.init(dir, "dash", "  - id: echo\n    provider: echo\n");
        Files.writeString(dir.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?"}
                {"id": "valve", "question": "How do valves pair?"}
                """);
        Files.writeString(dir.resolve("experiments/asks.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: qs
                concurrency: 1
                """);
        return Studio.open(dir);
    }

    private static long run(Studio studio) {
        return studio.runs().plan(new Runs.Request("asks", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
    }

    @Test
    void theFiltersOfferThePromptsModelsAndRunsWithCalls() throws Exception {
        try (Studio studio = open()) {
            StudioMonitorSource source = new StudioMonitorSource(studio);
            assertThat(source.choices().prompts()).isEmpty();
            long first = run(studio);
            long second = run(studio);
            MonitorSource.Choices c = source.choices();
            assertThat(c.prompts()).containsExactly("ask");
            assertThat(c.models()).containsExactly("echo");
            assertThat(c.runs()).containsExactly(second, first);
        }
    }

    @Test
    void theRatingScaleIsTheFirstRatingSchemasOrNoneWithoutOne() throws Exception {
        try (Studio studio = open()) {
            assertThat(new StudioMonitorSource(studio).choices().ratingScale()).isNull();
        }
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")) + """
                labels:
                  - name: topic
                    type: category
                    categories: [billing, setup]
                  - name: helpfulness
                    type: rating
                    scale: { min: 1, max: 7 }
                """);
        try (Studio studio = Studio.open(dir)) {
            assertThat(new StudioMonitorSource(studio).choices().ratingScale())
                    .isEqualTo(new MonitorSource.RatingScale(1, 7));
        }
    }

    @Test
    void aReportCountsTheRecordedCallsFromTheWorkspacesSums() throws Exception {
        try (Studio studio = open()) {
            run(studio);
            run(studio);
            Instant now = Instant.now();
            MonitorRequest r = MonitorRequest.all(now.minus(java.time.Duration.ofDays(2)),
                    now.plus(java.time.Duration.ofDays(1)), Grain.DAY).withPrompt("ask");
            org.promptstudio.monitor.MonitorReport report = new StudioMonitorSource(studio).report(r);
            assertThat(report.total().calls()).isEqualTo(4);
            assertThat(report.total().ok()).isEqualTo(4);
            assertThatThrownBy(() -> new StudioMonitorSource(studio).report(r.withPrompt("nope")))
                    .satisfies(e -> assertThat(ErrorText.reason(e)).doesNotContain("Exception").contains("nope"));
        }
    }

    @Test
    void anAbViewIsTwoReportsNarrowedToEachSide() throws Exception {
        try (Studio studio = open()) {
            List<MonitorRequest> asked = new ArrayList<>();
            StudioMonitorSource source = new StudioMonitorSource(studio, request -> {
                asked.add(request);
                boolean b = "extractive".equals(request.model());
                return Buckets.report(Buckets.at(request.from()).calls(100, 0, 0)
                        .thumbs(b ? 56 : 48, b ? 14 : 32).build());
            });
            MonitorRequest base = MonitorRequest.all(Instant.parse("2026-11-01T00:00:00Z"),
                    Instant.parse("2026-11-02T00:00:00Z"), Grain.DAY).withPrompt("ask");
            AbReport ab = source.compare(new AbRequest(base, new AbSide(null, "echo"), new AbSide(null, "extractive")));
            assertThat(asked).extracting(MonitorRequest::model).containsExactly("echo", "extractive");
            assertThat(asked).extracting(MonitorRequest::prompt).containsOnly("ask");
            assertThat(ab.figures().get(0).difference()).isEqualTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(ab.figures().get(0).low()).isEqualTo(0.0524, org.assertj.core.api.Assertions.within(0.00005));
        }
    }
}

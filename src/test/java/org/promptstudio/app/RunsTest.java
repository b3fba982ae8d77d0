package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.RunEstimate;

/** The run use case on a real workspace (git, H2 in the folder) with the built-in echo model. */
class RunsTest {

    private static final int CASES = 5;

    @TempDir
    Path dir;

    @BeforeEach
    void workspace() throws Exception {
        Studio.init(dir, "runs");
        Files.writeString(dir.resolve("studio.yaml"), """
                name: runs
                models:
                  - id: echo
                    provider: echo
                  - id: slow-echo
                    provider: echo
                    options: { delayMillis: 200 }
                """);
        Files.writeString(dir.resolve("prompts/solve.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """);
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= CASES; i++) {
            rows.append("{\"question\": \"What is ").append(i).append(" + ").append(i).append("?\", \"expected\": \"")
                    .append(2 * i).append("\"}\n");
        }
        Files.writeString(dir.resolve("datasets/sums.jsonl"), rows.toString());
        Files.writeString(dir.resolve("experiments/sums.yaml"), """
                prompts: [solve]
                models: [echo]
                dataset: sums
                concurrency: 1
                """);
        Files.writeString(dir.resolve("experiments/slow.yaml"), """
                prompts: [solve]
                models: [slow-echo]
                dataset: sums
                concurrency: 1
                """);
    }

    private static Runs.Request request(String experiment) {
        return new Runs.Request(experiment, null, null, null, CachePolicy.OFF);
    }

    @Test
    void anEstimateCountsEveryPlannedCallAndCallsNothing() {
        try (Studio studio = Studio.open(dir)) {
            Runs.Planned planned = studio.runs().plan(request("sums"));
            Runs.Estimate estimate = planned.estimate();

            assertThat(planned.blocker()).isNull();
            assertThat(estimate.callsByVersionAndModel()).hasSize(1);
            assertThat(estimate.callsByVersionAndModel().keySet().iterator().next())
                    .startsWith("prompts/solve.prompt@").endsWith(" x echo");
            assertThat(estimate.callsByVersionAndModel().values()).containsExactly(CASES);
            RunEstimate e = estimate.estimate();
            assertThat(e.calls()).isEqualTo(CASES);
            assertThat(e.inputTokens()).isPositive();
            // No maxOutputTokens anywhere: each call is assumed to write RunEstimate.DEFAULT_OUTPUT_TOKENS.
            assertThat(e.outputTokens()).isEqualTo((long) CASES * RunEstimate.DEFAULT_OUTPUT_TOKENS);
            assertThat(e.maxCost()).isZero(); // the built-in echo model costs nothing
            assertThat(StudioParts.calls(studio).count()).isZero();
        }
    }

    @Test
    void aStartedRunReportsItsProgressAndEndsFinishedWithEveryCallRecorded() {
        try (Studio studio = Studio.open(dir)) {
            List<ExperimentRunner.Snapshot> seen = new CopyOnWriteArrayList<>();
            Runs.RunHandle handle = studio.runs().plan(request("sums")).start((s, call) -> seen.add(s));
            Runs.Outcome outcome = handle.outcome();

            assertThat(outcome.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(outcome.snapshot().done()).isEqualTo(CASES);
            assertThat(seen).hasSize(CASES);
            assertThat(handle.isDone()).isTrue();
            assertThat(handle.progress().done()).isEqualTo(CASES);
            assertThat(studio.runs().calls(outcome.runId())).hasSize(CASES);
            assertThat(studio.runs().ended(outcome.runId())).isEqualTo(CASES);
        }
    }

    @Test
    void aRunCancelledBeforeItStartsCallsNoModel() {
        try (Studio studio = Studio.open(dir)) {
            Runs.Planned planned = studio.runs().plan(request("sums"));
            planned.cancel();
            Runs.Outcome outcome = planned.start(Runs.Progress.NONE).outcome();

            assertThat(planned.cancelled()).isTrue();
            assertThat(outcome.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(studio.runs().ended(outcome.runId())).isZero();
        }
    }

    @Test
    void cancellingAStartedRunKeepsTheCallsThatEndedAndStopsTheRest() throws Exception {
        try (Studio studio = Studio.open(dir)) {
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            // The first call's report waits until the run is cancelled, so no later call can end before it.
            Runs.RunHandle handle = studio.runs().plan(request("slow")).start((s, call) -> {
                if (first.getCount() == 0) return;
                first.countDown();
                try {
                    cancelled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            first.await();
            handle.cancel();
            cancelled.countDown();
            Runs.Outcome outcome = handle.outcome();

            assertThat(outcome.status()).isEqualTo(RunStatus.CANCELLED);
            long ended = studio.runs().ended(outcome.runId());
            assertThat(ended).isBetween(1L, (long) CASES - 1);
            // A cancelled run is resumed with only the calls it has no record of.
            Runs.Outcome resumed = studio.runs().plan(new Runs.Request(null, outcome.runId(), null, null,
                    CachePolicy.OFF)).start(Runs.Progress.NONE).outcome();
            assertThat(resumed.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(studio.runs().ended(outcome.runId())).isEqualTo(CASES);
        }
    }
}

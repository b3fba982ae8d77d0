package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.SumsWorkspace;
import org.promptstudio.testsupport.Workspaces;

/**
 * A run's budget cap (money or calls) on a real workspace: it stops the run before the call that would cross it,
 * the run is recorded {@code budget_reached} and shown so by the run list, and a resume (with another cap or none)
 * makes the rest, each planned call once. The estimate counts the calls the response cache would answer.
 */
class RunBudgetTest {

    private static final int CASES = 5;

    @TempDir
    Path dir;
    OpenAiChatServer server;
    final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void workspace() throws Exception {
        server = OpenAiChatServer.start(reply -> {
            requests.incrementAndGet();
            reply.whole("4", 20, 1);
        });
        Studio.init(dir, "budget");
        // A dollar a token: the built-in echo model costs what the workspace says (Pricing), so the cap bites offline.
        SumsWorkspace.write(dir, "budget", "local", "local-llm", server.url(), CASES);
        SumsWorkspace.experiment(dir, "dear", "dear-echo", 1);
        SumsWorkspace.experiment(dir, "wide", "dear-echo", 3);
        SumsWorkspace.experiment(dir, "local", "local", 2);
        // The same local model with prices ($1 a token): what the cache answers must cost nothing under a money cap.
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml"))
                + Workspaces.openAiModel("dear-local", "local-llm", server.url())
                + "    pricing: { inputPerMillion: 1000000, outputPerMillion: 1000000 }\n");
        SumsWorkspace.experiment(dir, "dear-local", "dear-local", 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Runs.Request request(String experiment, Long resume, Integer limit, CachePolicy cache) {
        return new Runs.Request(experiment, resume, null, limit, cache);
    }

    private static BigDecimal sum(List<CallRecord> calls) {
        return calls.stream().map(CallRecord::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aMoneyCapStopsBeforeTheCallThatCouldCrossItAndAResumeWithoutCapMakesTheRest() {
        try (Studio studio = Studio.open(dir)) {
            Runs.Planned planned = studio.runs().plan(request("dear", null, null, CachePolicy.OFF));
            // Every case has the same number of tokens, so every call has the same upper bound.
            double perCall = planned.estimate().estimate().maxCost() / CASES;
            BigDecimal cap = BigDecimal.valueOf(perCall * 2.5);
            Runs.Outcome outcome = planned.start(Runs.Progress.NONE, new ExperimentRunner.Budget(cap, null)).outcome();

            assertThat(outcome.status()).isEqualTo(RunStatus.BUDGET_REACHED);
            assertThat(outcome.snapshot().budgetReached()).isTrue();
            List<CallRecord> made = studio.runs().calls(outcome.runId());
            // One call at a time: never over the cap, and stopped only when one more call could have crossed it.
            assertThat(made).isNotEmpty().hasSizeLessThan(CASES);
            assertThat(sum(made)).isLessThanOrEqualTo(cap);
            assertThat(sum(made).add(BigDecimal.valueOf(perCall))).isGreaterThan(cap);
            // The calls made are the first of the plan.
            List<String> planOrder = planned.plan().cases().stream().map(RunPlan.Case::id).toList();
            assertThat(made.stream().map(CallRecord::caseId).toList()).isEqualTo(planOrder.subList(0, made.size()));
            assertThat(StudioParts.runs(studio).find(outcome.runId()).orElseThrow().status())
                    .isEqualTo(RunStatus.BUDGET_REACHED);

            Runs.Planned resumed = studio.runs().plan(request(null, outcome.runId(), null, CachePolicy.OFF));
            // The estimate of a resumed run counts only the calls still to make.
            assertThat(resumed.estimate().plannedCalls()).isEqualTo(CASES - made.size());
            Runs.Outcome rest = resumed.start(Runs.Progress.NONE).outcome();

            assertThat(rest.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(studio.runs().calls(outcome.runId())).extracting(CallRecord::caseId)
                    .containsExactlyInAnyOrderElementsOf(planOrder);
        }
    }

    @Test
    void aCallCapStopsAfterThatManyCallsInPlanOrderEvenWithSeveralAtOnce() {
        try (Studio studio = Studio.open(dir)) {
            Runs.Planned planned = studio.runs().plan(request("wide", null, null, CachePolicy.OFF));
            List<String> planOrder = planned.plan().cases().stream().map(RunPlan.Case::id).toList();
            Runs.Outcome first = planned.start(Runs.Progress.NONE, new ExperimentRunner.Budget(null, 2)).outcome();

            assertThat(first.status()).isEqualTo(RunStatus.BUDGET_REACHED);
            assertThat(studio.runs().calls(first.runId())).extracting(CallRecord::caseId)
                    .containsExactlyInAnyOrderElementsOf(planOrder.subList(0, 2));
            RunHistory.Entry listed = studio.runHistory().find(first.runId()).orElseThrow();
            assertThat(listed.state()).isEqualTo("budget-reached");
            assertThat(listed.resumeCommand()).isEqualTo("studio run --resume " + first.runId());

            // Resumed with a new cap: two more, and stopped again.
            Runs.Outcome second = studio.runs().plan(request(null, first.runId(), null, CachePolicy.OFF))
                    .start(Runs.Progress.NONE, new ExperimentRunner.Budget(null, 2)).outcome();
            assertThat(second.status()).isEqualTo(RunStatus.BUDGET_REACHED);
            assertThat(studio.runs().calls(first.runId())).extracting(CallRecord::caseId)
                    .containsExactlyInAnyOrderElementsOf(planOrder.subList(0, 4));

            // Resumed with a cap it does not reach: finished.
            Runs.Outcome last = studio.runs().plan(request(null, first.runId(), null, CachePolicy.OFF))
                    .start(Runs.Progress.NONE, new ExperimentRunner.Budget(null, 2)).outcome();
            assertThat(last.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(studio.runs().calls(first.runId())).extracting(CallRecord::caseId)
                    .containsExactlyInAnyOrderElementsOf(planOrder);
            assertThat(studio.runHistory().find(first.runId()).orElseThrow().state()).isEqualTo("done");
        }
    }

    @Test
    void aMoneyCapOnAModelWithoutPricesIsRefusedBeforeAnyCall() {
        try (Studio studio = Studio.open(dir)) {
            Runs.Planned planned = studio.runs().plan(request("local", null, null, CachePolicy.OFF));
            assertThatThrownBy(() -> planned.start(Runs.Progress.NONE,
                    new ExperimentRunner.Budget(new BigDecimal("1.00"), null)))
                    .isInstanceOf(StudioException.class)
                    .hasMessage("a budget in US dollars cannot be checked: model 'local' has no prices (add pricing to"
                            + " it in studio.yaml, or cap the number of calls)");
            assertThat(requests.get()).isZero();
            assertThat(studio.runHistory().latest(10)).isEmpty();
        }
    }

    @Test
    void theEstimateCountsCallsTheCacheWouldAnswerAndTheCallCapDoesNotCountThem() {
        try (Studio studio = Studio.open(dir)) {
            // Two cases answered by the model (temperature 0: kept in the cache).
            Runs.Outcome warm = studio.runs().plan(request("local", null, 2, CachePolicy.AUTO))
                    .start(Runs.Progress.NONE).outcome();
            assertThat(warm.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(requests.get()).isEqualTo(2);

            Runs.Planned planned = studio.runs().plan(request("local", null, null, CachePolicy.AUTO));
            Runs.Estimate estimate = planned.estimate();
            assertThat(estimate.plannedCalls()).isEqualTo(CASES);
            assertThat(estimate.cachedCalls()).isEqualTo(2);
            assertThat(estimate.estimate().calls()).isEqualTo(CASES - 2);
            // Without the cache, nothing is served from it.
            assertThat(studio.runs().plan(request("local", null, null, CachePolicy.OFF)).estimate().cachedCalls()).isZero();

            // A cap of three calls: the two cached answers send nothing, so all five are made.
            Runs.Outcome full = planned.start(Runs.Progress.NONE, new ExperimentRunner.Budget(null, 3)).outcome();
            assertThat(full.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(full.snapshot().cached()).isEqualTo(2);
            assertThat(requests.get()).isEqualTo(2 + 3);
        }
    }

    @Test
    void answersFromTheCacheCostNothingUnderAMoneyCapNorInTheCostSoFar() {
        try (Studio studio = Studio.open(dir)) {
            // Three cases answered once (temperature 0: kept in the cache); each answer costs $21 (20 + 1 tokens at
            // a dollar a token, as the local server reports its usage).
            Runs.Outcome warm = studio.runs().plan(request("dear-local", null, 3, CachePolicy.AUTO))
                    .start(Runs.Progress.NONE).outcome();
            assertThat(warm.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(requests.get()).isEqualTo(3);

            Runs.Planned planned = studio.runs().plan(request("dear-local", null, null, CachePolicy.AUTO));
            assertThat(planned.estimate().cachedCalls()).isEqualTo(3);
            // Room for the two calls the cache cannot answer ($42), not for the five answers' recorded cost ($105):
            // the three from the cache must cost nothing.
            BigDecimal cap = new BigDecimal("52.50");
            Runs.Outcome full = planned.start(Runs.Progress.NONE, new ExperimentRunner.Budget(cap, null)).outcome();

            assertThat(full.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(full.snapshot().cached()).isEqualTo(3);
            assertThat(requests.get()).isEqualTo(3 + 2);
            List<CallRecord> made = studio.runs().calls(full.runId());
            BigDecimal paid = made.stream().filter(c -> !c.cached()).map(CallRecord::cost)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(paid).isEqualByComparingTo("42");
            // The cost so far is what was paid, as the run's recorded spend has it, and so is the scoreboard's.
            assertThat(full.snapshot().cost()).isEqualByComparingTo(paid);
            assertThat(Scoreboards.of(studio).score(full.runId()).board().rows()).singleElement()
                    .satisfies(row -> assertThat(row.cost()).isEqualByComparingTo(paid));
            assertThat(made.stream().filter(CallRecord::cached)).allSatisfy(c ->
                    assertThat(c.spent()).isZero());
        }
    }
}

package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.ProviderException;
import org.promptstudio.store.CallQuery;
import org.promptstudio.store.Database;
import org.promptstudio.template.PromptParser;
import org.promptstudio.template.PromptRenderer;

/** The runner against a real H2 file; the model is a local stand-in that answers from the prompt. */
class ExperimentRunnerTest {

    @TempDir
    Path state;
    Database db;
    long runId;

    private static final String SOLVE = """
            ---
            config: { temperature: 0, maxOutputTokens: 64 }
            input:
              schema:
                question: string
                examples?(array):
                  question: string
                  answer: string
            ---
            {{#each examples}}Q: {{question}} A: {{answer}}
            {{/each}}Q: {{question}}
            """;

    @BeforeEach
    void open() {
        db = Database.open(state);
        runId = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "t", "experiments/t.yaml", null)).id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Answers "Answer: N" where N is the number of characters of the last user message; fails on "boom". */
    static final class CountingModel implements ModelProvider {
        final AtomicInteger calls = new AtomicInteger();
        final List<GenerationParams> params = new CopyOnWriteArrayList<>();

        @Override
        public ChatResult chat(ChatRequest request, org.promptstudio.provider.StreamListener listener) {
            calls.incrementAndGet();
            params.add(request.params());
            String last = request.messages().get(request.messages().size() - 1).text();
            if (last.contains("boom")) throw new ProviderException("counting: HTTP 500 from http://127.0.0.1/x", true, -1, 500, null);
            return new ChatResult("thinking...\nAnswer: " + last.length(), "stop", new ChatResult.Usage(100, 20, false), 5, 1L, "counting");
        }
    }

    private static RunPlan plan(ExperimentSpec spec, List<RunPlan.Case> cases, FewShotSelector selector) {
        RunPlan.Prompt p = new RunPlan.Prompt("solve", "prompts/solve.prompt", "abc1234", null,
                PromptParser.parse(SOLVE, "prompts/solve.prompt"));
        return new RunPlan(spec, List.of(p), cases, RunPlan.cells(List.of(p), cases, spec.models(), spec.samples()), selector);
    }

    private static ExperimentSpec spec(ExperimentSpec.Strategy strategy, int samples, Map<String, Object> params) {
        return new ExperimentSpec("t", null, List.of(new ExperimentSpec.PromptSpec("solve", "working")), List.of("m1", "m2"),
                "d", null, List.of(), samples, strategy, params, 4, List.of());
    }

    private ExperimentRunner runner(ModelProvider provider) {
        ModelRef m1 = new ModelRef("m1", "counting", "c1", null, new GenerationParams(0.5, null, null, 32, null, null, null, null, null),
                1.0, 2.0, null, null, null, Map.of());
        ModelRef m2 = ModelRef.of("m2", "counting", "c2");
        return new ExperimentRunner(new PromptRenderer(), new ExperimentRunner.Models() {
            @Override
            public ModelRef ref(String id) {
                return id.equals("m1") ? m1 : m2;
            }

            @Override
            public ModelProvider provider(String id) {
                return provider;
            }
        }, db.calls());
    }

    private final List<RunPlan.Case> cases = List.of(
            new RunPlan.Case("d:1", Map.of("question", "two plus two"), Map.of("expected", "4")),
            new RunPlan.Case("d:2", Map.of("question", "boom"), Map.of()));

    @Test
    void everyCellIsRecordedWithItsVersionTokensCostAndExtractedAnswer() {
        CountingModel model = new CountingModel();
        ExperimentSpec spec = spec(new ExperimentSpec.Strategy("chain-of-thought", null, null, null, null,
                "Answer:\\s*(\\d+)", null, null), 2, Map.of("temperature", 0.9));
        List<CallRecord> seen = new CopyOnWriteArrayList<>();
        ExperimentRunner.Snapshot s = runner(model).run(plan(spec, cases, null), runId, Set.of(), 3,
                (snap, call) -> seen.add(call), new Cancellation());

        assertThat(s.total()).isEqualTo(8);
        assertThat(s.done()).isEqualTo(8);
        assertThat(s.failed()).isEqualTo(4);
        assertThat(seen).hasSize(8);
        List<CallRecord> rows = db.calls().list(CallQuery.latest(100).inRun(runId));
        assertThat(rows).hasSize(8);
        CallRecord ok = db.calls().find(rows.stream().filter(r -> r.status() == CallStatus.OK && r.model().equals("m1"))
                .findFirst().orElseThrow().id()).orElseThrow();
        assertThat(ok.promptPath()).isEqualTo("prompts/solve.prompt");
        assertThat(ok.promptCommit()).isEqualTo("abc1234");
        assertThat(ok.tokensIn()).isEqualTo(100);
        assertThat(ok.cost()).isEqualByComparingTo(new BigDecimal("0.00014"));
        assertThat(ok.texts().extractedAnswer()).isEqualTo(String.valueOf("Q: two plus two".length()));
        assertThat(ok.texts().messagesJson()).contains("Q: two plus two");
        // The run's temperature wins over the model's and the prompt's; the model's max tokens over the prompt's.
        assertThat(ok.paramsJson()).contains("\"temperature\":0.9").contains("\"maxOutputTokens\":32");
        CallRecord failed = rows.stream().filter(r -> r.status() == CallStatus.ERROR).findFirst().orElseThrow();
        assertThat(failed.error()).isEqualTo("counting: HTTP 500 from http://127.0.0.1/x");
    }

    @Test
    void theCellsAreInDatasetOrderThenPromptVersionModelAndSample() {
        RunPlan.Prompt v1 = new RunPlan.Prompt("solve", "prompts/solve.prompt", "aaa1111", null,
                PromptParser.parse(SOLVE, "prompts/solve.prompt"));
        RunPlan.Prompt v2 = new RunPlan.Prompt("solve", "prompts/solve.prompt", "bbb2222", null,
                PromptParser.parse(SOLVE, "prompts/solve.prompt"));
        List<String> order = RunPlan.cells(List.of(v1, v2), cases, List.of("m1", "m2"), 2).stream()
                .map(c -> c.testCase().id() + " " + c.prompt().commit() + " " + c.modelId() + " #" + c.sample()).toList();
        assertThat(order).containsExactly(
                "d:1 aaa1111 m1 #0", "d:1 aaa1111 m1 #1", "d:1 aaa1111 m2 #0", "d:1 aaa1111 m2 #1",
                "d:1 bbb2222 m1 #0", "d:1 bbb2222 m1 #1", "d:1 bbb2222 m2 #0", "d:1 bbb2222 m2 #1",
                "d:2 aaa1111 m1 #0", "d:2 aaa1111 m1 #1", "d:2 aaa1111 m2 #0", "d:2 aaa1111 m2 #1",
                "d:2 bbb2222 m1 #0", "d:2 bbb2222 m1 #1", "d:2 bbb2222 m2 #0", "d:2 bbb2222 m2 #1");
    }

    @Test
    void callsThatFinishInReversePlanOrderAreReadBackInPlanOrder() {
        List<RunPlan.Case> three = List.of(
                new RunPlan.Case("d:1", Map.of("question", "two plus two"), Map.of("expected", "4")),
                new RunPlan.Case("d:2", Map.of("question", "ten minus one"), Map.of("expected", "9")),
                new RunPlan.Case("d:3", Map.of("question", "six times seven"), Map.of("expected", "42")));
        ExperimentSpec spec = spec(ExperimentSpec.Strategy.zeroShot(), 2, Map.of());
        RunPlan plan = plan(spec, three, null);
        java.util.concurrent.atomic.AtomicReference<ModelProvider> model = new java.util.concurrent.atomic.AtomicReference<>();
        ExperimentRunner runner = runner((request, listener) -> model.get().chat(request, listener));
        ModelRef m1 = new ModelRef("m1", "counting", "c1", null, new GenerationParams(0.5, null, null, 32, null, null,
                null, null, null), 1.0, 2.0, null, null, null, Map.of());
        org.promptstudio.testsupport.OrderedReleaseModel reverse = org.promptstudio.testsupport.OrderedReleaseModel
                .forPlan(plan, runner, id -> id.equals("m1") ? m1 : ModelRef.of("m2", "counting", "c2"),
                        java.util.Comparator.reverseOrder(), request -> new ChatResult("Answer: "
                                + request.messages().get(request.messages().size() - 1).text().length(), "stop",
                                new ChatResult.Usage(10, 2, false), 5, 1L, "ordered"));
        model.set(reverse);

        ExperimentRunner.Snapshot s = runner.run(plan, runId, Set.of(), plan.cells().size(), reverse, new Cancellation());

        assertThat(s.done()).isEqualTo(12);
        assertThat(reverse.finishOrder()).as("the calls finished last cell first")
                .containsExactly(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        List<CallRecord> back = db.calls().inRunWithAnswers(runId);
        assertThat(back).extracting(CallRecord::planIndex).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(back).extracting(c -> c.caseId() + " " + c.model() + " #" + c.sampleIndex()).containsExactly(
                "d:1 m1 #0", "d:1 m1 #1", "d:1 m2 #0", "d:1 m2 #1", "d:2 m1 #0", "d:2 m1 #1", "d:2 m2 #0", "d:2 m2 #1",
                "d:3 m1 #0", "d:3 m1 #1", "d:3 m2 #0", "d:3 m2 #1");
        // Ids are the finishing order, here the reverse of the plan (the two samples of a cell are the same request,
        // so they may have swapped between themselves).
        for (int i = 2; i < back.size(); i += 2) {
            long earlierCell = Math.min(back.get(i - 2).id(), back.get(i - 1).id());
            long laterCell = Math.max(back.get(i).id(), back.get(i + 1).id());
            assertThat(laterCell).as("cell at %d finished before the cell at %d", i, i - 2).isLessThan(earlierCell);
        }
        assertThat(db.calls().list(CallQuery.latest(100).inRun(runId))).extracting(CallRecord::planIndex)
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void resumeMakesOnlyTheCellsWithNoRecord() {
        CountingModel model = new CountingModel();
        ExperimentSpec spec = spec(ExperimentSpec.Strategy.zeroShot(), 1, Map.of());
        RunPlan plan = plan(spec, cases, null);
        Set<String> done = plan.cells().stream().limit(3).map(RunPlan.Cell::key).collect(Collectors.toSet());
        ExperimentRunner.Snapshot s = runner(model).run(plan, runId, done, 2, ExperimentRunner.Progress.NONE, new Cancellation());
        assertThat(s.total()).isEqualTo(1);
        assertThat(model.calls).hasValue(1);
        assertThat(db.calls().list(CallQuery.latest(100).inRun(runId))).hasSize(1);
    }

    @Test
    void fewShotExamplesAreRenderedAndRecordedButNeverTheCaseItself() {
        CountingModel model = new CountingModel();
        List<FewShotSelector.Example> pool = List.of(
                new FewShotSelector.Example("d:1", Map.of("question", "two plus two", "answer", "4")),
                new FewShotSelector.Example("p:2", Map.of("question", "one plus one", "answer", "2")));
        ExperimentSpec spec = spec(new ExperimentSpec.Strategy("few-shot", 2, "fixed", "pool", null, null, null, null), 1, Map.of());
        runner(model).run(plan(spec, cases.subList(0, 1), new FewShotSelector(pool, 2, "fixed", null, null)), runId, Set.of(), 1,
                ExperimentRunner.Progress.NONE, new Cancellation());
        CallRecord call = db.calls().find(db.calls().list(CallQuery.latest(10).inRun(runId)).get(0).id()).orElseThrow();
        assertThat(call.texts().examplesJson()).contains("p:2").doesNotContain("d:1");
        assertThat(call.texts().messagesJson()).contains("Q: one plus one A: 2").doesNotContain("A: 4");
    }

    @Test
    void cancelStopsNewCallsAndAbortsThoseInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean abortedByCancel = new java.util.concurrent.atomic.AtomicBoolean();
        ModelProvider slow = (request, listener) -> {
            started.countDown();
            CountDownLatch aborted = new CountDownLatch(1);
            request.cancellation().onCancel(aborted::countDown);
            try {
                // Released by the cancel event; the bound only keeps a broken cancel from hanging the build.
                abortedByCancel.set(aborted.await(2, TimeUnit.MINUTES));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ProviderException("slow: cancelled", false, -1, 0, null);
        };
        ExperimentSpec spec = spec(ExperimentSpec.Strategy.zeroShot(), 5, Map.of());
        Cancellation cancel = new Cancellation();
        Thread t = new Thread(() -> runner(slow).run(plan(spec, cases, null), runId, Set.of(), 1,
                ExperimentRunner.Progress.NONE, cancel));
        t.start();
        assertThat(started.await(2, TimeUnit.MINUTES)).isTrue();
        cancel.cancel();
        t.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(t.isAlive()).isFalse();
        assertThat(abortedByCancel).as("the call in flight was aborted by the cancel, not by a timeout").isTrue();
        List<CallRecord> rows = db.calls().list(CallQuery.latest(100).inRun(runId));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).status()).as(rows.get(0).error()).isEqualTo(CallStatus.CANCELLED);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 5, unit = TimeUnit.MINUTES) // a run that never returns fails, not hangs
    void anInterruptedRunReturnsOnlyAfterItsCallInFlightWasRecorded() throws Exception {
        // The window cancels a job by interrupting its thread (FxTaskRunner: task.cancel(true)); whoever closes the
        // database after the run returned must not meet a call of it still being written.
        CountDownLatch started = new CountDownLatch(1);
        Thread[] runThread = new Thread[1];
        ModelProvider slow = (request, listener) -> {
            started.countDown();
            CountDownLatch aborted = new CountDownLatch(1);
            request.cancellation().onCancel(aborted::countDown);
            boolean wasAborted = false;
            while (!wasAborted) {
                try {
                    wasAborted = aborted.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // not this call's way to end: it ends through its cancellation
                }
            }
            // The call takes its time to end: until the run's thread returned or waits for it (no other way on).
            while (true) {
                Thread.State state = runThread[0].getState();
                if (state == Thread.State.TERMINATED || state == Thread.State.TIMED_WAITING
                        || state == Thread.State.WAITING) break;
                Thread.onSpinWait();
            }
            throw new ProviderException("slow: cancelled", false, -1, 0, null);
        };
        ExperimentSpec spec = spec(ExperimentSpec.Strategy.zeroShot(), 1, Map.of());
        java.util.concurrent.atomic.AtomicInteger rowsWhenTheRunReturned = new AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicBoolean interruptKept = new java.util.concurrent.atomic.AtomicBoolean();
        runThread[0] = new Thread(() -> {
            runner(slow).run(plan(spec, cases.subList(0, 1), null), runId, Set.of(), 1,
                    ExperimentRunner.Progress.NONE, new Cancellation());
            interruptKept.set(Thread.interrupted());
            rowsWhenTheRunReturned.set(db.calls().list(CallQuery.latest(100).inRun(runId)).size());
        });
        runThread[0].start();
        assertThat(started.await(2, TimeUnit.MINUTES)).isTrue();

        runThread[0].interrupt();
        runThread[0].join();

        assertThat(rowsWhenTheRunReturned).as("the call in flight was recorded before the run returned").hasValue(1);
        assertThat(interruptKept).as("the interrupt is set again for the caller").isTrue();
        CallRecord row = db.calls().list(CallQuery.latest(100).inRun(runId)).get(0);
        assertThat(row.status()).as(row.error()).isEqualTo(CallStatus.CANCELLED);
    }

    @Test
    void aBrokenInputIsRecordedAsAnErrorAndTheRunGoesOn() {
        CountingModel model = new CountingModel();
        ExperimentSpec spec = spec(ExperimentSpec.Strategy.zeroShot(), 1, Map.of());
        List<RunPlan.Case> bad = List.of(new RunPlan.Case("d:9", Map.of("q", "wrong field"), Map.of()), cases.get(0));
        ExperimentRunner.Snapshot s = runner(model).run(plan(spec, bad, null), runId, Set.of(), 2,
                ExperimentRunner.Progress.NONE, new Cancellation());
        assertThat(s.failed()).isEqualTo(2);
        assertThat(model.calls).hasValue(2);
        assertThat(db.calls().list(CallQuery.latest(100).inRun(runId))).filteredOn(r -> r.status() == CallStatus.ERROR)
                .extracting(CallRecord::error).containsOnly("prompts/solve.prompt: input does not match the input schema: "
                        + "missing required field 'question'");
    }
}

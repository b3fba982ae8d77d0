package org.promptstudio.experiment;

import org.promptstudio.model.ErrorText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.CachingProvider;
import org.promptstudio.provider.CallOutcome;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.EffectiveParams;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.Pricing;
import org.promptstudio.provider.RunEstimate;
import org.promptstudio.provider.StreamListener;
import org.promptstudio.provider.ProviderException;
import org.promptstudio.store.CallRepository;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.RenderedPromptJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cells of a {@link RunPlan}: renders each prompt version with its case (and few-shot examples), calls the
 * model, extracts the answer when the strategy asks, and records the call the moment it ends, so a crash loses at
 * most the calls in flight. {@code concurrency} calls run at once; each model's own limits are applied by the
 * provider it is given. A failed call marks its cell and the run goes on; cancel stops new calls and aborts those
 * in flight.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
    /** The log file only (app.LogConfiguration: "studio.details"); the terminal gets the run's own one-line account. */
    private static final Logger DETAILS = LoggerFactory.getLogger("studio.details");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final org.promptstudio.workspace.ToolFiles tools;

    /** The models of the workspace, as the runner needs them. */
    public interface Models {
        ModelRef ref(String id);

        ModelProvider provider(String id);

        /**
         * Where the text of {@code cell}'s answer goes as it streams, on the runner's thread; {@link
         * StreamListener#NONE} (no streaming) unless someone watches, as {@code studio compare} does.
         */
        default StreamListener listener(RunPlan.Cell cell) {
            return StreamListener.NONE;
        }

        /**
         * Whether {@code prepared} would be answered from the response cache (no request sent, no cost), as the
         * cache stands now; false (the default) when there is no cache or it is not read.
         */
        default boolean servedFromCache(ModelRef ref, Prepared prepared) {
            return false;
        }
    }

    /**
     * A cap on what one start of a run may spend: at most {@code maxCostUsd} US dollars and at most {@code maxCalls}
     * calls sent to a model (answers from the response cache send nothing and cost nothing, so they do not count);
     * null means no cap of that kind. The cap covers the calls made by this start: a resumed run gets the cap it is
     * resumed with, not what is left of the old one.
     *
     * <p>It is checked before each call is sent, in plan order: the call is sent only when the cost of the calls
     * ended so far, plus the estimates of the calls in flight, plus this call's own estimate stay within
     * {@code maxCostUsd}. A call's estimate is its upper bound ({@link RunEstimate}: the input tokens counted
     * locally, and {@code maxOutputTokens} or {@link RunEstimate#DEFAULT_OUTPUT_TOKENS} of output, at the model's
     * prices). So the run overshoots the cap only when calls in flight cost more than estimated (a model that
     * ignores {@code maxOutputTokens}, or writes more than 512 tokens when none is set), and never by more than the
     * cost of those in-flight calls. A cell whose prompt offers tools may take several requests (the model's tool
     * calls answered from the case's mocks, {@code ToolExchange}, at most {@code ToolExchange.MAX_ROUNDS} more): it is
     * admitted with the estimate of one request and counts as one call for {@code maxCalls}, and what all its rounds
     * cost is what it is charged once it ended, so such cells are the in-flight calls that can cost more than
     * estimated. Answers from the response cache cost nothing here, as in the run's recorded spend. The first call
     * the cap refuses stops the run: no later call of the plan is
     * started (the calls made are always a prefix of the plan), and the run is recorded as stopped by its budget.
     *
     * @throws IllegalArgumentException for a cap below 0 (money) or below 1 (calls)
     */
    public record Budget(BigDecimal maxCostUsd, Integer maxCalls) {
        /** No cap. */
        public static final Budget NONE = new Budget(null, null);

        public Budget {
            if (maxCostUsd != null && maxCostUsd.signum() < 0) {
                throw new IllegalArgumentException("a budget must be 0 USD or more, not " + maxCostUsd.toPlainString());
            }
            if (maxCalls != null && maxCalls < 1) {
                throw new IllegalArgumentException("a budget of calls must be at least 1, not " + maxCalls);
            }
        }

        /** Whether there is no cap at all. */
        public boolean unlimited() {
            return maxCostUsd == null && maxCalls == null;
        }
    }

    /**
     * Why a run's {@link Budget} refused a call: the refused call's place in the plan ({@code call}, from 1), its
     * worst-case estimate in US dollars ({@code estimate}; null when it could not be estimated, or when the cap of
     * calls refused it), what the calls that had ended had cost by then ({@code spent}, US dollars), the estimates of
     * the calls still in flight ({@code inFlight}, US dollars), how many calls had been sent ({@code sent}) and the
     * budget itself. {@link #capReached()} tells a cap truly reached (the calls made, or the money spent, is the cap)
     * from a call refused because its own worst case would pass the cap.
     */
    public record BudgetStop(int call, BigDecimal estimate, BigDecimal spent, BigDecimal inFlight, int sent,
                             Budget budget) {
        /** Whether the cap itself was reached: every allowed call was sent, or the money spent is at the cap. */
        public boolean capReached() {
            if (budget.maxCalls() != null && sent >= budget.maxCalls()) return true;
            return budget.maxCostUsd() != null && spent.add(inFlight).compareTo(budget.maxCostUsd()) >= 0;
        }
    }

    /** Receives progress; called from runner threads. */
    public interface Progress {
        Progress NONE = (snapshot, call) -> { };

        void update(Snapshot snapshot, CallRecord finished);
    }

    /**
     * Where a run stands: calls planned for this start ({@code total}), ended ({@code done}, of them {@code failed}
     * and {@code cached}, answered from the response cache), in flight ({@code running}), cost so far in US dollars
     * (what the calls sent to a model cost; answers from the cache cost nothing, as in the run's recorded spend),
     * time since the start, and the time left. {@code eta} is worked out from the observed rate of the calls that
     * ended and were not answered from the cache ({@code elapsed / (done - cached) x (total - done)}); it is null
     * until one such call has ended, as a cached answer takes no time and says nothing of how long a call takes.
     * {@code budgetReached} is true once the run's {@link Budget} refused a call, and {@code budgetStop} then says
     * why (null otherwise).
     */
    public record Snapshot(int total, int done, int failed, int cached, int running, BigDecimal cost, Duration elapsed,
                           Duration eta, boolean budgetReached, BudgetStop budgetStop) {
        /** A snapshot that does not say why a budget stopped the run. */
        public Snapshot(int total, int done, int failed, int cached, int running, BigDecimal cost, Duration elapsed,
                        Duration eta, boolean budgetReached) {
            this(total, done, failed, cached, running, cost, elapsed, eta, budgetReached, null);
        }
    }

    private final PromptRenderer renderer;
    private final Models models;
    private final CallRepository calls;
    private final org.promptstudio.provider.TokenCounter tokens = new org.promptstudio.provider.TokenCounter();
    private final Retriever retriever;
    private final Embedder embedder;
    /** Whether calls are recorded off the calling threads ({@link #recordingLater}). */
    private final boolean recordsLater;

    public ExperimentRunner(PromptRenderer renderer, Models models, CallRepository calls) {
        this(renderer, models, calls, org.promptstudio.workspace.ToolFiles.none());
    }

    /**
     * A runner whose prompts' {@code tools} resolve against {@code tools} (a workspace's {@code tools/} folder; decision
     * 0084).
     */
    public ExperimentRunner(PromptRenderer renderer, Models models, CallRepository calls,
                            org.promptstudio.workspace.ToolFiles tools) {
        this(renderer, models, calls, tools, Retriever.NONE, null, false);
    }

    private ExperimentRunner(PromptRenderer renderer, Models models, CallRepository calls,
                             org.promptstudio.workspace.ToolFiles tools, Retriever retriever, Embedder embedder,
                             boolean recordsLater) {
        this.recordsLater = recordsLater;
        this.renderer = renderer;
        this.models = models;
        this.calls = calls;
        this.tools = tools == null ? org.promptstudio.workspace.ToolFiles.none() : tools;
        this.retriever = retriever == null ? Retriever.NONE : retriever;
        this.embedder = embedder;
    }

    /**
     * This runner with {@code retriever} for the prompts that declare {@code retrieve:} (decision 0140); without one a
     * retrieval fails its cell with {@link Retriever#NO_INDEX}. Contextual compression embeds with the in-process
     * MiniLM model.
     */
    public ExperimentRunner withRetriever(Retriever retriever) {
        return new ExperimentRunner(renderer, models, calls, tools, retriever, embedder, recordsLater);
    }

    /** This runner with {@code embedder} for contextual compression (tests; MiniLM otherwise). */
    ExperimentRunner withEmbedder(Embedder embedder) {
        return new ExperimentRunner(renderer, models, calls, tools, retriever, embedder, recordsLater);
    }

    /**
     * This runner recording its calls off the calling threads (decision 0161): a runner thread hands its call to the
     * recorder ({@link CallRepository#insertLater}) and goes on to the next call; {@link Progress#update} then comes
     * on the recorder's thread after the commit, so it must be quick (no model call: a judge belongs elsewhere). The
     * run still returns only once every call is recorded. Without it (the playground and the comparison grid, whose
     * progress judges each cell), each runner thread records its call and tells of it before its next call.
     */
    public ExperimentRunner recordingLater() {
        return new ExperimentRunner(renderer, models, calls, tools, retriever, embedder, true);
    }

    /** The retriever of this runner ({@link Retriever#NONE} when it has none). */
    public Retriever retriever() {
        return retriever;
    }

    /**
     * Makes every cell of {@code plan} whose key is not in {@code done} (so a resumed run repeats nothing already
     * recorded), recording each under {@code runId}. Returns when all have ended or the run was cancelled.
     */
    public Snapshot run(RunPlan plan, long runId, Set<String> done, int concurrency, Progress progress,
                        Cancellation cancel) {
        return run(plan, runId, done, concurrency, progress, cancel, Budget.NONE);
    }

    /**
     * As {@link #run(RunPlan, long, Set, int, Progress, Cancellation)}, under {@code budget}: the first call it
     * refuses stops the run (see {@link Budget} for how it is checked and by how much it can be overshot); the
     * returned snapshot then says {@link Snapshot#budgetReached()}.
     */
    public Snapshot run(RunPlan plan, long runId, Set<String> done, int concurrency, Progress progress,
                        Cancellation cancel, Budget budget) {
        List<RunPlan.Cell> todo = plan.cells().stream().filter(c -> !done.contains(c.key())).toList();
        // Each call keeps its cell's place in the plan: calls finish in any order, reports follow the plan.
        Map<RunPlan.Cell, Integer> position = new java.util.IdentityHashMap<>();
        for (int i = 0; i < plan.cells().size(); i++) position.put(plan.cells().get(i), i);
        Instant start = Instant.now();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger cached = new AtomicInteger();
        Gate gate = budget.unlimited() ? null : new Gate(budget, cancel);
        AtomicReference<BigDecimal> cost = new AtomicReference<>(BigDecimal.ZERO);
        AnswerExtractor extractor = plan.spec().strategy().extractsAnswers()
                ? new AnswerExtractor(plan.spec().strategy().answerPattern(), plan.spec().strategy().answerField())
                : null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "experiment-runner");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        // calls handed to the recorder, and a permit for each one it has told about (recorded or not)
        AtomicInteger queued = new AtomicInteger();
        java.util.concurrent.Semaphore recorded = new java.util.concurrent.Semaphore(0);
        try {
            int tickets = 0;
            for (RunPlan.Cell cell : todo) {
                int ticket = tickets++;
                futures.add(pool.submit(() -> {
                    if (cancel.isCancelled() || gate != null && gate.closed()) {
                        if (gate != null) gate.pass(ticket);
                        return;
                    }
                    running.incrementAndGet();
                    CallRecord record;
                    BigDecimal[] admitted = new BigDecimal[1];
                    try {
                        Admission admission = gate == null ? Admission.ALWAYS : (ref, prepared) -> {
                            boolean fromCache = models.servedFromCache(ref, prepared);
                            BigDecimal estimate = fromCache ? BigDecimal.ZERO : estimatedCost(ref, prepared);
                            if (!gate.admit(ticket, position.get(cell) + 1, estimate, fromCache)) return false;
                            admitted[0] = estimate;
                            return true;
                        };
                        CallRecord made = call(plan, cell, runId, extractor, cancel, admission);
                        if (made == null) return; // refused by the budget: not made, not recorded
                        record = made.withPlanIndex(position.get(cell));
                    } finally {
                        if (gate != null) gate.pass(ticket);
                        running.decrementAndGet();
                    }
                    // An answer from the cache costs nothing (as the run's recorded spend has it), even when the
                    // gate expected to pay for it.
                    BigDecimal paid = record.cached() ? BigDecimal.ZERO : record.cost();
                    if (gate != null && admitted[0] != null) gate.settle(admitted[0], paid);
                    boolean aborted = record.status() == CallStatus.CANCELLED && cancel.isCancelled();
                    CallRepository.Recorded told = (id, error) -> {
                        try {
                            if (error != null) {
                                // not counted as done, so the run ends short of its plan and says so
                                // (Experiments.run); the details go to the log file only
                                notRecorded(runId, error);
                                return;
                            }
                            if (aborted) return; // recorded as cancelled, made again on resume
                            if (record.status() != CallStatus.OK) failed.incrementAndGet();
                            if (paid != null) cost.accumulateAndGet(paid, BigDecimal::add);
                            if (record.cached()) cached.incrementAndGet();
                            int n = finished.incrementAndGet();
                            progress.update(snapshot(todo.size(), n, failed.get(), cached.get(), running.get(),
                                    cost.get(), start, gate == null ? null : gate.stop()), record.withId(id));
                        } finally {
                            recorded.release();
                        }
                    };
                    if (recordsLater) {
                        // off this thread, which goes on to the next call; grouped with the calls still in flight
                        calls.insertLater(record, aborted ? NOTHING_MORE : () -> running.get() > 0, told);
                    } else {
                        long id = 0;
                        RuntimeException error = null;
                        try {
                            id = calls.insert(record);
                        } catch (RuntimeException e) {
                            error = e;
                        }
                        told.recorded(id, error);
                    }
                    queued.incrementAndGet(); // after the hand-over: a call that could not be queued is never told
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // A call that failed outside the provider (which its record would have said): not counted as
                    // done, so the run ends short of its plan and says so (Experiments.run); details to the log only.
                    DETAILS.error("a call of run {} could not be made or recorded", runId, e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
        } finally {
            // The run returns only once no call of it runs or is being recorded any more, also when this thread was
            // interrupted (the workspace closing): whoever closes the database after the run must not meet a call
            // still writing. The calls are cancelled, so they end quickly; the interrupt is kept aside meanwhile
            // and set again after.
            if (Thread.currentThread().isInterrupted()) cancel.cancel();
            futures.forEach(f -> f.cancel(false)); // queued calls never start; none running is interrupted
            pool.shutdown();
            boolean interrupted = Thread.interrupted();
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.SECONDS)) break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel.cancel();
                }
            }
            // every call queued for recording is recorded (or could not be) before the run returns
            recorded.acquireUninterruptibly(queued.get());
            if (interrupted) Thread.currentThread().interrupt();
        }
        return snapshot(todo.size(), finished.get(), failed.get(), cached.get(), 0, cost.get(), start,
                gate == null ? null : gate.stop());
    }

    /** For a call recorded after its run was cancelled: no other call is coming to share its write. */
    private static final java.util.function.BooleanSupplier NOTHING_MORE = () -> false;

    /** Logs a call that could not be recorded (the database went away); the details go to the log file only. */
    private static void notRecorded(long runId, RuntimeException error) {
        DETAILS.error("a call of run {} could not be recorded", runId, error);
    }

    private static Snapshot snapshot(int total, int done, int failed, int cached, int running, BigDecimal cost,
                                     Instant start, BudgetStop stop) {
        Duration elapsed = Duration.between(start, Instant.now());
        return new Snapshot(total, done, failed, cached, running, cost, elapsed, eta(total, done, cached, elapsed),
                stop != null, stop);
    }

    /**
     * The time left: the calls not ended yet at the observed rate of the ended calls that were not answered from the
     * cache ({@code elapsed / (done - cached)} each); null until one such call has ended.
     */
    static Duration eta(int total, int done, int cached, Duration elapsed) {
        int measured = done - cached;
        if (measured <= 0) return null;
        return elapsed.multipliedBy(Math.max(0, total - done)).dividedBy(measured);
    }

    /**
     * The most {@code prepared} can cost at {@code ref}'s prices, in US dollars: its input tokens counted locally and
     * its {@code maxOutputTokens} (or {@link RunEstimate#DEFAULT_OUTPUT_TOKENS}) of output; null when the model has no
     * prices.
     */
    public BigDecimal estimatedCost(ModelRef ref, Prepared prepared) {
        RunEstimate e = RunEstimate.of(List.of(new RunEstimate.Call(ref, prepared.rendered().messages(),
                prepared.params().maxOutputTokens())), tokens);
        return e.maxCost() == null ? null : new BigDecimal(e.maxCost(), MathContext.DECIMAL64);
    }

    /**
     * The faults of the template of {@code cell}'s prompt (rendered with that prompt's own partials) found without
     * any input (syntax errors, unknown helpers, missing
     * partials), each naming its file, line and column; empty when it compiles.
     */
    public List<String> templateProblems(RunPlan.Cell cell) {
        List<String> out = new ArrayList<>();
        try {
            RetrieveSpec.ofPrompt(cell.prompt().parsed());
        } catch (ExperimentException e) {
            out.add(e.getMessage()); // a retrieve: that cannot be read fails every case, as a template error does
        }
        renderer(cell).problems(cell.prompt().parsed()).forEach(e -> out.add(e.getMessage()));
        return out;
    }

    /** Asked, once a cell is rendered, whether its call may be sent; false leaves it unmade. */
    @FunctionalInterface
    interface Admission {
        Admission ALWAYS = (ref, prepared) -> true;

        boolean admit(ModelRef ref, Prepared prepared);
    }

    /**
     * The budget's book: decides in plan order (ticket by ticket) whether each call may be sent, from the cost of
     * the calls ended and the estimates of those in flight. Once it refuses a call it refuses every later one.
     */
    private static final class Gate {
        private final Budget budget;
        private final Cancellation cancel;
        private final java.util.Set<Integer> passed = new java.util.HashSet<>();
        private int next;
        private int sent;
        private BigDecimal spent = BigDecimal.ZERO;
        private BigDecimal inFlight = BigDecimal.ZERO;
        private BudgetStop stop;

        Gate(Budget budget, Cancellation cancel) {
            this.budget = budget;
            this.cancel = cancel;
        }

        synchronized boolean closed() {
            return stop != null;
        }

        /** Why the gate refused its first call, or null while it has refused none. */
        synchronized BudgetStop stop() {
            return stop;
        }

        /**
         * Waits for the calls before {@code ticket} to be decided, then decides this one; a call with no known
         * estimate is refused under a money cap (it cannot be checked). Cancelling the run ends the wait with false.
         */
        synchronized boolean admit(int ticket, int call, BigDecimal estimate, boolean fromCache) {
            while (next != ticket) {
                if (cancel.isCancelled()) return false;
                try {
                    wait(50); // a ticket whose task was never run (cancelled) is passed over by cancel, checked here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            try {
                if (stop != null || cancel.isCancelled()) return false;
                if (!fromCache) {
                    if (budget.maxCalls() != null && sent >= budget.maxCalls()) return refuse(call, null);
                    if (budget.maxCostUsd() != null && (estimate == null
                            || spent.add(inFlight).add(estimate).compareTo(budget.maxCostUsd()) > 0)) {
                        return refuse(call, estimate);
                    }
                    sent++;
                    inFlight = inFlight.add(estimate == null ? BigDecimal.ZERO : estimate);
                }
                return true;
            } finally {
                pass(ticket); // decided: the next call may be decided while this one runs
            }
        }

        private boolean refuse(int call, BigDecimal estimate) {
            stop = new BudgetStop(call, estimate, spent, inFlight, sent, budget);
            return false;
        }

        /** Ticket {@code ticket} is decided (or will never be asked): the next one may go. */
        synchronized void pass(int ticket) {
            if (ticket >= next) passed.add(ticket);
            while (passed.remove(next)) next++;
            notifyAll();
        }

        /** A call admitted with {@code estimate} ended having cost {@code actual} (null: unknown, taken as 0). */
        synchronized void settle(BigDecimal estimate, BigDecimal actual) {
            inFlight = inFlight.subtract(estimate);
            if (actual != null) spent = spent.add(actual);
        }
    }

    /** Renders, calls and builds the record of one cell; never throws for a failure of the cell itself. */
    CallRecord call(RunPlan plan, RunPlan.Cell cell, Long runId, AnswerExtractor extractor, Cancellation cancel) {
        return call(plan, cell, runId, extractor, cancel, Admission.ALWAYS);
    }

    /** As above, asking {@code admission} once the cell is rendered; null when it refuses (nothing sent). */
    CallRecord call(RunPlan plan, RunPlan.Cell cell, Long runId, AnswerExtractor extractor, Cancellation cancel,
                    Admission admission) {
        ModelRef ref = models.ref(cell.modelId());
        CallRecord.Builder b = CallRecord.builder()
                .runId(runId)
                .prompt(cell.prompt().path(), cell.prompt().commit())
                .variant(cell.prompt().parsed().metadata().variant())
                .model(ref.provider(), ref.id())
                .sampleIndex(cell.sample())
                .caseId(cell.testCase().id())
                .createdAt(Instant.now());
        Prepared prepared;
        try {
            prepared = prepare(plan, cell, ref);
        } catch (RuntimeException e) {
            // Nothing was rendered: the record keeps the error and an empty message list.
            return b.status(CallStatus.ERROR).error(oneLine(e.getMessage()))
                    .texts(new CallTexts("[]", null, null, null)).build();
        }
        if (!admission.admit(ref, prepared)) return null;
        RenderedPrompt rendered = prepared.rendered();
        GenerationParams params = prepared.params();
        String examplesJson = prepared.examplesJson();
        String messagesJson = json(RenderedPromptJson.messages(rendered.messages()));
        b.paramsJson(json(paramsMap(params)));
        b.context(prepared.context()).retrievalNote(prepared.retrievalNote());
        long t0 = System.nanoTime();
        try {
            ChatRequest request = new ChatRequest(ref, rendered.messages(), params, cancel, prepared.tools());
            ModelProvider provider = models.provider(cell.modelId());
            // Streams only when someone watches the cell: the final record is the same either way.
            StreamListener listener = models.listener(cell);
            // A model that asks for tools gets the case's mocked results and goes on (decision 0085); the record
            // holds the whole exchange and the figures of all its rounds.
            ToolExchange.Outcome exchange = ToolExchange.run(provider, request, listener,
                    ToolExchange.mocks(cell.testCase().input()));
            ChatResult result = exchange.last();
            b.cacheKey(exchange.firstCacheKey()).cached(exchange.allCached());
            if (exchange.rounds().size() > 1 || !exchange.pending().isEmpty()) {
                messagesJson = json(RenderedPromptJson.messages(exchange.transcript()));
            }
            long in = 0;
            long out = 0;
            long reasoning = 0;
            long latency = 0;
            BigDecimal spent = null;
            String usageNote = null;
            for (ChatResult round : exchange.rounds()) {
                in = saturated(in, round.usage().inputTokens());
                out = saturated(out, round.usage().outputTokens());
                reasoning = saturated(reasoning, round.usage().reasoningTokens());
                latency += round.latencyMillis();
                if (!round.usage().plausible() && usageNote == null) usageNote = round.usage().implausible();
                BigDecimal c = cost(ref, round.usage());
                if (c != null) spent = spent == null ? c : spent.add(c);
            }
            // Impossible counts in any round: the exchange's cost is unknown, never a part of it (decision 0114).
            if (usageNote != null) {
                spent = null;
                LOG.warn("{}", usageNote);
            }
            String answer = extractor == null ? null : extractor.extract(result.text());
            String finish = exchange.pending().isEmpty()
                    ? org.promptstudio.model.FinishReason.recorded(result.finishReason(), result.text())
                    // a tool asked for and never answered: recorded as the answer it is (empty when no text), so a
                    // list that reads no texts counts it as the run table does
                    : org.promptstudio.model.FinishReason.recorded(org.promptstudio.model.FinishReason.TOOL_CALLS,
                            result.text());
            return b.status(CallStatus.OK)
                    .finishReason(finish)
                    .tokens(in, out)
                    .reasoningTokens(reasoning)
                    .usageNote(usageNote)
                    .cost(spent)
                    .latencyMs(latency)
                    .texts(new CallTexts(messagesJson, result.text(), examplesJson, answer))
                    .guard(exchange.guard())
                    .build();
        } catch (org.promptstudio.provider.CallBlockedException e) {
            return blocked(b, e, ref, messagesJson, examplesJson);
        } catch (ProviderException e) {
            CallStatus status = cancel.isCancelled() ? CallStatus.CANCELLED : CallStatus.ERROR;
            // a call refused before its request left has no latency, as one that could not be rendered: not sent
            // a stream cut mid-way keeps the text that arrived as the failed call's output
            return b.error(oneLine(e.getMessage())).status(status)
                    .latencyMs(e.sent() ? (System.nanoTime() - t0) / 1_000_000 : null)
                    .texts(new CallTexts(messagesJson, e.partialText(), examplesJson, null)).build();
        } catch (RuntimeException e) {
            LOG.warn("call of {} failed unexpectedly", cell.modelId(), e);
            return b.status(CallStatus.ERROR).error(cell.modelId() + ": " + ErrorText.reason(e))
                    .latencyMs((System.nanoTime() - t0) / 1_000_000)
                    .texts(new CallTexts(messagesJson, null, examplesJson, null)).build();
        }
    }

    /**
     * The record of a call a guardrail blocked (decision 0143): status {@code blocked}, the reason as its error, and
     * every finding. Blocked at the input, nothing was sent: no latency, 0 tokens, cost a known 0, no answer. Blocked at the
     * output, the answer came back: its text is kept for audit (never extracted as an answer), with its tokens, cost
     * and latency.
     */
    private CallRecord blocked(CallRecord.Builder b, org.promptstudio.provider.CallBlockedException e, ModelRef ref,
                               String messagesJson, String examplesJson) {
        b.error(oneLine(e.getMessage())).status(CallStatus.BLOCKED).guard(e.findings());
        ChatResult result = e.result();
        if (result == null) {
            // nothing was sent: a known $0 and no tokens, not an unknown cost
            return b.tokens(0L, 0L).cost(BigDecimal.ZERO)
                    .texts(new CallTexts(messagesJson, null, examplesJson, null)).build();
        }
        BigDecimal spent = result.usage().plausible() ? cost(ref, result.usage()) : null;
        return b.finishReason(org.promptstudio.model.FinishReason.recorded(result.finishReason(), result.text()))
                .tokens(result.usage().inputTokens(), result.usage().outputTokens())
                .reasoningTokens(result.usage().reasoningTokens())
                .usageNote(result.usage().implausible())
                .cost(spent)
                .cached(e.cached())
                .latencyMs(result.latencyMillis())
                .texts(new CallTexts(messagesJson, result.text(), examplesJson, null))
                .build();
    }

    /**
     * Renders and calls {@code cell} as {@link #run} would (its text streamed to the models' listener for the cell),
     * and returns its record <b>without</b> recording it: run id null, id null. The playground records a session's
     * turns only when the user saves it as a run. Never throws for a failure of the call itself: the record says it.
     */
    public CallRecord callUnrecorded(RunPlan plan, RunPlan.Cell cell, Cancellation cancel) {
        AnswerExtractor extractor = plan.spec().strategy().extractsAnswers()
                ? new AnswerExtractor(plan.spec().strategy().answerPattern(), plan.spec().strategy().answerField())
                : null;
        return call(plan, cell, null, extractor, cancel);
    }

    /** A cell rendered and ready to send: its messages, settings and the examples it was given (JSON, or null). */
    public record Prepared(RenderedPrompt rendered, GenerationParams params, String examplesJson,
                           List<org.promptstudio.model.ToolDefinition> tools,
                           List<org.promptstudio.model.ContextChunk> context, String retrievalNote) {

        /** A cell whose retrieval, if any, found chunks: no retrieval note. */
        public Prepared(RenderedPrompt rendered, GenerationParams params, String examplesJson,
                        List<org.promptstudio.model.ToolDefinition> tools,
                        List<org.promptstudio.model.ContextChunk> context) {
            this(rendered, params, examplesJson, tools, context, null);
        }

        /**
         * @param context       the chunks retrieval gave the cell ({@code retrieve:}), each with the number the prompt
         *                      shows; empty when it retrieved nothing
         * @param retrievalNote one line when its {@code retrieve:} found no chunk (the call is still sent); else null
         */
        public Prepared {
            tools = tools == null ? List.of() : List.copyOf(tools);
            context = context == null ? List.of() : List.copyOf(context);
        }

        /** A cell given no retrieved chunks. */
        public Prepared(RenderedPrompt rendered, GenerationParams params, String examplesJson,
                        List<org.promptstudio.model.ToolDefinition> tools) {
            this(rendered, params, examplesJson, tools, List.of());
        }

        /** A cell that offers no tools. */
        public Prepared(RenderedPrompt rendered, GenerationParams params, String examplesJson) {
            this(rendered, params, examplesJson, List.of());
        }
    }

    /**
     * Renders {@code cell}: its case's input plus the few-shot examples chosen for it, and the settings after the
     * prompt's config, the model's and the run's.
     *
     * @throws RuntimeException (a template error) when the case's input does not fit the prompt
     */
    public Prepared prepare(RunPlan plan, RunPlan.Cell cell, ModelRef ref) {
        List<FewShotSelector.Example> examples = examples(plan, cell);
        String examplesJson = examples.isEmpty() ? null : json(examples.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.putAll(e.fields());
            return m;
        }).toList());
        Map<String, Object> input = input(plan, cell);
        List<org.promptstudio.model.Message> history = history(input);
        if (!history.isEmpty()) input.remove(HISTORY_FIELD);
        List<org.promptstudio.model.ContextChunk> context = List.of();
        String note = null;
        RetrieveSpec retrieve = ContextRetrieval.specFor(plan, cell);
        if (retrieve != null) {
            ContextRetrieval.Given given = ContextRetrieval.retrieve(retrieve, cell.prompt().parsed(), input, retriever,
                    embedder == null ? Embedder.miniLm() : embedder);
            input.put(retrieve.into(), given.forTemplate());
            context = given.recorded();
            note = given.note();
        }
        RenderedPrompt rendered = renderer(cell).render(cell.prompt().parsed(),
                new RenderData(input, Map.of(), history, List.of()), Map.of());
        GenerationParams params;
        try {
            params = paramsFor(rendered.metadata(), ref, plan.spec().params());
        } catch (IllegalArgumentException e) {
            // a setting no model API takes (config: {temperature: .inf}): named with the prompt it is in
            throw new IllegalArgumentException(cell.prompt().path() + ": " + e.getMessage(), e);
        }
        List<org.promptstudio.model.ToolDefinition> offered = tools.resolve(rendered.metadata().tools(),
                rendered.metadata().get("toolDefs"), cell.prompt().path());
        return new Prepared(rendered, params, examplesJson, offered, context, note);
    }

    /**
     * The input {@code cell}'s prompt is rendered with: its case's fields, plus {@code examples} (the few-shot
     * examples chosen for the case) when the prompt or the strategy has a pool and it gave any.
     */
    public static Map<String, Object> input(RunPlan plan, RunPlan.Cell cell) {
        List<FewShotSelector.Example> examples = examples(plan, cell);
        Map<String, Object> input = new LinkedHashMap<>(cell.testCase().input());
        if (!examples.isEmpty()) input.put("examples", examples.stream().map(FewShotSelector.Example::fields).toList());
        return input;
    }

    /**
     * The input field that holds a case's conversation so far: Dotprompt's name for the history its
     * {@code {{history}}} helper places ({@code data.messages}, dotprompt spec/history.yaml). A dataset row written
     * from the playground carries it; a list of {@code {role, content}} objects.
     */
    public static final String HISTORY_FIELD = org.promptstudio.workspace.HistoryShape.FIELD;

    /**
     * The conversation in {@code input}'s {@link #HISTORY_FIELD}: empty when the case has none (or it is null or an
     * empty list). Each message is an object with a {@code role} (Dotprompt's {@code system}, {@code user},
     * {@code model}, {@code tool}; OpenAI's {@code assistant} is read as {@code model}) and a {@code content} that is
     * text or a list of parts ({@code text}, {@code media}, {@code toolRequest}, {@code toolResponse}).
     *
     * @throws ExperimentException naming the message and the field when the conversation is not such a list (a case
     *                             is never sent with a conversation silently dropped)
     */
    static List<org.promptstudio.model.Message> history(Map<String, Object> input) {
        Object value = input.get(HISTORY_FIELD);
        if (value == null) return List.of();
        org.promptstudio.workspace.HistoryShape.problem(value).ifPresent(p -> {
            throw new ExperimentException(p);
        });
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Object item : (List<?>) value) {
            Map<?, ?> m = (Map<?, ?>) item;
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), v));
            if ("assistant".equals(m.get("role"))) copy.put("role", org.promptstudio.model.Message.MODEL);
            messages.add(copy);
        }
        return org.promptstudio.template.RenderedPromptJson.fromMaps(messages);
    }

    private static List<FewShotSelector.Example> examples(RunPlan plan, RunPlan.Cell cell) {
        FewShotSelector selector = plan.selectorFor(cell.prompt());
        return selector == null ? List.of() : selector.select(cell.testCase().id(), cell.testCase().input());
    }

    /** The renderer of {@code cell}'s prompt: the one of its version (with that version's partials), else the runner's. */
    public PromptRenderer renderer(RunPlan.Cell cell) {
        return cell.prompt().renderer() == null ? renderer : cell.prompt().renderer();
    }

    /** The prompt's config, then the model's parameters, then the run's; JSON output asks for the schema. */
    static GenerationParams paramsFor(PromptMetadata metadata, ModelRef ref, Map<String, Object> runParams) {
        GenerationParams fromPrompt = GenerationParams.fromConfig(metadata.config());
        if ("json".equals(metadata.outputFormat())) {
            fromPrompt = fromPrompt.overriddenBy(new GenerationParams(null, null, null, null, null, null, "json",
                    metadata.outputSchema(), null));
        }
        return EffectiveParams.of(fromPrompt, ref, GenerationParams.fromConfig(runParams));
    }

    /** {@code a + b}, held at {@link Long#MAX_VALUE} rather than wrapping (a provider may report any count). */
    static long saturated(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    static BigDecimal cost(ModelRef ref, ChatResult.Usage usage) {
        Double cost = Pricing.of(ref).cost(usage);
        return cost == null ? null : new BigDecimal(cost, MathContext.DECIMAL64);
    }

    private static Map<String, Object> paramsMap(GenerationParams p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p.temperature() != null) m.put("temperature", p.temperature());
        if (p.topP() != null) m.put("topP", p.topP());
        if (p.topK() != null) m.put("topK", p.topK());
        if (p.maxOutputTokens() != null) m.put("maxOutputTokens", p.maxOutputTokens());
        if (p.stopSequences() != null) m.put("stopSequences", p.stopSequences());
        if (p.seed() != null) m.put("seed", p.seed());
        if (p.responseFormat() != null) m.put("responseFormat", p.responseFormat());
        m.putAll(p.extra());
        return m;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ExperimentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}

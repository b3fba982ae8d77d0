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
    /** The log file only (logback.xml: "studio.details"); the terminal gets the run's own one-line account. */
    private static final Logger DETAILS = LoggerFactory.getLogger("studio.details");
    private static final ObjectMapper JSON = new ObjectMapper();

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
    }

    /** Receives progress; called from runner threads. */
    public interface Progress {
        Progress NONE = (snapshot, call) -> { };

        void update(Snapshot snapshot, CallRecord finished);
    }

    /** Where a run stands. {@code eta} is null until a call has finished. */
    public record Snapshot(int total, int done, int failed, int running, BigDecimal cost, Duration elapsed,
                           Duration eta) {
    }

    private final PromptRenderer renderer;
    private final Models models;
    private final CallRepository calls;

    public ExperimentRunner(PromptRenderer renderer, Models models, CallRepository calls) {
        this.renderer = renderer;
        this.models = models;
        this.calls = calls;
    }

    /**
     * Makes every cell of {@code plan} whose key is not in {@code done} (so a resumed run repeats nothing already
     * recorded), recording each under {@code runId}. Returns when all have ended or the run was cancelled.
     */
    public Snapshot run(RunPlan plan, long runId, Set<String> done, int concurrency, Progress progress,
                        Cancellation cancel) {
        List<RunPlan.Cell> todo = plan.cells().stream().filter(c -> !done.contains(c.key())).toList();
        // Each call keeps its cell's place in the plan: calls finish in any order, reports follow the plan.
        Map<RunPlan.Cell, Integer> position = new java.util.IdentityHashMap<>();
        for (int i = 0; i < plan.cells().size(); i++) position.put(plan.cells().get(i), i);
        Instant start = Instant.now();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
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
        try {
            for (RunPlan.Cell cell : todo) {
                futures.add(pool.submit(() -> {
                    if (cancel.isCancelled()) return;
                    running.incrementAndGet();
                    CallRecord record;
                    try {
                        record = call(plan, cell, runId, extractor, cancel).withPlanIndex(position.get(cell));
                    } finally {
                        running.decrementAndGet();
                    }
                    if (record.status() == CallStatus.CANCELLED && cancel.isCancelled()) {
                        // Aborted by the user: recorded as cancelled, made again on resume.
                        calls.insert(record);
                        return;
                    }
                    long id = calls.insert(record);
                    if (record.status() != CallStatus.OK) failed.incrementAndGet();
                    if (record.cost() != null) cost.accumulateAndGet(record.cost(), BigDecimal::add);
                    int n = finished.incrementAndGet();
                    progress.update(snapshot(todo.size(), n, failed.get(), running.get(), cost.get(), start),
                            record.withId(id));
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // A call that could not be recorded (the database went away): not counted as done, so the run
                    // ends short of its plan and says so (Experiments.run); the details go to the log file only.
                    DETAILS.error("a call of run {} could not be recorded", runId, e.getCause());
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
            if (interrupted) Thread.currentThread().interrupt();
        }
        return snapshot(todo.size(), finished.get(), failed.get(), 0, cost.get(), start);
    }

    private static Snapshot snapshot(int total, int done, int failed, int running, BigDecimal cost, Instant start) {
        Duration elapsed = Duration.between(start, Instant.now());
        Duration eta = done == 0 ? null : elapsed.multipliedBy(total - done).dividedBy(done);
        return new Snapshot(total, done, failed, running, cost, elapsed, eta);
    }

    /** Renders, calls and builds the record of one cell; never throws for a failure of the cell itself. */
    CallRecord call(RunPlan plan, RunPlan.Cell cell, Long runId, AnswerExtractor extractor, Cancellation cancel) {
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
        RenderedPrompt rendered = prepared.rendered();
        GenerationParams params = prepared.params();
        String examplesJson = prepared.examplesJson();
        String messagesJson = json(RenderedPromptJson.messages(rendered.messages()));
        b.paramsJson(json(paramsMap(params)));
        long t0 = System.nanoTime();
        try {
            ChatRequest request = new ChatRequest(ref, rendered.messages(), params, cancel);
            ModelProvider provider = models.provider(cell.modelId());
            // Streams only when someone watches the cell: the final record is the same either way.
            StreamListener listener = models.listener(cell);
            CallOutcome outcome = provider instanceof CachingProvider caching ? caching.call(request, listener)
                    : new CallOutcome(provider.chat(request, listener), false, null);
            ChatResult result = outcome.result();
            b.cacheKey(outcome.cacheKey()).cached(outcome.cached());
            String answer = extractor == null ? null : extractor.extract(result.text());
            return b.status(CallStatus.OK)
                    .finishReason(org.promptstudio.model.FinishReason.recorded(result.finishReason(), result.text()))
                    .tokens(result.usage().inputTokens(), result.usage().outputTokens())
                    .reasoningTokens(result.usage().reasoningTokens())
                    .cost(cost(ref, result.usage()))
                    .latencyMs(result.latencyMillis())
                    .texts(new CallTexts(messagesJson, result.text(), examplesJson, answer))
                    .build();
        } catch (ProviderException e) {
            CallStatus status = cancel.isCancelled() ? CallStatus.CANCELLED : CallStatus.ERROR;
            return b.error(oneLine(e.getMessage())).status(status)
                    .latencyMs((System.nanoTime() - t0) / 1_000_000)
                    .texts(new CallTexts(messagesJson, null, examplesJson, null)).build();
        } catch (RuntimeException e) {
            LOG.warn("call of {} failed unexpectedly", cell.modelId(), e);
            return b.status(CallStatus.ERROR).error(cell.modelId() + ": " + ErrorText.reason(e))
                    .latencyMs((System.nanoTime() - t0) / 1_000_000)
                    .texts(new CallTexts(messagesJson, null, examplesJson, null)).build();
        }
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
    public record Prepared(RenderedPrompt rendered, GenerationParams params, String examplesJson) {
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
        RenderedPrompt rendered = renderer(cell).render(cell.prompt().parsed(),
                new RenderData(input, Map.of(), history, List.of()), Map.of());
        GenerationParams params;
        try {
            params = paramsFor(rendered.metadata(), ref, plan.spec().params());
        } catch (IllegalArgumentException e) {
            // a setting no model API takes (config: {temperature: .inf}): named with the prompt it is in
            throw new IllegalArgumentException(cell.prompt().path() + ": " + e.getMessage(), e);
        }
        return new Prepared(rendered, params, examplesJson);
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
    public static final String HISTORY_FIELD = "messages";

    /**
     * The conversation in {@code input}'s {@link #HISTORY_FIELD}, or empty when it has none or the field is not a
     * list of objects that each name a {@code role} (then it stays an ordinary input variable).
     */
    static List<org.promptstudio.model.Message> history(Map<String, Object> input) {
        if (!(input.get(HISTORY_FIELD) instanceof List<?> list) || list.isEmpty()) return List.of();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m) || !(m.get("role") instanceof String role) || role.isBlank()) {
                return List.of();
            }
        }
        return org.promptstudio.template.RenderedPromptJson.fromMaps(list);
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

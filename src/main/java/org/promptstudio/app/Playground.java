package org.promptstudio.app;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.ToolDefinition;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.StreamListener;
import org.promptstudio.store.CallRepository;
import org.promptstudio.store.RunRepository;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderedPromptJson;
import org.promptstudio.workspace.Datasets;
import org.promptstudio.workspace.ToolFiles;

/**
 * A multi-turn chat with one prompt against one or several models at once: the use case behind the window's
 * playground. The prompt is the system or template part; the conversation goes where its {@code {{history}}} is, or
 * where Dotprompt puts history when it has none (before the template's last user message, else at the end;
 * {@code MessageAssembler}, dotprompt spec/history.yaml). Each model keeps its own conversation: turn k is sent to a
 * model with the user's turns so far and <i>that model's</i> earlier answers.
 * <p>
 * Each call is made as a run makes it ({@link ExperimentRunner#callUnrecorded}: same rendering, settings, cache,
 * tokens and cost) and streamed to a {@link Listener}; nothing is recorded until {@link #saveAsRun} writes the
 * session as a playground run with one recorded call per turn and model (decision 0081). A turn can also become a
 * dataset case ({@link #addToDataset}) that {@code studio eval} renders the same way.
 * <p>
 * The conversation is kept as {@link Message} values (the user's {@code user} messages, each model's {@code model}
 * messages): a tool call is a model message whose parts ask for the tool, and a tool's result is a turn whose
 * message has the role {@code tool}; both flow into the next turn's history unchanged. The prompt's declared tools
 * are sent to every model; a model that asks for one waits in its column ({@link Reply#waiting()}) until
 * {@link #answerTools} gives the result, or the session input's {@code tool_results} mocks answer it (decision 0093).
 * Each turn and each continuation is stopped through the {@link Cancellation} its caller made for it (decision 0101).
 */
public final class Playground {

    /**
     * One model's answer to one turn.
     *
     * @param column   the model's place in the session (0-based)
     * @param model    the model id from studio.yaml
     * @param answer   the answer as a {@code model} message, null when the call failed or was cancelled; when the
     *                 model asks for tools it waits on, its {@link Part.ToolRequest} parts (see {@link #toolCalls()})
     * @param call     the call as it would be recorded (status, text or error, tokens, cost, latency, rendered
     *                 messages and any tool exchange); not recorded yet: id and run id null until the session is saved
     * @param exchange the tool rounds before the answer, in order: each model turn that asked for tools, then the
     *                 {@code tool} turn with their results (mocked by the case, or given by the user); empty when the
     *                 model called no tool
     * @param checks   the answer judged as the grid judges a cell ({@code Evaluation}'s checker: the prompt's own
     *                 assertions and, for {@code output: {format: json, schema}}, the {@code json-schema} check naming
     *                 the path of the first violation); empty while the model waits on a tool, when the call failed,
     *                 or when nothing is declared
     * @param judged   the judges' calls made for {@code checks} (an {@code llm-rubric} or {@code pairwise} check asks a
     *                 model), in the order they answered, as they would be recorded: each with its tokens, cost and
     *                 latency, its prompt path naming the judge prompt; empty when no judge was asked (decision 0113)
     */
    public record Reply(int column, String model, Message answer, CallRecord call, List<Message> exchange,
                        List<org.promptstudio.eval.AssertionResult> checks, List<CallRecord> judged) {

        public Reply {
            exchange = exchange == null ? List.of() : List.copyOf(exchange);
            checks = checks == null ? List.of() : List.copyOf(checks);
            judged = judged == null ? List.of() : List.copyOf(judged);
        }

        /** A reply judged by {@code checks} with no judge model asked. */
        public Reply(int column, String model, Message answer, CallRecord call, List<Message> exchange,
                     List<org.promptstudio.eval.AssertionResult> checks) {
            this(column, model, answer, call, exchange, checks, List.of());
        }

        /** A reply not judged. */
        public Reply(int column, String model, Message answer, CallRecord call, List<Message> exchange) {
            this(column, model, answer, call, exchange, List.of());
        }

        /** A reply with no tool rounds before its answer, not judged. */
        public Reply(int column, String model, Message answer, CallRecord call) {
            this(column, model, answer, call, List.of());
        }

        /** This reply with {@code checks} as its checks, made with no judge model asked. */
        public Reply withChecks(List<org.promptstudio.eval.AssertionResult> checks) {
            return new Reply(column, model, answer, call, exchange, checks, List.of());
        }

        /** This reply with {@code checks} as its checks and {@code judged} as the judges' calls made for them. */
        public Reply withChecks(List<org.promptstudio.eval.AssertionResult> checks, List<CallRecord> judged) {
            return new Reply(column, model, answer, call, exchange, checks, judged);
        }

        /**
         * What the judges' calls for this reply cost in US dollars, summed ({@link CallRecord#spent}); null when no
         * judge was asked or a judge model has no price.
         */
        public BigDecimal judgeCostUsd() {
            if (judged.isEmpty()) return null;
            BigDecimal sum = BigDecimal.ZERO;
            for (CallRecord j : judged) {
                if (j.spent() == null) return null;
                sum = sum.add(j.spent());
            }
            return sum;
        }

        /** The tool calls the answer waits on (their results not given yet), in order; empty when it answered. */
        public List<Part.ToolRequest> toolCalls() {
            return ok() ? answer.toolRequests() : List.of();
        }

        /** Whether the model asked for tools and waits on their results ({@link Playground#answerTools}). */
        public boolean waiting() {
            return !toolCalls().isEmpty();
        }

        /** Whether the model answered. */
        public boolean ok() {
            return call.status() == CallStatus.OK && answer != null;
        }

        /** The answer's text, or null when the call failed. */
        public String text() {
            return ok() ? answer.text() : null;
        }

        /**
         * The failure as one line ({@code Blocked: } and the guardrail's reason for a call a guardrail blocked), or
         * null when the model answered.
         */
        public String error() {
            if (blocked()) return Guardrails.BLOCKED + (call.error() == null ? "a guardrail" : call.error());
            return ok() ? null : call.error() == null ? "no answer" : call.error();
        }

        /** Whether a guardrail blocked the call (decision 0143); a blocked input was never sent. */
        public boolean blocked() {
            return call.status() == CallStatus.BLOCKED;
        }

        /**
         * Whether a guardrail blocked the call at the input: the turn's message was never sent to this model, and the
         * later turns leave it out of this model's conversation ({@link Session#conversation}), so one blocked message
         * does not block every turn after it.
         */
        public boolean blockedAtInput() {
            return blocked() && call.guard().stream()
                    .anyMatch(f -> f.blocks() && f.stage() == org.promptstudio.model.GuardStage.INPUT);
        }

        /** What the guardrails found on the call (warnings, or what blocked it); empty when nothing. */
        public List<org.promptstudio.model.GuardFinding> guard() {
            return call.guard();
        }

        /** The call's time in milliseconds, null when unknown. */
        public Long latencyMs() {
            return call.latencyMs();
        }

        public Long tokensIn() {
            return call.tokensIn();
        }

        public Long tokensOut() {
            return call.tokensOut();
        }

        /** The call's cost in US dollars ({@code Pricing}), null when the model has no price. */
        public BigDecimal costUsd() {
            return call.cost();
        }
    }

    /**
     * One turn: what was said to the models (a {@code user} message; a tool's result will be a {@code tool} message)
     * and each model's reply in column order.
     */
    public record Turn(int index, Message said, List<Reply> replies) {
        public Turn {
            replies = List.copyOf(replies);
        }

        /** Whether the turn was stopped before every model answered (its send's {@link Cancellation} was cancelled). */
        public boolean stopped() {
            return replies.stream().anyMatch(r -> r.call().status() == CallStatus.CANCELLED);
        }
    }

    /**
     * Receives a turn's answers as the models write them, from the call threads, for several columns at once:
     * implementations must be thread-safe and quick. For one column every {@code onDelta} comes before its
     * {@code onReply}, and its {@code onChecks}, if any, after it: the answer is shown before its checks (a judge
     * may take as long as a call) are done (decision 0108).
     */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void onDelta(int turn, int column, String text) {
            }

            @Override
            public void onReply(int turn, Reply reply) {
            }
        };

        void onDelta(int turn, int column, String text);

        void onReply(int turn, Reply reply);

        /**
         * The checks of column {@code column}'s answer in turn {@code turn}, after its {@link #onReply}: the prompt's
         * assertions (a judge's among them) as {@link Reply#checks()} will hold them. Not called when nothing is
         * declared, the call failed or waits on a tool, or the send was stopped before the checks ended.
         */
        default void onChecks(int turn, int column, List<org.promptstudio.eval.AssertionResult> checks) {
        }

        /**
         * As {@link #onChecks}, with the whole judged reply: its {@link Reply#checks()} and the judges' calls made
         * for them ({@link Reply#judged()}). By default it calls {@link #onChecks}.
         */
        default void onJudged(int turn, Reply judged) {
            onChecks(turn, judged.column(), judged.checks());
        }
    }

    /**
     * Makes the checker that judges one answer (the grid's, {@code Evaluation.checker}): its judges' calls are
     * stopped by {@code cancel} (their HTTP request aborted) and told to {@code heard} (decision 0113).
     */
    @FunctionalInterface
    interface Checkers {
        StreamingCompare.Checker make(Cancellation cancel, org.promptstudio.eval.JudgeModels.Calls heard);
    }

    /**
     * A conversation with one prompt (resolved once, at {@link #open}) and its models. Safe to read from any thread:
     * {@link #turns()} is a snapshot. One turn is answered at a time.
     */
    public static final class Session {
        private final RunPlan plan;
        private final RunPlan.Prompt prompt;
        private final String promptName;
        private final String version;
        private final List<String> models;
        private final Map<String, Object> input;
        private final List<Turn> turns = new ArrayList<>();
        private final List<ToolDefinition> tools;
        private final boolean jsonOutput;
        /** Makes the checkers that judge the session's answers as the grid judges its cells; null: not judged. */
        private final Checkers checker;
        private boolean answering;

        private Session(RunPlan plan, String promptName, String version, List<String> models,
                        Map<String, Object> input, List<ToolDefinition> tools, boolean jsonOutput,
                        Checkers checker) {
            this.checker = checker;
            this.tools = List.copyOf(tools);
            this.jsonOutput = jsonOutput;
            this.plan = plan;
            this.prompt = plan.prompts().get(0);
            this.promptName = promptName;
            this.version = version;
            this.models = List.copyOf(models);
            this.input = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(input));
        }

        /** The prompt as named when opened. */
        public String prompt() {
            return promptName;
        }

        /** The prompt's file, relative to the workspace. */
        public String path() {
            return prompt.path();
        }

        /** The commit the prompt was read from ({@code ...+dirty} for unsaved changes). */
        public String commit() {
            return prompt.commit();
        }

        /** The version as asked for ("working", "2", a label). */
        public String version() {
            return version;
        }

        /** The tools the prompt declares (its {@code tools} and {@code toolDefs}), sent to every model; decision 0084. */
        public List<ToolDefinition> tools() {
            return tools;
        }

        /** Whether the prompt asks for JSON ({@code output: {format: json}}): its answers read best formatted. */
        public boolean jsonOutput() {
            return jsonOutput;
        }

        /** The model ids, in column order. */
        public List<String> models() {
            return models;
        }

        /** The prompt's input variables. */
        public Map<String, Object> input() {
            return input;
        }

        /** The turns so far, in order. */
        public synchronized List<Turn> turns() {
            return List.copyOf(turns);
        }

        /**
         * What column {@code column}'s model is sent for turn {@code turn}: every earlier turn's message and that
         * model's answer to it (none when it failed), then turn {@code turn}'s message. An earlier message a guardrail
         * blocked at the input for that model ({@link Reply#blockedAtInput()}) is left out: it was never sent, and
         * carrying it would block every later turn too (the session keeps it, shown as blocked).
         */
        public synchronized List<Message> conversation(int turn, int column) {
            checkTurn(turn, turns.size());
            checkColumn(column);
            return conversation(turns.subList(0, turn), turns.get(turn).said(), column);
        }

        private static List<Message> conversation(List<Turn> before, Message said, int column) {
            List<Message> out = new ArrayList<>();
            for (Turn t : before) {
                Reply r = t.replies().size() > column ? t.replies().get(column) : null;
                if (r != null && r.blockedAtInput()) continue;
                out.add(t.said());
                if (r != null && r.answer() != null) {
                    out.addAll(r.exchange());
                    out.add(r.answer());
                }
            }
            out.add(said);
            return out;
        }

        private void checkColumn(int column) {
            if (column < 0 || column >= models.size()) {
                throw new StudioException("no model column " + (column + 1) + " (the session has " + models.size() + ")");
            }
        }

        private static void checkTurn(int turn, int size) {
            if (turn < 0 || turn >= size) {
                throw new StudioException("no turn " + (turn + 1) + " (the conversation has " + size + ")");
            }
        }
    }

    /**
     * The stop of one send (a turn, an edit, a resend, or a tool result): made when the user sends, cancelled by
     * Stop; cancelling it after its work ended does nothing to any later send (decision 0101). Thread-safe.
     */
    public static final class Stop {
        private final Cancellation cancellation = new Cancellation();

        /** Ends the send's calls in flight; no call of it starts after this. */
        public void stop() {
            cancellation.cancel();
        }

        /** Whether {@link #stop()} was called. */
        public boolean stopped() {
            return cancellation.isCancelled();
        }
    }

    /** As {@link #send(Session, String, Listener, Cancellation)}, stopped by {@code stop}. */
    public Turn send(Session session, String text, Listener listener, Stop stop) {
        return send(session, text, listener, stop.cancellation);
    }

    /** As {@link #edit(Session, int, String, Listener, Cancellation)}, stopped by {@code stop}. */
    public Turn edit(Session session, int turn, String text, Listener listener, Stop stop) {
        return edit(session, turn, text, listener, stop.cancellation);
    }

    /** As {@link #answerTools(Session, int, Map, Listener, Cancellation)}, stopped by {@code stop}. */
    public Turn answerTools(Session session, int column, Map<String, Object> results, Listener listener, Stop stop) {
        return answerTools(session, column, results, listener, stop.cancellation);
    }

    /** A session saved as a run: the run's id and the calls recorded in it. */
    public record Saved(long runId, int calls) {
    }

    private final Experiments experiments;
    private final org.promptstudio.template.PromptLibrary library;
    private final PromptRenderer renderer;
    private final ModelAccess models;
    private final RunRepository runs;
    private final CallRepository calls;
    private final Datasets datasets;
    private final ToolFiles toolFiles;
    private final ToolCalls toolCalls;
    private final Checkers checkers;
    /** Where prompts' {@code retrieve:} gets its chunks (decision 0140); set once by {@link #withRetriever}. */
    private volatile org.promptstudio.experiment.Retriever retriever = org.promptstudio.experiment.Retriever.NONE;

    /** @param checkers makes a checker for each answer (the grid's, {@code Evaluation.checker}); null: no checks */
    Playground(Experiments experiments, org.promptstudio.template.PromptLibrary library, ModelAccess models,
               RunRepository runs, CallRepository calls, Datasets datasets, ToolFiles toolFiles, ToolCalls toolCalls,
               Checkers checkers) {
        this.checkers = checkers;
        this.toolFiles = toolFiles == null ? ToolFiles.none() : toolFiles;
        this.toolCalls = toolCalls;
        this.experiments = experiments;
        this.library = library;
        this.renderer = library.renderer();
        this.models = models;
        this.runs = runs;
        this.calls = calls;
        this.datasets = datasets;
    }

    /**
     * This playground with {@code retriever} for prompts that declare {@code retrieve:} (decision 0140): each turn's
     * call is given the chunks and records them, as a compare cell's does. Without one, such a prompt's calls fail with
     * the no-index message.
     */
    Playground withRetriever(org.promptstudio.experiment.Retriever retriever) {
        this.retriever = retriever == null ? org.promptstudio.experiment.Retriever.NONE : retriever;
        return this;
    }

    /** The prompts of the workspace by id ({@code answer}, {@code answer.formal}), sorted; partials left out. */
    public List<String> prompts() {
        return library.list().stream().map(org.promptstudio.template.PromptRef::id).sorted().toList();
    }

    /** The model ids of the workspace, in studio.yaml's order (built-in offline models included). */
    public List<String> modelIds() {
        return models.ids();
    }

    /**
     * Input variables to start from for {@code prompt}: its input schema's fields with their defaults or example
     * values ({@code ExampleInput}), in schema order; empty when it declares none.
     *
     * @throws StudioException naming file:line:column for an unknown or broken prompt
     */
    public Map<String, Object> exampleInput(String prompt) {
        var parsed = library.parse(library.require(prompt));
        return org.promptstudio.template.ExampleInput.forPrompt(library.renderer().resolveMetadata(parsed, Map.of()));
    }

    /**
     * Starts a conversation: resolves the prompt at {@code version} and the models.
     *
     * @param prompt  prompt id or file
     * @param version "working", a number or a label; null or blank: working
     * @param models  model ids from studio.yaml, one column each, in order; no id twice
     * @param input   the prompt's input variables (JSON-like values); null: none
     * @throws StudioException one line, for no model, a model named twice, an unknown prompt, version or model
     */
    public Session open(String prompt, String version, List<String> models, Map<String, Object> input) {
        if (models == null || models.isEmpty()) throw new StudioException("choose at least one model");
        if (new LinkedHashSet<>(models).size() != models.size()) {
            throw new StudioException("a model is chosen twice: each model is one column");
        }
        models.forEach(this.models::ref);
        String v = version == null || version.isBlank() ? "working" : version.strip();
        Map<String, Object> in = input == null ? Map.of() : input;
        ExperimentSpec spec = new ExperimentSpec("playground-" + prompt, "playground",
                List.of(new ExperimentSpec.PromptSpec(prompt, v)), models, null, null, List.of(in), 1,
                ExperimentSpec.Strategy.zeroShot(), Map.of(), Math.max(1, models.size()), List.of());
        RunPlan plan = experiments.plan(spec, null, null, null);
        RunPlan.Prompt p = plan.prompts().get(0);
        PromptRenderer r = p.renderer() == null ? renderer : p.renderer();
        var meta = r.resolveMetadata(p.parsed(), Map.of());
        List<ToolDefinition> offered = toolFiles.resolve(meta.tools(), meta.get("toolDefs"), p.path());
        return new Session(plan, prompt, v, models, in, offered, "json".equals(meta.outputFormat()),
                checkers);
    }

    /**
     * Says {@code text} to every model as the next turn and waits for their answers, streaming them to
     * {@code listener}. A failed call is a reply with its error; the turn is kept either way.
     *
     * @param cancel this turn's own stop, made when the user sends (one per send, decision 0101): cancelling it ends
     *               the calls in flight (their replies say cancelled) and the turn is kept with what ended; cancelling
     *               it after the turn ended does nothing. Null: the turn cannot be stopped.
     * @return the new turn, with every column's reply
     * @throws StudioException for blank text, while another turn of the session is being answered, or while a column
     *                         of the last turn waits on a tool's result ({@link #answerTools}; decision 0101)
     */
    public Turn send(Session session, String text, Listener listener, Cancellation cancel) {
        if (text == null || text.isBlank()) throw new StudioException("type a message first");
        return ask(session, -1, Message.text(Message.USER, text), listener, cancel);
    }

    /** As {@link #send(Session, String, Listener, Cancellation)}, with no way to stop the turn. */
    public Turn send(Session session, String text, Listener listener) {
        return send(session, text, listener, (Cancellation) null);
    }

    /** As {@link #edit(Session, int, String, Listener, Cancellation)}, with no way to stop the turn. */
    public Turn edit(Session session, int turn, String text, Listener listener) {
        return edit(session, turn, text, listener, (Cancellation) null);
    }

    /**
     * Replaces turn {@code turn}'s message with {@code text}, drops every later turn, and asks every model again.
     *
     * @throws StudioException for blank text or a turn that does not exist
     */
    public Turn edit(Session session, int turn, String text, Listener listener, Cancellation cancel) {
        if (text == null || text.isBlank()) throw new StudioException("type a message first");
        return ask(session, turn, Message.text(Message.USER, text), listener, cancel);
    }

    /** Asks every model turn {@code turn} again, as it was said, dropping every later turn. */
    public Turn resend(Session session, int turn, Listener listener, Cancellation cancel) {
        Message said;
        synchronized (session) {
            Session.checkTurn(turn, session.turns.size());
            said = session.turns.get(turn).said();
        }
        return ask(session, turn, said, listener, cancel);
    }

    /** Asks turn {@code at} (-1: a new turn at the end), keeping the turns before it. */
    private Turn ask(Session session, int at, Message said, Listener listener, Cancellation cancel) {
        Listener out = listener == null ? Listener.NONE : listener;
        List<Turn> before;
        int index;
        synchronized (session) {
            if (session.answering) throw new StudioException("the models are still answering the last turn");
            if (at >= 0) Session.checkTurn(at, session.turns.size());
            String waits = at >= 0 ? null : waitingOn(session.turns);
            if (waits != null) throw new StudioException(waits);
            index = at < 0 ? session.turns.size() : at;
            before = List.copyOf(session.turns.subList(0, index));
            session.answering = true;
        }
        Cancellation stop = cancel == null ? new Cancellation() : cancel;
        try {
            List<Reply> replies = call(session, index, before, said, out, stop);
            Turn turn = new Turn(index, said, replies);
            synchronized (session) {
                session.turns.subList(index, session.turns.size()).clear();
                session.turns.add(turn);
            }
            return turn;
        } finally {
            synchronized (session) {
                session.answering = false;
            }
        }
    }

    /**
     * Why a new turn cannot be sent after {@code turns}: {@code local waits on the result of weather({...}): send the
     * result first, or Edit or Resend the turn} for the first column of the last turn that waits on a tool; null when
     * none waits. A model's history must answer each tool call it made before it is asked anything else (OpenAI
     * refuses an assistant {@code tool_calls} message with no {@code tool} messages after it), so a tool call is only
     * ever pending in the last turn, where {@link #answerTools} answers it (decision 0101).
     */
    public static String waitingOn(List<Turn> turns) {
        if (turns.isEmpty()) return null;
        for (Reply r : turns.get(turns.size() - 1).replies()) {
            if (r.waiting()) {
                return r.model() + " waits on the result of " + describe(r.toolCalls().get(0))
                        + ": send the result first, or Edit or Resend the turn";
            }
        }
        return null;
    }

    /** One call per column, all at once; replies in column order whichever ends first. */
    private List<Reply> call(Session session, int turn, List<Turn> before, Message said, Listener out,
                             Cancellation cancel) {
        List<RunPlan.Cell> cells = cells(session, turn, before, said);
        List<RunPlan.Case> cases = new ArrayList<>();
        Map<RunPlan.Cell, Integer> columns = new IdentityHashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            cases.add(cells.get(c).testCase());
            columns.put(cells.get(c), c);
        }
        RunPlan plan = new RunPlan(session.plan.spec(), session.plan.prompts(), cases, cells,
                session.plan.selector());
        ExperimentRunner runner = new ExperimentRunner(renderer, models.streamingTo(cell -> {
            if (out == Listener.NONE) return StreamListener.NONE;
            int column = columns.get(cell);
            return delta -> out.onDelta(turn, column, delta);
        }), calls, toolFiles).withRetriever(retriever);
        ExecutorService pool = Executors.newFixedThreadPool(cells.size(), r -> {
            Thread t = new Thread(r, "playground-call");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (RunPlan.Cell cell : cells) {
                int column = columns.get(cell);
                futures.add(pool.submit(() -> {
                    CallRecord record = runner.callUnrecorded(plan, cell, cancel).withPlanIndex(null);
                    Reply reply = reply(column, cell.modelId(), record);
                    out.onReply(turn, reply);
                    return checked(session, turn, reply, out, cancel);
                }));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) replies.add(f.get());
            return replies;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
            throw new StudioException("the turn was interrupted", e);
        } catch (ExecutionException e) {
            throw new StudioException("a call failed unexpectedly: " + org.promptstudio.model.ErrorText.reason(e.getCause()),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The reply of a call's record: the answer, and the tool rounds before it read back from the recorded exchange
     * (decision 0085: the rendered messages, then each tool-call turn and its result turn, then the answer's own turn
     * when it waits on tools). The rendered prompt never ends with a tool turn (its last message is the user's), so
     * the rounds are the trailing model/tool pairs.
     */
    /** Each column's cell of turn {@code turn}: the session's input plus that model's conversation as history. */
    private static List<RunPlan.Cell> cells(Session session, int turn, List<Turn> before, Message said) {
        List<RunPlan.Cell> cells = new ArrayList<>();
        for (int c = 0; c < session.models.size(); c++) {
            Map<String, Object> caseInput = new LinkedHashMap<>(session.input);
            caseInput.put(ExperimentRunner.HISTORY_FIELD,
                    RenderedPromptJson.messages(Session.conversation(before, said, c)));
            RunPlan.Case k = new RunPlan.Case("turn-" + (turn + 1), caseInput, Map.of(),
                    "playground turn " + (turn + 1));
            cells.add(new RunPlan.Cell(session.prompt, k, session.models.get(c), 0));
        }
        return cells;
    }

    /**
     * {@code reply} with its answer judged by the session's checker (as the grid judges a cell), told to {@code out}
     * as {@link Listener#onJudged} after the reply itself was told, with the judges' calls made for its checks
     * ({@link Reply#judged()}); unchanged while it waits on a tool or when it failed. The checks run on a thread of
     * their own so that {@code cancel} (the send's Stop) ends the wait at once; the judges' calls are made with
     * {@code cancel} too, so Stop aborts a judge's HTTP request in flight (decision 0113): the reply is then kept
     * unjudged. A check that cannot run is logged and leaves the reply unjudged: the answer is kept.
     */
    private static Reply checked(Session session, int turn, Reply reply, Listener out, Cancellation cancel) {
        if (session.checker == null || !reply.ok() || reply.waiting() || cancel.isCancelled()) return reply;
        List<CallRecord> judged = java.util.Collections.synchronizedList(new ArrayList<>());
        StreamingCompare.Checker checker = session.checker.make(cancel,
                JudgeCalls.into(judged, org.promptstudio.eval.JudgeModels.Calls.NONE));
        java.util.concurrent.CompletableFuture<List<org.promptstudio.eval.AssertionResult>> checks =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> checker.check(reply.call())
                        .assertions(), CHECKS);
        Runnable abandon = () -> checks.cancel(false);
        cancel.onCancel(abandon);
        try {
            List<org.promptstudio.eval.AssertionResult> results = checks.join();
            if (results.isEmpty() || cancel.isCancelled()) return reply;
            Reply judgedReply;
            synchronized (judged) {
                judgedReply = reply.withChecks(results, judged);
            }
            out.onJudged(turn, judgedReply);
            return judgedReply;
        } catch (java.util.concurrent.CancellationException stopped) {
            return reply;
        } catch (java.util.concurrent.CompletionException e) {
            LOG.warn("could not check the answer of {}: {}", reply.model(),
                    org.promptstudio.model.ErrorText.reason(e.getCause()));
            return reply;
        } finally {
            cancel.removeHook(abandon);
        }
    }

    /** The prompt path of a judge's recorded call, before the judge prompt's name: {@code judge:judge-rubric}. */
    public static final String JUDGE_PROMPT = "judge:";

    /** Threads for the answers' checks: daemon, so a judge abandoned by Stop never holds the studio open. */
    private static final java.util.concurrent.Executor CHECKS = r -> {
        Thread t = new Thread(r, "playground-checks");
        t.setDaemon(true);
        t.start();
    };

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Playground.class);

    private static Reply reply(int column, String model, CallRecord record) {
        boolean ok = record.status() == CallStatus.OK;
        String text = ok && record.texts() != null && record.texts().output() != null ? record.texts().output() : "";
        if (!ok) return new Reply(column, model, null, record);
        List<Message> transcript = ToolCalls.transcript(record);
        List<Part.ToolRequest> waiting = ToolCalls.pending(record);
        int end = transcript.size() - (waiting.isEmpty() ? 0 : 1);
        Message answer = waiting.isEmpty() ? Message.text(Message.MODEL, text) : transcript.get(end);
        int start = end;
        while (start >= 2 && Message.TOOL.equals(transcript.get(start - 1).role())
                && Message.MODEL.equals(transcript.get(start - 2).role())
                && !transcript.get(start - 2).toolRequests().isEmpty()) {
            start -= 2;
        }
        return new Reply(column, model, answer, record, transcript.subList(start, end));
    }

    /**
     * Reads what the user typed as the result of tool {@code tool}: JSON when it parses as JSON (an object, array,
     * number, string in quotes, true, false, null), else the text itself. When the tool's {@code outputSchema} asks for
     * anything but a string, the text must be JSON.
     *
     * @return the result as a JSON-like value (Map, List, String, Number, Boolean, or the text)
     * @throws StudioException one line, {@code result of weather: not JSON (line 1, column 9: ...)}, or for blank text
     */
    public Object toolResult(Session session, String tool, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw new StudioException("result of " + tool + ": type the tool's result first");
        Map<String, Object> schema = session.tools().stream().filter(d -> d.name().equals(tool)).findFirst()
                .map(ToolDefinition::outputSchema).orElse(null);
        boolean wantsJson = schema != null && !"string".equals(schema.get("type"));
        try {
            return RESULT_JSON.readValue(t, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (!wantsJson) return text.strip();
            org.promptstudio.format.JsonProblem p = org.promptstudio.format.JsonProblem.of(e, t);
            throw new StudioException("result of " + tool + ": not JSON, which its outputSchema asks for (line "
                    + p.line() + ", column " + p.column() + ": " + p.reason() + ")");
        }
    }

    /**
     * The input variables as the playground's input box shows them: {@code name: value} lines, a text as it is and
     * anything structured (a map, a list) as compact JSON ({@link org.promptstudio.model.InputText#fields}, decision
     * 0105), never Java's {@code {a=1}}; {@link #inputValues} reads them back.
     */
    public static String inputText(Map<String, ?> values) {
        String text = org.promptstudio.model.InputText.fields(values);
        return text.isEmpty() ? "" : text + "\n";
    }

    /**
     * The input box's {@code name: value} lines read back ({@link #inputText}): a value whose text starts with
     * {@code {} or {@code [} is JSON (an object or an array) and is read as one; any other value is its text,
     * stripped. A line without {@code name:} continues the value above it, so JSON may span lines.
     *
     * @return the variables in the order written (JSON values as Map, List, String, Number, Boolean or null)
     * @throws StudioException one line: {@code input, line 2: write 'name: value' ...} for text before the first
     *                         name, or {@code input field 'weather': not valid JSON (line 1, column 9: ...)}
     */
    public static Map<String, Object> inputValues(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        String last = null;
        int line = 0;
        java.util.regex.Pattern field = java.util.regex.Pattern.compile("^\\s*([A-Za-z_][\\w.-]*)\\s*:\\s?(.*)$");
        Map<String, String> raw = new LinkedHashMap<>();
        for (String l : text.split("\r?\n", -1)) {
            line++;
            java.util.regex.Matcher m = field.matcher(l);
            if (m.matches()) {
                last = m.group(1);
                raw.put(last, m.group(2));
            } else if (last != null) {
                raw.put(last, raw.get(last) + "\n" + l);
            } else if (!l.isBlank()) {
                throw new StudioException("input, line " + line
                        + ": write 'name: value' (the prompt's input variable, then its value)");
            }
        }
        raw.forEach((name, value) -> {
            String v = value.strip();
            if (!v.startsWith("{") && !v.startsWith("[")) {
                out.put(name, v);
                return;
            }
            try {
                out.put(name, RESULT_JSON.readValue(v, Object.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                org.promptstudio.format.JsonProblem p = org.promptstudio.format.JsonProblem.of(e, v);
                throw new StudioException("input field '" + name + "': not valid JSON (line " + p.line()
                        + ", column " + p.column() + ": " + p.reason() + ")");
            }
        });
        return out;
    }

    /** A tool call in one line, {@code weather({"city":"Oslo"})} ({@link ToolCalls#describe}). */
    public static String describe(Part.ToolRequest call) {
        return ToolCalls.describe(call);
    }

    /** An answer that is one JSON object or array formatted ({@link JsonAnswer#pretty}); else as it is. */
    public static String prettyAnswer(String answer) {
        return answer == null ? null : JsonAnswer.pretty(answer).orElse(answer);
    }

    /**
     * A tool call's arguments or result as the window shows it: a text result as it is, any other value as JSON with
     * two-space indentation, key order kept ({@code JSON.stringify(v, null, 2)}'s layout, as {@link JsonAnswer}).
     */
    public static String shown(Object value) {
        if (value instanceof String text) return text;
        return org.promptstudio.template.JsonValues.toPrettyJson(value);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper RESULT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Gives the results of the tools column {@code column}'s model asked for in the last turn, and lets it go on
     * ({@link ToolCalls#continueWith}: the same tools and settings the turn was sent with; a call {@code results}
     * does not answer gets the session input's {@code tool_results} mock). Its text streams to {@code listener} as
     * the turn's {@code onDelta} for that column, then {@code onReply} gives the column's new reply, whose
     * {@link Reply#exchange()} holds the tool rounds and whose record sums the figures of the call and its
     * continuation. The other columns are unchanged, and each column that waits can be answered, in any order. Only
     * the last turn can wait: {@link #send} refuses a new turn while a column waits ({@link #waitingOn}), and Edit or
     * Resend of an earlier turn drops the turns after it (decision 0101).
     *
     * @param results results by the tool call's {@code ref} ({@link #toolResult} reads typed text)
     * @param cancel  this continuation's own stop (one per send of a result); null: it cannot be stopped
     * @return the last turn with the column's new reply
     * @throws StudioException one line: no turn, a column that waits on no tool, a call without a result, while the
     *                         models are answering, or when the model's call fails (the tool call stays, to try again)
     */
    public Turn answerTools(Session session, int column, Map<String, Object> results, Listener listener,
                            Cancellation cancel) {
        Listener out = listener == null ? Listener.NONE : listener;
        session.checkColumn(column);
        Turn last;
        synchronized (session) {
            if (session.answering) throw new StudioException("the models are still answering the last turn");
            if (session.turns.isEmpty()) throw new StudioException("there is no turn yet: send a message first");
            last = session.turns.get(session.turns.size() - 1);
            session.answering = true;
        }
        Cancellation stop = cancel == null ? new Cancellation() : cancel;
        try {
            Reply before = last.replies().get(column);
            if (!before.waiting()) {
                throw new StudioException(before.model() + " waits on no tool in turn " + (last.index() + 1));
            }
            RunPlan.Cell cell = cells(session, last.index(), session.turns.subList(0, last.index()), last.said())
                    .get(column);
            RunPlan plan = new RunPlan(session.plan.spec(), session.plan.prompts(), List.of(cell.testCase()),
                    List.of(cell), session.plan.selector());
            ExperimentRunner runner = new ExperimentRunner(renderer, models.streamingTo(c -> StreamListener.NONE),
                    calls, toolFiles).withRetriever(retriever);
            String model = before.model();
            ExperimentRunner.Prepared prepared = runner.prepare(plan, cell, models.ref(model));
            int turn = last.index();
            long t0 = System.nanoTime();
            ToolCalls.Continued next;
            try {
                next = toolCalls.continueWith(new ToolCalls.Continuation(model, ToolCalls.transcript(before.call()),
                        prepared.tools(), prepared.params(), results, session.input),
                        delta -> out.onDelta(turn, column, delta), stop);
            } catch (org.promptstudio.provider.ProviderException e) {
                throw new StudioException(model + ": " + org.promptstudio.model.ErrorText.reason(e), e);
            }
            Reply answered = reply(column, model, continued(before.call(), next, models.ref(model),
                    (System.nanoTime() - t0) / 1_000_000));
            out.onReply(turn, answered);
            Reply reply = checked(session, turn, answered, out, stop);
            List<Reply> replies = new ArrayList<>(last.replies());
            replies.set(column, reply);
            Turn turnNow = new Turn(turn, last.said(), replies);
            synchronized (session) {
                session.turns.set(session.turns.size() - 1, turnNow);
            }
            return turnNow;
        } finally {
            synchronized (session) {
                session.answering = false;
            }
        }
    }

    /** As {@link #answerTools(Session, int, Map, Listener, Cancellation)}, with no way to stop it. */
    public Turn answerTools(Session session, int column, Map<String, Object> results, Listener listener) {
        return answerTools(session, column, results, listener, (Cancellation) null);
    }

    /**
     * The record of a call continued with tool results: its exchange as decision 0085 records it (the conversation
     * sent; the answer's own turn last only when it waits on tools again), the last answer's text, and the tokens,
     * cost and latency of the first call plus the continuation's answer.
     */
    private static CallRecord continued(CallRecord first, ToolCalls.Continued next, org.promptstudio.model.ModelRef ref,
                                        long millis) {
        ChatResultFigures f = new ChatResultFigures(next);
        List<Message> transcript = next.pending().isEmpty()
                ? next.conversation().subList(0, next.conversation().size() - 1) : next.conversation();
        String messagesJson;
        try {
            messagesJson = new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(RenderedPromptJson.messages(transcript));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StudioException("cannot write the conversation as JSON: " + e.getOriginalMessage(), e);
        }
        Double price = org.promptstudio.provider.Pricing.of(ref).cost(next.result().usage());
        // a part unpriced: the sum is unknown, as Pricing gives null for a model with no price
        java.math.BigDecimal cost = first.cost() == null || price == null ? null
                : first.cost().add(new java.math.BigDecimal(price, java.math.MathContext.DECIMAL64));
        String text = next.result().text();
        return new CallRecord(null, null, first.promptPath(), first.promptCommit(), first.variant(), first.provider(),
                first.model(), first.paramsJson(), CallStatus.OK,
                next.pending().isEmpty() ? org.promptstudio.model.FinishReason.recorded(next.result().finishReason(), text)
                        : org.promptstudio.model.FinishReason.recorded(org.promptstudio.model.FinishReason.TOOL_CALLS,
                                text),
                sum(first.tokensIn(), f.in), sum(first.tokensOut(), f.out), cost,
                first.latencyMs() == null ? null : first.latencyMs() + millis,
                null, first.createdAt(), first.cacheKey(), first.sampleIndex(), first.caseId(), null,
                new org.promptstudio.model.CallTexts(messagesJson, text,
                        first.texts() == null ? null : first.texts().examplesJson(), null),
                false, sum(first.reasoningTokens(), f.reasoning),
                first.usageNote() != null ? first.usageNote() : next.result().usage().implausible())
                .withContext(first.context()).withRetrievalNote(first.retrievalNote())
                .withGuard(java.util.stream.Stream.concat(first.guard().stream(), next.guard().stream()).distinct()
                        .toList());
    }

    private record ChatResultFigures(long in, long out, long reasoning) {
        ChatResultFigures(ToolCalls.Continued next) {
            this(next.result().usage().inputTokens(), next.result().usage().outputTokens(),
                    next.result().usage().reasoningTokens());
        }
    }

    private static Long sum(Long a, long b) {
        return a == null ? null : a + b;
    }

    /**
     * Records the session as a run of kind playground named {@code name}: one call per turn and model, in turn
     * then column order (each with its rendered messages, history included, its answer or error, tokens, cost and
     * latency), as any run's calls are recorded, each followed by the calls its judges made ({@link Reply#judged()},
     * prompt path {@code judge:NAME}); the run is finished at once.
     *
     * @param name the run's name; null or blank: {@code playground-PROMPT}
     * @throws StudioException when the session has no turn yet
     */
    public Saved saveAsRun(Session session, String name) {
        List<Turn> turns = session.turns();
        if (turns.isEmpty()) throw new StudioException("nothing to save yet: send a message first");
        String runName = name == null || name.isBlank() ? session.plan.spec().name() : name.strip();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("experiment", runName);
        settings.put("prompt", session.path());
        settings.put("version", session.version());
        settings.put("models", session.models());
        settings.put("turns", turns.size());
        String settingsJson;
        try {
            settingsJson = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(settings);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            settingsJson = null; // only names and numbers: cannot happen; the run is recorded without its settings
        }
        long runId = runs.insert(RunRecord.started(RunKind.PLAYGROUND, runName, null, settingsJson)).id();
        int n = 0;
        for (Turn t : turns) {
            for (Reply r : t.replies()) {
                calls.insert(r.call().withRunId(runId).withPlanIndex(n));
                n++;
                for (CallRecord judge : r.judged()) {
                    calls.insert(judge.withRunId(runId).withPlanIndex(n));
                    n++;
                }
            }
        }
        runs.finish(runId, RunStatus.FINISHED, Instant.now());
        return new Saved(runId, n);
    }

    /**
     * Appends turn {@code turn} as a case of dataset {@code dataset} ({@code datasets/NAME.jsonl}, made when new):
     * an {@code id}, the prompt's input variables, the conversation column {@code column}'s model was sent
     * ({@code messages}, which a run renders through {@code {{history}}}), and that model's answer as
     * {@code expected}. {@code studio eval} reads it back like any row.
     *
     * @return where the row is written, {@code datasets/NAME.jsonl:LINE}
     * @throws StudioException for a turn or column that does not exist, a reply with no answer, a bad dataset name
     *                         or a CSV dataset of that name
     */
    public String addToDataset(Session session, int turn, int column, String dataset) {
        return addToDataset(session, turn, column, dataset, null).place();
    }

    /** Where {@link #addToDataset(Session, int, int, String, String)} wrote a case, and its split (null: none). */
    public record Kept(String place, String split) {
    }

    /** The choice of no {@code split} for a kept case. */
    public static final String NO_SPLIT = "none";

    /** The {@code split} a case can be written with: none, or one an experiment's or the grid's {@code split} selects. */
    public static final List<String> SPLITS = List.of(NO_SPLIT, org.promptstudio.workspace.TestCase.DEV,
            org.promptstudio.workspace.TestCase.TEST);

    /**
     * The split a new case of dataset {@code dataset} takes by the dataset's own convention: none when it does not
     * exist yet or no row has a split; else the split most of its rows have ({@code test} on a tie: a case kept from
     * the playground is new to the prompt, held out until chosen for tuning).
     *
     * @return {@code dev}, {@code test}, or null for none
     * @throws StudioException one line naming file:line for a dataset that cannot be read
     */
    public String defaultSplit(String dataset) {
        String name = dataset == null ? "" : dataset.strip();
        var file = datasets.files().stream().filter(f -> {
            String n = f.getFileName().toString();
            return n.substring(0, n.lastIndexOf('.')).equals(name);
        }).findFirst();
        if (file.isEmpty()) return null;
        var loaded = datasets.load(file.get());
        long dev = loaded.count(org.promptstudio.workspace.TestCase.DEV);
        long test = loaded.count(org.promptstudio.workspace.TestCase.TEST);
        if (dev == 0 && test == 0) return null;
        return dev > test ? org.promptstudio.workspace.TestCase.DEV : org.promptstudio.workspace.TestCase.TEST;
    }

    /**
     * As {@link #addToDataset(Session, int, int, String)}, with the case's {@code split}.
     *
     * @param split {@code dev} or {@code test}; {@code none} (or empty) for no split; null for the dataset's own
     *              convention ({@link #defaultSplit})
     * @return where the row is written and the split it got
     * @throws StudioException as {@link #addToDataset(Session, int, int, String)}, and for another split name
     */
    public Kept addToDataset(Session session, int turn, int column, String dataset, String split) {
        String chosen;
        if (split == null) {
            chosen = defaultSplit(dataset);
        } else if (split.isBlank() || split.strip().equals(NO_SPLIT)) {
            chosen = null;
        } else if (SPLITS.contains(split.strip())) {
            chosen = split.strip();
        } else {
            throw new StudioException("split '" + split.strip() + "': choose dev, test or none");
        }
        List<Message> conversation = session.conversation(turn, column);
        Reply reply = session.turns().get(turn).replies().get(column);
        if (!reply.ok()) throw new StudioException("turn " + (turn + 1) + " of " + reply.model() + " has no answer to keep");
        if (reply.waiting()) {
            throw new StudioException("turn " + (turn + 1) + " of " + reply.model() + " waits on the result of "
                    + ToolCalls.describe(reply.toolCalls().get(0)) + ": send the result first");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        String name = dataset == null ? "" : dataset.strip();
        datasets.files().stream().filter(f -> {
            String n = f.getFileName().toString();
            return n.substring(0, n.lastIndexOf('.')).equals(name);
        }).findFirst().ifPresent(f -> datasets.load(f).cases().forEach(c -> ids.add(c.id())));
        String base = "playground-" + session.prompt().replaceAll("[^A-Za-z0-9_-]", "_");
        int i = 1;
        while (ids.contains(base + "-" + i)) i++;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", base + "-" + i);
        session.input().forEach(row::putIfAbsent);
        row.put(ExperimentRunner.HISTORY_FIELD, RenderedPromptJson.messages(conversation));
        // the results the model got in this turn become the case's mocks, so a run replays the exchange (0085)
        Map<String, Object> mocks = new LinkedHashMap<>();
        if (session.input().get(org.promptstudio.experiment.ToolExchange.MOCKS_FIELD) instanceof Map<?, ?> given) {
            given.forEach((k, v) -> mocks.put(String.valueOf(k), v));
        }
        for (Message m : reply.exchange()) {
            for (Part p : m.content()) {
                if (p instanceof Part.ToolResponse r) mocks.put(r.name(), r.output());
            }
        }
        if (!mocks.isEmpty()) row.put(org.promptstudio.experiment.ToolExchange.MOCKS_FIELD, mocks);
        row.put("expected", reply.text());
        if (chosen != null) row.put("split", chosen);
        return new Kept(datasets.appendRow(name, row), chosen);
    }
}

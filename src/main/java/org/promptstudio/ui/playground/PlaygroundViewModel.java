package org.promptstudio.ui.playground;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Playground;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.Usd;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.FrameCoalescer;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The playground's state and actions: a prompt with its input variables, the models (one column each), and the
 * conversation, each column showing the user's turns and its model's answers as they stream. Send asks every model
 * the next turn; Edit puts a turn back in the input box and Send then asks it again with the new text, dropping the
 * later turns; Resend asks a turn again as it was; Save as run records the session; Add to dataset keeps one answer
 * as a dataset case. Streamed text arrives on the call threads and is applied on the UI thread at most once per
 * frame ({@link FrameCoalescer}); when a turn ends its replies are taken from the use case's result, in column order.
 */
public final class PlaygroundViewModel implements Activatable {

    /** Where a message stands; {@code WAITING}: a tool call whose result the user can send. */
    public enum Status { STREAMING, DONE, FAILED, WAITING }

    /** What a message is: the user's turn, the model's text, a tool call of the model, a tool's result. */
    public enum Kind { USER, ANSWER, TOOL_CALL, TOOL_RESULT }

    /**
     * One message of a column.
     *
     * @param turn    the turn it belongs to (0-based)
     * @param user    true for what the user said, false for the model's side
     * @param text    the text as far as it has streamed; a tool call's arguments and a tool result as two-space JSON
     *                (a text result as it is); a JSON answer of a prompt with {@code output.format: json} formatted
     * @param error   why the call failed, null when it did not; on a user's message {@link #NOT_SENT} when a guardrail
     *                blocked it at the input (shown, never sent, left out of the next turns)
     * @param metrics "812 ms · 35→120 tok · $0.000123" for an ended answer (its last message), empty otherwise
     * @param kind    what the message is
     * @param ref     a tool call's or result's id ({@code call_1}), null for other messages
     * @param call    a tool call or result's tool in one line ({@code weather({"city":"Oslo"})}, {@code weather}),
     *                null for other messages
     * @param badges  an ended answer's checks, as the grid's badges (the prompt's assertions and its declared output
     *                schema, {@code json-schema}); empty for other messages
     */
    public record Bubble(int turn, boolean user, String text, Status status, String error, String metrics, Kind kind,
                         String ref, String call, List<Badge> badges) {

        public Bubble {
            badges = badges == null ? List.of() : List.copyOf(badges);
        }

        /** A message with no checks. */
        public Bubble(int turn, boolean user, String text, Status status, String error, String metrics, Kind kind,
                      String ref, String call) {
            this(turn, user, text, status, error, metrics, kind, ref, call, List.of());
        }

        /** A user's message or a model's answer. */
        public Bubble(int turn, boolean user, String text, Status status, String error, String metrics) {
            this(turn, user, text, status, error, metrics, user ? Kind.USER : Kind.ANSWER, null, null);
        }
    }

    /**
     * One check of an answer, as the grid shows it: its type ({@code json-schema}), pass or fail, and why (for a
     * schema, the path of the first violation: {@code $.priority: does not have a value in the enumeration ...}).
     */
    public record Badge(String type, boolean pass, String reason) {
    }

    /** One model's column: its id and its messages in order. */
    public static final class Column {
        private final int index;
        private final String model;
        private final ObservableList<Bubble> messages = FXCollections.observableArrayList();
        private final ObservableList<Bubble> messagesView = FXCollections.unmodifiableObservableList(messages);

        Column(int index, String model) {
            this.index = index;
            this.model = model;
        }

        public int index() {
            return index;
        }

        public String model() {
            return model;
        }

        public ObservableList<Bubble> messages() {
            return messagesView;
        }
    }

    private final Studio studio;
    private final TaskRunner runner;
    private final FrameCoalescer frames;

    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final StringProperty version = new SimpleStringProperty(this, "version", "working");
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final StringProperty draft = new SimpleStringProperty(this, "draft", "");
    private final StringProperty dataset = new SimpleStringProperty(this, "dataset", "playground");
    /** The split a kept case gets: {@link #SPLIT_AS_DATASET} or one of {@link Playground#SPLITS}. */
    private final StringProperty split = new SimpleStringProperty(this, "split", SPLIT_AS_DATASET);
    private final ObservableList<String> splitChoices = FXCollections.unmodifiableObservableList(
            FXCollections.observableArrayList(splitChoiceList()));
    private final IntegerProperty editing = new SimpleIntegerProperty(this, "editing", -1);
    private final ObservableList<String> promptChoices = FXCollections.observableArrayList();
    private final ObservableList<String> modelChoices = FXCollections.observableArrayList();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<Column> columns = FXCollections.observableArrayList();
    private final ObservableList<Column> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyIntegerWrapper turnCount = new ReadOnlyIntegerWrapper(this, "turnCount", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    // Touched on the UI thread only.
    private Playground playground;
    private Playground.Session session;
    private List<Playground.Turn> turns = List.of();
    /** The turn being asked (-1: none), its text, and each column's text so far. */
    private int asking = -1;
    private String askingText;
    private StringBuilder[] streamed = new StringBuilder[0];
    private Playground.Reply[] replied = new Playground.Reply[0];
    /** The column whose tool call is being continued with its results (-1: none); the prompt asks for JSON. */
    private int continuing = -1;
    /** The continued column's reply once it came (its checks may still be running), else null. */
    private Playground.Reply continued;
    private boolean jsonOutput;
    /** Results the user gave, by column then tool call ref, until every call of the column's answer has one. */
    private final Map<Integer, Map<String, Object>> given = new LinkedHashMap<>();
    /** What the user typed in a result box, by "column/ref": kept while the cells are redrawn. */
    private final Map<String, String> resultDrafts = new java.util.HashMap<>();
    /**
     * The stop of the turn or tool result being answered, made on the UI thread when it is sent: Stop cancels it, and
     * a Stop that comes after it ended cancels nothing that is still to come (decision 0101). Null when none runs.
     */
    private Playground.Stop stopping;
    private TaskHandle handle;
    private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
    private List<String> sendWhenLoaded;
    private List<String> startModels = List.of();

    /** The playground over {@code studio}, with streamed text applied once per frame. */
    public PlaygroundViewModel(Studio studio, TaskRunner runner) {
        this(studio, runner, false);
    }

    /**
     * @param held true for windowless tests: streamed text waits for {@link #applyStreamed()} (or the end of the
     *             turn) instead of the next frame
     */
    public PlaygroundViewModel(Studio studio, TaskRunner runner, boolean held) {
        this.studio = studio;
        this.runner = runner;
        this.frames = held ? FrameCoalescer.held(this::drain) : FrameCoalescer.perFrame(this::drain);
    }

    @Override
    public void onActivate() {
        if (!loaded.get()) onLoadChoices();
    }

    @Override
    public void onDeactivate() {
        // a turn goes on while the tab is hidden; its answers are there when it is shown again
    }

    /** Reads the prompts and models to choose from, and the chosen prompt's input variables. */
    public void onLoadChoices() {
        String p = prompt.get();
        runner.run(() -> {
            Playground pg = studio.playground(studio.models(CachePolicy.AUTO));
            Map<String, Object> example = p.isBlank() ? Map.of() : pg.exampleInput(p);
            return new Choices(pg, pg.prompts(), pg.modelIds(), example);
        }, c -> {
            playground = c.playground();
            promptChoices.setAll(c.prompts());
            modelChoices.setAll(c.models());
            if (!startModels.isEmpty()) models.setAll(startModels);
            if (models.isEmpty() && !c.models().isEmpty()) models.setAll(c.models().get(0));
            if (input.get().isBlank()) input.set(inputText(c.example()));
            loaded.set(true);
            List<String> script = sendWhenLoaded;
            sendWhenLoaded = null;
            if (script != null) sendAll(script);
        }, e -> {
            sendWhenLoaded = null;
            loaded.set(true);
            error.set(ErrorText.reason(e));
        });
    }

    private record Choices(Playground playground, List<String> prompts, List<String> models,
                           Map<String, Object> example) {
    }

    /** Chooses {@code id} as the prompt: its input variables are read again; the next Send starts a new session. */
    public void onChoosePrompt(String id) {
        if (id == null || id.equals(prompt.get())) return;
        prompt.set(id);
        input.set("");
        runner.run(() -> studio.playground(studio.models(CachePolicy.AUTO)).exampleInput(id),
                example -> {
                    if (id.equals(prompt.get()) && input.get().isBlank()) input.set(inputText(example));
                }, e -> error.set(ErrorText.reason(e)));
    }

    /**
     * A conversation to hold as soon as the choices are read ({@code studio screenshot playground}).
     *
     * @param models   model ids, one column each; empty: the view's first model
     * @param messages what to say, each once the last is answered
     */
    public record Start(List<String> models, List<String> messages) {
        public Start {
            models = models == null ? List.of() : List.copyOf(models);
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }

    /** Holds {@code start}'s conversation once the choices are read (at once when they are). */
    public void onStartWhenReady(Start start) {
        if (loaded.get()) {
            if (!start.models().isEmpty()) models.setAll(start.models());
            sendAll(start.messages());
        } else {
            startModels = start.models();
            sendWhenLoaded = start.messages();
        }
    }

    private void sendAll(List<String> script) {
        if (script.isEmpty()) return;
        draft.set(script.get(0));
        List<String> rest = script.subList(1, script.size());
        onSend(() -> sendAll(List.copyOf(rest)));
    }

    /** True while the view waits for work: the choices, a scripted conversation, or a turn being answered. */
    public boolean busy() {
        return !loaded.get() || sendWhenLoaded != null || running.get();
    }

    /**
     * Sends the input box's text: as the next turn, or, while a turn is being edited ({@link #onEdit}), as that
     * turn's new text (the later turns are dropped). A change of prompt, version, models or input starts a new
     * session first.
     */
    public void onSend() {
        onSend(null);
    }

    private void onSend(Runnable then) {
        if (running.get()) return;
        error.set("");
        String text = draft.get() == null ? "" : draft.get().strip();
        if (text.isEmpty()) {
            error.set("type a message first");
            return;
        }
        Map<String, Object> in;
        try {
            in = variables(input.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        if (prompt.get().isBlank()) {
            error.set("choose a prompt");
            return;
        }
        if (models.isEmpty()) {
            error.set("choose at least one model");
            return;
        }
        int edit = editing.get();
        boolean fresh = session == null || !same(session, in);
        String waits = fresh || edit >= 0 ? null : waitingOn();
        if (waits != null) {
            error.set(waits);
            return;
        }
        if (fresh) edit = -1;
        int turn = edit >= 0 ? edit : fresh ? 0 : turns.size();
        String p = prompt.get().strip();
        String v = version.get();
        List<String> ms = List.copyOf(models);
        Playground.Session current = fresh ? null : session;
        final int at = edit;
        begin(turn, text, fresh ? ms : session.models(), fresh);
        Playground.Listener listener = new Playground.Listener() {
            @Override
            public void onDelta(int t, int column, String delta) {
                pending.add(new Delta(t, column, delta));
                frames.request();
            }

            @Override
            public void onReply(int t, Playground.Reply reply) {
                pending.add(reply);
                frames.request();
            }

            @Override
            public void onJudged(int t, Playground.Reply judged) {
                pending.add(new Checks(t, judged.column(), judged.checks(), judged.judged()));
                frames.request();
            }
        };
        Playground known = playground;
        Playground.Stop stop = stopping;
        handle = runner.runLong("Playground " + p, progress -> {
            Playground pg = known != null ? known : studio.playground(studio.models(CachePolicy.AUTO));
            Playground.Session s = current != null ? current : pg.open(p, v, ms, in);
            if (stop.stopped()) throw new java.util.concurrent.CancellationException("stopped");
            Playground.Turn done = at >= 0 ? pg.edit(s, at, text, listener, stop) : pg.send(s, text, listener, stop);
            return new Asked(s, s.turns(), done);
        }, asked -> {
            session = asked.session();
            jsonOutput = asked.session().jsonOutput();
            end(asked.turns());
            draft.set("");
            message.set(asked.turn().stopped() ? "Stopped" : "Turn " + (asked.turn().index() + 1) + " answered by "
                    + asked.turn().replies().size() + " model" + (asked.turn().replies().size() == 1 ? "" : "s"));
            if (then != null) then.run();
        }, e -> {
            // the session keeps its turns when a turn is refused or stopped before it began
            end(current != null ? current.turns() : turns);
            if (e instanceof java.util.concurrent.CancellationException) message.set("Stopped");
            else error.set(ErrorText.reason(e));
        });
    }

    private record Asked(Playground.Session session, List<Playground.Turn> turns, Playground.Turn turn) {
    }

    /** "local waits on the result of weather(...)" when a column's last answer is a tool call; else null. */
    private String waitingOn() {
        return Playground.waitingOn(turns);
    }

    /** What the user typed as the result of tool call {@code ref} in column {@code column} ("" when nothing). */
    public String resultDraft(int column, String ref) {
        return resultDrafts.getOrDefault(column + "/" + ref, "");
    }

    /** Keeps what the user types as the result of tool call {@code ref} in column {@code column}. */
    public void onResultDraft(int column, String ref, String text) {
        resultDrafts.put(column + "/" + ref, text == null ? "" : text);
    }

    /**
     * Sends {@code text} as the result of tool call {@code ref} that column {@code column}'s model asked for in the
     * last turn: JSON when it parses (it must when the tool's {@code outputSchema} asks for JSON: else a one-line
     * error and nothing is sent), else the text. When the answer asked for several tools, the model goes on once each
     * has its result; its answer then streams into the column.
     */
    public void onSendToolResult(int column, String ref, String text) {
        if (running.get()) return;
        error.set("");
        Playground.Session s = session;
        Playground pg = playground;
        if (s == null || turns.isEmpty() || column < 0 || column >= columns.size()) return;
        Playground.Reply reply = turns.get(turns.size() - 1).replies().get(column);
        var call = reply.toolCalls().stream().filter(c -> c.ref().equals(ref)).findFirst().orElse(null);
        if (call == null) {
            error.set(reply.model() + " waits on no tool call " + ref);
            return;
        }
        Object value;
        try {
            value = pg.toolResult(s, call.name(), text);
        } catch (RuntimeException e) {
            error.set(ErrorText.reason(e));
            return;
        }
        Map<String, Object> results = given.computeIfAbsent(column, k -> new LinkedHashMap<>());
        results.put(ref, value);
        var missing = reply.toolCalls().stream().filter(c -> !results.containsKey(c.ref())).findFirst();
        if (missing.isPresent()) {
            message.set("Result of " + call.name() + " kept: now the result of "
                    + Playground.describe(missing.get()));
            refresh();
            return;
        }
        Map<String, Object> all = Map.copyOf(results);
        int turn = turns.size() - 1;
        continuing = column;
        continued = null;
        streamed = new StringBuilder[columns.size()];
        for (int i = 0; i < streamed.length; i++) streamed[i] = new StringBuilder();
        pending.clear();
        stopping = new Playground.Stop();
        Playground.Stop stop = stopping;
        running.set(true);
        message.set("Sending the result to " + reply.model() + "\u2026");
        refresh();
        Playground.Listener listener = new Playground.Listener() {
            @Override
            public void onDelta(int t, int col, String delta) {
                pending.add(new Delta(t, col, delta));
                frames.request();
            }

            @Override
            public void onReply(int t, Playground.Reply r) {
                pending.add(r);
                frames.request();
            }

            @Override
            public void onJudged(int t, Playground.Reply judged) {
                pending.add(new Checks(t, judged.column(), judged.checks(), judged.judged()));
                frames.request();
            }
        };
        // a full streamed model call, and its checks: a thread of its own, not the shared pool (decision 0099)
        handle = runner.runLong("Tool result for " + reply.model(), progress -> {
            Playground.Turn done = pg.answerTools(s, column, all, listener, stop);
            return s.turns();
        }, now -> {
            given.remove(column);
            resultDrafts.keySet().removeIf(k -> k.startsWith(column + "/"));
            continuing = -1;
            end(now);
            Playground.Reply r = now.get(turn).replies().get(column);
            message.set(r.waiting() ? reply.model() + " asks for " + Playground.describe(r.toolCalls().get(0))
                    : reply.model() + " answered with the tool's result");
        }, e -> {
            given.remove(column);
            continuing = -1;
            end(turns);
            // stopped: the tool call still waits, to send its result again
            if (e instanceof java.util.concurrent.CancellationException || stop.stopped()) message.set("Stopped");
            else error.set(ErrorText.reason(e));
        });
    }

    private boolean same(Playground.Session s, Map<String, Object> in) {
        return s.prompt().equals(prompt.get().strip()) && s.version().equals(version.get() == null
                || version.get().isBlank() ? "working" : version.get().strip()) && s.models().equals(List.copyOf(models))
                && s.input().equals(in);
    }

    /** Lays out the columns for turn {@code turn} being asked: the turns before it, then the new text. */
    private void begin(int turn, String text, List<String> ms, boolean fresh) {
        if (fresh) {
            turns = List.of();
            session = null;
            List<Column> cols = new ArrayList<>();
            for (int i = 0; i < ms.size(); i++) cols.add(new Column(i, ms.get(i)));
            columns.setAll(cols);
        }
        turns = turns.subList(0, Math.min(turn, turns.size()));
        asking = turn;
        askingText = text;
        streamed = new StringBuilder[columns.size()];
        for (int i = 0; i < streamed.length; i++) streamed[i] = new StringBuilder();
        replied = new Playground.Reply[columns.size()];
        given.clear();
        resultDrafts.clear();
        pending.clear();
        stopping = new Playground.Stop();
        editing.set(-1);
        running.set(true);
        message.set("Asking " + columns.size() + " model" + (columns.size() == 1 ? "" : "s") + "\u2026");
        refresh();
    }

    private void end(List<Playground.Turn> result) {
        drain();
        continuing = -1;
        continued = null;
        turns = List.copyOf(result);
        asking = -1;
        askingText = null;
        running.set(false);
        stopping = null;
        handle = null;
        refresh();
    }

    /**
     * Stops the turn (or tool result) being answered: its calls in flight end, what ended is kept. Only that one: a
     * Stop after it ended does nothing, and the next Send makes its own stop.
     */
    public void onStop() {
        if (stopping != null) stopping.stop();
    }

    /** Puts turn {@code turn}'s text in the input box; the next Send asks it again with the box's text. */
    public void onEdit(int turn) {
        if (running.get() || turn < 0 || turn >= turns.size()) return;
        editing.set(turn);
        draft.set(turns.get(turn).said().text());
        message.set("Editing turn " + (turn + 1) + ": Send asks it again and drops the turns after it");
    }

    /** Leaves editing: the next Send adds a turn. */
    public void onCancelEdit() {
        editing.set(-1);
        draft.set("");
        message.set("");
    }

    /** Asks turn {@code turn} again as it was, dropping the turns after it. */
    public void onResend(int turn) {
        if (running.get() || turn < 0 || turn >= turns.size()) return;
        editing.set(turn);
        draft.set(turns.get(turn).said().text());
        onSend();
    }

    /** Records the session as a playground run named {@code name} (blank: the prompt's name). */
    public void onSaveAsRun(String name) {
        Playground.Session s = session;
        if (s == null || turns.isEmpty()) {
            error.set("nothing to save yet: send a message first");
            return;
        }
        Playground pg = playground;
        runner.run(() -> pg.saveAsRun(s, name), saved -> message.set("Saved as run " + saved.runId() + " ("
                + saved.calls() + " call" + (saved.calls() == 1 ? "" : "s") + ")"),
                e -> error.set(ErrorText.reason(e)));
    }

    /**
     * A user's message a guardrail blocked at the input, in its bubble's {@code error}: it stays in the column, marked,
     * and the next turns are sent without it ({@link Playground.Reply#blockedAtInput()}).
     */
    public static final String NOT_SENT = "Blocked, not sent: the next turns leave it out";

    /** The split choice that follows the dataset's own rows ({@link Playground#defaultSplit}). */
    public static final String SPLIT_AS_DATASET = "as the dataset";

    private static List<String> splitChoiceList() {
        List<String> out = new ArrayList<>();
        out.add(SPLIT_AS_DATASET);
        out.addAll(Playground.SPLITS);
        return out;
    }

    /**
     * Keeps column {@code column}'s answer to turn {@code turn} as a case of the chosen dataset, with the chosen split
     * (by default the one the dataset's rows use: none when they have none); the message says where and which.
     */
    public void onAddToDataset(int turn, int column) {
        Playground.Session s = session;
        if (s == null || turn < 0 || turn >= turns.size()) {
            error.set("nothing to add yet: send a message first");
            return;
        }
        Playground pg = playground;
        String name = dataset.get();
        String chosen = SPLIT_AS_DATASET.equals(split.get()) ? null : split.get();
        runner.run(() -> pg.addToDataset(s, turn, column, name, chosen), kept -> message.set("Added to "
                + kept.place() + (kept.split() == null ? " (no split)" : " (split " + kept.split() + ")")),
                e -> error.set(ErrorText.reason(e)));
    }

    /** Applies the streamed text now (tests without frames; the window does it once per frame). */
    public void applyStreamed() {
        frames.flush();
    }

    private record Delta(int turn, int column, String text) {
    }

    /** An answer's checks, come after the answer itself ({@link Playground.Listener#onChecks}). */
    private record Checks(int turn, int column, List<org.promptstudio.eval.AssertionResult> results,
                          List<org.promptstudio.model.CallRecord> judged) {
    }

    private void drain() {
        boolean changed = false;
        Object o;
        while ((o = pending.poll()) != null) {
            if (o instanceof Delta d) {
                boolean continued = continuing >= 0 && d.column() == continuing && d.turn() == turns.size() - 1;
                if ((d.turn() != asking && !continued) || d.column() >= streamed.length) continue;
                streamed[d.column()].append(d.text());
            } else if (o instanceof Playground.Reply r) {
                if (asking < 0 && continuing >= 0 && r.column() == continuing) continued = r;
                else if (r.column() < replied.length) replied[r.column()] = r;
                else continue;
            } else if (o instanceof Checks k) {
                if (asking < 0 && continuing >= 0 && k.column() == continuing && continued != null) {
                    continued = continued.withChecks(k.results(), k.judged());
                } else if (k.turn() == asking && k.column() < replied.length && replied[k.column()] != null) {
                    replied[k.column()] = replied[k.column()].withChecks(k.results(), k.judged());
                } else {
                    continue;
                }
            }
            changed = true;
        }
        if (changed) refresh();
    }

    /** Each column's messages from the ended turns and the turn being asked. */
    private void refresh() {
        for (Column c : columns) {
            List<Bubble> out = new ArrayList<>();
            for (Playground.Turn t : turns) {
                if (asking >= 0 && t.index() >= asking) break;
                boolean blocked = c.index() < t.replies().size() && t.replies().get(c.index()).blockedAtInput();
                out.add(new Bubble(t.index(), true, t.said().text(), Status.DONE, blocked ? NOT_SENT : null, ""));
                if (c.index() >= t.replies().size()) continue;
                boolean last = t.index() == turns.size() - 1;
                if (last && continuing == c.index() && continued != null) {
                    // answered: shown while its checks run, the badges come when they end
                    bubbles(out, t.index(), continued, ref -> false, true);
                } else if (last && continuing == c.index()) {
                    // the tool calls as answered, their results, then the answer as it streams
                    bubbles(out, t.index(), t.replies().get(c.index()), ref -> false, false);
                    addResults(out, t.index(), c.index(), t.replies().get(c.index()));
                    out.add(new Bubble(t.index(), false, streamed[c.index()].toString(), Status.STREAMING, null, ""));
                } else {
                    // every tool call of the last turn without a result keeps its box, whichever column runs
                    Map<String, Object> got = given.getOrDefault(c.index(), Map.of());
                    bubbles(out, t.index(), t.replies().get(c.index()), ref -> last && !got.containsKey(ref), true);
                    if (last) addResults(out, t.index(), c.index(), t.replies().get(c.index()));
                }
            }
            if (asking >= 0) {
                out.add(new Bubble(asking, true, askingText, Status.DONE, null, ""));
                Playground.Reply r = c.index() < replied.length ? replied[c.index()] : null;
                if (r != null) bubbles(out, asking, r, ref -> false, true);
                else out.add(new Bubble(asking, false, streamed[c.index()].toString(), Status.STREAMING, null, ""));
            }
            c.messages.setAll(out);
        }
        turnCount.set(turns.size());
    }

    private static Bubble failed(int turn, Playground.Reply r) {
        return new Bubble(turn, false, "", Status.FAILED, r.error(), metrics(r));
    }

    private static List<Badge> badges(Playground.Reply r) {
        return r.checks().stream().map(a -> new Badge(a.type(), a.pass(), a.reason())).toList();
    }

    /**
     * A reply's messages: the tool rounds before its answer (the model's text, each tool call, each result), then the
     * answer, a JSON one formatted, or the tool calls it waits on (each {@code WAITING} while {@code open} says its
     * ref has no result yet: only in the last turn, decision 0101), the figures on its last message.
     */
    private void bubbles(List<Bubble> out, int turn, Playground.Reply r, java.util.function.Predicate<String> open,
                         boolean withMetrics) {
        if (!r.ok()) {
            out.add(failed(turn, r));
            return;
        }
        for (org.promptstudio.model.Message m : r.exchange()) modelSide(out, turn, m, ref -> false);
        if (r.waiting()) {
            modelSide(out, turn, r.answer(), open);
            if (withMetrics) {
                Bubble b = out.remove(out.size() - 1);
                out.add(new Bubble(b.turn(), false, b.text(), b.status(), null, metrics(r), b.kind(), b.ref(), b.call()));
            }
            return;
        }
        String text = r.text();
        if (jsonOutput) text = Playground.prettyAnswer(text);
        out.add(new Bubble(turn, false, text, Status.DONE, null, withMetrics ? metrics(r) : "", Kind.ANSWER, null, null,
                badges(r)));
    }

    /** A model or tool message's bubbles: its text, then one per tool call or tool result. */
    private static void modelSide(List<Bubble> out, int turn, org.promptstudio.model.Message m,
                                  java.util.function.Predicate<String> open) {
        String text = m.text();
        if (org.promptstudio.model.Message.MODEL.equals(m.role()) && text != null && !text.isBlank()) {
            out.add(new Bubble(turn, false, text, Status.DONE, null, ""));
        }
        for (org.promptstudio.model.Part p : m.content()) {
            if (p instanceof org.promptstudio.model.Part.ToolRequest q) {
                out.add(new Bubble(turn, false, Playground.shown(q.input()), open.test(q.ref()) ? Status.WAITING
                        : Status.DONE, null, "", Kind.TOOL_CALL, q.ref(),
                        Playground.describe(q)));
            } else if (p instanceof org.promptstudio.model.Part.ToolResponse a) {
                out.add(new Bubble(turn, false, Playground.shown(a.output()), Status.DONE, null, "", Kind.TOOL_RESULT,
                        a.ref(), a.name()));
            }
        }
    }

    /** The results given so far for a reply's waiting tool calls, each after the calls (not sent yet). */
    private void addResults(List<Bubble> out, int turn, int column, Playground.Reply r) {
        Map<String, Object> results = given.get(column);
        if (results == null) return;
        for (var q : r.toolCalls()) {
            if (results.containsKey(q.ref())) {
                out.add(new Bubble(turn, false, Playground.shown(results.get(q.ref())), Status.DONE, null, "",
                        Kind.TOOL_RESULT, q.ref(), q.name()));
            }
        }
    }

    /**
     * "812 ms · 35→120 tok · $0.000123", the parts that are known; {@code unpriced} for a model with no price; then,
     * when judges were asked for its checks, what they took: "judge 210→14 tok $0.000031" (summed over the judges'
     * calls; {@code unpriced} when a judge model has no price), since a judge's call is paid like any (decision 0113).
     */
    static String metrics(Playground.Reply r) {
        List<String> parts = new ArrayList<>();
        if (r.latencyMs() != null) parts.add(r.latencyMs() + " ms");
        if (r.tokensIn() != null || r.tokensOut() != null) {
            parts.add((r.tokensIn() == null ? "?" : r.tokensIn()) + "\u2192"
                    + (r.tokensOut() == null ? "?" : r.tokensOut()) + " tok");
        }
        if (r.ok()) parts.add(r.costUsd() == null ? "unpriced" : Usd.text(r.costUsd()));
        if (!r.judged().isEmpty()) {
            long in = 0;
            long out = 0;
            for (org.promptstudio.model.CallRecord j : r.judged()) {
                in += j.tokensIn() == null ? 0 : j.tokensIn();
                out += j.tokensOut() == null ? 0 : j.tokensOut();
            }
            parts.add("judge " + in + "\u2192" + out + " tok "
                    + (r.judgeCostUsd() == null ? "unpriced" : Usd.text(r.judgeCostUsd())));
        }
        // the checks whose guardrails warned on this reply (decision 0143); a blocked reply says why in its error
        List<String> warned = r.guard().stream().filter(f -> !f.blocks()).map(f -> f.check().id()).distinct().toList();
        if (!warned.isEmpty()) parts.add("guard: " + String.join(", ", warned));
        return String.join(" \u00b7 ", parts);
    }

    /** {@code name: value} lines of {@code values}, in order; structured values as JSON ({@link Playground#inputText}). */
    static String inputText(Map<String, Object> values) {
        return Playground.inputText(values);
    }

    /**
     * The input variables in {@code text} ({@link Playground#inputValues}): {@code name: value} lines, a line without
     * {@code name:} continuing the value above it, a value starting with {@code {} or {@code [} read as JSON.
     *
     * @throws IllegalArgumentException one line: "input, line 2: ..." for text before the first {@code name:}, or
     *                                  "input field 'weather': not valid JSON (line 1, column 9: ...)"
     */
    static Map<String, Object> variables(String text) {
        try {
            return Playground.inputValues(text);
        } catch (org.promptstudio.model.StudioException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty versionProperty() {
        return version;
    }

    /** The prompt's input variables as {@code name: value} lines. */
    public StringProperty inputProperty() {
        return input;
    }

    /** The input box. */
    public StringProperty draftProperty() {
        return draft;
    }

    /** The dataset a kept answer goes to. */
    public StringProperty datasetProperty() {
        return dataset;
    }

    /** The split a kept case gets: one of {@link #splitChoices()}. */
    public StringProperty splitProperty() {
        return split;
    }

    /** {@link #SPLIT_AS_DATASET}, then none, dev and test ({@link Playground#SPLITS}). */
    public ObservableList<String> splitChoices() {
        return splitChoices;
    }

    /** The turn being edited (0-based), -1 when Send adds a turn. */
    public ReadOnlyIntegerProperty editingProperty() {
        return IntegerProperty.readOnlyIntegerProperty(editing);
    }

    public ObservableList<String> promptChoices() {
        return promptChoices;
    }

    public ObservableList<String> modelChoices() {
        return modelChoices;
    }

    /** The chosen models, in column order. */
    public ObservableList<String> models() {
        return models;
    }

    /** One column per model of the session shown. */
    public ObservableList<Column> columns() {
        return columnsView;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Turns answered so far. */
    public ReadOnlyIntegerProperty turnCountProperty() {
        return turnCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}

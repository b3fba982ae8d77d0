package org.promptstudio.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ModelUsage;

/**
 * Every model call the studio made: recorded the moment it finishes ({@link #insert}) or in bulk
 * ({@link #insertBatch}), listed newest first without the large texts, read back whole, and summed up per model.
 */
public final class CallRepository {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallRepository.class);

    static final String COLUMNS = "id, run_id, prompt_path, prompt_commit, variant, provider, model,"
            + " params_json, status, finish_reason, tokens_in, tokens_out, cost, latency_ms, error, created_at,"
            + " cache_key, sample_index, case_id, plan_index, cached, reasoning_tokens, usage_note, context_json,"
            + " retrieval_note";
    private static final String INSERT_CALL = "INSERT INTO calls (run_id, prompt_path, prompt_commit, variant,"
            + " provider, model, params_json, status, finish_reason, tokens_in, tokens_out, cost, latency_ms, error,"
            + " created_at, cache_key, sample_index, case_id, plan_index, cached, reasoning_tokens, usage_note,"
            + " context_json, retrieval_note, chars_in, chars_out, user_sentiment)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * A run's calls in the plan's order (docs/decisions/0018-plan-order.md): by plan position, then, for calls
     * recorded without one, by time and id. NULLS LAST is spelled out because H2 and PostgreSQL sort NULL differently
     * by default.
     */
    static final String PLAN_ORDER = "plan_index ASC NULLS LAST, created_at ASC, id ASC";
    private static final String INSERT_TEXTS = "INSERT INTO call_texts (call_id, messages_json, output_text,"
            + " examples_json, extracted_answer) VALUES (?, ?, ?, ?, ?)";
    /** Rows sent to the database in one JDBC batch; a longer list goes in several, still in one transaction. */
    static final int BATCH_ROWS = 1000;
    /** Decimals of the {@code cost} column ({@code NUMERIC(20, 10)}). */
    private static final int COST_SCALE = 10;

    private final Database db;
    /**
     * What the studio's privacy setting does to a call before it is stored (app.CallRedaction): asked once per
     * insert; a null answer stores calls as they are. Never null.
     */
    private volatile java.util.function.Supplier<java.util.function.UnaryOperator<CallRecord>> redactor = () -> null;

    CallRepository(Database db) {
        this.db = db;
    }

    /**
     * Makes every later {@link #insert} and {@link #insertBatch} pass each call through what {@code redactor} gives at
     * that moment, and mark it {@code redacted} (V16); when it gives null, calls are stored as they are. The redaction
     * itself is the caller's (app): the store only applies it and keeps the flag.
     */
    public void redactWith(java.util.function.Supplier<java.util.function.UnaryOperator<CallRecord>> redactor) {
        this.redactor = redactor == null ? () -> null : redactor;
    }

    /**
     * Records one call and its texts and returns its id. When this returns, the call is in the database file: a crash
     * right after it loses nothing (docs/decisions/0010-database.md).
     *
     * <p>Group commit (decisions 0157, 0161): the call joins the queue of the repository's writer thread
     * ({@code call-recorder}, started when a call comes and ended after {@link #WRITER_IDLE_MS} with nothing to
     * write), which writes every call queued meanwhile in one transaction; this returns once the transaction holding
     * the call is committed. One commit per group instead of per call is what a burst of concurrent calls costs less
     * for: H2 writes a chunk of pages per commit, so both the CPU per call and the file's growth fall with the
     * group's size. A group that fails is written again call by call, so that only a call that cannot be recorded
     * fails, with its own reason. An interrupt does not stop the wait (a cancelled run records what it did): the
     * thread's flag is set again when this returns.
     *
     * @throws StoreException one line, when this call cannot be recorded
     */
    public long insert(CallRecord call) {
        Waiting me = new Waiting(call, null, null);
        boolean interrupted = false;
        synchronized (waiting) {
            enqueue(me);
            while (!me.done) {
                try {
                    waiting.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (me.error != null) throw me.error;
        return me.id;
    }

    /**
     * Records {@code call} off the calling thread (decision 0161, issue 16 part 3): the call joins the writer
     * thread's queue and this returns at once; {@code whenRecorded} is called once, on the writer thread, after the
     * commit that holds the call, with its id, or with why it could not be recorded. A crash loses at most the calls
     * in flight and those queued: at most {@link #LINGER_MS} plus one write of answers.
     *
     * <p>While {@code moreComing} says more calls are on their way (a run's other calls in flight), the writer holds
     * a group open up to {@link #LINGER_MS} for them, or until {@link #LINGER_GROUP} calls are queued: fewer, larger
     * commits. Measured with {@code bench runner} at concurrency 64, groups of 4-7 calls grew to 10-15 and the
     * runner's CPU per call fell by about a third; with nothing more coming (a run's last call, concurrency 1) the
     * call is written at once.
     *
     * @param moreComing   asked on the writer thread under the queue's lock; must be quick and must not block
     * @param whenRecorded must not block; what it throws is logged and does not stop the writer
     */
    public void insertLater(CallRecord call, java.util.function.BooleanSupplier moreComing, Recorded whenRecorded) {
        java.util.Objects.requireNonNull(whenRecorded, "whenRecorded");
        synchronized (waiting) {
            enqueue(new Waiting(call, moreComing, whenRecorded));
        }
    }

    /** What {@link #insertLater} calls once the call is committed (with its id) or could not be (with why). */
    @FunctionalInterface
    public interface Recorded {
        /**
         * @param id    the call's id, or 0 when it could not be recorded
         * @param error why it could not be recorded (a one-line {@link StoreException} as a rule), or null
         */
        void recorded(long id, RuntimeException error);
    }

    /** The longest a group is held open for calls still coming ({@link #insertLater}), in milliseconds. */
    static final long LINGER_MS = 10;
    /** A group held open is written as soon as this many calls are queued. */
    static final int LINGER_GROUP = 64;
    /** How long the writer thread waits for a call before it ends, in milliseconds (a new one starts on demand). */
    static final long WRITER_IDLE_MS = 2_000;

    /** Adds {@code w} to the queue and wakes or starts the writer; under {@link #waiting}'s monitor. */
    private void enqueue(Waiting w) {
        waiting.add(w);
        if (writer == null) {
            Thread t = new Thread(this::writeQueued, "call-recorder");
            t.setDaemon(true);
            try {
                t.start();
            } catch (RuntimeException | Error e) { // no thread to be had: the call is not queued, and the caller knows
                waiting.removeLastOccurrence(w);
                throw e;
            }
            writer = t;
        } else {
            waiting.notifyAll(); // the writer, idle or holding a group open (and a test in awaitWaitingCalls)
        }
    }

    /**
     * The writer thread: takes every queued call as one group (held open while more are coming), writes it, wakes
     * the callers who wait and tells those who do not; ends after {@link #WRITER_IDLE_MS} with an empty queue.
     */
    private void writeQueued() {
        while (true) {
            List<Waiting> group;
            synchronized (waiting) {
                long idleEnd = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(WRITER_IDLE_MS);
                while (waiting.isEmpty()) {
                    long left = idleEnd - System.nanoTime();
                    if (left <= 0) {
                        writer = null; // a call queued from now on starts a new writer
                        return;
                    }
                    waitOn(left);
                }
                holdOpen();
                group = new ArrayList<>(waiting); // in the order the calls came
                waiting.clear();
                writing = true;
            }
            try {
                writeGroup(group);
            } catch (Throwable t) { // writeGroup catches what the database throws; this is an Error: tell everyone
                for (Waiting w : group) {
                    if (w.id == 0 && w.error == null) {
                        w.error = new StoreException("cannot record the call to " + w.call.model() + ": " + t);
                    }
                }
            } finally {
                synchronized (waiting) {
                    writing = false;
                    for (Waiting w : group) w.done = true;
                    waiting.notifyAll();
                }
            }
            for (Waiting w : group) {
                if (w.whenRecorded == null) continue;
                try {
                    w.whenRecorded.recorded(w.id, w.error);
                } catch (RuntimeException e) {
                    LOG.error("after recording a call to {}", w.call.model(), e);
                }
            }
        }
    }

    /**
     * Holds the group open while the newest queued call says more are coming: at most {@link #LINGER_MS}, until
     * {@link #LINGER_GROUP} calls are queued. Under {@link #waiting}'s monitor.
     */
    private void holdOpen() {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        while (waiting.size() < LINGER_GROUP) {
            java.util.function.BooleanSupplier coming = waiting.peekLast().moreComing;
            if (coming == null || !coming.getAsBoolean()) return;
            long left = end - System.nanoTime();
            if (left <= 0) return;
            waitOn(left);
        }
    }

    /** Waits on {@link #waiting} up to {@code nanos} (at least 1 ms); the writer is never interrupted on purpose. */
    private void waitOn(long nanos) {
        try {
            waiting.wait(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos)));
        } catch (InterruptedException e) {
            // nobody interrupts the writer; if someone did, it goes on: callers wait for it
        }
    }

    /** A call waiting to be recorded by the writer, and then its id or why it could not be. */
    private static final class Waiting {
        final CallRecord call;
        /** Whether more calls are coming that could join this one's group ({@link #insertLater}); null: no. */
        final java.util.function.BooleanSupplier moreComing;
        /** Told once the call is written, for {@link #insertLater}; null for {@link #insert}, whose caller waits. */
        final Recorded whenRecorded;
        /** Set by the writer before {@link #done}; read by the caller after it (both under the monitor). */
        long id;
        RuntimeException error;
        boolean done;

        Waiting(CallRecord call, java.util.function.BooleanSupplier moreComing, Recorded whenRecorded) {
            this.call = call;
            this.moreComing = moreComing;
            this.whenRecorded = whenRecorded;
        }
    }

    /** Calls queued for the writer (their monitor also guards {@link #writing} and {@link #writer}). */
    private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
    /** The writer thread while it runs; null when none does. Guarded by {@link #waiting}. */
    private Thread writer;
    /** Whether the writer is writing a group now; guarded by {@link #waiting}. */
    private boolean writing;

    /**
     * A test hook for the group commit: blocks until at least {@code n} calls wait for the write under way, so that a
     * test releases a held write only once the calls it means to group are queued. Woken as each call joins the
     * queue. {@code timeoutMillis} only guards against a test hanging.
     *
     * @return how many calls were waiting when it returned: {@code n} or more, fewer only when the time ran out
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    int awaitWaitingCalls(int n, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (waiting) {
            while (waiting.size() < n) {
                long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) break;
                waiting.wait(left);
            }
            return waiting.size();
        }
    }

    /** Writes {@code group} in one transaction; when that fails, each call in one of its own. Never throws. */
    private void writeGroup(List<Waiting> group) {
        if (group.size() > 1) {
            try {
                long[] ids = insertRedacted("cannot record " + group.size() + " calls",
                        group.stream().map(w -> w.call).toList());
                for (int i = 0; i < ids.length; i++) group.get(i).id = ids[i];
                return;
            } catch (RuntimeException e) {
                // all or none: none of them is stored; each is tried alone, so that it fails for its own reason
            }
        }
        for (Waiting w : group) {
            try {
                w.id = insertRedacted("cannot record the call to " + w.call.model(), List.of(w.call))[0];
            } catch (RuntimeException e) {
                w.error = e;
            }
        }
    }

    /** Records many calls in one transaction (all or none) and returns their ids, in the order given. */
    public long[] insertBatch(List<CallRecord> calls) {
        if (calls.isEmpty()) return new long[0];
        return insertRedacted("cannot record " + calls.size() + " calls", calls);
    }

    /** {@link #insertAll} of the calls as the privacy setting has them, flagged redacted in the same transaction. */
    private long[] insertRedacted(String what, List<CallRecord> calls) {
        java.util.function.UnaryOperator<CallRecord> redact = redactor.get();
        List<CallRecord> stored = redact == null ? calls : calls.stream().map(redact).toList();
        return db.write(what, c -> {
            long[] ids = insertAll(c, stored, calls);
            if (redact != null) markRedacted(c, ids);
            return ids;
        });
    }

    private static void markRedacted(Connection c, long[] ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET redacted = TRUE WHERE id = ?")) {
            for (long id : ids) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Inserts {@code calls} on {@code c} with what their texts measure (V15), and adds them to the monitor sums in the
     * same transaction ({@link MonitorAggregates}). The measures (characters, sentiment) are taken on {@code measured},
     * the calls as they were made, so that redacting before storing does not change the figures.
     */
    private long[] insertAll(Connection c, List<CallRecord> calls, List<CallRecord> measured) throws SQLException {
        long[] ids = new long[calls.size()];
        MonitorAggregates aggregates = db.monitorAggregates();
        List<CallMeasures> measures = new ArrayList<>(calls.size());
        for (CallRecord call : measured) measures.add(aggregates.measure(call.texts()));
        try (PreparedStatement ps = c.prepareStatement(INSERT_CALL, Statement.RETURN_GENERATED_KEYS);
             PreparedStatement texts = c.prepareStatement(INSERT_TEXTS)) {
            for (int from = 0; from < calls.size(); from += BATCH_ROWS) {
                int to = Math.min(calls.size(), from + BATCH_ROWS);
                for (int i = from; i < to; i++) {
                    CallRecord call = calls.get(i);
                    if (call.id() != null) throw new IllegalArgumentException("call " + call.id() + " is already stored");
                    bindCall(ps, call);
                    bindMeasures(ps, 25, measures.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (int i = from; i < to; i++) {
                        if (!keys.next()) throw new SQLException("the database returned fewer ids than calls");
                        ids[i] = keys.getLong(1);
                    }
                }
                boolean anyTexts = false;
                for (int i = from; i < to; i++) {
                    CallTexts t = calls.get(i).texts();
                    if (t == null) continue;
                    texts.setLong(1, ids[i]);
                    texts.setString(2, t.messagesJson());
                    texts.setString(3, t.output());
                    texts.setString(4, t.examplesJson());
                    texts.setString(5, t.extractedAnswer());
                    texts.addBatch();
                    anyTexts = true;
                }
                if (anyTexts) texts.executeBatch();
            }
        }
        GuardEvents.insert(c, calls, ids);
        List<CallRecord> stored = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) stored.add(calls.get(i).withId(ids[i]));
        aggregates.addCalls(c, stored, measures);
        return ids;
    }

    private static void bindMeasures(PreparedStatement ps, int i, CallMeasures m) throws SQLException {
        Jdbc.setLong(ps, i, m.charsIn());
        Jdbc.setLong(ps, i + 1, m.charsOut());
        if (m.sentiment() == null) ps.setNull(i + 2, java.sql.Types.DOUBLE);
        else ps.setDouble(i + 2, m.sentiment());
    }

    private static void bindCall(PreparedStatement ps, CallRecord call) throws SQLException {
        Jdbc.setLong(ps, 1, call.runId());
        ps.setString(2, call.promptPath());
        ps.setString(3, call.promptCommit());
        ps.setString(4, call.variant());
        ps.setString(5, call.provider());
        ps.setString(6, call.model());
        ps.setString(7, call.paramsJson());
        ps.setString(8, call.status().id());
        ps.setString(9, call.finishReason());
        Jdbc.setLong(ps, 10, call.tokensIn());
        Jdbc.setLong(ps, 11, call.tokensOut());
        ps.setBigDecimal(12, call.cost());
        Jdbc.setLong(ps, 13, call.latencyMs());
        ps.setString(14, call.error());
        Jdbc.setTime(ps, 15, call.createdAt());
        ps.setString(16, call.cacheKey());
        ps.setInt(17, call.sampleIndex());
        ps.setString(18, call.caseId());
        Jdbc.setInt(ps, 19, call.planIndex());
        ps.setBoolean(20, call.cached());
        Jdbc.setLong(ps, 21, call.reasoningTokens());
        ps.setString(22, call.usageNote());
        ps.setString(23, org.promptstudio.model.ContextChunk.toJson(call.context()));
        ps.setString(24, call.retrievalNote());
    }

    /** Call {@code id} with its texts (null texts when none were recorded), or empty when there is no such call. */
    public Optional<CallRecord> find(long id) {
        return db.read("cannot read call " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c." + COLUMNS.replace(", ", ", c.")
                    + ", t.call_id, t.messages_json, t.output_text, t.examples_json, t.extracted_answer"
                    + " FROM calls c LEFT JOIN call_texts t ON t.call_id = c.id WHERE c.id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    CallRecord call = GuardEvents.attach(c, List.of(read(rs))).get(0);
                    rs.getLong("call_id");
                    if (rs.wasNull()) return Optional.of(call);
                    return Optional.of(call.withTexts(new CallTexts(rs.getString("messages_json"),
                            rs.getString("output_text"), rs.getString("examples_json"),
                            rs.getString("extracted_answer"))));
                }
            }
        });
    }

    /**
     * The calls {@code query} selects, without their texts, at most {@code query.limit()}, never in the order they
     * happened to finish: the calls of one run ({@code query.runId()}) in the run's plan order; otherwise newest
     * first by the time each call started, calls started at the same instant from the last plan position back (not
     * by id, which is the order they finished in).
     */
    public List<CallRecord> list(CallQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM calls WHERE 1 = 1");
        if (query.runId() != null) sql.append(" AND run_id = ?");
        if (query.promptPath() != null) sql.append(" AND prompt_path = ?");
        sql.append(query.runId() != null ? " ORDER BY " + PLAN_ORDER
                : " ORDER BY created_at DESC, run_id DESC NULLS LAST, plan_index DESC NULLS LAST, id DESC");
        sql.append(" LIMIT ?");
        return db.read("cannot list calls", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (query.runId() != null) ps.setLong(i++, query.runId());
                if (query.promptPath() != null) ps.setString(i++, query.promptPath());
                ps.setInt(i, query.limit());
                List<CallRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(read(rs));
                }
                return GuardEvents.attach(c, out);
            }
        });
    }

    /**
     * Every call of run {@code runId} in its plan's order (dataset order, then prompt version, model, sample), each
     * with its output and extracted answer (messages and examples left out): what a run's scoreboard needs, in one
     * query. A call cancelled by a stop (Ctrl-C) whose cell was made again by {@code run --resume} is left out: the
     * cell has its answer, and counting both would count the case twice.
     */
    public List<CallRecord> inRunWithAnswers(long runId) {
        return db.read("cannot read the calls of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c." + COLUMNS.replace(", ", ", c.")
                    + ", t.output_text, t.extracted_answer"
                    + " FROM calls c LEFT JOIN call_texts t ON t.call_id = c.id WHERE c.run_id = ?"
                    + " ORDER BY c." + PLAN_ORDER.replace(", ", ", c."))) {
                ps.setLong(1, runId);
                List<CallRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs).withTexts(new CallTexts("[]", rs.getString("output_text"), null,
                                rs.getString("extracted_answer"))));
                    }
                }
                return GuardEvents.attach(c, withoutSupersededCancels(out));
            }
        });
    }

    /**
     * What {@link #inRunWithAnswers} would read back of one call this studio has just recorded (with the id it was
     * stored under), worked out without reading it (docs/decisions/0156): the privacy setting's redaction applied as
     * {@link #insert} applies it, the cost at the column's 10 decimals and the time at the column's microseconds
     * (both rounded half up, as the database does), the context as its JSON reads back, and only the output and
     * extracted answer kept of the texts (messages {@code []}, no examples), as that query reads them. Keeping only
     * these also lets a long run's messages go as soon as each call is recorded.
     *
     * @throws IllegalArgumentException for a call without an id (not recorded)
     */
    public CallRecord asReadBack(CallRecord recorded) {
        if (recorded.id() == null) throw new IllegalArgumentException("the call is not recorded");
        java.util.function.UnaryOperator<CallRecord> redact = redactor.get();
        CallRecord c = redact == null ? recorded : redact.apply(recorded);
        CallTexts t = c.texts();
        BigDecimal cost = c.cost() == null ? null : c.cost().setScale(COST_SCALE, java.math.RoundingMode.HALF_UP);
        java.time.Instant at = c.createdAt();
        if (at != null) {
            int below = at.getNano() % 1000;
            at = at.minusNanos(below).plusNanos(below >= 500 ? 1000 : 0);
        }
        return new CallRecord(c.id(), c.runId(), c.promptPath(), c.promptCommit(), c.variant(), c.provider(),
                c.model(), c.paramsJson(), c.status(), c.finishReason(), c.tokensIn(), c.tokensOut(), cost,
                c.latencyMs(), c.error(), at, c.cacheKey(), c.sampleIndex(), c.caseId(), c.planIndex(),
                new CallTexts("[]", t == null ? null : t.output(), null, t == null ? null : t.extractedAnswer()),
                c.cached(), c.reasoningTokens(), c.usageNote(),
                context(org.promptstudio.model.ContextChunk.toJson(c.context())), c.retrievalNote(), c.guard());
    }

    /**
     * Calls of one run, each as {@link #asReadBack} gave it, in the order and with the leaving-out of
     * {@link #inRunWithAnswers}: the plan's order (plan position, then time, then id), a cancelled call whose cell
     * was made again left out.
     */
    public static List<CallRecord> inPlanOrder(java.util.Collection<CallRecord> readBack) {
        List<CallRecord> out = new ArrayList<>(readBack);
        out.sort(java.util.Comparator.comparing(CallRecord::planIndex,
                        java.util.Comparator.nullsLast(java.util.Comparator.<Integer>naturalOrder()))
                .thenComparing(CallRecord::createdAt, java.util.Comparator.nullsFirst(
                        java.util.Comparator.<java.time.Instant>naturalOrder()))
                .thenComparing(CallRecord::id));
        return withoutSupersededCancels(out);
    }

    private static List<CallRecord> withoutSupersededCancels(List<CallRecord> calls) {
        java.util.Set<String> made = new java.util.HashSet<>();
        for (CallRecord c : calls) {
            if (c.status() != org.promptstudio.model.CallStatus.CANCELLED) made.add(cellKey(c));
        }
        List<CallRecord> out = new ArrayList<>(calls.size());
        for (CallRecord c : calls) {
            if (c.status() == org.promptstudio.model.CallStatus.CANCELLED && made.contains(cellKey(c))) continue;
            out.add(c);
        }
        return out;
    }

    private static String cellKey(CallRecord c) {
        return c.promptPath() + '\u0000' + c.promptCommit() + '\u0000' + c.model() + '\u0000' + c.caseId() + '\u0000'
                + c.sampleIndex();
    }

    /**
     * The runs in which {@code promptPath} was called on any of {@code caseIds}: how often a split of a dataset has
     * been scored for a prompt (held-out discipline). Ids go in chunks of a few hundred per query.
     */
    public java.util.Set<Long> runsWithCases(String promptPath, java.util.Collection<String> caseIds) {
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(caseIds));
        java.util.Set<Long> runs = new java.util.TreeSet<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            runs.addAll(db.read("cannot count the runs of " + promptPath, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT run_id FROM calls WHERE prompt_path = ?"
                        + " AND run_id IS NOT NULL AND case_id IN (" + marks + ")")) {
                    ps.setString(1, promptPath);
                    for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
                    List<Long> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(rs.getLong(1));
                    }
                    return out;
                }
            }));
        }
        return runs;
    }

    /** The newest run with a call of {@code promptPath} at exactly {@code commit}, if any. */
    public Optional<Long> latestRunWithCommit(String promptPath, String commit) {
        return db.read("cannot find the runs of " + promptPath, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(run_id) FROM calls WHERE prompt_path = ?"
                    + " AND prompt_commit = ? AND run_id IS NOT NULL")) {
                ps.setString(1, promptPath);
                ps.setString(2, commit);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Long>empty() : Optional.of(id);
                }
            }
        });
    }

    /**
     * The newest run (by start, then id) of the same experiment as {@code other} (same kind, name and experiment
     * file), other than {@code other} itself, with a call of {@code promptPath} at exactly {@code commit}, if any.
     */
    public Optional<Long> latestRunOfSameExperiment(String promptPath, String commit,
                                                    org.promptstudio.model.RunRecord other) {
        String samePath = other.experimentPath() == null ? "r.experiment_path IS NULL" : "r.experiment_path = ?";
        return db.read("cannot find the runs of " + promptPath, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id FROM runs r WHERE r.kind = ? AND r.name = ?"
                    + " AND " + samePath + " AND r.id <> ? AND EXISTS (SELECT 1 FROM calls c WHERE c.run_id = r.id"
                    + " AND c.prompt_path = ? AND c.prompt_commit = ?)"
                    + " ORDER BY r.id DESC LIMIT 1")) {
                int i = 1;
                ps.setString(i++, other.kind().id());
                ps.setString(i++, other.name());
                if (other.experimentPath() != null) ps.setString(i++, other.experimentPath());
                ps.setLong(i++, other.id());
                ps.setString(i++, promptPath);
                ps.setString(i, commit);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
    }

    /**
     * What the call browser reads its pages against: how many calls {@code filter} selected when it was opened, and
     * the highest id among them then, and the highest label id then (feedback is labels, V11). Every page read with it leaves out the calls
     * recorded later (a run recording calls meanwhile) and, for the "with feedback" filter, the feedback given later
     * (a rating in the grid while the browser is open), so the rows do not shift; opening again ({@link #snapshot})
     * shows them.
     *
     * @param total          calls selected at the open
     * @param lastId         the highest id among them (0 when none)
     * @param lastFeedbackId the highest label id at the open (0 when none)
     */
    public record Snapshot(long total, long lastId, long lastFeedbackId) {
    }

    /**
     * Counts the calls {@code filter} selects and the highest id among them, in one statement (so one consistent
     * read): what {@link #page} is bound by.
     */
    public Snapshot snapshot(CallFilter filter) {
        List<Object> args = new ArrayList<>();
        // the highest feedback id read in the same statement as the count, so the two agree
        String sql = "SELECT COUNT(*), COALESCE(MAX(c.id), 0), (SELECT COALESCE(MAX(lb.id), 0) FROM labels lb)"
                + " FROM calls c WHERE " + where(filter, null, null, args);
        return db.read("cannot count calls", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }

    /**
     * The calls {@code filter} selects, newest first (by start, then id, highest first: the same order on every
     * read, so pages never overlap or skip), without their texts: {@code limit} of them from position {@code offset}
     * (0 is the newest), among those of {@code at} (ids up to {@link Snapshot#lastId()}; calls recorded since are
     * left out, and "with feedback" counts only feedback up to {@link Snapshot#lastFeedbackId()}, so a page read later
     * holds the same calls), each with its guard findings ({@link CallRecord#guard()}, read for the whole page in
     * one query). What the call browser shows a page at a time.
     *
     * <p>How it reads (docs/decisions/0098): from the nearer end of the list, it finds the page's first row by walking
     * the index of the order ({@code calls_by_time_id}, or the filter's index) without reading the rows skipped, then
     * reads {@code limit} rows from that key on. So a page in the middle of 100,000 calls reads one index, not 50,000
     * rows.
     *
     * @throws IllegalArgumentException for a negative offset or a limit below 1
     */
    public List<CallRecord> page(CallFilter filter, Snapshot at, long offset, int limit) {
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative, not " + offset);
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        long total = at.total();
        long end = Math.min(total, offset + limit);
        if (end <= offset) return List.of();
        int take = (int) (end - offset);
        // positions offset .. end-1 from the newest are total-end .. total-offset-1 from the oldest
        boolean fromOldest = total - end < offset;
        long skip = fromOldest ? total - end : offset;
        String dir = fromOldest ? " ASC" : " DESC";
        List<Object> args = new ArrayList<>();
        String where = where(filter, at.lastId(), at.lastFeedbackId(), args);
        String keySql = "SELECT c.created_at, c.id FROM calls c WHERE " + where + " ORDER BY c.created_at" + dir
                + ", c.id" + dir + " LIMIT 1 OFFSET ?";
        // from the key on, in the same direction: created_at beyond it, or equal and the id not before it
        String cmp = fromOldest ? ">" : "<";
        String rowsSql = "SELECT " + COLUMNS + " FROM calls c WHERE " + where + " AND c.created_at " + cmp + "= ?"
                + " AND (c.created_at " + cmp + " ? OR c.id " + cmp + "= ?) ORDER BY c.created_at" + dir + ", c.id"
                + dir + " LIMIT ?";
        List<CallRecord> out = db.read("cannot list calls", c -> {
            java.time.Instant keyTime;
            long keyId;
            try (PreparedStatement ps = c.prepareStatement(keySql)) {
                int i = bind(ps, args);
                ps.setLong(i, skip);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return new ArrayList<CallRecord>();
                    keyTime = Jdbc.getTime(rs, "created_at");
                    keyId = rs.getLong("id");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(rowsSql)) {
                int i = bind(ps, args);
                Jdbc.setTime(ps, i++, keyTime);
                Jdbc.setTime(ps, i++, keyTime);
                ps.setLong(i++, keyId);
                ps.setInt(i, take);
                List<CallRecord> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(read(rs));
                }
                // the page's guard findings in one read for all its rows (not one per row): the browser's guard column
                return new ArrayList<>(GuardEvents.attach(c, rows));
            }
        });
        if (fromOldest) java.util.Collections.reverse(out);
        return out;
    }

    /** How many calls {@code filter} selects now. */
    public long count(CallFilter filter) {
        return snapshot(filter).total();
    }

    /** Per run, the distinct values of {@code column} ({@code model} or {@code prompt_path}) of its calls, sorted. */
    public java.util.Map<Long, java.util.SortedSet<String>> distinctByRun(String column) {
        if (!column.equals("model") && !column.equals("prompt_path")) {
            throw new IllegalArgumentException("no such column to list per run: " + column);
        }
        return db.read("cannot list the " + column + " of each run", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT run_id, " + column
                    + " FROM calls WHERE run_id IS NOT NULL AND " + column + " IS NOT NULL")) {
                java.util.Map<Long, java.util.SortedSet<String>> out = new java.util.HashMap<>();
                while (rs.next()) out.computeIfAbsent(rs.getLong(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                return out;
            }
        });
    }

    /** The distinct model ids of the recorded calls, sorted: the choices of the call browser's model filter. */
    public List<String> models() {
        return db.read("cannot list the models of the calls", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT model FROM calls ORDER BY model")) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        });
    }

    /** The statuses the "failed only" filter selects: every status but {@link CallStatus#OK}, in declared order. */
    static final List<CallStatus> FAILED = java.util.Arrays.stream(CallStatus.values())
            .filter(st -> st != CallStatus.OK).toList();

    /**
     * The WHERE clause of {@code f} over {@code calls c}, its values added to {@code args} in order; with
     * {@code lastId}, only calls up to that id; with {@code lastFeedbackId}, "with feedback" counts only feedback up to
     * that id.
     */
    private static String where(CallFilter f, Long lastId, Long lastFeedbackId, List<Object> args) {
        StringBuilder w = new StringBuilder("1 = 1");
        if (lastId != null) {
            // "+ 0": a bound, not a way in: on the primary key it would walk every call (EXPLAIN, decision 0098)
            w.append(" AND c.id + 0 <= ?");
            args.add(lastId);
        }
        if (f.runId() != null) {
            w.append(" AND c.run_id = ?");
            args.add(f.runId());
        }
        if (f.promptPath() != null) {
            w.append(" AND c.prompt_path = ?");
            args.add(f.promptPath());
        }
        if (f.commitPrefix() != null) {
            // hex digits only (CallFilter checks), so no LIKE wildcard can be in it
            w.append(" AND c.prompt_commit LIKE ?");
            args.add(f.commitPrefix().toLowerCase(java.util.Locale.ROOT) + "%");
        }
        if (f.model() != null) {
            w.append(" AND c.model = ?");
            args.add(f.model());
        }
        if (f.failedOnly()) {
            // an IN list of every status but ok, not "<> 'ok'": a range on calls_by_status_model_time (V7)
            List<String> failed = FAILED.stream().map(CallStatus::id).toList();
            w.append(" AND c.status IN (").append(String.join(", ", java.util.Collections.nCopies(failed.size(), "?")))
                    .append(")");
            args.addAll(failed);
        }
        if (f.withFeedback()) {
            // a label of any schema given on the call, as A or as B (the grid's thumbs are labels of 'thumbs', V11)
            String upTo = lastFeedbackId != null ? " AND lb.id <= ?" : "";
            w.append(" AND (EXISTS (SELECT 1 FROM labels lb WHERE lb.call_id = c.id").append(upTo)
                    .append(") OR EXISTS (SELECT 1 FROM labels lb WHERE lb.call_id_b = c.id").append(upTo).append("))");
            if (lastFeedbackId != null) {
                args.add(lastFeedbackId);
                args.add(lastFeedbackId);
            }
        }
        return w.toString();
    }

    private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Long l) ps.setLong(i++, l);
            else ps.setString(i++, (String) a);
        }
        return i;
    }

    public long count() {
        return db.read("cannot count calls", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM calls")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Per model: calls, errors, tokens (output tokens with the reasoning tokens among them, and those apart), cost
     * spent (an answer from the cache costs nothing, as {@link CallRecord#spent()}),
     * mean and 95th-percentile latency; by model name.
     */
    public List<ModelUsage> usageByModel() {
        return db.read("cannot sum up calls per model", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT model, COUNT(*) AS calls,"
                    + " SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS errors,"
                    + " COALESCE(SUM(tokens_in), 0) AS tokens_in, COALESCE(SUM(tokens_out), 0) AS tokens_out,"
                    + " COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens,"
                    + " SUM(CASE WHEN cached THEN 0 ELSE cost END) AS cost, AVG(latency_ms) AS mean_latency,"
                    + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95_latency"
                    + " FROM calls GROUP BY model ORDER BY model")) {
                ps.setString(1, CallStatus.ERROR.id());
                List<ModelUsage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        BigDecimal cost = rs.getBigDecimal("cost");
                        out.add(new ModelUsage(rs.getString("model"), rs.getLong("calls"), rs.getLong("errors"),
                                rs.getLong("tokens_in"), rs.getLong("tokens_out"), rs.getLong("reasoning_tokens"),
                                cost == null ? null : cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros(),
                                rs.getDouble("mean_latency"), rs.getDouble("p95_latency")));
                    }
                }
                return out;
            }
        });
    }

    static CallRecord read(ResultSet rs) throws SQLException {
        return new CallRecord(rs.getLong("id"), Jdbc.getLong(rs, "run_id"), rs.getString("prompt_path"),
                rs.getString("prompt_commit"), rs.getString("variant"), rs.getString("provider"),
                rs.getString("model"), rs.getString("params_json"), CallStatus.of(rs.getString("status")),
                rs.getString("finish_reason"), Jdbc.getLong(rs, "tokens_in"), Jdbc.getLong(rs, "tokens_out"),
                rs.getBigDecimal("cost"), Jdbc.getLong(rs, "latency_ms"), rs.getString("error"),
                Jdbc.getTime(rs, "created_at"), rs.getString("cache_key"), rs.getInt("sample_index"),
                rs.getString("case_id"), Jdbc.getInt(rs, "plan_index"), null, rs.getBoolean("cached"),
                Jdbc.getLong(rs, "reasoning_tokens"), rs.getString("usage_note"), context(rs.getString("context_json")),
                rs.getString("retrieval_note"));
    }

    /** The recorded chunks; a value that cannot be read (written by hand) reads as none rather than failing the call. */
    private static List<org.promptstudio.model.ContextChunk> context(String json) {
        try {
            return org.promptstudio.model.ContextChunk.fromJson(json);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}

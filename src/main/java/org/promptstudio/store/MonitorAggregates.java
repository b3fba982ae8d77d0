package org.promptstudio.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.LatencyBuckets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sums behind the dashboards (tables {@code monitor_hour}, {@code monitor_day} and their feedback twins, V15;
 * docs/decisions/0145-monitor-aggregate-tables.md): added to in the same transaction as the calls they count
 * ({@link CallRepository}) and the labels given on them ({@link LabelRepository}, as deltas: the latest label of each
 * annotator counts), recomputed from the calls for a period ({@link #rebuild}) after a purge, and filled once for the
 * calls recorded before V15 when the database is opened.
 *
 * <p>What a call contributes is measured once, when it is recorded ({@link CallMeasures}): characters in and out and
 * the sentiment of its last user message, through the function given to {@link #useSentiment} (none until then).
 */
public final class MonitorAggregates {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorAggregates.class);

    static final String HOUR = "monitor_hour";
    static final String DAY = "monitor_day";
    static final String FEEDBACK_HOUR = "monitor_feedback_hour";
    static final String FEEDBACK_DAY = "monitor_feedback_day";
    /** The totals over every prompt, version, model and run, keyed by bucket alone (V17, decision 0150). */
    static final String HOUR_TOTAL = "monitor_hour_total";
    static final String DAY_TOTAL = "monitor_day_total";
    static final String FEEDBACK_HOUR_TOTAL = "monitor_feedback_hour_total";
    static final String FEEDBACK_DAY_TOTAL = "monitor_feedback_day_total";
    static final long HOUR_S = 3600;
    static final long DAY_S = 86400;

    /** The additive whole-number columns of monitor_hour/day, in the order {@link Sums#longs} keeps them. */
    static final List<String> LONGS;
    static final int CALLS = 0;
    static final int OK = 1;
    static final int ERRORS = 2;
    static final int BLOCKED = 3;
    static final int CANCELLED = 4;
    static final int CACHED = 5;
    static final int ANSWER_N = 6;
    static final int ANSWER_SUM = 7;
    static final int ANSWER_SQ = 8;
    static final int TOKENS_IN = 9;
    static final int TOKENS_OUT = 10;
    static final int TOKENS_KNOWN = 11;
    static final int CHARS_IN = 12;
    static final int CHARS_OUT = 13;
    static final int CHARS_KNOWN = 14;
    static final int KNOWN_COST_CALLS = 15;
    static final int UNKNOWN_COST_CALLS = 16;
    static final int GUARD = 17; // one column per GuardCheck, in declared order
    static final int SENTIMENT_N = GUARD + GuardCheck.values().length;
    static final int LAT = SENTIMENT_N + 1;

    static {
        List<String> l = new ArrayList<>(List.of("calls", "ok", "errors", "blocked", "cancelled", "cached", "answer_n",
                "answer_sum", "answer_sq", "tokens_in", "tokens_out", "tokens_known", "chars_in", "chars_out",
                "chars_known", "known_cost_calls", "unknown_cost_calls"));
        for (GuardCheck g : GuardCheck.values()) l.add("guard_" + g.id());
        l.add("sentiment_n");
        for (int i = 0; i < LatencyBuckets.SIZE; i++) l.add(latColumn(i));
        LONGS = List.copyOf(l);
    }

    /** The column of latency bucket {@code i}: {@code lat_00} ... {@code lat_63}. */
    static String latColumn(int i) {
        return String.format(java.util.Locale.ROOT, "lat_%02d", i);
    }

    private static final String SUM_COLUMNS = String.join(", ", LONGS) + ", sentiment_sum, sentiment_sq, known_cost";
    private static final String FEEDBACK_COLUMNS = "schema_name, thumbs_up, thumbs_down, rating_n, rating_sum,"
            + " rating_sq";
    /** 1900-01-01 and 3000-01-01 UTC: the bounds of a rebuild with none given. */
    private static final long EARLIEST = -2_208_988_800L;
    private static final long LATEST = 32_503_680_000L;
    private static final Pattern TURNS = Pattern.compile("\"turns\"\\s*:\\s*(\\d+)");

    private final Database db;
    private volatile ToDoubleFunction<String> sentiment;

    MonitorAggregates(Database db) {
        this.db = db;
    }

    /**
     * Scores the last user message of each call recorded from now on with {@code score} (text to -1..1); null
     * stops scoring.
     */
    public void useSentiment(ToDoubleFunction<String> score) {
        this.sentiment = score;
    }

    /** The guard checks with at least one finding recorded on {@code call} (each counts the call once). */
    private static Set<GuardCheck> guardChecks(CallRecord call) {
        java.util.EnumSet<GuardCheck> found = java.util.EnumSet.noneOf(GuardCheck.class);
        for (org.promptstudio.model.GuardFinding f : call.guard()) found.add(f.check());
        return found;
    }

    /** What {@code texts} measure with the sentiment function in use. */
    CallMeasures measure(CallTexts texts) {
        return CallMeasures.of(texts, sentiment);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the sums of one bucket and key

    /** Where a call is counted: its bucket (seconds since 1970 UTC) and its prompt, version, model and run. */
    record Key(long bucket, String path, String commit, String model, long run) implements Comparable<Key> {
        static Key of(long bucket, String path, String commit, String model, Long run) {
            return new Key(bucket, path == null ? "" : path, commit == null ? "" : commit, model,
                    run == null ? 0 : run);
        }

        /** The key of the totals of a bucket (the other parts are not stored). */
        static Key total(long bucket) {
            return new Key(bucket, "", "", "", 0);
        }

        @Override
        public int compareTo(Key o) {
            int c = Long.compare(bucket, o.bucket);
            if (c == 0) c = path.compareTo(o.path);
            if (c == 0) c = commit.compareTo(o.commit);
            if (c == 0) c = model.compareTo(o.model);
            if (c == 0) c = Long.compare(run, o.run);
            return c;
        }
    }

    /** Additive sums of a set of calls (mutable, while they are added up). */
    static final class Sums {
        final long[] longs = new long[LONGS.size()];
        double sentimentSum;
        double sentimentSq;
        BigDecimal knownCost = BigDecimal.ZERO;

        void add(CallRecord call, CallMeasures m, Set<GuardCheck> guard) {
            longs[CALLS]++;
            String status = call.status().id();
            switch (status) {
                case "ok" -> longs[OK]++;
                case "error" -> longs[ERRORS]++;
                case "blocked" -> longs[BLOCKED]++;
                case "cancelled" -> longs[CANCELLED]++;
                default -> { }
            }
            if (call.cached()) longs[CACHED]++;
            if (m.charsOut() != null) {
                longs[ANSWER_N]++;
                longs[ANSWER_SUM] += m.charsOut();
                longs[ANSWER_SQ] += m.charsOut() * m.charsOut();
            }
            if (call.tokensIn() != null && call.tokensOut() != null) {
                longs[TOKENS_KNOWN]++;
                longs[TOKENS_IN] += call.tokensIn();
                longs[TOKENS_OUT] += call.tokensOut();
            }
            if (m.charsIn() != null) {
                longs[CHARS_KNOWN]++;
                longs[CHARS_IN] += m.charsIn();
                longs[CHARS_OUT] += m.charsOut() == null ? 0 : m.charsOut();
            }
            // Unknown only when it was answered and its model has no price (CallRecord.unpriced): a failed or
            // cancelled call without a cost (refused before sending, a missing key, an error answer) adds a known 0.
            BigDecimal spent = call.spent();
            if (call.unpriced()) {
                longs[UNKNOWN_COST_CALLS]++;
            } else {
                longs[KNOWN_COST_CALLS]++;
                if (spent != null) knownCost = knownCost.add(spent);
            }
            for (GuardCheck g : guard) longs[GUARD + g.ordinal()]++;
            if (m.sentiment() != null) {
                longs[SENTIMENT_N]++;
                sentimentSum += m.sentiment();
                sentimentSq += m.sentiment() * m.sentiment();
            }
            if (call.latencyMs() != null) longs[LAT + LatencyBuckets.index(call.latencyMs())]++;
        }

        void add(Sums o) {
            for (int i = 0; i < longs.length; i++) longs[i] += o.longs[i];
            sentimentSum += o.sentimentSum;
            sentimentSq += o.sentimentSq;
            knownCost = knownCost.add(o.knownCost);
        }
    }

    /** Feedback sums of a key and label schema. */
    static final class Feedback {
        long up;
        long down;
        long ratingN;
        long ratingSum;
        long ratingSq;

        /** What one label counts for: its thumb and its rating. */
        static Feedback of(LabelValue v) {
            Feedback f = new Feedback();
            if (v == null) return f;
            if ("up".equals(v.thumbs())) f.up = 1;
            if ("down".equals(v.thumbs())) f.down = 1;
            if (v.rating() != null) {
                f.ratingN = 1;
                f.ratingSum = v.rating();
                f.ratingSq = (long) v.rating() * v.rating();
            }
            return f;
        }

        void add(Feedback o, int sign) {
            up += sign * o.up;
            down += sign * o.down;
            ratingN += sign * o.ratingN;
            ratingSum += sign * o.ratingSum;
            ratingSq += sign * o.ratingSq;
        }

        boolean isZero() {
            return up == 0 && down == 0 && ratingN == 0 && ratingSum == 0 && ratingSq == 0;
        }
    }

    static long bucket(Instant t, long width) {
        return Math.floorDiv(t.getEpochSecond(), width) * width;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // calls

    /** Adds {@code calls} (just inserted, with what each measured) to the hour and day sums, on {@code c}. */
    void addCalls(Connection c, List<CallRecord> calls, List<CallMeasures> measures) throws SQLException {
        addCalls(c, calls, measures, true);
    }

    /**
     * Adds {@code calls} to the keyed hour and day sums and, when {@code withTotals}, to the totals (a rebuild counts
     * the totals again from the keyed sums instead). Tables in a fixed order, keys in key order within each.
     */
    private void addCalls(Connection c, List<CallRecord> calls, List<CallMeasures> measures, boolean withTotals)
            throws SQLException {
        Map<Key, Sums> hours = new TreeMap<>();
        Map<Key, Sums> days = new TreeMap<>();
        Map<Key, Sums> hourTotals = new TreeMap<>();
        Map<Key, Sums> dayTotals = new TreeMap<>();
        for (int i = 0; i < calls.size(); i++) {
            CallRecord call = calls.get(i);
            CallMeasures m = measures.get(i);
            Set<GuardCheck> guard = guardChecks(call);
            sumsOf(hours, call, HOUR_S, call.runId()).add(call, m, guard);
            sumsOf(days, call, DAY_S, null).add(call, m, guard);
            if (withTotals) {
                hourTotals.computeIfAbsent(Key.total(bucket(call.createdAt(), HOUR_S)), x -> new Sums())
                        .add(call, m, guard);
                dayTotals.computeIfAbsent(Key.total(bucket(call.createdAt(), DAY_S)), x -> new Sums())
                        .add(call, m, guard);
            }
        }
        upsert(c, HOUR, hours);
        upsert(c, DAY, days);
        upsert(c, HOUR_TOTAL, hourTotals);
        upsert(c, DAY_TOTAL, dayTotals);
    }

    /** The sums of {@code call}'s key in {@code map}: its bucket of {@code width}, and {@code run} (null for the days). */
    private static Sums sumsOf(Map<Key, Sums> map, CallRecord call, long width, Long run) {
        Key k = Key.of(bucket(call.createdAt(), width), call.promptPath(), call.promptCommit(), call.model(), run);
        return map.computeIfAbsent(k, x -> new Sums());
    }

    /**
     * Adds {@code sums} to {@code table}, key by key in key order (so two transactions lock rows in the same order):
     * an UPDATE adding to the row, and an INSERT where there was none. When another transaction inserted the same key
     * meanwhile (a unique violation), the inserts are undone to a savepoint and each key is added again, updating.
     */
    private static void upsert(Connection c, String table, Map<Key, Sums> sums) throws SQLException {
        if (sums.isEmpty()) return;
        StringBuilder set = new StringBuilder();
        for (String col : LONGS) set.append(col).append(" = ").append(col).append(" + ?, ");
        set.append("sentiment_sum = sentiment_sum + ?, sentiment_sq = sentiment_sq + ?, known_cost = known_cost + ?");
        Shape withRun = Shape.of(table);
        String update = "UPDATE " + table + " SET " + set + " WHERE " + keyWhere(withRun);
        String insert = "INSERT INTO " + table + " (" + keyColumns(withRun) + ", " + SUM_COLUMNS + ") VALUES ("
                + String.join(", ", Collections.nCopies(keyCount(withRun) + LONGS.size() + 3, "?")) + ")";
        List<Map.Entry<Key, Sums>> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(update)) {
            List<Map.Entry<Key, Sums>> entries = new ArrayList<>(sums.entrySet());
            for (Map.Entry<Key, Sums> e : entries) {
                int i = bindSums(ps, 1, e.getValue());
                bindKey(ps, i, e.getKey(), withRun);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) missing.add(entries.get(i));
            }
        }
        if (missing.isEmpty()) return;
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (Map.Entry<Key, Sums> e : missing) {
                int i = bindKey(ps, 1, e.getKey(), withRun);
                bindSums(ps, i, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) throw e;
            c.rollback(before);
            LOG.debug("{}: another transaction added a key at the same time; adding again", table);
            for (Map.Entry<Key, Sums> m : missing) {
                upsertOne(c, update, insert, m.getKey(), m.getValue(), withRun);
            }
        }
    }

    private static void upsertOne(Connection c, String update, String insert, Key key, Sums sums, Shape withRun)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            bindKey(ps, bindSums(ps, 1, sums), key, withRun);
            if (ps.executeUpdate() > 0) return;
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            bindSums(ps, bindKey(ps, 1, key, withRun), sums);
            ps.executeUpdate();
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) return true;
            if (s.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState())) return true;
        }
        return false;
    }

    /**
     * The key of a table: bucket, prompt file, version, model and run (the hours, V15), the same without the run (the
     * days, V15), or the bucket alone (the totals, V17).
     */
    enum Shape {
        WITH_RUN("bucket_start, prompt_path, prompt_commit, model, run_id"),
        WITHOUT_RUN("bucket_start, prompt_path, prompt_commit, model"),
        TOTAL("bucket_start");

        final String columns;

        Shape(String columns) {
            this.columns = columns;
        }

        static Shape of(String table) {
            if (table.equals(HOUR) || table.equals(FEEDBACK_HOUR)) return WITH_RUN;
            if (table.endsWith("_total")) return TOTAL;
            return WITHOUT_RUN;
        }
    }

    private static int bindKey(PreparedStatement ps, int i, Key k, Shape shape) throws SQLException {
        ps.setLong(i++, k.bucket());
        if (shape == Shape.TOTAL) return i;
        ps.setString(i++, k.path());
        ps.setString(i++, k.commit());
        ps.setString(i++, k.model());
        if (shape == Shape.WITH_RUN) ps.setLong(i++, k.run());
        return i;
    }

    private static String keyColumns(Shape shape) {
        return shape.columns;
    }

    private static int keyCount(Shape shape) {
        return shape.columns.split(", ").length;
    }

    private static String keyWhere(Shape shape) {
        return String.join(" AND ", Arrays.stream(shape.columns.split(", ")).map(k -> k + " = ?").toList());
    }

    private static int bindSums(PreparedStatement ps, int i, Sums s) throws SQLException {
        for (long v : s.longs) ps.setLong(i++, v);
        ps.setDouble(i++, s.sentimentSum);
        ps.setDouble(i++, s.sentimentSq);
        ps.setBigDecimal(i++, s.knownCost);
        return i;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // labels

    /** The labels whose count may change in a write: one annotator's labels of one schema on one call. */
    record LabelKey(long callId, String schema, String annotator) {
    }

    /** What the latest label of each key counted for before a write (a label key with no label counts nothing). */
    Map<LabelKey, Feedback> feedbackBefore(Connection c, Collection<LabelKey> keys) throws SQLException {
        Map<LabelKey, Feedback> out = new LinkedHashMap<>();
        for (LabelKey k : new LinkedHashSet<>(keys)) out.put(k, latest(c, k));
        return out;
    }

    /**
     * After a write: adds to the feedback sums of each key's call the difference between what its latest label
     * counts for now and what it counted for {@code before}.
     */
    void feedbackAfter(Connection c, Map<LabelKey, Feedback> before) throws SQLException {
        for (Map.Entry<LabelKey, Feedback> e : before.entrySet()) {
            Feedback delta = latest(c, e.getKey());
            delta.add(e.getValue(), -1);
            if (delta.isZero()) continue;
            CallKey call = callKey(c, e.getKey().callId());
            if (call == null) continue;
            addFeedback(c, FEEDBACK_HOUR, call.key(HOUR_S), e.getKey().schema(), delta);
            addFeedback(c, FEEDBACK_DAY, call.dayKey(), e.getKey().schema(), delta);
            addFeedback(c, FEEDBACK_HOUR_TOTAL, Key.total(bucket(call.createdAt(), HOUR_S)), e.getKey().schema(), delta);
            addFeedback(c, FEEDBACK_DAY_TOTAL, Key.total(bucket(call.createdAt(), DAY_S)), e.getKey().schema(), delta);
        }
    }

    /** The label keys of the labels of item {@code itemId} by {@code annotator} (on single calls). */
    static List<LabelKey> keysOfItem(Connection c, long itemId, String annotator) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT call_id, schema_name FROM labels"
                + " WHERE item_id = ? AND annotator = ? AND call_id_b IS NULL")) {
            ps.setLong(1, itemId);
            ps.setString(2, annotator);
            List<LabelKey> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new LabelKey(rs.getLong(1), rs.getString(2), annotator));
            }
            return out;
        }
    }

    private static Feedback latest(Connection c, LabelKey k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value_json FROM labels WHERE call_id = ?"
                + " AND schema_name = ? AND annotator = ? AND call_id_b IS NULL ORDER BY id DESC"
                + " FETCH FIRST 1 ROWS ONLY")) {
            ps.setLong(1, k.callId());
            ps.setString(2, k.schema());
            ps.setString(3, k.annotator());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Feedback.of(parse(rs.getString(1))) : new Feedback();
            }
        }
    }

    private static LabelValue parse(String json) {
        try {
            return LabelValue.parse(json);
        } catch (IllegalArgumentException e) {
            return null; // a value in another shape counts for nothing
        }
    }

    /** A call's time and key columns. */
    private record CallKey(Instant createdAt, String path, String commit, String model, Long run) {
        Key key(long width) {
            return Key.of(bucket(createdAt, width), path, commit, model, run);
        }

        /** The key of the day sums, which leave the run out. */
        Key dayKey() {
            return Key.of(bucket(createdAt, DAY_S), path, commit, model, null);
        }
    }

    private static CallKey callKey(Connection c, long callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at, prompt_path, prompt_commit, model, run_id"
                + " FROM calls WHERE id = ?")) {
            ps.setLong(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new CallKey(Jdbc.getTime(rs, "created_at"), rs.getString("prompt_path"),
                        rs.getString("prompt_commit"), rs.getString("model"), Jdbc.getLong(rs, "run_id"));
            }
        }
    }

    private static void addFeedback(Connection c, String table, Key k, String schema, Feedback d) throws SQLException {
        Shape withRun = Shape.of(table);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET thumbs_up = thumbs_up + ?,"
                + " thumbs_down = thumbs_down + ?, rating_n = rating_n + ?, rating_sum = rating_sum + ?,"
                + " rating_sq = rating_sq + ? WHERE " + keyWhere(withRun) + " AND schema_name = ?")) {
            int i = bindFeedback(ps, 1, d);
            i = bindKey(ps, i, k, withRun);
            ps.setString(i, schema);
            if (ps.executeUpdate() > 0) return;
        }
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + keyColumns(withRun) + ", "
                + FEEDBACK_COLUMNS + ") VALUES (" + String.join(", ", Collections.nCopies(keyCount(withRun) + 6, "?"))
                + ")")) {
            int i = bindKey(ps, 1, k, withRun);
            ps.setString(i++, schema);
            bindFeedback(ps, i, d);
            ps.executeUpdate();
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) throw e;
            c.rollback(before);
            addFeedback(c, table, k, schema, d);
        }
    }

    private static int bindFeedback(PreparedStatement ps, int i, Feedback d) throws SQLException {
        ps.setLong(i++, d.up);
        ps.setLong(i++, d.down);
        ps.setLong(i++, d.ratingN);
        ps.setLong(i++, d.ratingSum);
        ps.setLong(i++, d.ratingSq);
        return i;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // rebuilding

    /** How many calls and labels a {@link #rebuild} counted again. */
    public record Rebuilt(long calls, long labels) {
    }

    /**
     * Counts again, from the calls and labels there are now, the sums of the calls made from {@code from} to
     * {@code to} (widened to whole UTC days, as the day sums need) of prompt file {@code promptPath} (null: every
     * call): what a purge or a forgetting calls after deleting. Null bounds reach to the first or last call. In one
     * transaction.
     *
     * @throws StoreException one line, when the database cannot be read or written
     */
    public Rebuilt rebuild(Instant from, Instant to, String promptPath) {
        return db.write("cannot count the monitor figures again", c -> rebuild(c, from, to, promptPath));
    }

    Rebuilt rebuild(Connection c, Instant from, Instant to, String promptPath) throws SQLException {
        long lo = from == null ? Long.MIN_VALUE / 2 : bucket(from, DAY_S);
        long hi = to == null ? Long.MAX_VALUE / 2 : bucket(to.minusNanos(1), DAY_S) + DAY_S;
        for (String table : List.of(HOUR, DAY, FEEDBACK_HOUR, FEEDBACK_DAY)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE bucket_start >= ?"
                    + " AND bucket_start < ?" + (promptPath == null ? "" : " AND prompt_path = ?"))) {
                ps.setLong(1, lo);
                ps.setLong(2, hi);
                if (promptPath != null) ps.setString(3, promptPath);
                ps.executeUpdate();
            }
        }
        String where = " WHERE c.created_at >= ? AND c.created_at < ?" + (promptPath == null ? ""
                : " AND c.prompt_path = ?");
        Instant start = Instant.ofEpochSecond(Math.max(lo, EARLIEST));
        Instant end = Instant.ofEpochSecond(Math.min(hi, LATEST));
        long calls = 0;
        long lastId = 0;
        // in chunks by id, so a large history is never held at once
        while (true) {
            List<CallRecord> chunk = new ArrayList<>();
            List<CallMeasures> measures = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CallRepository.COLUMNS.replace(", ", ", c.")
                    .replaceFirst("^id", "c.id") + ", c.chars_in, c.chars_out, c.user_sentiment FROM calls c" + where
                    + " AND c.id > ? ORDER BY c.id FETCH FIRST 5000 ROWS ONLY")) {
                int i = 1;
                Jdbc.setTime(ps, i++, start);
                Jdbc.setTime(ps, i++, end);
                if (promptPath != null) ps.setString(i++, promptPath);
                ps.setLong(i, lastId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        CallRecord call = CallRepository.read(rs);
                        chunk.add(call);
                        Double s = rs.getDouble("user_sentiment");
                        if (rs.wasNull()) s = null;
                        measures.add(new CallMeasures(Jdbc.getLong(rs, "chars_in"), Jdbc.getLong(rs, "chars_out"), s));
                    }
                }
            }
            if (chunk.isEmpty()) break;
            chunk = GuardEvents.attach(c, chunk); // the guard counts come from the findings recorded with each call
            addCalls(c, chunk, measures, false);
            calls += chunk.size();
            lastId = chunk.get(chunk.size() - 1).id();
        }
        // the latest label of each annotator and schema on each of those calls
        Map<LabelKey, LabelValue> latest = new HashMap<>();
        Map<Long, CallKey> keys = new HashMap<>();
        long labels = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT l.call_id, l.schema_name, l.annotator, l.value_json,"
                + " c.created_at, c.prompt_path, c.prompt_commit, c.model, c.run_id FROM labels l"
                + " JOIN calls c ON c.id = l.call_id" + where + " AND l.call_id_b IS NULL ORDER BY l.id")) {
            int i = 1;
            Jdbc.setTime(ps, i++, start);
            Jdbc.setTime(ps, i++, end);
            if (promptPath != null) ps.setString(i, promptPath);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long callId = rs.getLong(1);
                    latest.put(new LabelKey(callId, rs.getString(2), rs.getString(3)), parse(rs.getString(4)));
                    keys.computeIfAbsent(callId, id -> {
                        try {
                            return new CallKey(Jdbc.getTime(rs, "created_at"), rs.getString("prompt_path"),
                                    rs.getString("prompt_commit"), rs.getString("model"), Jdbc.getLong(rs, "run_id"));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    labels++;
                }
            }
        }
        Map<List<Object>, Feedback> hours = new TreeMap<>(MonitorAggregates::compareFeedbackKeys);
        Map<List<Object>, Feedback> days = new TreeMap<>(MonitorAggregates::compareFeedbackKeys);
        for (Map.Entry<LabelKey, LabelValue> e : latest.entrySet()) {
            CallKey ck = keys.get(e.getKey().callId());
            Feedback f = Feedback.of(e.getValue());
            if (f.isZero()) continue;
            hours.computeIfAbsent(List.of(ck.key(HOUR_S), e.getKey().schema()), x -> new Feedback()).add(f, 1);
            days.computeIfAbsent(List.of(ck.dayKey(), e.getKey().schema()), x -> new Feedback()).add(f, 1);
        }
        for (Map.Entry<List<Object>, Feedback> e : hours.entrySet()) {
            addFeedback(c, FEEDBACK_HOUR, (Key) e.getKey().get(0), (String) e.getKey().get(1), e.getValue());
        }
        for (Map.Entry<List<Object>, Feedback> e : days.entrySet()) {
            addFeedback(c, FEEDBACK_DAY, (Key) e.getKey().get(0), (String) e.getKey().get(1), e.getValue());
        }
        countTotals(c, lo, hi);
        return new Rebuilt(calls, labels);
    }

    /**
     * Counts the totals of the buckets from {@code lo} to {@code hi} (seconds since 1970 UTC, whole days) again from
     * the keyed sums, in SQL: the same statements V17 ran.
     */
    private static void countTotals(Connection c, long lo, long hi) throws SQLException {
        String sums = SUM_COLUMNS;
        String summed = Arrays.stream(SUM_COLUMNS.split(", ")).map(col -> "SUM(" + col + ")")
                .collect(java.util.stream.Collectors.joining(", "));
        String feedback = FEEDBACK_COLUMNS.replace("schema_name, ", "");
        String feedbackSummed = Arrays.stream(feedback.split(", ")).map(col -> "SUM(" + col + ")")
                .collect(java.util.stream.Collectors.joining(", "));
        String range = " WHERE bucket_start >= ? AND bucket_start < ?";
        List<String> statements = List.of(
                "DELETE FROM " + HOUR_TOTAL + range,
                "DELETE FROM " + DAY_TOTAL + range,
                "DELETE FROM " + FEEDBACK_HOUR_TOTAL + range,
                "DELETE FROM " + FEEDBACK_DAY_TOTAL + range,
                "INSERT INTO " + HOUR_TOTAL + " (bucket_start, " + sums + ") SELECT bucket_start, " + summed
                        + " FROM " + HOUR + range + " GROUP BY bucket_start",
                "INSERT INTO " + DAY_TOTAL + " (bucket_start, " + sums + ") SELECT bucket_start, " + summed
                        + " FROM " + DAY + range + " GROUP BY bucket_start",
                "INSERT INTO " + FEEDBACK_HOUR_TOTAL + " (bucket_start, schema_name, " + feedback + ")"
                        + " SELECT bucket_start, schema_name, " + feedbackSummed + " FROM " + FEEDBACK_HOUR + range
                        + " GROUP BY bucket_start, schema_name",
                "INSERT INTO " + FEEDBACK_DAY_TOTAL + " (bucket_start, schema_name, " + feedback + ")"
                        + " SELECT bucket_start, schema_name, " + feedbackSummed + " FROM " + FEEDBACK_DAY + range
                        + " GROUP BY bucket_start, schema_name");
        for (String sql : statements) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, lo);
                ps.setLong(2, hi);
                ps.executeUpdate();
            }
        }
    }

    private static int compareFeedbackKeys(List<Object> a, List<Object> b) {
        int k = ((Key) a.get(0)).compareTo((Key) b.get(0));
        return k != 0 ? k : ((String) a.get(1)).compareTo((String) b.get(1));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // calls recorded before V15

    /**
     * When V15 left its mark ({@code monitor_backfill}): measures the texts of the calls recorded before (characters,
     * sentiment when a function is in use), reads the turns of the playground sessions saved before from their
     * settings, and counts every call and label (a {@link #rebuild} of all time). Measuring goes in transactions of a
     * few thousand calls; the counting and the removal of the mark in one, so a studio stopped midway does it again.
     */
    void backfillIfPending() {
        if (!db.writable()) return;
        boolean pending = db.read("cannot read the monitor state", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM monitor_backfill")) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        });
        if (!pending) return;
        long[] last = {0};
        long measured = 0;
        while (true) {
            int n = db.write("cannot measure the calls recorded before", c -> measureChunk(c, last));
            if (n == 0) break;
            measured += n;
        }
        db.write("cannot read the turns of playground sessions", c -> {
            List<long[]> turns = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id, settings_json FROM runs WHERE kind = 'playground' AND turns IS NULL")) {
                while (rs.next()) {
                    Integer t = turns(rs.getString(2));
                    if (t != null) turns.add(new long[] {rs.getLong(1), t});
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET turns = ? WHERE id = ?")) {
                for (long[] t : turns) {
                    ps.setLong(1, t[1]);
                    ps.setLong(2, t[0]);
                    ps.addBatch();
                }
                if (!turns.isEmpty()) ps.executeBatch();
            }
            return null;
        });
        Rebuilt r = db.write("cannot count the calls recorded before", c -> {
            Rebuilt done = rebuild(c, null, null, null);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM monitor_backfill");
            }
            return done;
        });
        if (r.calls() + r.labels() > 0) {
            LOG.info("{}: counted {} calls and {} labels recorded before the dashboards ({} measured)", db.name(),
                    r.calls(), r.labels(), measured);
        }
    }

    /** Measures the next few thousand calls after id {@code last[0]} that have texts and no measures yet. */
    private int measureChunk(Connection c, long[] last) throws SQLException {
        List<long[]> ids = new ArrayList<>();
        List<CallMeasures> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.id, t.messages_json, t.output_text FROM calls c"
                + " JOIN call_texts t ON t.call_id = c.id WHERE c.id > ? AND c.chars_in IS NULL ORDER BY c.id"
                + " FETCH FIRST 2000 ROWS ONLY")) {
            ps.setLong(1, last[0]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(new long[] {rs.getLong(1)});
                    found.add(measure(new CallTexts(rs.getString(2), rs.getString(3), null, null)));
                }
            }
        }
        if (ids.isEmpty()) return 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET chars_in = ?, chars_out = ?,"
                + " user_sentiment = ? WHERE id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                CallMeasures m = found.get(i);
                Jdbc.setLong(ps, 1, m.charsIn());
                Jdbc.setLong(ps, 2, m.charsOut());
                if (m.sentiment() == null) ps.setNull(3, java.sql.Types.DOUBLE);
                else ps.setDouble(3, m.sentiment());
                ps.setLong(4, ids.get(i)[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        last[0] = ids.get(ids.size() - 1)[0];
        return ids.size();
    }

    /** The {@code "turns": N} of a playground run's settings, or null. */
    static Integer turns(String settingsJson) {
        if (settingsJson == null) return null;
        Matcher m = TURNS.matcher(settingsJson);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}

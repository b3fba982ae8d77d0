package org.promptstudio.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.promptstudio.model.RunStatus;

/**
 * Deleting what privacy asks to delete, and the log of it (V16, docs/decisions/0148): the calls recorded before a
 * time (of one prompt or of all) with every row that refers to them, and the labels and feedback one annotator gave.
 * Each deletion is one transaction and writes one {@code privacy_log} row with its counts, never a value or a name.
 * Also the reads an audit of one run needs that no other repository gives: which calls were redacted, the guard
 * events of a run's calls (when that table exists), and the privacy log.
 */
public final class PrivacyRepository {

    /** The rows one deletion removed, by kind, in the order they are reported; and the span of time it touched. */
    public record Deleted(Map<String, Long> counts, Instant from, Instant to, String promptPath) {

        public Deleted {
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        /** Rows deleted in all. */
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One line of the privacy log: what was done when, with what scope and how many rows of each kind went. */
    public record LogEntry(long id, String action, String scope, String countsJson, Instant at) {
    }

    /** Tables {@link #purge} deletes from by name; any other table with a foreign key to calls is found and emptied too. */
    private static final Set<String> KNOWN_CHILDREN = Set.of("call_texts", "labels", "label_item_calls", "feedback",
            "annotations", "eval_results");

    private final Database db;

    PrivacyRepository(Database db) {
        this.db = db;
    }

    /**
     * Deletes every call created before {@code before} (of the prompt file {@code promptPath}, or of every prompt
     * when it is null) with its texts, eval results, feedback, annotations, labels (on it, or on a label item that
     * holds it: the item goes too), the rows of any other table referring to it (guard events), and the runs it
     * leaves without calls; logs it. Calls of a run still going (status running) are kept, and so is that run.
     *
     * @return how many rows of each kind went: calls ("calls kept: their run is still going" next when some were),
     *     call texts, labels, feedback (thumbs labels), label items, annotations, eval results, then other tables by
     *     name (call_guard_events as "guard events"), then runs; {@code from} the oldest deleted call's time
     */
    public Deleted purge(Instant before, String promptPath, String scope) {
        return db.write("cannot purge the calls before " + before, c -> {
            String chosen = " FROM calls WHERE created_at < ?" + (promptPath != null ? " AND prompt_path = ?" : "");
            // a run still going (status running) keeps its calls and itself: it still writes them and finishes itself
            String going = " AND run_id IN (SELECT id FROM runs WHERE status = '" + RunStatus.RUNNING.id() + "')";
            String where = chosen + " AND (run_id IS NULL OR run_id NOT IN (SELECT id FROM runs WHERE status = '"
                    + RunStatus.RUNNING.id() + "'))";
            String calls = "SELECT id" + where;
            Object[] args = promptPath != null ? new Object[] {before, promptPath} : new Object[] {before};
            long kept = count(c, "SELECT COUNT(*)" + chosen + going, args);
            Map<String, Long> counts = new LinkedHashMap<>();
            Instant from;
            long callCount;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(created_at)" + where)) {
                bind(ps, 0, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    callCount = rs.getLong(1);
                    java.time.OffsetDateTime oldest = rs.getObject(2, java.time.OffsetDateTime.class);
                    from = oldest == null ? null : oldest.toInstant();
                }
            }
            List<Long> runs = ids(c, "SELECT DISTINCT run_id" + where + " AND run_id IS NOT NULL", args);
            List<Long> items = ids(c, "SELECT DISTINCT item_id FROM label_item_calls WHERE call_id IN (" + calls + ")",
                    args);
            counts.put("calls", callCount);
            if (kept > 0) counts.put("calls kept: their run is still going", kept);
            counts.put("call texts", count(c, "SELECT COUNT(*) FROM call_texts WHERE call_id IN (" + calls + ")",
                    args));
            long[] labels = deleteLabels(c, "call_id IN (" + calls + ") OR call_id_b IN (" + calls + ")", args, args);
            long labelItems = 0;
            for (long item : items) {
                long[] more = deleteLabels(c, "item_id = ?", item);
                labels[0] += more[0];
                labels[1] += more[1];
                update(c, "DELETE FROM label_item_calls WHERE item_id = ?", item);
                labelItems += update(c, "DELETE FROM label_items WHERE id = ?", item);
            }
            counts.put("labels", labels[0]);
            counts.put("feedback", labels[1]);
            counts.put("label items", labelItems);
            long oldFeedback = update(c, "DELETE FROM feedback WHERE call_id IN (" + calls + ")", args);
            if (oldFeedback > 0) counts.put("feedback rows from before labels", oldFeedback);
            counts.put("annotations", update(c, "DELETE FROM annotations WHERE call_id IN (" + calls + ")", args));
            counts.put("eval results", update(c, "DELETE FROM eval_results WHERE call_id IN (" + calls + ")", args));
            for (String[] fk : children(c, "calls")) {
                if (KNOWN_CHILDREN.contains(fk[0])) continue;
                String kind = (fk[0].startsWith("call_") ? fk[0].substring(5) : fk[0]).replace('_', ' ');
                counts.merge(kind, update(c, "DELETE FROM " + fk[0] + " WHERE " + fk[1] + " IN ("
                        + calls + ")", args), Long::sum);
            }
            update(c, "DELETE FROM call_texts WHERE call_id IN (" + calls + ")", args);
            long deleted = update(c, "DELETE" + where, args);
            if (deleted != callCount) throw new SQLException("calls changed during the purge; nothing was deleted");
            long emptyRuns = 0;
            for (long run : runs) {
                if (count(c, "SELECT COUNT(*) FROM calls WHERE run_id = ?", run) > 0) continue;
                update(c, "DELETE FROM eval_results WHERE run_id = ?", run);
                emptyRuns += update(c, "DELETE FROM runs WHERE id = ?", run);
            }
            counts.put("runs left empty", emptyRuns);
            log(c, "purge", scope, counts);
            Deleted done = new Deleted(counts, from, before, promptPath);
            if (done.total() > 0) db.compactWhenClosed();
            return done;
        });
    }

    /**
     * Deletes every label, feedback and annotation {@code annotator} gave, and their name from the queues they made
     * (the queues stay, for the others); logs it without the name.
     *
     * @return how many of each went; {@code from} and {@code to} span the times of the deleted rows and of the
     *     calls they were given on (null when nothing went)
     */
    public Deleted forget(String annotator) {
        return db.write("cannot forget an annotator", c -> {
            Instant[] span = {null, null};
            for (String table : List.of("labels", "feedback", "annotations")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(x.created_at), MAX(x.created_at),"
                        + " MIN(k.created_at), MAX(k.created_at) FROM " + table + " x JOIN calls k ON k.id = x.call_id"
                        + " WHERE x.annotator = ?")) {
                    ps.setString(1, annotator);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        for (int i = 1; i <= 4; i++) {
                            java.time.OffsetDateTime t = rs.getObject(i, java.time.OffsetDateTime.class);
                            if (t == null) continue;
                            Instant at = t.toInstant();
                            if (span[0] == null || at.isBefore(span[0])) span[0] = at;
                            if (span[1] == null || at.isAfter(span[1])) span[1] = at;
                        }
                    }
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            long[] labels = deleteLabels(c, "annotator = ?", annotator);
            counts.put("labels", labels[0]);
            counts.put("feedback", labels[1]);
            long oldFeedback = update(c, "DELETE FROM feedback WHERE annotator = ?", annotator);
            if (oldFeedback > 0) counts.put("feedback rows from before labels", oldFeedback);
            counts.put("annotations", update(c, "DELETE FROM annotations WHERE annotator = ?", annotator));
            counts.put("queues no longer naming them", update(c,
                    "UPDATE label_queues SET created_by = NULL WHERE created_by = ?", annotator));
            log(c, "forget", "one annotator (the name is not kept)", counts);
            Deleted done = new Deleted(counts, span[0], span[1], null);
            if (done.total() > 0) db.compactWhenClosed();
            return done;
        });
    }

    /**
     * The names of everyone who gave a label, feedback or annotation, sorted case-insensitively; what
     * {@code studio forget} lists when it is given a name that recorded nothing.
     */
    public List<String> annotators() {
        return db.read("cannot list the annotators", c -> {
            java.util.TreeSet<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            try (PreparedStatement ps = c.prepareStatement("SELECT annotator FROM labels WHERE annotator IS NOT NULL"
                    + " UNION SELECT annotator FROM feedback WHERE annotator IS NOT NULL"
                    + " UNION SELECT annotator FROM annotations WHERE annotator IS NOT NULL");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
            return List.copyOf(names);
        });
    }

    /** Whether any call of prompt file {@code promptPath} is recorded (at any time, in any run). */
    public boolean hasCalls(String promptPath) {
        return db.read("cannot read the calls of " + promptPath,
                c -> count(c, "SELECT COUNT(*) FROM calls WHERE prompt_path = ?", promptPath) > 0);
    }

    /** Every line of the privacy log, oldest first. */
    public List<LogEntry> log() {
        return db.read("cannot read the privacy log", c -> {
            List<LogEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, action, scope, counts_json, done_at FROM privacy_log ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LogEntry(rs.getLong("id"), rs.getString("action"), rs.getString("scope"),
                            rs.getString("counts_json"), Jdbc.getTime(rs, "done_at")));
                }
            }
            return out;
        });
    }

    /** Whether call {@code id} was redacted before it was stored; false when there is no such call. */
    public boolean redacted(long id) {
        return db.read("cannot read call " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT redacted FROM calls WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /** The ids of run {@code runId}'s calls that were redacted before they were stored. */
    public Set<Long> redactedInRun(long runId) {
        return db.read("cannot read run " + runId, c -> {
            Set<Long> out = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM calls WHERE run_id = ? AND redacted = TRUE ORDER BY id")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    /**
     * The rows of {@code table} (a table with a {@code call_id} column, such as the guard events) on run
     * {@code runId}'s calls, each as column name (lower case) to value (text, number, boolean or time as ISO text),
     * ordered by call; empty when the database has no such table. Reads whatever columns the table has.
     */
    public List<Map<String, Object>> rowsOfRunCalls(String table, long runId) {
        if (!table.matches("[a-z_]+")) throw new IllegalArgumentException("not a table name: " + table);
        return db.read("cannot read " + table + " of run " + runId, c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            if (!hasTable(c, table)) return out;
            try (PreparedStatement ps = c.prepareStatement("SELECT x.* FROM " + table + " x JOIN calls k"
                    + " ON k.id = x.call_id WHERE k.run_id = ? ORDER BY x.call_id")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof java.time.temporal.TemporalAccessor || v instanceof java.util.Date) {
                                v = v.toString();
                            } else if (v instanceof java.sql.Clob clob) {
                                v = clob.getSubString(1, (int) clob.length());
                            }
                            row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), v);
                        }
                        out.add(row);
                    }
                }
            }
            return out;
        });
    }

    /**
     * Deletes the labels {@code where} selects: the thumbs (the feedback of the compare grid and the playground, since
     * V11 labels of the built-in schema) first, then the others.
     *
     * @return {labels of other schemas, thumbs}
     */
    private static long[] deleteLabels(Connection c, String where, Object... args) throws SQLException {
        long thumbs = update(c, "DELETE FROM labels WHERE schema_name = 'thumbs' AND (" + where + ")", args);
        long others = update(c, "DELETE FROM labels WHERE " + where, args);
        return new long[] {others, thumbs};
    }

    private static void log(Connection c, String action, String scope, Map<String, Long> counts)
            throws SQLException {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(v));
        json.append('}');
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO privacy_log (action, scope, counts_json, done_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, action);
            ps.setString(2, scope);
            ps.setString(3, json.toString());
            Jdbc.setTime(ps, 4, Instant.now());
            ps.executeUpdate();
        }
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = md.getTables(null, c.getSchema(), name, new String[] {"TABLE", "BASE TABLE"})) {
                if (rs.next()) return true;
            }
        }
        return false;
    }

    /** The tables (lower case) and columns with a foreign key to {@code table}, as {table, column} pairs. */
    private static List<String[]> children(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String[]> out = new ArrayList<>();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = md.getExportedKeys(null, c.getSchema(), name)) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString("FKTABLE_NAME").toLowerCase(Locale.ROOT),
                        rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT)});
                }
            }
            if (!out.isEmpty()) break;
        }
        return out;
    }

    private static List<Long> ids(Connection c, String sql, Object... args) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 0, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 0, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 0, args);
            return ps.executeUpdate();
        }
    }

    /** Binds {@code args} from parameter {@code at + 1}, flattening nested arrays (a subquery's arguments). */
    private static int bind(PreparedStatement ps, int at, Object[] args) throws SQLException {
        for (Object a : args) {
            if (a instanceof Object[] nested) {
                at = bind(ps, at, nested);
            } else if (a instanceof Instant t) {
                Jdbc.setTime(ps, ++at, t);
            } else if (a instanceof Long l) {
                ps.setLong(++at, l);
            } else {
                ps.setString(++at, (String) a);
            }
        }
        return at;
    }
}

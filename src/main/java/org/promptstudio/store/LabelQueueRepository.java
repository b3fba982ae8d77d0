package org.promptstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelQueue;

/**
 * Labelling queues and their items ({@code label_queues}, {@code label_items}, {@code label_item_calls}): a queue is
 * written with all its items in one transaction, and read back by name; and the recorded calls a new queue may be
 * made of ({@link #candidates}).
 */
public final class LabelQueueRepository {

    private static final String QUEUE_COLUMNS = "id, name, schema_name, schema_version, item_kind, overlap, blind, seed,"
            + " filter_text, created_at, created_by";

    private final Database db;

    LabelQueueRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores {@code queue} and its {@code items} (their ids and queue ids are ignored; positions kept) in one
     * transaction.
     *
     * @return the queue with its id
     * @throws StoreException one line, when a queue of that name exists, a call does not, or the database cannot be
     *                        written
     */
    public LabelQueue insert(LabelQueue queue, List<LabelItem> items) {
        if (queue.id() != null) throw new IllegalArgumentException("queue " + queue.name() + " is already stored");
        if (find(queue.name()).isPresent()) {
            throw new StoreException("a labelling queue named '" + queue.name() + "' exists already");
        }
        return db.write("cannot store labelling queue '" + queue.name() + "'", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO label_queues (name, schema_name, schema_version,"
                    + " item_kind, overlap, blind, seed, filter_text, created_at, created_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, queue.name());
                ps.setString(2, queue.schemaName());
                ps.setString(3, queue.schemaVersion());
                ps.setString(4, queue.itemKind().id());
                ps.setInt(5, queue.overlap());
                ps.setBoolean(6, queue.blind());
                ps.setLong(7, queue.seed());
                ps.setString(8, queue.filterText());
                Jdbc.setTime(ps, 9, queue.createdAt());
                ps.setString(10, queue.createdBy());
                ps.executeUpdate();
                id = RunRepository.generatedKey(ps);
            }
            try (PreparedStatement item = c.prepareStatement("INSERT INTO label_items (queue_id, position, shown_order,"
                    + " case_id) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement call = c.prepareStatement("INSERT INTO label_item_calls (item_id, slot, call_id)"
                         + " VALUES (?, ?, ?)")) {
                for (LabelItem it : items) {
                    item.setLong(1, id);
                    item.setInt(2, it.position());
                    item.setString(3, join(it.shownOrder()));
                    item.setString(4, it.caseId());
                    item.executeUpdate();
                    long itemId = RunRepository.generatedKey(item);
                    for (int slot = 0; slot < it.callIds().size(); slot++) {
                        call.setLong(1, itemId);
                        call.setInt(2, slot);
                        call.setLong(3, it.callIds().get(slot));
                        call.addBatch();
                    }
                }
                call.executeBatch();
            }
            return queue.withId(id);
        });
    }

    /** The queue named {@code name}, or empty. */
    public Optional<LabelQueue> find(String name) {
        return db.read("cannot read labelling queue '" + name + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + QUEUE_COLUMNS + " FROM label_queues WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readQueue(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Every queue, oldest first. */
    public List<LabelQueue> list() {
        return db.read("cannot list the labelling queues", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + QUEUE_COLUMNS + " FROM label_queues ORDER BY id")) {
                List<LabelQueue> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(readQueue(rs));
                }
                return out;
            }
        });
    }

    /** The items of queue {@code queueId} by position, each with its calls in their true order. */
    public List<LabelItem> items(long queueId) {
        return db.read("cannot read the items of labelling queue " + queueId, c -> readItems(c,
                " WHERE i.queue_id = ?", queueId));
    }

    /** How many items queue {@code queueId} has. */
    public int size(long queueId) {
        return db.read("cannot count the items of labelling queue " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM label_items WHERE queue_id = ?")) {
                ps.setLong(1, queueId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * The lowest-position item of queue {@code queueId} that {@code annotator} has not labelled and that has labels
     * from fewer than {@code overlap} annotators (an adjudicator's decision not counted), with its calls; empty when
     * none.
     */
    public Optional<LabelItem> nextFor(long queueId, String annotator, int overlap) {
        return openFor(queueId, annotator, overlap, 0, 1).stream().findFirst();
    }

    /**
     * Up to {@code max} items of queue {@code queueId} after position {@code after} (1 first; 0: from the start) that
     * {@code annotator} has not labelled and that have labels from fewer than {@code overlap} annotators (an
     * adjudicator's decision not counted), with their calls, by position.
     */
    public List<LabelItem> openFor(long queueId, String annotator, int overlap, int after, int max) {
        // two narrow reads (item ids by position; who labelled which item), the choice made here: H2 plans neither a
        // count per item nor a grouped join well over a thousand items
        List<Long> ids = db.read("cannot read the next items of labelling queue " + queueId, c -> {
            Map<Long, java.util.Set<String>> by = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT l.item_id, l.annotator FROM labels l"
                    + " JOIN label_items i ON i.id = l.item_id WHERE i.queue_id = ? AND l.is_final = FALSE")) {
                ps.setLong(1, queueId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) by.computeIfAbsent(rs.getLong(1), k -> new java.util.HashSet<>()).add(rs.getString(2));
                }
            }
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM label_items WHERE queue_id = ?"
                    + " AND position > ? ORDER BY position")) {
                ps.setLong(1, queueId);
                ps.setInt(2, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < max) {
                        java.util.Set<String> who = by.getOrDefault(rs.getLong(1), java.util.Set.of());
                        if (!who.contains(annotator) && who.size() < overlap) out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
        List<LabelItem> out = new ArrayList<>();
        for (long id : ids) item(id).ifPresent(out::add);
        return out;
    }

    /** Item {@code itemId} with its calls, or empty. */
    public Optional<LabelItem> item(long itemId) {
        return db.read("cannot read labelling item " + itemId, c -> readItems(c, " WHERE i.id = ?", itemId))
                .stream().findFirst();
    }

    /** The queue item {@code itemId} belongs to, or empty when there is no such item. */
    public Optional<LabelQueue> queueOfItem(long itemId) {
        return db.read("cannot read labelling item " + itemId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + QUEUE_COLUMNS.replaceAll("(\\w+)", "q.$1")
                    + " FROM label_queues q JOIN label_items i ON i.queue_id = q.id WHERE i.id = ?")) {
                ps.setLong(1, itemId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readQueue(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Which recorded calls a queue may be made of; each filter null (or false) for any.
     *
     * @param commitPrefix   the prompt version's commit starts with this
     * @param model          the model as recorded, or {@code provider/model}
     * @param caseIds        only calls on these dataset cases (null: any)
     * @param failedChecks   only calls with at least one stored check that did not pass
     * @param notLabelledIn  only calls with no label of this schema (as A or B)
     * @param answeredOnly   only calls that answered (status ok)
     */
    public record Candidates(Long runId, String promptPath, String commitPrefix, String model,
                             Collection<String> caseIds, boolean failedChecks, String notLabelledIn,
                             boolean answeredOnly) {
    }

    /** The calls {@code filter} selects, without their texts, oldest first (by id). */
    public List<CallRecord> candidates(Candidates filter) {
        StringBuilder sql = new StringBuilder("SELECT " + CallRepository.COLUMNS + " FROM calls c WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.runId() != null) {
            sql.append(" AND c.run_id = ?");
            args.add(filter.runId());
        }
        if (filter.promptPath() != null) {
            sql.append(" AND c.prompt_path = ?");
            args.add(filter.promptPath());
        }
        if (filter.commitPrefix() != null) {
            sql.append(" AND c.prompt_commit LIKE ?");
            args.add(filter.commitPrefix().replace("%", "").replace("_", "") + "%");
        }
        if (filter.model() != null) {
            sql.append(" AND (c.model = ? OR CONCAT(c.provider, '/', c.model) = ?)");
            args.add(filter.model());
            args.add(filter.model());
        }
        if (filter.answeredOnly()) sql.append(" AND c.status = 'ok'");
        if (filter.failedChecks()) {
            sql.append(" AND EXISTS (SELECT 1 FROM eval_results e WHERE e.call_id = c.id AND e.passed = FALSE"
                    + " AND e.weight > 0)");
        }
        if (filter.notLabelledIn() != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM labels l WHERE (l.call_id = c.id OR l.call_id_b = c.id)"
                    + " AND l.schema_name = ?)");
            args.add(filter.notLabelledIn());
        }
        sql.append(" ORDER BY c.id");
        List<CallRecord> all = db.read("cannot read the calls to label", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                List<CallRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(CallRepository.read(rs));
                }
                return out;
            }
        });
        if (filter.caseIds() == null) return all;
        java.util.Set<String> cases = new java.util.HashSet<>(filter.caseIds());
        return all.stream().filter(call -> call.caseId() != null && cases.contains(call.caseId())).toList();
    }

    private static List<LabelItem> readItems(Connection c, String where, long arg) throws SQLException {
        Map<Long, List<Long>> calls = new LinkedHashMap<>();
        Map<Long, Object[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.queue_id, i.position, i.shown_order, i.case_id,"
                + " ic.slot, ic.call_id FROM label_items i JOIN label_item_calls ic ON ic.item_id = i.id" + where
                + " ORDER BY i.position, i.id, ic.slot")) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    if (!rows.containsKey(id)) {
                        rows.put(id, new Object[] {rs.getLong("queue_id"), rs.getInt("position"),
                            rs.getString("shown_order"), rs.getString("case_id")});
                    }
                    calls.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getLong("call_id"));
                }
            }
        }
        List<LabelItem> out = new ArrayList<>();
        rows.forEach((id, r) -> out.add(new LabelItem(id, (Long) r[0], (Integer) r[1], calls.get(id),
                split((String) r[2]), (String) r[3])));
        return out;
    }

    private static LabelQueue readQueue(ResultSet rs) throws SQLException {
        return new LabelQueue(rs.getLong("id"), rs.getString("name"), rs.getString("schema_name"),
                rs.getString("schema_version"), LabelItemKind.of(rs.getString("item_kind")), rs.getInt("overlap"),
                rs.getBoolean("blind"), rs.getLong("seed"), rs.getString("filter_text"),
                Jdbc.getTime(rs, "created_at"), rs.getString("created_by"));
    }

    private static String join(List<Integer> order) {
        StringBuilder sb = new StringBuilder();
        for (Integer i : order) {
            if (sb.length() > 0) sb.append(',');
            sb.append(i);
        }
        return sb.toString();
    }

    private static List<Integer> split(String order) {
        List<Integer> out = new ArrayList<>();
        for (String s : order.split(",")) out.add(Integer.parseInt(s.strip()));
        return out;
    }
}

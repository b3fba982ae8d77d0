package org.promptstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.promptstudio.model.LabelQuery;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;

/**
 * The labels people gave ({@code labels}): each written in its own transaction the moment it is submitted, so a crash
 * loses none already submitted; read by item, by queue, or by a {@link LabelQuery}, always in the order given (id).
 */
public final class LabelRepository {

    private static final String COLUMNS = "l.id, l.item_id, l.call_id, l.call_id_b, l.schema_name, l.schema_version,"
            + " l.annotator, l.value_json, l.is_final, l.created_at";
    private static final String INSERT = "INSERT INTO labels (item_id, call_id, call_id_b, schema_name, schema_version,"
            + " annotator, value_json, is_final, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** As INSERT, only while the item has labels from fewer other annotators than its queue's overlap (portable SQL). */
    private static final String INSERT_IF_OPEN = "INSERT INTO labels (item_id, call_id, call_id_b, schema_name,"
            + " schema_version, annotator, value_json, is_final, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + " FROM label_items i JOIN label_queues q ON q.id = i.queue_id WHERE i.id = ?"
            + " AND (SELECT COUNT(DISTINCT o.annotator) FROM labels o WHERE o.item_id = i.id AND o.is_final = FALSE"
            + " AND o.annotator <> ?) < q.overlap";

    private final Database db;

    LabelRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores {@code label} at once (its own transaction).
     *
     * @return the label with its id
     * @throws StoreException one line, when its call or item does not exist or the database cannot be written
     */
    public LabelRecord insert(LabelRecord label) {
        if (label.id() != null) throw new IllegalArgumentException("label " + label.id() + " is already stored");
        return db.write("cannot store the label on call " + label.callId(), c -> insert(c, label));
    }

    /**
     * Stores {@code label} of a queue item in place of the labels its annotator gave that item before (not an
     * adjudicator's decision), in one transaction: going back to an item and labelling it again changes the label. An
     * annotator's label (not a decision) is stored only while fewer annotators than the item's queue asks for (its
     * overlap) other than this one have labelled the item: checked in the same transaction as the insert, with the item
     * locked, so two annotators labelling the last open place at once cannot both get it.
     *
     * @return the label with its id, or empty when the item already has its overlap's labels from other annotators
     *         (nothing is then changed)
     * @throws StoreException one line, when the item or call does not exist or the database cannot be written
     */
    public Optional<LabelRecord> replace(LabelRecord label) {
        if (label.itemId() == null) throw new IllegalArgumentException("a label outside a queue replaces nothing");
        return db.write("cannot store the label on item " + label.itemId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM label_items WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, label.itemId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("no labelling item " + label.itemId());
                }
            }
            List<MonitorAggregates.LabelKey> keys = new ArrayList<>(MonitorAggregates.keysOfItem(c, label.itemId(),
                    label.annotator()));
            keys.add(key(label));
            var before = db.monitorAggregates().feedbackBefore(c, keys);
            Optional<LabelRecord> stored = label.isFinal() ? Optional.of(insertRow(c, label))
                    : insertIfOpen(c, label);
            if (stored.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM labels WHERE item_id = ? AND annotator = ?"
                        + " AND is_final = ? AND id <> ?")) {
                    ps.setLong(1, label.itemId());
                    ps.setString(2, label.annotator());
                    ps.setBoolean(3, label.isFinal());
                    ps.setLong(4, stored.get().id());
                    ps.executeUpdate();
                }
            }
            db.monitorAggregates().feedbackAfter(c, before);
            return stored;
        });
    }

    /**
     * Deletes label {@code id} when it is {@code annotator}'s (not an adjudicator's decision): undoing exactly the
     * label a session stored.
     *
     * @return the label deleted, or empty when there is no such label of theirs (deleted already, or never stored)
     */
    public Optional<LabelRecord> delete(long id, String annotator) {
        return db.write("cannot undo label " + id, c -> {
            Optional<LabelRecord> found;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM labels l WHERE l.id = ?"
                    + " AND l.annotator = ? AND l.is_final = FALSE")) {
                ps.setLong(1, id);
                ps.setString(2, annotator);
                try (ResultSet rs = ps.executeQuery()) {
                    found = rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
            if (found.isPresent()) deleteLabel(c, found.get());
            return found;
        });
    }

    /**
     * Stores {@code labels} all in one transaction: all of them, or none.
     *
     * @return the labels with their ids, in the same order
     */
    public List<LabelRecord> insertAll(List<LabelRecord> labels) {
        return db.write("cannot store " + labels.size() + " labels", c -> {
            List<LabelRecord> out = new ArrayList<>();
            for (LabelRecord l : labels) out.add(insert(c, l));
            return out;
        });
    }

    /**
     * Deletes the latest label {@code annotator} gave (not an adjudicator's decision) in queue {@code queueId}.
     *
     * @return the label deleted, or empty when they gave none there
     */
    public Optional<LabelRecord> deleteLast(long queueId, String annotator) {
        return db.write("cannot undo the last label of " + annotator, c -> {
            Optional<LabelRecord> last;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM labels l JOIN label_items i"
                    + " ON i.id = l.item_id WHERE i.queue_id = ? AND l.annotator = ? AND l.is_final = FALSE"
                    + " ORDER BY l.id DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setLong(1, queueId);
                ps.setString(2, annotator);
                try (ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
            if (last.isPresent()) deleteLabel(c, last.get());
            return last;
        });
    }

    /** The labels of item {@code itemId}, in the order given. */
    public List<LabelRecord> forItem(long itemId) {
        return select("cannot read the labels of item " + itemId, " WHERE l.item_id = ?", itemId);
    }

    /** The labels given in queue {@code queueId}, in the order given. */
    public List<LabelRecord> forQueue(long queueId) {
        return select("cannot read the labels of queue " + queueId,
                " JOIN label_items i ON i.id = l.item_id WHERE i.queue_id = ?", queueId);
    }

    /** The labels of call {@code callId} (as A or as B), in the order given. */
    public List<LabelRecord> forCall(long callId) {
        return select("cannot read the labels of call " + callId, " WHERE l.call_id = ? OR l.call_id_b = ?", callId,
                callId);
    }

    /**
     * The labels {@code query} selects, in the order given.
     *
     * @throws StoreException one line, when the database cannot be read
     */
    public List<LabelRecord> query(LabelQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.schema() != null) {
            where.append(" AND l.schema_name = ?");
            args.add(query.schema());
        }
        if (query.queue() != null) {
            where.append(" AND l.item_id IN (SELECT i.id FROM label_items i JOIN label_queues q ON q.id = i.queue_id"
                    + " WHERE q.name = ?)");
            args.add(query.queue());
        }
        if (query.callId() != null) {
            where.append(" AND (l.call_id = ? OR l.call_id_b = ?)");
            args.add(query.callId());
            args.add(query.callId());
        }
        if (query.annotator() != null) {
            where.append(" AND l.annotator = ?");
            args.add(query.annotator());
        }
        return select("cannot read the labels", where.toString(), args.toArray());
    }

    /** The highest label id (0 when none): the call browser reads "with feedback" as of one moment. */
    public long lastId() {
        return db.read("cannot read the labels", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM labels")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private List<LabelRecord> select(String what, String where, Object... args) {
        return db.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM labels l" + where
                    + " ORDER BY l.id")) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                List<LabelRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(read(rs));
                }
                return out;
            }
        });
    }

    /** Deletes {@code label}, taking what it counted for out of the monitor's feedback sums (V15). */
    private void deleteLabel(Connection c, LabelRecord label) throws SQLException {
        var before = db.monitorAggregates().feedbackBefore(c, List.of(key(label)));
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM labels WHERE id = ?")) {
            ps.setLong(1, label.id());
            ps.executeUpdate();
        }
        db.monitorAggregates().feedbackAfter(c, before);
    }

    /** The monitor's feedback key of {@code label}: its call, schema and annotator. */
    private static MonitorAggregates.LabelKey key(LabelRecord label) {
        return new MonitorAggregates.LabelKey(label.callId(), label.schemaName(), label.annotator());
    }

    /** Inserts {@code label} when its item has fewer labels from other annotators than its queue's overlap. */
    private static Optional<LabelRecord> insertIfOpen(Connection c, LabelRecord label) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_IF_OPEN, Statement.RETURN_GENERATED_KEYS)) {
            set(ps, label);
            ps.setLong(10, label.itemId());
            ps.setString(11, label.annotator());
            if (ps.executeUpdate() == 0) return Optional.empty();
            return Optional.of(label.withId(RunRepository.generatedKey(ps)));
        }
    }

    /** Inserts {@code label}, adding what it changes to the monitor's feedback sums (V15). */
    private LabelRecord insert(Connection c, LabelRecord label) throws SQLException {
        var before = db.monitorAggregates().feedbackBefore(c, List.of(key(label)));
        LabelRecord stored = insertRow(c, label);
        db.monitorAggregates().feedbackAfter(c, before);
        return stored;
    }

    private static LabelRecord insertRow(Connection c, LabelRecord label) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            set(ps, label);
            ps.executeUpdate();
            return label.withId(RunRepository.generatedKey(ps));
        }
    }

    private static void set(PreparedStatement ps, LabelRecord label) throws SQLException {
        Jdbc.setLong(ps, 1, label.itemId());
        ps.setLong(2, label.callId());
        Jdbc.setLong(ps, 3, label.callIdB());
        ps.setString(4, label.schemaName());
        ps.setString(5, label.schemaVersion());
        ps.setString(6, label.annotator());
        ps.setString(7, label.value().json());
        ps.setBoolean(8, label.isFinal());
        Jdbc.setTime(ps, 9, label.createdAt());
    }

    private static LabelRecord read(ResultSet rs) throws SQLException {
        String json = rs.getString("value_json");
        LabelValue value;
        try {
            value = LabelValue.parse(json);
        } catch (IllegalArgumentException e) {
            // a row written by another tool in another shape: kept as a comment, so it still reads and is not lost
            value = LabelValue.ofComment(json);
        }
        return new LabelRecord(rs.getLong("id"), Jdbc.getLong(rs, "item_id"), rs.getLong("call_id"),
                Jdbc.getLong(rs, "call_id_b"), rs.getString("schema_name"), rs.getString("schema_version"),
                rs.getString("annotator"), value, rs.getBoolean("is_final"), Jdbc.getTime(rs, "created_at"));
    }
}

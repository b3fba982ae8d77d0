package org.promptstudio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.promptstudio.model.FeedbackRecord;

/** Feedback people gave on recorded answers (thumbs and comments): stored one at a time, listed by call. */
public final class FeedbackRepository {

    private static final String COLUMNS = "id, call_id, annotator, kind, value_json, created_at";

    private final Database db;

    FeedbackRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores {@code feedback} at once (its own transaction) and returns it with its id.
     *
     * @throws StoreException one line, when the call does not exist or the database cannot be written
     */
    public FeedbackRecord insert(FeedbackRecord feedback) {
        if (feedback.id() != null) throw new IllegalArgumentException("feedback " + feedback.id() + " is already stored");
        return db.write("cannot record the feedback on call " + feedback.callId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feedback (call_id, annotator, kind, value_json,"
                    + " created_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, feedback.callId());
                ps.setString(2, feedback.annotator());
                ps.setString(3, feedback.kind());
                ps.setString(4, feedback.valueJson());
                Jdbc.setTime(ps, 5, feedback.createdAt());
                ps.executeUpdate();
                return new FeedbackRecord(RunRepository.generatedKey(ps), feedback.callId(), feedback.annotator(),
                        feedback.kind(), feedback.valueJson(), feedback.createdAt());
            }
        });
    }

    /** The feedback on call {@code callId}, oldest first (in the order it was stored). */
    public List<FeedbackRecord> forCall(long callId) {
        return db.read("cannot read the feedback on call " + callId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM feedback WHERE call_id = ? ORDER BY id")) {
                ps.setLong(1, callId);
                List<FeedbackRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(read(rs));
                }
                return out;
            }
        });
    }

    private static FeedbackRecord read(ResultSet rs) throws SQLException {
        return new FeedbackRecord(rs.getLong("id"), rs.getLong("call_id"), rs.getString("annotator"),
                rs.getString("kind"), rs.getString("value_json"), Jdbc.getTime(rs, "created_at"));
    }
}

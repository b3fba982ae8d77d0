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

    /**
     * One stored feedback row with the call it is about: its run (null for a call outside a run), prompt path, provider,
     * model and case id (null when none).
     */
    public record Listed(FeedbackRecord feedback, Long runId, String promptPath, String provider, String model,
                         String caseId) {
    }

    /**
     * Feedback on the calls of run {@code runId} and of prompt {@code promptPath} (each null for any), newest first,
     * at most {@code limit} rows.
     *
     * @throws StoreException one line, when the database cannot be read
     */
    public List<Listed> list(Long runId, String promptPath, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        StringBuilder sql = new StringBuilder("SELECT f.id, f.call_id, f.annotator, f.kind, f.value_json, f.created_at,"
                + " c.run_id, c.prompt_path, c.provider, c.model, c.case_id FROM feedback f JOIN calls c ON c.id = f.call_id"
                + " WHERE 1 = 1");
        if (runId != null) sql.append(" AND c.run_id = ?");
        if (promptPath != null) sql.append(" AND c.prompt_path = ?");
        // id breaks ties of equal times, so the order never depends on the clock's resolution
        sql.append(" ORDER BY f.created_at DESC, f.id DESC FETCH FIRST ? ROWS ONLY");
        return db.read("cannot read the feedback", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (runId != null) ps.setLong(i++, runId);
                if (promptPath != null) ps.setString(i++, promptPath);
                ps.setInt(i, limit);
                List<Listed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long run = rs.getLong("run_id");
                        Long runOrNull = rs.wasNull() ? null : run;
                        out.add(new Listed(read(rs), runOrNull, rs.getString("prompt_path"), rs.getString("provider"),
                                rs.getString("model"), rs.getString("case_id")));
                    }
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

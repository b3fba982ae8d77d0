package org.promptstudio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.model.InputText;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelValue;

/**
 * Feedback people gave on recorded answers (the compare grid's thumbs and comments), as the grid and
 * {@code studio feedback} know it: since V11 these are labels of the built-in {@link LabelSchema#THUMBS} schema
 * ({@code labels} table; the rows of the old {@code feedback} table were copied there). This repository reads and
 * writes them in the feedback shape: kind {@code rating}, value {@code {"rating":"up","comment":"..."}}.
 */
public final class FeedbackRepository {

    private static final String THUMBS = LabelSchema.THUMBS.name();

    private final Database db;

    FeedbackRepository(Database db) {
        this.db = db;
    }

    /**
     * Stores {@code feedback} (kind {@code rating}, thumbs up or down with an optional comment) at once, as a label of
     * the thumbs schema given outside any queue, and returns it with its id (the label's).
     *
     * @throws StoreException one line, when the call does not exist or the database cannot be written
     * @throws IllegalArgumentException for another kind, or a value that is not thumbs up or down
     */
    public FeedbackRecord insert(FeedbackRecord feedback) {
        if (feedback.id() != null) throw new IllegalArgumentException("feedback " + feedback.id() + " is already stored");
        if (!"rating".equals(feedback.kind())) {
            throw new IllegalArgumentException("feedback of kind '" + feedback.kind() + "' is not a rating");
        }
        LabelValue value = LabelValue.parse(feedback.valueJson());
        if (value.thumbs() == null) throw new IllegalArgumentException("a rating is thumbs up or down");
        LabelRecord stored = db.labels().insert(new LabelRecord(null, null, feedback.callId(), null, THUMBS,
                LabelSchema.THUMBS.version(), feedback.annotator(), value, false, feedback.createdAt()));
        return asFeedback(stored);
    }

    /** The thumbs on call {@code callId}, oldest first (in the order they were given). */
    public List<FeedbackRecord> forCall(long callId) {
        List<FeedbackRecord> out = new ArrayList<>();
        for (LabelRecord l : db.labels().forCall(callId)) {
            if (l.schemaName().equals(THUMBS) && l.callId() == callId) out.add(asFeedback(l));
        }
        return out;
    }

    /**
     * One stored feedback row with the call it is about: its run (null for a call outside a run), prompt path, provider,
     * model and case id (null when none).
     */
    public record Listed(FeedbackRecord feedback, Long runId, String promptPath, String provider, String model,
                         String caseId) {
    }

    /**
     * Thumbs on the calls of run {@code runId} and of prompt {@code promptPath} (each null for any), newest first,
     * at most {@code limit} rows.
     *
     * @throws StoreException one line, when the database cannot be read
     */
    public List<Listed> list(Long runId, String promptPath, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        StringBuilder sql = new StringBuilder("SELECT l.id, l.call_id, l.annotator, l.value_json, l.created_at,"
                + " c.run_id, c.prompt_path, c.provider, c.model, c.case_id FROM labels l JOIN calls c ON c.id = l.call_id"
                + " WHERE l.schema_name = ?");
        if (runId != null) sql.append(" AND c.run_id = ?");
        if (promptPath != null) sql.append(" AND c.prompt_path = ?");
        // id breaks ties of equal times, so the order never depends on the clock's resolution
        sql.append(" ORDER BY l.created_at DESC, l.id DESC FETCH FIRST ? ROWS ONLY");
        return db.read("cannot read the feedback", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, THUMBS);
                if (runId != null) ps.setLong(i++, runId);
                if (promptPath != null) ps.setString(i++, promptPath);
                ps.setInt(i, limit);
                List<Listed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Listed(read(rs), Jdbc.getLong(rs, "run_id"), rs.getString("prompt_path"),
                                rs.getString("provider"), rs.getString("model"), rs.getString("case_id")));
                    }
                }
                return out;
            }
        });
    }

    private static FeedbackRecord read(ResultSet rs) throws SQLException {
        String json = rs.getString("value_json");
        String shown;
        try {
            shown = feedbackJson(LabelValue.parse(json));
        } catch (IllegalArgumentException e) {
            shown = json; // written by another tool in another shape: shown as stored
        }
        return new FeedbackRecord(rs.getLong("id"), rs.getLong("call_id"), rs.getString("annotator"), "rating", shown,
                Jdbc.getTime(rs, "created_at"));
    }

    private static FeedbackRecord asFeedback(LabelRecord l) {
        return new FeedbackRecord(l.id(), l.callId(), l.annotator(), "rating", feedbackJson(l.value()), l.createdAt());
    }

    /** {@code {"rating":"up","comment":"..."}}: a thumbs label as the grid's feedback reads it. */
    private static String feedbackJson(LabelValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v.thumbs() != null) m.put("rating", v.thumbs());
        if (v.comment() != null) m.put("comment", v.comment());
        return InputText.json(m);
    }
}

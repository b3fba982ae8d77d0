package org.promptstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.promptstudio.model.EvalRecord;

/** Assertion results on recorded calls: stored in batches, replaced when a run is evaluated again, listed by run. */
public final class EvalResultRepository {

    private static final String COLUMNS = "id, call_id, run_id, assertion_type, passed, score, reason, weight, created_at, pass_score";
    private static final String INSERT = "INSERT INTO eval_results (call_id, run_id, assertion_type, passed, score,"
            + " reason, weight, created_at, pass_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database db;

    EvalResultRepository(Database db) {
        this.db = db;
    }

    /** Stores {@code results} in one transaction, all or none. */
    public void insertBatch(List<EvalRecord> results) {
        if (results.isEmpty()) return;
        db.write("cannot record " + results.size() + " evaluation results", c -> {
            insertAll(c, results);
            return null;
        });
    }

    /** Removes run {@code runId}'s results and stores {@code results} instead, in one transaction. */
    public void replaceRun(long runId, List<EvalRecord> results) {
        db.write("cannot record the evaluation of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM eval_results WHERE run_id = ?")) {
                ps.setLong(1, runId);
                ps.executeUpdate();
            }
            insertAll(c, results);
            return null;
        });
    }

    /**
     * Results of run {@code runId}: by call in the run's plan order (as {@link CallRepository#inRunWithAnswers}), and
     * each call's results in the order they were stored.
     */
    public List<EvalRecord> inRun(long runId) {
        return db.read("cannot read the evaluation of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e." + COLUMNS.replace(", ", ", e.")
                    + " FROM eval_results e JOIN calls c ON c.id = e.call_id WHERE e.run_id = ?"
                    + " ORDER BY c." + CallRepository.PLAN_ORDER.replace(", ", ", c.") + ", e.id")) {
                ps.setLong(1, runId);
                return readAll(ps);
            }
        });
    }

    /** Results on call {@code callId}, oldest first. */
    public List<EvalRecord> forCall(long callId) {
        return db.read("cannot read the evaluation of call " + callId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM eval_results WHERE call_id = ? ORDER BY id")) {
                ps.setLong(1, callId);
                return readAll(ps);
            }
        });
    }

    private static void insertAll(Connection c, List<EvalRecord> results) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int pending = 0;
            for (EvalRecord r : results) {
                if (r.id() != null) throw new IllegalArgumentException("evaluation result " + r.id() + " is already stored");
                ps.setLong(1, r.callId());
                Jdbc.setLong(ps, 2, r.runId());
                ps.setString(3, r.type());
                ps.setBoolean(4, r.pass());
                ps.setDouble(5, r.score());
                ps.setString(6, r.reason());
                ps.setDouble(7, r.weight());
                Jdbc.setTime(ps, 8, r.createdAt());
                if (r.passScore() == null) ps.setNull(9, java.sql.Types.DOUBLE);
                else ps.setDouble(9, r.passScore());
                ps.addBatch();
                if (++pending == CallRepository.BATCH_ROWS) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) ps.executeBatch();
        }
    }

    private static Double passScore(ResultSet rs) throws SQLException {
        double v = rs.getDouble("pass_score");
        return rs.wasNull() ? null : v;
    }

    private static List<EvalRecord> readAll(PreparedStatement ps) throws SQLException {
        List<EvalRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new EvalRecord(rs.getLong("id"), rs.getLong("call_id"), Jdbc.getLong(rs, "run_id"),
                        rs.getString("assertion_type"), rs.getBoolean("passed"), rs.getDouble("score"),
                        rs.getString("reason"), rs.getDouble("weight"), Jdbc.getTime(rs, "created_at"),
                        passScore(rs)));
            }
        }
        return out;
    }
}

package org.promptstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.model.GuardStage;

/**
 * The guardrail findings of calls ({@code call_guard_events}, V14): written with their calls, in the calls'
 * transaction, and read back into {@link CallRecord#guard()}. A row that names a check, action or stage this version
 * does not know (written by a later one) is left out rather than failing the read.
 */
final class GuardEvents {

    private static final String INSERT = "INSERT INTO call_guard_events (call_id, check_id, action, stage, detail)"
            + " VALUES (?, ?, ?, ?, ?)";
    /** Call ids per query when reading findings back. */
    private static final int IDS_PER_QUERY = 500;

    private GuardEvents() {
    }

    /** Writes the findings of {@code calls}, stored under {@code ids} (same order), on connection {@code c}. */
    static void insert(Connection c, List<CallRecord> calls, long[] ids) throws SQLException {
        boolean any = calls.stream().anyMatch(call -> !call.guard().isEmpty());
        if (!any) return;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < calls.size(); i++) {
                for (GuardFinding f : calls.get(i).guard()) {
                    ps.setLong(1, ids[i]);
                    ps.setString(2, f.check().id());
                    ps.setString(3, f.action().id());
                    ps.setString(4, f.stage().id());
                    ps.setString(5, f.detail());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** {@code calls} each with its recorded findings (in the order they were written), same order as given. */
    static List<CallRecord> attach(Connection c, List<CallRecord> calls) throws SQLException {
        if (calls.isEmpty()) return calls;
        Map<Long, List<GuardFinding>> byCall = read(c, calls.stream().map(CallRecord::id).toList());
        if (byCall.isEmpty()) return calls;
        List<CallRecord> out = new ArrayList<>(calls.size());
        for (CallRecord call : calls) {
            List<GuardFinding> found = byCall.get(call.id());
            out.add(found == null ? call : call.withGuard(found));
        }
        return out;
    }

    /** The findings of the calls {@code ids}, by call id; a call with none is absent. */
    static Map<Long, List<GuardFinding>> read(Connection c, List<Long> ids) throws SQLException {
        Map<Long, List<GuardFinding>> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT call_id, check_id, action, stage, detail"
                    + " FROM call_guard_events WHERE call_id IN (" + marks + ") ORDER BY call_id, id")) {
                for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        GuardFinding f = finding(rs);
                        if (f != null) out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(f);
                    }
                }
            }
        }
        return out;
    }

    private static GuardFinding finding(ResultSet rs) throws SQLException {
        try {
            GuardAction action = GuardAction.of(rs.getString(3));
            if (action == GuardAction.OFF) return null;
            return new GuardFinding(GuardCheck.of(rs.getString(2)), action, GuardStage.of(rs.getString(4)),
                    rs.getString(5));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

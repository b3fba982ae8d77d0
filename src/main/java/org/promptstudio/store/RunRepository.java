package org.promptstudio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunFigures;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;

/** Runs: experiments and playground sessions, the groups that model calls belong to. */
public final class RunRepository {

    private static final String COLUMNS =
            "id, kind, name, experiment_path, started_at, finished_at, status, settings_json, owner";

    private final Database db;

    RunRepository(Database db) {
        this.db = db;
    }

    /** Stores a new run and returns it with its id (a playground session with its turns, read from its settings). */
    public RunRecord insert(RunRecord run) {
        if (run.id() != null) throw new IllegalArgumentException("run " + run.id() + " is already stored");
        return db.write("cannot record the run '" + run.name() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO runs (kind, name, experiment_path, started_at, finished_at, status, settings_json,"
                            + " owner, turns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, run.kind().id());
                ps.setString(2, run.name());
                ps.setString(3, run.experimentPath());
                Jdbc.setTime(ps, 4, run.startedAt());
                Jdbc.setTime(ps, 5, run.finishedAt());
                ps.setString(6, run.status().id());
                ps.setString(7, run.settingsJson());
                ps.setString(8, run.owner());
                // a playground session's turns, for the dashboards (V15): its settings say how many
                Jdbc.setInt(ps, 9, run.kind() == org.promptstudio.model.RunKind.PLAYGROUND
                        ? MonitorAggregates.turns(run.settingsJson()) : null);
                ps.executeUpdate();
                return run.withId(generatedKey(ps));
            }
        });
    }

    /**
     * Marks run {@code id} as ended with {@code status} at {@code finishedAt}; its settings stay as they are.
     *
     * @throws StoreException when there is no run {@code id} or the database cannot be written
     */
    public void finish(long id, RunStatus status, Instant finishedAt) {
        finish(id, status, finishedAt, null);
    }

    /**
     * As {@link #finish(long, RunStatus, Instant)}, and replaces the run's settings with {@code settingsJson} (a JSON
     * object); {@code null} keeps the settings the run has.
     *
     * @throws StoreException when there is no run {@code id} or the database cannot be written
     */
    public void finish(long id, RunStatus status, Instant finishedAt, String settingsJson) {
        int updated = db.write("cannot finish run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET status = ?, finished_at = ?, settings_json = COALESCE(?, settings_json)"
                            + " WHERE id = ?")) {
                ps.setString(1, status.id());
                Jdbc.setTime(ps, 2, finishedAt);
                ps.setString(3, settingsJson);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) throw new StoreException("cannot finish run " + id + ": no such run");
    }

    public Optional<RunRecord> find(long id) {
        return db.read("cannot read run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The {@code limit} most recently started runs, newest first. */
    public List<RunRecord> latest(int limit) {
        return db.read("cannot list runs", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM runs ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                return readAll(ps);
            }
        });
    }

    /**
     * The {@code limit} most recently started runs, newest first (then by id, highest first, so runs started in the
     * same microsecond keep one order), each with the sums over its calls, counted by the database (no call is
     * loaded). A cached answer cost nothing this time: it is counted in {@code cached}, not in {@code spent}.
     */
    public List<RunFigures> latestWithFigures(int limit) {
        String latest = "SELECT id FROM runs ORDER BY id DESC LIMIT ?";
        return figures("cannot list runs", latest, (ps, i) -> ps.setInt(i, limit));
    }

    /** Run {@code id} with the sums over its calls (see {@link #latestWithFigures}), or empty when there is none. */
    public Optional<RunFigures> figures(long id) {
        return figures("cannot read run " + id, "SELECT id FROM runs WHERE id = ?", (ps, i) -> ps.setLong(i, id))
                .stream().findFirst();
    }

    private List<RunFigures> figures(String what, String idsSql, Binder ids) {
        // The run ids are selected twice (the runs, and the calls to sum), so only those runs' calls are read.
        String sql = "SELECT " + COLUMNS.replace(", ", ", r.").replaceFirst("^", "r.") + ","
                + " COALESCE(f.ok, 0) AS ok, COALESCE(f.failed, 0) AS failed, COALESCE(f.cancelled, 0) AS cancelled,"
                + " COALESCE(f.cached, 0) AS cached, f.spent, COALESCE(f.unpriced, 0) AS unpriced"
                + " FROM runs r"
                + " LEFT JOIN (SELECT run_id,"
                + " SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS ok,"
                + " SUM(CASE WHEN status IN (?, ?) THEN 1 ELSE 0 END) AS failed," // a blocked call failed too
                + " SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS cancelled,"
                + " SUM(CASE WHEN cached THEN 1 ELSE 0 END) AS cached,"
                + " SUM(CASE WHEN cached THEN 0 ELSE cost END) AS spent,"
                // unpriced: answered (or blocked at the output, so sent) with no price; blocked at the input costs a known 0
                + " SUM(CASE WHEN status IN (?, ?) AND NOT cached AND cost IS NULL THEN 1 ELSE 0 END) AS unpriced"
                + " FROM calls WHERE run_id IN (" + idsSql + ") GROUP BY run_id) f ON f.run_id = r.id"
                + " WHERE r.id IN (" + idsSql + ")"
                + " ORDER BY r.id DESC";
        return db.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, CallStatus.OK.id());
                ps.setString(2, CallStatus.ERROR.id());
                ps.setString(3, CallStatus.BLOCKED.id());
                ps.setString(4, CallStatus.CANCELLED.id());
                ps.setString(5, CallStatus.OK.id());
                ps.setString(6, CallStatus.BLOCKED.id());
                ids.bind(ps, 7);
                ids.bind(ps, 8);
                List<RunFigures> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RunFigures(read(rs), rs.getLong("ok"), rs.getLong("failed"),
                                rs.getLong("cancelled"), rs.getLong("cached"), rs.getBigDecimal("spent"),
                                rs.getLong("unpriced")));
                    }
                }
                return out;
            }
        });
    }

    private static List<RunRecord> readAll(PreparedStatement ps) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs));
        }
        return out;
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getLong("id"), RunKind.of(rs.getString("kind")), rs.getString("name"),
                rs.getString("experiment_path"), Jdbc.getTime(rs, "started_at"), Jdbc.getTime(rs, "finished_at"),
                RunStatus.of(rs.getString("status")), rs.getString("settings_json"), rs.getString("owner"));
    }

    /** Binds the one parameter of a query that selects run ids, at {@code index}. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    static long generatedKey(Statement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) throw new SQLException("the database returned no generated id");
            return keys.getLong(1);
        }
    }
}

package org.promptstudio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;

/** Runs: experiments and playground sessions, the groups that model calls belong to. */
public final class RunRepository {

    private static final String COLUMNS =
            "id, kind, name, experiment_path, started_at, finished_at, status, settings_json";

    private final Database db;

    RunRepository(Database db) {
        this.db = db;
    }

    /** Stores a new run and returns it with its id. */
    public RunRecord insert(RunRecord run) {
        if (run.id() != null) throw new IllegalArgumentException("run " + run.id() + " is already stored");
        return db.write("cannot record the run '" + run.name() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO runs (kind, name, experiment_path, started_at, finished_at, status, settings_json)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, run.kind().id());
                ps.setString(2, run.name());
                ps.setString(3, run.experimentPath());
                Jdbc.setTime(ps, 4, run.startedAt());
                Jdbc.setTime(ps, 5, run.finishedAt());
                ps.setString(6, run.status().id());
                ps.setString(7, run.settingsJson());
                ps.executeUpdate();
                return run.withId(generatedKey(ps));
            }
        });
    }

    /** Marks run {@code id} as ended with {@code status} at {@code finishedAt}. */
    public void finish(long id, RunStatus status, Instant finishedAt) {
        int updated = db.write("cannot finish run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?")) {
                ps.setString(1, status.id());
                Jdbc.setTime(ps, 2, finishedAt);
                ps.setLong(3, id);
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
                    "SELECT " + COLUMNS + " FROM runs ORDER BY started_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                return readAll(ps);
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
                RunStatus.of(rs.getString("status")), rs.getString("settings_json"));
    }

    static long generatedKey(Statement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) throw new SQLException("the database returned no generated id");
            return keys.getLong(1);
        }
    }
}

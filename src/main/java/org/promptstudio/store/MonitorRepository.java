package org.promptstudio.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.LatencyBuckets;

/**
 * Reads the dashboards' figures from the sums {@link MonitorAggregates} keeps (monitor_hour/day and their feedback
 * twins) and the playground sessions ({@code runs}), never from the calls: a period of a year reads a few thousand
 * rows whatever the number of calls (docs/decisions/0145-monitor-aggregate-tables.md). With no filter on prompt,
 * version, model or run it reads the totals (V17), one row per bucket (docs/decisions/0150-monitor-totals.md).
 */
public final class MonitorRepository {

    private final Database db;

    MonitorRepository(Database db) {
        this.db = db;
    }

    /** A version of a prompt file: its path ({@code prompts/answer.prompt}) and full commit id. */
    public record Version(String path, String commit) {
    }

    /**
     * Which sums to read: buckets starting from {@code from} (moved back to the start of its hour or day) to
     * {@code to} (exclusive), by day ({@code daily}) or hour; narrowed to the prompt files {@code paths} (null: any;
     * empty: none), the {@code versions} (null: any; empty: none), a {@code model} and a {@code run} (null: any).
     * Ratings are those of label schema {@code ratingSchema} (null: of every schema).
     */
    public record Query(Instant from, Instant to, boolean daily, List<String> paths, List<Version> versions,
            String model, Long run, String ratingSchema) {

        public Query {
            if (from == null || to == null) throw new IllegalArgumentException("from and to are required");
            paths = paths == null ? null : List.copyOf(paths);
            versions = versions == null ? null : List.copyOf(versions);
        }

        long width() {
            return daily ? MonitorAggregates.DAY_S : MonitorAggregates.HOUR_S;
        }

        long first() {
            return MonitorAggregates.bucket(from, width());
        }

        /** Whether every prompt, version, model and run counts: the totals answer (V17). */
        boolean unfiltered() {
            return paths == null && versions == null && model == null && run == null;
        }

        boolean matchesNothing() {
            return (paths != null && paths.isEmpty()) || (versions != null && versions.isEmpty());
        }
    }

    /**
     * The sums of one bucket starting at {@code start}: calls by status, cached, feedback (thumbs; ratings as count,
     * sum and sum of squares), answer characters (count, sum, sum of squares), the latency histogram, tokens and
     * characters in and out with how many calls reported them, known cost (USD) with how many calls had a price or
     * not, calls with a finding per guard check, playground sessions and their turns, and sentiment (count, sum, sum
     * of squares).
     */
    public record Sums(Instant start, long calls, long ok, long errors, long blocked, long cancelled, long cached,
            long thumbsUp, long thumbsDown, long ratingN, long ratingSum, long ratingSq,
            long answerN, long answerSum, long answerSq, LatencyBuckets latency,
            long tokensIn, long tokensOut, long tokensKnown, long charsIn, long charsOut, long charsKnown,
            BigDecimal knownCost, long knownCostCalls, long unknownCostCalls, Map<GuardCheck, Long> guard,
            long sessions, long turnsN, long turnsSum, long turnsSq, long sentimentN, double sentimentSum, double sentimentSq) {

        public Sums {
            EnumMap<GuardCheck, Long> g = new EnumMap<>(GuardCheck.class);
            for (GuardCheck c : GuardCheck.values()) g.put(c, guard == null ? 0L : guard.getOrDefault(c, 0L));
            guard = java.util.Collections.unmodifiableMap(g);
        }
    }

    /**
     * The sums of each bucket of {@code q} that has a call, a label or a session, in time order (empty buckets are
     * left out: the caller fills the axis).
     *
     * @throws StoreException one line, when the database cannot be read
     */
    public List<Sums> sums(Query q) {
        if (q.matchesNothing()) return List.of();
        return db.read("cannot read the monitor figures", c -> {
            Map<Long, Acc> byBucket = new TreeMap<>();
            // the calls' sums: a run's days from its hours (the day sums leave the run out). The rows are added up
            // here, not with SUM: H2 sums BIGINT as NUMERIC, one BigDecimal per cell, several times slower.
            // with no filter, from the totals: one row per bucket (decision 0150)
            boolean fromHours = !q.daily() || q.run() != null;
            boolean totals = q.unfiltered();
            long width = q.width();
            List<Object> args = new ArrayList<>();
            String where = where(q, args, "m");
            String table = totals ? (fromHours ? MonitorAggregates.HOUR_TOTAL : MonitorAggregates.DAY_TOTAL)
                    : (fromHours ? MonitorAggregates.HOUR : MonitorAggregates.DAY);
            String sql = "SELECT m.bucket_start, m." + String.join(", m.", MonitorAggregates.LONGS)
                    + ", m.sentiment_sum, m.sentiment_sq, m.known_cost FROM " + table + " m WHERE " + where;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, 1, args);
                int n = MonitorAggregates.LONGS.size();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long start = Math.floorDiv(rs.getLong(1), width) * width;
                        Acc a = byBucket.computeIfAbsent(start, k -> new Acc());
                        for (int i = 0; i < n; i++) a.longs[i] += rs.getLong(2 + i);
                        a.sentimentSum += rs.getDouble(2 + n);
                        a.sentimentSq += rs.getDouble(3 + n);
                        BigDecimal cost = rs.getBigDecimal(4 + n);
                        if (cost != null && cost.signum() != 0) a.cost = a.cost.add(cost);
                    }
                }
            }
            // feedback on those calls
            args.clear();
            where = where(q, args, "f");
            String rating = q.ratingSchema() == null ? "" : " AND f.schema_name = ?";
            String fb = q.daily() && q.run() != null ? "(f.bucket_start - MOD(f.bucket_start, 86400))"
                    : "f.bucket_start";
            String fsql = "SELECT " + fb + ", SUM(f.thumbs_up), SUM(f.thumbs_down),"
                    + " SUM(CASE WHEN 1 = 1" + rating + " THEN f.rating_n ELSE 0 END),"
                    + " SUM(CASE WHEN 1 = 1" + rating + " THEN f.rating_sum ELSE 0 END),"
                    + " SUM(CASE WHEN 1 = 1" + rating + " THEN f.rating_sq ELSE 0 END) FROM "
                    + (totals ? (fromHours ? MonitorAggregates.FEEDBACK_HOUR_TOTAL
                            : MonitorAggregates.FEEDBACK_DAY_TOTAL)
                            : (fromHours ? MonitorAggregates.FEEDBACK_HOUR : MonitorAggregates.FEEDBACK_DAY)) + " f WHERE "
                    + where + " GROUP BY " + fb;
            try (PreparedStatement ps = c.prepareStatement(fsql)) {
                int i = 1;
                if (q.ratingSchema() != null) {
                    for (int k = 0; k < 3; k++) ps.setString(i++, q.ratingSchema());
                }
                bind(ps, i, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Acc a = byBucket.computeIfAbsent(rs.getLong(1), k -> new Acc());
                        a.up = rs.getLong(2);
                        a.down = rs.getLong(3);
                        a.ratingN = rs.getLong(4);
                        a.ratingSum = rs.getLong(5);
                        a.ratingSq = rs.getLong(6);
                    }
                }
            }
            // playground sessions saved in the period, with a call that matches the filters
            args.clear();
            String callFilter = where(q, args, "h").replaceFirst("^h\\.bucket_start >= \\? AND h\\.bucket_start < \\?",
                    "1 = 1");
            args.remove(0);
            args.remove(0);
            boolean filtered = q.paths() != null || q.versions() != null || q.model() != null;
            String ssql = "SELECT r.started_at, r.turns FROM runs r WHERE r.kind = 'playground'"
                    + " AND r.started_at >= ? AND r.started_at < ?" + (q.run() != null ? " AND r.id = ?" : "")
                    + (filtered ? " AND EXISTS (SELECT 1 FROM " + MonitorAggregates.HOUR + " h WHERE h.run_id = r.id"
                    + " AND " + callFilter + ")" : "");
            try (PreparedStatement ps = c.prepareStatement(ssql)) {
                int i = 1;
                Jdbc.setTime(ps, i++, Instant.ofEpochSecond(q.first()));
                Jdbc.setTime(ps, i++, q.to());
                if (q.run() != null) ps.setLong(i++, q.run());
                if (filtered) {
                    // the call filter without the run (already there) and without the time
                    bind(ps, i, args);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant at = Jdbc.getTime(rs, "started_at");
                        Acc a = byBucket.computeIfAbsent(MonitorAggregates.bucket(at, q.width()), k -> new Acc());
                        a.sessions++;
                        long t = rs.getLong("turns");
                        if (!rs.wasNull()) {
                            a.turnsN++;
                            a.turnsSum += t;
                            a.turnsSq += t * t;
                        }
                    }
                }
            }
            List<Sums> out = new ArrayList<>();
            byBucket.forEach((start, a) -> out.add(a.sums(Instant.ofEpochSecond(start))));
            return out;
        });
    }

    /** How many rows the hour and the day sums have: {hour, day}. */
    public long[] rowCounts() {
        return db.read("cannot count the monitor sums", c -> {
            long[] out = new long[2];
            try (java.sql.Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + MonitorAggregates.HOUR)) {
                    rs.next();
                    out[0] = rs.getLong(1);
                }
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + MonitorAggregates.DAY)) {
                    rs.next();
                    out[1] = rs.getLong(1);
                }
            }
            return out;
        });
    }

    /** The WHERE clause over a monitor table aliased {@code t}, its values added to {@code args}. */
    private static String where(Query q, List<Object> args, String t) {
        StringBuilder w = new StringBuilder(t + ".bucket_start >= ? AND " + t + ".bucket_start < ?");
        args.add(q.first());
        args.add(q.to().getEpochSecond() + (q.to().getNano() > 0 ? 1 : 0));
        if (q.paths() != null) {
            w.append(" AND ").append(t).append(".prompt_path IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(q.paths().size(), "?"))).append(')');
            args.addAll(q.paths());
        }
        if (q.versions() != null) {
            w.append(" AND (");
            for (int i = 0; i < q.versions().size(); i++) {
                if (i > 0) w.append(" OR ");
                w.append('(').append(t).append(".prompt_path = ? AND ").append(t).append(".prompt_commit = ?)");
                args.add(q.versions().get(i).path());
                args.add(q.versions().get(i).commit());
            }
            w.append(')');
        }
        if (q.model() != null) {
            w.append(" AND ").append(t).append(".model = ?");
            args.add(q.model());
        }
        if (q.run() != null) {
            w.append(" AND ").append(t).append(".run_id = ?");
            args.add(q.run());
        }
        return w.toString();
    }

    private static int bind(PreparedStatement ps, int i, List<Object> args) throws SQLException {
        for (Object a : args) {
            if (a instanceof Long l) ps.setLong(i++, l);
            else ps.setString(i++, (String) a);
        }
        return i;
    }

    /** A bucket's sums while they are read. */
    private static final class Acc {
        final long[] longs = new long[MonitorAggregates.LONGS.size()];
        double sentimentSum;
        double sentimentSq;
        BigDecimal cost = BigDecimal.ZERO;
        long up;
        long down;
        long ratingN;
        long ratingSum;
        long ratingSq;
        long sessions;
        long turnsN;
        long turnsSum;
        long turnsSq;

        Sums sums(Instant start) {
            long[] lat = new long[LatencyBuckets.SIZE];
            System.arraycopy(longs, MonitorAggregates.LAT, lat, 0, LatencyBuckets.SIZE);
            Map<GuardCheck, Long> guard = new EnumMap<>(GuardCheck.class);
            for (GuardCheck g : GuardCheck.values()) guard.put(g, longs[MonitorAggregates.GUARD + g.ordinal()]);
            BigDecimal known = cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
            return new Sums(start, longs[MonitorAggregates.CALLS], longs[MonitorAggregates.OK],
                    longs[MonitorAggregates.ERRORS], longs[MonitorAggregates.BLOCKED],
                    longs[MonitorAggregates.CANCELLED], longs[MonitorAggregates.CACHED], up, down, ratingN, ratingSum,
                    ratingSq, longs[MonitorAggregates.ANSWER_N], longs[MonitorAggregates.ANSWER_SUM],
                    longs[MonitorAggregates.ANSWER_SQ], LatencyBuckets.of(lat), longs[MonitorAggregates.TOKENS_IN],
                    longs[MonitorAggregates.TOKENS_OUT], longs[MonitorAggregates.TOKENS_KNOWN],
                    longs[MonitorAggregates.CHARS_IN], longs[MonitorAggregates.CHARS_OUT],
                    longs[MonitorAggregates.CHARS_KNOWN], known, longs[MonitorAggregates.KNOWN_COST_CALLS],
                    longs[MonitorAggregates.UNKNOWN_COST_CALLS], guard, sessions, turnsN, turnsSum, turnsSq,
                    longs[MonitorAggregates.SENTIMENT_N], sentimentSum, sentimentSq);
        }
    }
}

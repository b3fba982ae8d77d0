package org.promptstudio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Nullable values in and out of JDBC, the same way on H2 and PostgreSQL. */
final class Jdbc {

    private Jdbc() {
    }

    static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, value);
    }

    static void setInt(PreparedStatement ps, int i, Integer value) throws SQLException {
        if (value == null) ps.setNull(i, Types.INTEGER);
        else ps.setInt(i, value);
    }

    static void setTime(PreparedStatement ps, int i, Instant value) throws SQLException {
        if (value == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(i, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }

    static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer getInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Instant getTime(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

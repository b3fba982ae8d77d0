package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept connections (docs/decisions/0158) on a real H2 file: a connection given back is lent again with its
 * session and its parsed statements (H2's own pool rolled it back, which empties the session's query cache), one
 * given back inside a transaction is not kept, no more than the maximum are lent at once, and disposing closes them.
 */
class KeptConnectionsTest {

    private static final String UPDATE = "UPDATE t SET n = n + ? WHERE id = ?";

    @TempDir
    Path dir;

    private KeptConnections pool;

    @BeforeEach
    void open() throws SQLException {
        pool = new KeptConnections(JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("k")
                + ";QUERY_CACHE_SIZE=64", "sa", ""), 2);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT)");
            st.execute("INSERT INTO t VALUES (1, 0)");
        }
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    private static int session(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT SESSION_ID()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The parsed statement H2 lends for {@code sql} on {@code c}: the same object when it came from the cache. */
    private static Object command(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            java.lang.reflect.Field f = org.h2.jdbc.JdbcPreparedStatement.class.getDeclaredField("command");
            f.setAccessible(true);
            return f.get(ps.unwrap(org.h2.jdbc.JdbcPreparedStatement.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aConnectionGivenBackIsLentAgainWithItsSessionAndItsParsedStatements() throws SQLException {
        int first;
        Object parsed;
        try (Connection c = pool.getConnection()) {
            first = session(c);
            parsed = command(c, UPDATE);
        }
        try (Connection c = pool.getConnection()) {
            assertThat(session(c)).isEqualTo(first);
            assertThat(command(c, UPDATE)).as("parsed once, found in the session's cache").isSameAs(parsed);
        }
    }

    @Test
    void h2sOwnPoolLosesTheParsedStatementsThisIsWhyTheConnectionsAreKept() throws SQLException {
        JdbcConnectionPool plain = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("k")
                + ";QUERY_CACHE_SIZE=64", "sa", "");
        try {
            Object parsed;
            try (Connection c = plain.getConnection()) {
                parsed = command(c, UPDATE);
            }
            try (Connection c = plain.getConnection()) {
                assertThat(command(c, UPDATE)).isNotSameAs(parsed);
            }
        } finally {
            plain.dispose();
        }
    }

    @Test
    void aConnectionGivenBackInsideATransactionIsNotKeptAndItsWorkIsNotCommitted() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                ps.setInt(1, 5);
                ps.setInt(2, 1);
                ps.executeUpdate();
            }
        }
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT n FROM t WHERE id = 1")) {
            assertThat(c.getAutoCommit()).isTrue();
            rs.next();
            assertThat(rs.getInt(1)).as("rolled back, not left for the next borrower").isZero();
        }
    }

    @Test
    void aClosedConnectionRefusesWorkAndClosingTwiceGivesItBackOnce() throws SQLException {
        Connection c = pool.getConnection();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        // both places are free: two can be lent at once
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            assertThat(session(a)).isNotEqualTo(session(b));
        }
    }

    @Test
    void noMoreThanTheMaximumAreLentAtOnceAndAWaitingBorrowerGetsTheOneGivenBack() throws Exception {
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        int sessionA = session(a);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch asking = new CountDownLatch(1);
            Future<Integer> third = ex.submit(() -> {
                asking.countDown();
                try (Connection c = pool.getConnection()) {
                    return session(c);
                }
            });
            asking.await();
            assertThat(third.isDone()).isFalse();
            a.close();
            assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo(sessionA);
        } finally {
            b.close();
            ex.shutdownNow();
        }
    }

    @Test
    void disposingClosesTheKeptConnectionsAndRefusesNewBorrowers() throws SQLException {
        List<JdbcConnection> real = new ArrayList<>();
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            real.add(a.unwrap(JdbcConnection.class));
            real.add(b.unwrap(JdbcConnection.class));
        }
        pool.dispose();
        assertThatThrownBy(pool::getConnection).isInstanceOf(IllegalStateException.class);
        for (JdbcConnection c : real) assertThat(c.isClosed()).isTrue();
    }
}

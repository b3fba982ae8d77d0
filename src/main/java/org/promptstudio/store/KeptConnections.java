package org.promptstudio.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * H2's connection pool with the connections given back kept as they are, so that each keeps its session's parsed
 * statements (docs/decisions/0158). H2's {@link JdbcConnectionPool} rolls a connection back each time it lends it
 * ({@code JdbcXAConnection.getConnection}), and a rollback empties the session's query cache
 * ({@code SessionLocal.rollbackTo}): every operation then parsed its SQL again, the monitor sums' UPDATE of 90
 * columns among them, a fifth of a run's recording time. Here a connection given back (in auto-commit mode, with no
 * transaction open) waits in a short list and is lent again as it is; only one that is broken, or was given back in
 * the middle of a transaction, is rolled back and returned to H2's pool.
 *
 * <p>At most {@code max} connections are lent at once, as with H2's pool: a borrower waits up to the pool's login
 * timeout (30 s) for one to be given back, then gets an {@link SQLException}. At most {@code max} more wait unused, so
 * the H2 pool under it holds up to twice {@code max} and never makes a borrower wait itself. Thread-safe.
 */
final class KeptConnections implements DataSource {

    private static final long WAIT_SECONDS = 30;

    private final JdbcConnectionPool pool;
    private final int max;
    private final Semaphore lent;
    /** Connections given back and kept, the last given back first; guarded by itself. */
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private volatile boolean disposed;

    /**
     * @param pool the H2 pool the connections come from; its maximum is set here to twice {@code max}
     * @param max  connections lent at once, at least 1
     */
    KeptConnections(JdbcConnectionPool pool, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be at least 1: " + max);
        this.pool = pool;
        this.max = max;
        this.lent = new Semaphore(max, true);
        pool.setMaxConnections(2 * max);
    }

    /**
     * A connection, kept from an earlier borrower or new from the pool; closing it gives it back.
     *
     * @throws SQLException when the pool is disposed, no connection was given back within 30 s, or H2 cannot open one
     */
    @Override
    public Connection getConnection() throws SQLException {
        if (disposed) throw new IllegalStateException("the connection pool is closed");
        acquire();
        try {
            Connection kept;
            synchronized (idle) {
                kept = idle.pollLast();
            }
            Connection real = kept != null ? kept : pool.getConnection();
            return (Connection) Proxy.newProxyInstance(KeptConnections.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new Lent(real));
        } catch (SQLException | RuntimeException | Error e) {
            lent.release();
            throw e;
        }
    }

    /** Waits for a free place among the {@code max} lent; an interrupt does not stop the wait (its flag is kept). */
    private void acquire() throws SQLException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        boolean interrupted = false;
        try {
            while (true) {
                long left = end - System.nanoTime();
                try {
                    if (lent.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) return;
                    throw new SQLException("no database connection was free within " + WAIT_SECONDS + " s", "08001",
                            ErrorCode.CONNECTION_BROKEN_1);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Takes back {@code real} from a borrower: kept when it is sound and idle, else returned to H2's pool. */
    private void giveBack(Connection real) {
        try {
            boolean keep = !disposed && !real.isClosed();
            if (keep && !real.getAutoCommit()) {
                keep = false; // given back in a transaction: H2's pool rolls it back when it lends it again
            }
            if (keep) {
                synchronized (idle) {
                    if (idle.size() < max && !disposed) {
                        idle.addLast(real);
                        return;
                    }
                }
            }
            real.close();
        } catch (SQLException e) {
            closeQuietly(real);
        } finally {
            lent.release();
        }
    }

    /** Closes the kept connections and H2's pool; connections still lent are closed as they are given back. */
    void dispose() {
        disposed = true;
        synchronized (idle) {
            for (Connection c : idle) closeQuietly(c);
            idle.clear();
        }
        pool.dispose();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // a broken connection: H2's pool drops it
        }
    }

    /** What a borrower holds: the connection, until it is closed; after that every call but close fails. */
    private final class Lent implements InvocationHandler {
        private final Connection real;
        private boolean closed;

        Lent(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            int n = args == null ? 0 : args.length;
            synchronized (this) {
                if (name.equals("close") && n == 0) {
                    if (!closed) {
                        closed = true;
                        giveBack(real);
                    }
                    return null;
                }
                if (name.equals("isClosed") && n == 0) return closed || real.isClosed();
                if (closed) {
                    if (name.equals("isValid")) return false;
                    if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, name, args);
                    throw new SQLException("the connection is closed", "08003", ErrorCode.OBJECT_CLOSED);
                }
            }
            if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, name, args);
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private Object objectMethod(Object proxy, String name, Object[] args) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "connection " + real;
            };
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the studio's connections all use one user");
    }

    @Override
    public PrintWriter getLogWriter() {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

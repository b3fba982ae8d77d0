package org.promptstudio.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's database for one workspace: an H2 file under {@code .studio/db/}, its schema brought up to date by
 * the Flyway migrations in {@code db/migration}, and the repositories that read and write it.
 *
 * <p>Settings (docs/decisions/0010-database.md): {@code WRITE_DELAY=0}, so every commit is written to the file before
 * it returns and a killed process loses no call it was told was recorded; {@code AUTO_SERVER=TRUE}, so a second
 * studio (or {@code studio calls} while the window is open) shares the database through the first one instead of
 * being locked out.
 *
 * <p>Connections come from a small pool (H2's own {@link JdbcConnectionPool}, at most {@value #MAX_CONNECTIONS}):
 * callers borrow one per operation and give it back. A connection per thread would leak with the pooled threads of
 * the UI and the runner, which come and go, and could not be closed by {@link #close()}; opening a connection per
 * operation would pay a new session each time (a TCP handshake when this studio is the second one).
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Where the database lives inside the workspace's state folder ({@code .studio/}), without H2's suffix. */
    public static final String RELATIVE_PATH = "db/studio";
    static final int MAX_CONNECTIONS = 8;
    /** H2's administrator, without password: the file is protected by the file system, as the workspace is. */
    private static final String USER = "sa";

    static {
        // AUTO_SERVER starts a TCP server for the second studio; H2 binds it to every interface unless told.
        // Only this machine may connect, so it never shows a firewall prompt either.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final String name;
    private final DataSource dataSource;
    private final AutoCloseable closer;
    private final RunRepository runs;
    private final CallRepository calls;
    private final EvalResultRepository evalResults;
    private volatile boolean closed;

    Database(String name, DataSource dataSource, AutoCloseable closer) {
        this.name = name;
        this.dataSource = dataSource;
        this.closer = closer;
        this.runs = new RunRepository(this);
        this.calls = new CallRepository(this);
        this.evalResults = new EvalResultRepository(this);
    }

    /** Opens (creating it on first use) the database of the workspace whose state folder is {@code stateDir}. */
    public static Database open(Path stateDir) {
        return open(stateDir, null);
    }

    /**
     * Opens the database at {@code url} (a {@code jdbc:h2:} URL, from {@code database.url} in studio.yaml), or, when
     * it is null or blank, the workspace's own file under {@code stateDir}; then migrates it to the current schema.
     */
    public static Database open(Path stateDir, String url) {
        String name;
        String jdbcUrl;
        if (url == null || url.isBlank()) {
            Path base = stateDir.toAbsolutePath().normalize().resolve(RELATIVE_PATH);
            name = stateDir.getFileName() + "/" + RELATIVE_PATH;
            if (base.toString().indexOf(';') >= 0) {
                throw new StoreException(base + ": the database cannot live in a folder whose path contains ';'");
            }
            try {
                Files.createDirectories(base.getParent());
            } catch (IOException e) {
                throw new StoreException(name + ": cannot create the database folder (" + e.getMessage() + ")", e);
            }
            jdbcUrl = "jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        } else {
            name = url.strip();
            if (!name.startsWith("jdbc:h2:")) {
                throw new StoreException("database.url " + name
                        + ": only jdbc:h2: URLs are supported (PostgreSQL comes with team mode)");
            }
            jdbcUrl = name.toUpperCase(Locale.ROOT).contains("WRITE_DELAY") ? name : name + ";WRITE_DELAY=0";
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, USER, "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        Database db = new Database(name, pool, pool::dispose);
        try {
            db.probe();
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.debug("opened {}", jdbcUrl);
        return db;
    }

    private void probe() {
        try (Connection c = dataSource.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StoreException(name + ": the database is in use by another program that does not share it ("
                        + StoreException.reason(e) + ")", e);
            }
            throw StoreException.of(name + ": cannot open the database", e);
        }
    }

    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException(name + ": cannot bring the database schema up to date: "
                    + StoreException.reason(e), e);
        }
    }

    /** What messages call this database: {@code .studio/db/studio}, or the URL it was opened with. */
    public String name() {
        return name;
    }

    public RunRepository runs() {
        return runs;
    }

    public CallRepository calls() {
        return calls;
    }

    public EvalResultRepository evalResults() {
        return evalResults;
    }

    /** A connection from the pool; the caller closes it, which gives it back. */
    Connection connection() throws SQLException {
        if (closed) throw new StoreException(name + ": the database is closed");
        return dataSource.getConnection();
    }

    /** Runs {@code work} on a borrowed connection in auto-commit mode. */
    <T> T read(String what, SqlWork<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreException.of(what, e);
        }
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none. */
    <T> T write(String what, SqlWork<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.of(what, e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Closes every pooled connection; the database file is closed when no other studio shares it. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            closer.close();
            LOG.debug("closed {}", name);
        } catch (Exception e) {
            LOG.warn("closing {} failed", name, e);
        }
    }

    /** Work on a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}

package org.promptstudio.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;
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
 * <p>Settings (docs/decisions/0010-database.md, 0042, 0043): {@code WRITE_DELAY=0}, so every commit is written to the
 * file before it returns and a killed process loses no call it was told was recorded; {@code FILE_LOCK=FS}, an
 * operating-system lock on the file: the studio that holds it serves it to the others on 127.0.0.1
 * ({@link SharedFile}), so a second studio (or {@code studio calls} while the window is open) shares the database
 * instead of being locked out, and opening, hand-over and closing are ordered by a {@link StartLock}. Where the
 * folder cannot be written the database opens read-only and refuses writes with one line naming the folder.
 *
 * <p>Connections come from a small pool (H2's own {@link JdbcConnectionPool}, at most {@value #MAX_CONNECTIONS}
 * lent at once, those given back kept with their parsed statements by {@link KeptConnections}): callers borrow one
 * per operation and give it back. A connection per thread would leak with the pooled threads of
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
    /** How many times an operation that met another studio's start or stop is tried again, under the start lock. */
    static final int RETRIES = 6;
    /** The first pause before such a retry, doubled each time (with a random part, so processes drift apart). */
    private static final long FIRST_PAUSE_MS = 50;
    /** How long the key of a write is kept (a day, in milliseconds): far longer than any write's retries take. */
    static final long KEEP_WRITE_KEYS_MS = 24L * 60 * 60 * 1000;
    /**
     * H2's settings for the workspace's own file beyond durability and locking (docs/decisions/0156):
     * {@code RETENTION_TIME} of {@value #RETENTION_MS} ms, so that a burst reuses the space it frees; safe under a kill
     * only with {@link NewestChunk} after each commit, and with {@link #keepDense} syncing the file meanwhile. No
     * compaction on the way out ({@code MAX_COMPACT_TIME=0}; H2 spends up to 200 ms by default, paid by every command
     * at its end): a purge or a forget asks for a whole compaction at the next close instead
     * ({@link #compactWhenClosed}), and {@code studio db compact} compacts when asked.
     */
    static final String FILE_SETTINGS = ";RETENTION_TIME=" + Database.RETENTION_MS + ";MAX_COMPACT_TIME=0";
    /**
     * H2 keeps each session's parsed statements by their text, 8 by default (decision 0157): recording one call runs
     * about a dozen different statements (the call, its texts, its write key, guard findings, the monitor sums by
     * hour and by day, with and without the run), so with 8 every statement was parsed again each time, a fifth of
     * the runner's CPU in a profile. 64 holds them all, and the reads of a page of the window besides.
     */
    static final String QUERY_CACHE = ";QUERY_CACHE_SIZE=64";
    /**
     * {@code RETENTION_TIME} of the workspace's file, in milliseconds: how long the space of a freed chunk is kept
     * before H2 writes over it (H2's default: 45 s), so that a burst reuses the space it frees.
     */
    static final int RETENTION_MS = 1000;
    /** The least time between two rewritings of sparse chunks ({@link #keepDense}), in milliseconds. */
    static final long DENSE_EVERY_MS = 200;
    /**
     * Chunks are rewritten when, taken together, fewer than this share of their bytes is live, in percent (H2's own
     * default: 90), the sparsest first. Rewriting a chunk whose live share is f costs f/(1-f) bytes written per byte
     * freed: 80 (as first set) made the rewriting a third of the runner's CPU in a burst of 1,000 calls (issue 16,
     * decision 0157 addendum), 30 costs about what no rewriting costs and still bounds the file to about three times
     * its live pages.
     */
    static final int DENSE_FILL_RATE = 30;
    /** The most bytes of live pages rewritten at a time. */
    static final int DENSE_WRITE_BYTES = 4 << 20;
    static {
        // The studio that holds the file serves the others over TCP: only this machine may connect, so it never shows
        // a firewall prompt either.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final String name;
    /** The workspace's own file (without H2's suffix), shared with other studios; null for a URL from studio.yaml. */
    private final Path file;
    /** Orders opening, hand-over and closing with the other studios on the same file; null when {@link #file} is. */
    private final StartLock startLock;
    /** Why this studio cannot write the database (a read-only folder), or null. */
    private final String readOnly;
    /** The connections in use now, replaced as a whole (read it once per operation). */
    private volatile Connected connected;
    /** The TCP server this studio runs for the others, while it holds the file; null when it is a guest. */
    private SharedFile.Host host;
    /** What a guest holds shared during a transaction, so that the holder does not stop serving in its middle. */
    private final HandOverLock handOver;
    private final RunRepository runs;
    private final CallRepository calls;
    private final EvalResultRepository evalResults;
    private final FeedbackRepository feedback;
    private final LabelQueueRepository labelQueues;
    private final LabelRepository labels;
    private final MonitorAggregates monitorAggregates;
    private final MonitorRepository monitor;
    private final PrivacyRepository privacy;
    private volatile boolean closed;
    /** When {@link #keepDense} last rewrote (or looked at) the file's chunks, from {@link System#nanoTime()}. */
    private final java.util.concurrent.atomic.AtomicLong lastDense = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime());
    /** When {@link #keepDense} last synced the file to the disk, from {@link System#nanoTime()}. */
    private final java.util.concurrent.atomic.AtomicLong lastSync = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - RETENTION_MS * 1_000_000L);
    /** Whether opening ran Flyway (see {@link #migrate}). */
    private volatile boolean flywayStarted;
    /** What every borrowed connection goes through: itself, except in tests that make a connection fail on purpose. */
    volatile UnaryOperator<Connection> connections = UnaryOperator.identity();

    Database(String name, DataSource dataSource, AutoCloseable closer) {
        this(name, null, null, dataSource, closer);
    }

    private Database(String name, Path file, String readOnly, DataSource dataSource, AutoCloseable closer) {
        this.name = name;
        this.file = file;
        this.startLock = file == null ? null : StartLock.of(file.resolveSibling(file.getFileName() + ".start.lock"));
        this.handOver = file == null ? null : SharedFile.handOverLock(file);
        this.readOnly = readOnly;
        this.connected = new Connected(dataSource, closer, false);
        this.runs = new RunRepository(this);
        this.calls = new CallRepository(this);
        this.evalResults = new EvalResultRepository(this);
        this.feedback = new FeedbackRepository(this);
        this.labelQueues = new LabelQueueRepository(this);
        this.labels = new LabelRepository(this);
        this.monitorAggregates = new MonitorAggregates(this);
        this.monitor = new MonitorRepository(this);
        this.privacy = new PrivacyRepository(this);
    }

    /** Opens (creating it on first use) the database of the workspace whose state folder is {@code stateDir}. */
    public static Database open(Path stateDir) {
        return open(stateDir, null);
    }

    /**
     * Opens the database at {@code url} (a {@code jdbc:h2:} URL, from {@code database.url} in studio.yaml), or, when
     * it is null or blank, the workspace's own file under {@code stateDir}; then migrates it to the current schema.
     *
     * <p>The workspace's own file is shared by every studio process on it (docs/decisions/0042): the first holds the
     * file and serves the others over TCP on 127.0.0.1; when it closes or dies, the next operation of another takes
     * the file over. Where the folder cannot be written the database is opened read-only (an empty one when there is
     * none yet): reading works, and every write is refused with a line naming the folder
     * (docs/decisions/0043).
     *
     * @throws StoreException when the database cannot be opened or brought up to date; the message is one line
     */
    public static Database open(Path stateDir, String url) {
        return open(stateDir, url, null, null);
    }

    /**
     * As {@link #open(Path, String)}, where {@code url} may also be a PostgreSQL server's
     * ({@code jdbc:postgresql://host[:port]/database}, team mode, docs/decisions/0146), reached as {@code user} with
     * {@code password} (either null: the URL's {@code user=}, or the driver's default). A URL holding a password is
     * refused: studio.yaml is committed.
     *
     * @throws StoreException one line, never with the password, when the URL is refused, the server cannot be
     *     reached or the schema cannot be brought up to date
     */
    public static Database open(Path stateDir, String url, String user, String password) {
        if (url == null || url.isBlank()) {
            Path base = stateDir.toAbsolutePath().normalize().resolve(RELATIVE_PATH);
            String name = stateDir.getFileName() + "/" + RELATIVE_PATH;
            refuseSemicolon(base);
            String readOnly = org.promptstudio.model.WriteAccess.problem(base.getParent(), "write the database " + name);
            if (readOnly == null) {
                try {
                    Files.createDirectories(base.getParent());
                } catch (IOException e) {
                    throw new StoreException(name + ": cannot create the database folder (" + e.getMessage() + ")",
                            e);
                }
            }
            // One name per file, whatever the path it was reached by (a symbolic link): H2 shares an open database
            // within a process by its name, and the start and hand-over locks are one object per file and process.
            try {
                if (Files.isDirectory(base.getParent())) {
                    base = base.getParent().toRealPath().resolve(base.getFileName());
                }
            } catch (IOException e) {
                throw new StoreException(name + ": cannot resolve the database folder (" + e.getMessage() + ")", e);
            }
            refuseSemicolon(base);
            Database db = new Database(name, base, readOnly, null, () -> { });
            try (StartLock.Held held = db.startLock.acquire()) {
                db.connectWithRetries();
                db.migrate();
                db.forgetOldWriteKeys();
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            db.backfillMonitor();
            return db;
        }
        String name = url.strip();
        String problem = org.promptstudio.model.DatabaseUrl.problem(name);
        if (problem != null) throw new StoreException(problem);
        if (org.promptstudio.model.DatabaseUrl.isPostgres(name)) return openPostgres(name, user, password);
        String jdbcUrl = name.toUpperCase(Locale.ROOT).contains("WRITE_DELAY") ? name : name + ";WRITE_DELAY=0";
        KeptConnections pool = pool(jdbcUrl);
        return ready(new Database(name, pool, pool::dispose), jdbcUrl);
    }

    /**
     * {@code db} (on a server or a URL) checked, migrated, its old write keys forgotten and the monitor sums of older
     * calls counted; closed when any of it fails.
     */
    private static Database ready(Database db, String shown) {
        try {
            db.probe();
            db.migrate();
            db.forgetOldWriteKeys();
            db.backfillMonitor();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.debug("opened {}", org.promptstudio.model.DatabaseUrl.shown(shown)); // never a secret parameter's value
        return db;
    }

    /**
     * Counts the calls recorded before the dashboards' sums existed (once, V15). A failure leaves the database usable
     * (the figures are missing until a later opening does it) and is logged.
     */
    private void backfillMonitor() {
        try {
            monitorAggregates.backfillIfPending();
        } catch (StoreException e) {
            LOG.warn("{}; the dashboards miss the calls recorded before version 15 until the next start",
                    e.getMessage());
        }
    }

    /**
     * Team mode: a pool of at most {@value #MAX_CONNECTIONS} connections to the PostgreSQL server at {@code url},
     * migrated as the local file is. Messages name the URL without its parameters.
     */
    private static Database openPostgres(String url, String user, String password) {
        String name = org.promptstudio.model.DatabaseUrl.shown(url);
        org.postgresql.ds.PGConnectionPoolDataSource source = new org.postgresql.ds.PGConnectionPoolDataSource();
        try {
            source.setURL(url);
        } catch (IllegalArgumentException e) {
            // the driver's message may quote the URL with its parameters: not repeated, nor kept as the cause
            throw new StoreException("database.url " + name + ": not a PostgreSQL URL the driver reads");
        }
        if (user != null && !user.isBlank()) source.setUser(user.strip());
        if (password != null && !password.isEmpty()) source.setPassword(password);
        source.setApplicationName("Prompt Studio");
        source.setConnectTimeout(10);
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(MAX_CONNECTIONS);
        return ready(new Database(name, pool, pool::dispose), name);
    }

    /**
     * What {@link #compact} did to the database file.
     *
     * @param name        how messages name the database ({@code .studio/db/studio})
     * @param beforeBytes the file's size before, in bytes
     * @param afterBytes  the file's size after, in bytes
     */
    public record Compaction(String name, long beforeBytes, long afterBytes) {
    }

    /**
     * Compacts the workspace's own database file under {@code stateDir} (docs/decisions/0156): opens it alone and
     * shuts it down with H2's {@code SHUTDOWN COMPACT}, which rewrites the live pages and gives the free space back to
     * the file system. Nothing else is changed (no migration). Under the start lock, so no other studio opens it
     * meanwhile; refused while any studio (the window, a command, another process) has it open, since they share the
     * one file (docs/decisions/0042).
     *
     * @throws StoreException one line: no database yet, a folder that cannot be written, the database open in
     *     another studio, or the compaction failed
     */
    public static Compaction compact(Path stateDir) {
        Path base = stateDir.toAbsolutePath().normalize().resolve(RELATIVE_PATH);
        String name = stateDir.getFileName() + "/" + RELATIVE_PATH;
        refuseSemicolon(base);
        Path data = base.resolveSibling(base.getFileName() + ".mv.db");
        if (!Files.isRegularFile(data)) throw new StoreException(name + ": no database yet, nothing to compact");
        String readOnly = org.promptstudio.model.WriteAccess.problem(base.getParent(), "compact the database " + name);
        if (readOnly != null) throw new StoreException(readOnly);
        try {
            base = base.getParent().toRealPath().resolve(base.getFileName());
        } catch (IOException e) {
            throw new StoreException(name + ": cannot resolve the database folder (" + e.getMessage() + ")", e);
        }
        refuseSemicolon(base);
        data = base.resolveSibling(base.getFileName() + ".mv.db");
        String inUse = name + ": the database is open in another studio (the window, or a command still running);"
                + " close it, then compact";
        try (StartLock.Held held = StartLock.of(base.resolveSibling(base.getFileName() + ".start.lock")).acquire()) {
            // a studio of this process that holds the file: H2 would hand this connection its open database
            if (SharedFile.hosted(base)) throw new StoreException(inUse);
            long before = Files.size(data);
            Connection c = null;
            try {
                c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + base
                        + ";FILE_LOCK=FS;IFEXISTS=TRUE;TRACE_LEVEL_FILE=0" + FILE_SETTINGS, USER, "");
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("SHUTDOWN COMPACT");
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) throw new StoreException(inUse, e);
                throw StoreException.of(name + ": cannot compact the database", e);
            } finally {
                closeQuietly(c);
            }
            return new Compaction(name, before, Files.size(data));
        } catch (IOException e) {
            throw new StoreException(name + ": cannot read the size of the database file (" + e.getMessage() + ")",
                    e);
        }
    }

    /** Closes {@code c} (null: nothing) after SHUTDOWN, when the session it had is gone already. */
    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection after SHUTDOWN", e);
        }
    }

    /** H2 reads settings after a ';' in its URL: a path holding one would be taken for settings. */
    private static void refuseSemicolon(Path base) {
        if (base.toString().indexOf(';') >= 0) {
            throw new StoreException(base + ": the database cannot live in a folder whose path contains ';'");
        }
    }

    /** H2's pool for {@code jdbcUrl}, its connections kept with their parsed statements ({@link KeptConnections}). */
    private static KeptConnections pool(String jdbcUrl) {
        return new KeptConnections(JdbcConnectionPool.create(jdbcUrl, USER, ""), MAX_CONNECTIONS);
    }

    /** Whether this studio may write the database; when not, {@link #readOnlyReason()} says why. */
    public boolean writable() {
        return readOnly == null;
    }

    /** Why nothing can be recorded here ("cannot record anything in ...: no write access to ..."), or null. */
    public String readOnlyReason() {
        return readOnly;
    }

    private void connectWithRetries() {
        try {
            retrying(unused -> {
                connect();
                return null;
            }, false, null);
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1
                    || e.getErrorCode() == ErrorCode.CONNECTION_BROKEN_1) {
                throw new StoreException(name + ": the database is in use by another program that does not share it ("
                        + StoreException.reason(e) + ")", e);
            }
            throw openFailure(e);
        }
    }

    /**
     * Why the database cannot be opened, in one line: a damaged file (H2's "file corrupted", error 90030) says what
     * to do about it instead of H2's advice; the studio never moves or deletes the file itself.
     */
    /**
     * Whether {@code t} is H2's storage layer finding the file cut short or inconsistent: a read past its end (a
     * truncated file), a corrupt header or chunk, a chunk or block that is not there (DataUtils' error codes 1, 6, 9
     * and 50).
     */
    private static boolean damaged(Throwable t) {
        if (!(t instanceof org.h2.mvstore.MVStoreException m)) return false;
        int code = m.getErrorCode();
        return code == org.h2.mvstore.DataUtils.ERROR_READING_FAILED || code == org.h2.mvstore.DataUtils.ERROR_FILE_CORRUPT
                || code == org.h2.mvstore.DataUtils.ERROR_CHUNK_NOT_FOUND
                || code == org.h2.mvstore.DataUtils.ERROR_BLOCK_NOT_FOUND;
    }

    private StoreException openFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ErrorCode.FILE_CORRUPTED_1 || damaged(t)) {
                return new StoreException(name + ".mv.db: the database file is damaged and cannot be read; move it"
                        + " aside and the studio starts a new one (the recorded runs, calls, feedback and labels in it"
                        + " are then no longer shown; the workspace's prompts, datasets and git history are not in"
                        + " it)", e);
            }
        }
        return StoreException.of(name + ": cannot open the database", e);
    }

    /**
     * Under the start lock: holds the file and serves it (when no other process holds it), or joins the studio that
     * serves it. Replaces the pool this studio used before, if any.
     */
    private void connect() throws SQLException {
        dropPool();
        boolean exists = Files.exists(file.resolveSibling(file.getFileName() + ".mv.db"));
        if (readOnly != null && !exists) {
            // Nothing was ever recorded and nothing can be: an empty database, in memory, for the reading commands.
            // Named, so that every connection of the pool sees the same database (an unnamed one is each connection's
            // own: which one a borrower got depended on the pool's order); the random name keeps it this studio's.
            KeptConnections pool = pool("jdbc:h2:mem:empty-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=0");
            Connection keep = pool.getConnection(); // an in-memory database lives as long as a connection to it
            use(pool, () -> {
                keep.close();
                pool.dispose();
            }, false);
            return;
        }
        // TRACE_LEVEL_FILE=0: "the file is locked" is the expected answer when another studio holds it, not a fault
        String local = "jdbc:h2:file:" + file + ";FILE_LOCK=FS;WRITE_DELAY=0;TRACE_LEVEL_FILE=0" + QUERY_CACHE + FILE_SETTINGS
                + (readOnly != null ? ";ACCESS_MODE_DATA=r" : "");
        KeptConnections pool = pool(local);
        try (Connection c = pool.getConnection()) {
            if (readOnly == null) host = SharedFile.host(file, c);
            use(pool, pool::dispose, false);
            LOG.debug("{}: holds the file", name);
            return;
        } catch (SQLException e) {
            pool.dispose();
            if (e.getErrorCode() != ErrorCode.DATABASE_ALREADY_OPEN_1) throw e;
        }
        // Another studio holds the file: join it through the address it wrote.
        String remote = SharedFile.guestUrl(file);
        KeptConnections guest = pool(remote);
        try (Connection c = guest.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            guest.dispose();
            if (e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
                // The port is another server's now (the address outlived the studio that wrote it): try again.
                throw new SQLException("the database is open in another program, whose address is out of date",
                        "90020", ErrorCode.DATABASE_ALREADY_OPEN_1, e);
            }
            throw e;
        }
        use(guest, guest::dispose, true);
        LOG.debug("{}: joined the studio that holds the file", name);
    }

    private void use(DataSource source, AutoCloseable close, boolean guest) {
        this.connected = new Connected(source, close, guest);
    }

    /**
     * The pool this studio borrows from, what closes it, and whether it reaches the file through the studio that
     * holds it (a guest, over TCP) or holds the file itself; source is null while not connected.
     */
    private record Connected(DataSource source, AutoCloseable closer, boolean guest) {
        static final Connected NONE = new Connected(null, () -> { }, false);
    }

    /**
     * Stops serving the others when this studio held the file (first: while this studio's own connections keep the
     * file open, so that no guest can make the server open it again with its own settings), then closes this
     * studio's connections.
     */
    private void dropPool() {
        dropPool(false);
    }

    /**
     * Lets the connections go (and the file, when this studio holds it). When {@code closing} and this was the file's
     * last user in this process, and a purge asked for it ({@link #compactWhenClosed}), the file is first compacted
     * whole ({@code SHUTDOWN COMPACT}).
     */
    private void dropPool(boolean closing) {
        Connected was = connected;
        AutoCloseable c = was.closer();
        connected = Connected.NONE;
        if (host != null) {
            boolean last = host.leave();
            host = null;
            if (closing && last) compactIfAsked(was.source());
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("{}: closing the connections failed", name, e);
        }
    }

    /** The mark a purge leaves beside the file: the next studio to close it compacts it whole. */
    private Path compactMark() {
        return file.resolveSibling(file.getFileName() + ".compact-on-close");
    }

    /**
     * Asks for the file to be compacted whole when the last studio holding it closes it (decision 0156): what a purge
     * or a forget deleted is then gone from the file itself, not only from the tables. H2 writes every change into
     * new chunks and leaves the old ones on disk until their space is used again, so the deleted texts stay readable
     * in the file until a compaction rewrites it; a time-bounded compaction at close did not always reach them on a
     * loaded machine. A mark file beside the database holds the request, so that it survives a crash or a studio
     * that only reached the file through another one: whichever studio closes the file last next does it. Nothing
     * for a database named by {@code database.url} (the server's own vacuuming applies).
     *
     * @throws StoreException one line, when the mark cannot be written
     */
    void compactWhenClosed() {
        if (file == null) return;
        try {
            Files.writeString(compactMark(), "a purge deleted recorded data; the next close compacts the file\n");
        } catch (java.io.IOException e) {
            throw new StoreException(name + ": cannot ask for the file to be compacted on close ("
                    + org.promptstudio.model.ErrorText.reason(e) + ")", e);
        }
    }

    /** Compacts the file whole with {@code SHUTDOWN COMPACT} when a purge asked for it; a failure is logged. */
    private void compactIfAsked(DataSource source) {
        Path mark = compactMark();
        if (!Files.exists(mark)) return;
        long start = System.nanoTime();
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
            Files.deleteIfExists(mark);
            LOG.info("{}: compacted after a purge in {} ms", name, (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException | java.io.IOException e) {
            LOG.warn("{}: the compaction a purge asked for failed; the next close tries again ({})", name,
                    org.promptstudio.model.ErrorText.reason(e));
        }
    }

    private void probe() {
        try (Connection c = connected.source().getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StoreException(name + ": the database is in use by another program that does not share it ("
                        + StoreException.reason(e) + ")", e);
            }
            throw openFailure(e);
        }
    }

    private void migrate() {
        // Decision 0155: a database whose history already ends at this build's newest migration needs nothing from
        // Flyway, which would cost start-up its classpath scan and validation.
        int newest = SchemaVersion.newest();
        if (newest > 0) {
            try (Connection c = connected.source().getConnection()) {
                if (SchemaVersion.applied(c).orElse(-1) == newest) {
                    flywayStarted = false;
                    return;
                }
            } catch (SQLException e) {
                // Flyway below reports what is wrong with the connection in its own words
            }
        }
        flywayStarted = true;
        FlywayMigrations.migrate(connected.source(), name, readOnly != null && !isMemory() ? readOnly : null);
    }

    /** Whether the last opening started Flyway (false when the schema was up to date); for tests. */
    boolean flywayStarted() {
        return flywayStarted;
    }

    /** Flyway, in a class of its own so that a database opened without it loads none of its classes. */
    private static final class FlywayMigrations {

        /** Brings the schema up to date; with {@code readOnly} (why it cannot be written), only checks it is. */
        static void migrate(DataSource source, String name, String readOnly) {
            try {
                Flyway flyway = Flyway.configure()
                        .dataSource(source)
                        .locations("classpath:db/migration")
                        .cleanDisabled(true)
                        .load();
                if (readOnly != null) {
                    if (flyway.info().pending().length > 0) {
                        throw new StoreException(name + ": the database was written by an older studio and needs"
                                + " updating, which " + readOnly.substring(readOnly.indexOf(':') + 2));
                    }
                    return;
                }
                flyway.migrate();
            } catch (FlywayException e) {
                throw new StoreException(name + ": cannot bring the database schema up to date: "
                        + StoreException.reason(e), e);
            }
        }
    }

    private boolean isMemory() {
        return readOnly != null && !Files.exists(file.resolveSibling(file.getFileName() + ".mv.db"));
    }

    /**
     * Runs {@code work}; when it fails because the studio serving this one went away or another studio was taking
     * the file at that moment ({@link #race}), connects again under the start lock (taking the file over, or
     * joining the studio that took it) and runs it again, after a pause that doubles each time, at most
     * {@value #RETRIES} more times. Work that failed in the middle of a transaction was rolled back by then; a
     * transaction whose commit may have been done is not done again ({@link #write}, docs/decisions/0045).
     *
     * @param interrupts null to let an interrupt stop the waits (a read); else the waits ignore interrupts and set
     *     {@code interrupts[0]} when one came (a write, which a cancelled run must still be able to make)
     */
    private <T> T retrying(SqlWork<T> work, boolean reconnect, boolean[] interrupts) throws SQLException {
        SQLException last;
        Connected used = connected;
        try {
            return work.run(null);
        } catch (SQLException e) {
            if (file == null || race(e) == null) throw e;
            last = e;
        }
        try (StartLock.Held held = interrupts == null ? startLock.acquire() : acquireKeepingInterrupts(interrupts)) {
            long pause = FIRST_PAUSE_MS;
            for (int attempt = 1; attempt <= RETRIES; attempt++) {
                LOG.debug("{}: another studio opened or closed it ({}); connecting again", name,
                        StoreException.reason(last));
                if (attempt > 1) {
                    pause(pause, interrupts);
                    pause *= 2;
                }
                try {
                    if (reconnect) {
                        synchronized (this) {
                            if (closed) throw new StoreException(name + ": the database is closed");
                            // another thread of this studio may have connected again already
                            if (connected == used || attempt > 1) connect();
                            used = connected;
                        }
                    }
                    return work.run(null);
                } catch (SQLException e) {
                    if (race(e) == null) throw e;
                    last = e;
                }
            }
        }
        throw last;
    }

    /** The start lock, waited for whatever interrupts come; those that came are noted in {@code interrupts[0]}. */
    private StartLock.Held acquireKeepingInterrupts(boolean[] interrupts) {
        StartLock.Held held = startLock.acquireUninterruptibly();
        if (Thread.interrupted()) interrupts[0] = true;
        return held;
    }

    private static void pause(long millis, boolean[] interrupts) throws SQLException {
        long end = System.nanoTime() + (millis + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis))
                * 1_000_000;
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                if (interrupts != null) {
                    interrupts[0] = true;
                    continue;
                }
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for another studio", e);
            }
        }
    }

    /**
     * The driver error in {@code e}'s causes that says the file was taken by another process at that moment, or
     * that the studio serving this one went away (a broken connection, a closing database). Null for anything else.
     */
    static SQLException race(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && isRace(s)) return s;
            if (t.getCause() == t) break;
        }
        return null;
    }

    private static boolean isRace(SQLException e) {
        int code = e.getErrorCode();
        return code == ErrorCode.DATABASE_ALREADY_OPEN_1 || code == ErrorCode.CONNECTION_BROKEN_1
                || code == ErrorCode.DATABASE_IS_CLOSED || code == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
                || code == ErrorCode.ERROR_OPENING_DATABASE_1;
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

    public FeedbackRepository feedback() {
        return feedback;
    }

    /** Labelling queues and their items. */
    public LabelQueueRepository labelQueues() {
        return labelQueues;
    }

    /** The labels people gave (queues, the compare grid's thumbs, imports). */
    public LabelRepository labels() {
        return labels;
    }

    /** The sums behind the dashboards: how they are kept, and counted again after a purge. */
    public MonitorAggregates monitorAggregates() {
        return monitorAggregates;
    }

    /** The dashboards' figures, read from the sums. */
    public MonitorRepository monitor() {
        return monitor;
    }

    /** Purge, forget and the privacy log (V16). */
    public PrivacyRepository privacy() {
        return privacy;
    }

    /** The pool connections are borrowed from now (tests close it as another thread's reconnection would). */
    DataSource pool() {
        return connected.source();
    }

    /**
     * A connection from the pool; the caller closes it, which gives it back.
     *
     * @throws SQLException with H2's broken-connection code (so that {@link #retrying} connects again) when the pool
     *     was closed by another thread of this studio connecting again at that moment
     */
    Connection connection() throws SQLException {
        return connection(connected);
    }

    /** A connection from the pool of {@code from}, as {@link #connection()}. */
    private Connection connection(Connected from) throws SQLException {
        if (closed) throw new StoreException(name + ": the database is closed");
        DataSource source = from.source();
        if (source == null) throw new SQLException("not connected", "08003", ErrorCode.CONNECTION_BROKEN_1);
        Connection c;
        try {
            c = source.getConnection();
        } catch (IllegalStateException e) {
            // H2's pool, disposed by another thread's connect() between reading the pool and borrowing from it
            throw new SQLException("the connections were being replaced", "08003", ErrorCode.CONNECTION_BROKEN_1, e);
        }
        return connections.apply(c);
    }

    /**
     * Runs {@code work} on a borrowed connection in auto-commit mode; again, under the start lock, when another
     * studio was opening or closing the database at that moment.
     */
    <T> T read(String what, SqlWork<T> work) {
        try {
            return retrying(unused -> {
                try (Connection c = connection()) {
                    return work.run(c);
                }
            }, true, null);
        } catch (SQLException e) {
            throw StoreException.of(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none; again, under the start lock, when
     * another studio was opening or closing the database at that moment. Never twice (docs/decisions/0045): the
     * transaction records a key made once for this call in {@code write_keys}, and when a try failed at or after its
     * commit (the answer to the commit lost with the connection, while the studio serving this one may have done it),
     * the next try first looks the key up and, when that commit was done, returns what that try's {@code work}
     * returned instead of running it again. A guest (a studio reaching the file through the one that holds it) holds
     * the {@link HandOverLock} shared during each try, so that the holder does not stop serving in its middle, and
     * checks after its commit that the key is there: a commit that met the holder's closing is tried again, never
     * taken as done (docs/decisions/0046). An interrupt does not stop a write (a cancelled run records what it did):
     * the thread's interrupt flag is kept aside during it and set again when it returns.
     *
     * @return what {@code work} returned in the try that was committed
     * @throws StoreException when the work fails, or the database cannot be reached after the retries; one line
     */
    <T> T write(String what, SqlWork<T> work) {
        if (readOnly != null) throw new StoreException(what + ": " + readOnly);
        String key = UUID.randomUUID().toString();
        // what each try that went as far as its commit returned, by try number (the number recorded with the key)
        List<T> committing = new ArrayList<>();
        // A cancelled run still records what it did: the waits ignore interrupts, and the flag is set again after.
        boolean[] interrupts = {Thread.interrupted()};
        try {
            return retrying(unused -> {
                Connected at = connected; // one reading: whether it is a guest's pool, and the pool itself
                boolean viaHolder = at.guest();
                try (StartLock.Held shared = viaHolder ? handOver.share() : () -> { };
                     Connection c = connection(at)) {
                    if (!committing.isEmpty()) {
                        Integer done = committedTry(c, key);
                        if (done != null) return committing.get(done);
                    }
                    c.setAutoCommit(false);
                    try {
                        int attempt = committing.size();
                        if (!recordKey(c, key, attempt)) {
                            // an earlier try's commit was done after all, later than the look-up above saw
                            c.rollback();
                            Integer done = committedTry(c, key);
                            if (done == null) throw new SQLException("write " + key + " is recorded and is not");
                            return committing.get(done);
                        }
                        T result = work.run(c);
                        committing.add(result);
                        c.commit();
                        if (viaHolder) checkCommitted(c, key, attempt);
                        else afterCommit(c);
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        rollback(c, e);
                        throw e;
                    } finally {
                        resetAutoCommit(c);
                    }
                }
            }, true, interrupts);
        } catch (SQLException e) {
            throw StoreException.of(what, e);
        } finally {
            if (interrupts[0]) Thread.currentThread().interrupt();
        }
    }

    /**
     * After a commit on this studio's own connection to the file (the holder's): the commit made findable after a
     * kill ({@link NewestChunk}, docs/decisions/0156). Nothing for a guest (the holder's H2 wrote its commit), a URL
     * from studio.yaml or PostgreSQL. Never fails: the commit is done.
     */
    private void afterCommit(Connection c) {
        if (file == null) return;
        org.h2.mvstore.MVStore store;
        try {
            store = NewestChunk.store(c);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{}: could not reach the database file after a commit ({})", name, e.toString());
            return;
        }
        if (store == null) return;
        keepDense(store);
        NewestChunk.keepFindable(store);
    }

    /**
     * Keeps the file's chunks dense under a burst (docs/decisions/0156): with {@code WRITE_DELAY=0} H2 runs no
     * background writer, and so never the housekeeping that rewrites the live pages of chunks most of whose pages
     * were replaced (each commit writes its pages into a new chunk; an old chunk is freed only when none of its pages
     * is live, so chunks about a quarter live piled up). Here, at most every {@value #DENSE_EVERY_MS} ms, the chunks
     * fewer than {@value #DENSE_FILL_RATE} percent live are rewritten, at most {@value #DENSE_WRITE_BYTES} bytes at a
     * time, as H2's housekeeping would, and committed; at most every {@value #RETENTION_MS} ms the file is also
     * synced to the disk, so that the space freed (which H2 writes over after {@code RETENTION_TIME},
     * {@link #FILE_SETTINGS}) is seldom still needed by what is on the disk (a sync every 200 ms made a call recorded
     * one by one 2 to 3 times slower). Called before {@link NewestChunk#keepFindable}, so that the compaction's own
     * commit is findable too. A failure loses nothing (the caller's commit is done) and is logged.
     */
    private void keepDense(org.h2.mvstore.MVStore store) {
        long now = System.nanoTime();
        long last = lastDense.get();
        if (now - last < DENSE_EVERY_MS * 1_000_000L || !lastDense.compareAndSet(last, now)) return;
        try {
            if (store.isClosed() || store.isReadOnly()) return;
            if (store.compact(DENSE_FILL_RATE, DENSE_WRITE_BYTES)) store.commit();
            long synced = lastSync.get();
            if (now - synced >= RETENTION_MS * 1_000_000L && lastSync.compareAndSet(synced, now)) {
                store.getFileStore().sync();
            }
        } catch (RuntimeException e) {
            // H2 wraps an interrupt that came while it waited for its lock: the flag is set again for the caller
            if (e.getCause() instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.debug("{}: could not rewrite the file's sparse chunks", name, e);
        }
    }

    /**
     * Checks, after a guest's commit, that the studio serving the file kept it: H2 answers a commit that came after
     * the file was closed (the holder ending) as done, and does nothing. Anything but the key found is reported as a
     * broken connection, so that {@link #retrying} connects again and {@link #write} looks the key up.
     */
    private static void checkCommitted(Connection c, String key, int attempt) throws SQLException {
        Integer done;
        try {
            done = committedTry(c, key);
        } catch (SQLException e) {
            throw new SQLException("cannot check that write " + key + " was kept (" + StoreException.reason(e) + ")",
                    "08003", ErrorCode.CONNECTION_BROKEN_1, e);
        }
        if (done == null || done != attempt) {
            throw new SQLException("the studio serving the database did not keep write " + key, "08003",
                    ErrorCode.CONNECTION_BROKEN_1);
        }
    }

    /** Records {@code key} in the open transaction on {@code c}; false when it is there already (committed). */
    private static boolean recordKey(Connection c, String key, int attempt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO write_keys (write_key, attempt, created_ms) VALUES (?, ?, ?)")) {
            ps.setString(1, key);
            ps.setInt(2, attempt);
            ps.setLong(3, System.currentTimeMillis());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) return false; // unique violation, the same code on H2 and PostgreSQL
            throw e;
        }
    }

    /** The try number committed with {@code key}, or null when no transaction with that key was committed. */
    private static Integer committedTry(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attempt FROM write_keys WHERE write_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /**
     * Forgets the keys of writes older than {@link #KEEP_WRITE_KEYS_MS}: a write looks its key up only while it
     * tries again, seconds after it began. Failing here loses nothing: the keys stay until the next opening.
     */
    private void forgetOldWriteKeys() {
        if (readOnly != null) return;
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM write_keys WHERE created_ms < ?")) {
            ps.setLong(1, System.currentTimeMillis() - KEEP_WRITE_KEYS_MS);
            int gone = ps.executeUpdate();
            if (gone > 0) LOG.debug("{}: forgot {} keys of old writes", name, gone);
        } catch (SQLException e) {
            LOG.debug("{}: could not forget the keys of old writes", name, e);
        }
    }

    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // a broken connection: the pool hands it out again only after H2 has reconnected it
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Closes every pooled connection; the database file is closed when no other studio shares it. Idempotent. An
     * interrupted thread (a cancelled run) closes too: the wait for the start lock ignores the interrupt, and the
     * thread's interrupt flag is as it was when this returns.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (startLock == null) {
            try {
                connected.closer().close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", name, e);
            }
            return;
        }
        // Closing lets the file go (and stops serving the others): not while another studio is taking it. The
        // interrupt flag is kept aside meanwhile, so that it cannot stop H2 in the middle of closing the file.
        boolean interrupted = Thread.interrupted();
        try {
            StartLock.Held held;
            try {
                held = startLock.acquireUninterruptibly();
            } catch (StoreException e) {
                // The file must go all the same, or this process keeps it and the other studios cannot take it over.
                LOG.warn("{}; closing the database without it", e.getMessage());
                held = () -> { };
            }
            if (Thread.interrupted()) interrupted = true; // came during the wait: kept aside as well
            try (StartLock.Held h = held) {
                synchronized (this) {
                    dropPool(true);
                }
                LOG.debug("closed {}", name);
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Work on a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}

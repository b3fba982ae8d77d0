package org.promptstudio.store;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest commit of an H2 file findable after the process is killed (docs/decisions/0156).
 *
 * <p>Why: each commit writes its pages into a new chunk. After an unclean end, H2 2.x looks for the newest chunk from
 * the one the store header (the file's first two blocks) names, following each chunk's guess of where the next one
 * goes ({@code next}), and from the last chunk of the file. When a chunk goes into space freed inside the file
 * (possible once freed chunks are older than {@code RETENTION_TIME}) where the guess did not put it, H2 writes the
 * header, but before it takes the new chunk as its last ({@code FileStore.storeBuffer} sets {@code lastChunk} after
 * {@code RandomAccessStore.writeChunk} wrote the header; H2 1.4 did it the other way round): the header names the
 * chunk before, whose guess is wrong. Recovery then stops there, and the commits since (up to 20, until H2 writes the
 * header again) are lost although they were confirmed: measured with {@code KillHarness}. Here, after a commit, the
 * header is written once more, naming the newest chunk, when it names another and that chunk is not at the end of
 * the file (where recovery finds it anyway).
 *
 * <p>H2 offers no public way to write the header, so its private {@code writeStoreHeader} and the field
 * {@code lastChunk} are reached by reflection; {@link #available()} says whether that worked with this H2 (checked by
 * a test, so that an H2 upgrade that renames them fails the build rather than losing commits).
 */
final class NewestChunk {

    private static final Logger LOG = LoggerFactory.getLogger(NewestChunk.class);
    private static final Field LAST_CHUNK;
    private static final Method WRITE_HEADER;

    static {
        Field lastChunk = null;
        Method writeHeader = null;
        try {
            lastChunk = FileStore.class.getDeclaredField("lastChunk");
            lastChunk.setAccessible(true);
            writeHeader = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
            writeHeader.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the H2 version in use does not let the studio keep its newest commits findable after a crash"
                    + " ({})", e.toString());
            lastChunk = null;
            writeHeader = null;
        }
        LAST_CHUNK = lastChunk;
        WRITE_HEADER = writeHeader;
    }

    /** H2's block, in bytes (FileStore.BLOCK_SIZE, not public). */
    private static final int BLOCK_SIZE = 4096;

    private NewestChunk() {
    }

    /** Whether this H2 has the field and method this class needs. */
    static boolean available() {
        return LAST_CHUNK != null && WRITE_HEADER != null;
    }

    /**
     * The H2 store that {@code c}, a connection of this process to an embedded H2 file, writes to; null for any other
     * connection (a guest's over TCP, PostgreSQL, an in-memory database).
     */
    static MVStore store(Connection c) throws SQLException {
        if (!c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)) return null;
        if (!(c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession() instanceof org.h2.engine.SessionLocal local)) {
            return null;
        }
        org.h2.mvstore.db.Store s = local.getDatabase().getStore();
        if (s == null) return null;
        MVStore store = s.getMvStore();
        return store == null || store.getFileStore() == null ? null : store;
    }

    /** The chunk id the header holds: a number once H2 wrote it, hexadecimal text as read from the file. */
    private static long named(Object value) {
        if (value instanceof Number n) return n.longValue();
        try {
            return value == null ? -1 : Long.parseLong(value.toString(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * After a commit on {@code store}: writes the store header naming the newest chunk when recovery could not find
     * it otherwise. Runs under H2's store lock, so no other commit writes meanwhile. A failure is logged and leaves
     * the file as H2 left it.
     */
    static void keepFindable(MVStore store) {
        if (!available() || store == null || store.isClosed() || store.isReadOnly()
                || !(store.getFileStore() instanceof RandomAccessStore fileStore)) {
            return;
        }
        try {
            store.executeFilestoreOperation(() -> {
                try {
                    Chunk<?> last = (Chunk<?>) LAST_CHUNK.get(fileStore);
                    if (last == null) return;
                    if (named(fileStore.getStoreHeader().get("chunk")) == last.id) return;
                    if (last.block + last.len >= fileStore.size() / BLOCK_SIZE) return;
                    WRITE_HEADER.invoke(fileStore);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not write the database file's header after a commit ({})", e.toString());
        }
    }
}

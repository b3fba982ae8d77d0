package org.promptstudio.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that lets one studio at a time open or close a database file, across processes (an operating-system lock
 * on a file beside the database, {@link FileChannel#lock()}) and across threads of one process (a
 * {@link ReentrantLock}; the operating system's lock belongs to the whole process). H2's own lock file protocol has
 * races when two processes take part in it at once (docs/decisions/0042-one-workspace-several-processes.md); under
 * this lock only one of our processes does at a time. The operating system releases the lock when a process dies,
 * so a killed studio never blocks the next one.
 *
 * <p>Where the lock file cannot be created (a read-only folder) the lock is skipped: nobody can write the
 * database there either.
 */
final class StartLock {

    private static final Map<Path, StartLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock inProcess = new ReentrantLock();
    private FileChannel channel;
    private FileLock held;

    private StartLock(Path file) {
        this.file = file;
    }

    /** The lock guarding the database whose lock file is {@code file}: one object per file in this process. */
    static StartLock of(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), StartLock::new);
    }

    /**
     * Waits until no other thread or studio process holds the lock, then holds it until the returned handle is
     * closed. Reentrant: a thread that holds it may take it again.
     *
     * @throws StoreException when the wait is interrupted
     */
    Held acquire() {
        try {
            inProcess.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(file + ": interrupted while waiting for another studio to open the database", e);
        }
        if (inProcess.getHoldCount() == 1) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                held = channel.lock();
            } catch (IOException e) {
                // A folder we cannot write: no studio can write the database there, so there is nothing to order.
                closeChannel();
            } catch (RuntimeException e) {
                closeChannel();
                inProcess.unlock();
                throw e;
            }
        }
        return this::release;
    }

    /** Whether this thread holds the lock. */
    boolean isHeldByCurrentThread() {
        return inProcess.isHeldByCurrentThread();
    }

    private void release() {
        if (!inProcess.isHeldByCurrentThread()) return;
        if (inProcess.getHoldCount() == 1) closeChannel();
        inProcess.unlock();
    }

    private void closeChannel() {
        try {
            if (held != null) held.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            // the process's lock goes when the channel or the process does
        }
        held = null;
        channel = null;
    }

    /** A held lock; closing it releases it. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}

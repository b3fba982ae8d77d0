package org.promptstudio.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.WriteAccess;

/**
 * The lock that lets one studio at a time open or close a database file, across processes (an operating-system lock
 * on a file beside the database, {@link FileChannel#lock()}) and across threads of one process (a
 * {@link ReentrantLock}; the operating system's lock belongs to the whole process). H2's own lock file protocol has
 * races when two processes take part in it at once (docs/decisions/0042-one-workspace-several-processes.md); under
 * this lock only one of our processes does at a time. The operating system releases the lock when a process dies,
 * so a killed studio never blocks the next one.
 *
 * <p>Where the lock file cannot be created because the folder cannot be written (permissions, a read-only mount)
 * the lock is skipped: nobody can write the database there either. Any other failure to lock (an interrupted wait,
 * a file system without locks) is an error, not a lock silently skipped.
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
     * @throws StoreException when the wait is interrupted (the thread's interrupt flag is set again), or when the
     *     lock file cannot be locked for another reason than a folder nobody may write; the message is one line
     */
    Held acquire() {
        try {
            inProcess.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(file + ": interrupted while waiting for another studio to open the database", e);
        }
        return lockFile(true);
    }

    /**
     * As {@link #acquire()}, but an interrupt does not stop the wait: for closing, which must let the database file
     * go even in a thread whose work was cancelled. The thread's interrupt flag is as set as before (or set, when an
     * interrupt came during the wait) when this returns.
     *
     * @throws StoreException when the lock file cannot be locked for another reason than a folder nobody may write
     */
    Held acquireUninterruptibly() {
        inProcess.lock();
        return lockFile(false);
    }

    /** The operating system's lock, taken by the first (outermost) hold of this thread; the in-process lock is held. */
    private Held lockFile(boolean interruptible) {
        if (inProcess.getHoldCount() > 1) return this::release;
        boolean interrupted = false;
        try {
            while (true) {
                // an uninterruptible wait keeps the flag aside: a set flag makes the channel close at once
                if (!interruptible && Thread.interrupted()) interrupted = true;
                try {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    held = channel.lock();
                    return this::release;
                } catch (FileLockInterruptionException | ClosedByInterruptException e) {
                    closeChannel();
                    interrupted = true;
                    if (interruptible) {
                        throw new StoreException(file + ": interrupted while waiting for another studio to open"
                                + " the database", e);
                    }
                } catch (IOException e) {
                    closeChannel();
                    if (nobodyCanWrite(file, e)) {
                        // No studio can write the database here either: there is nothing to order.
                        return this::release;
                    }
                    throw new StoreException(file + ": cannot lock this file, which lets one studio at a time open"
                            + " the database (" + ErrorText.reason(e) + ")", e);
                }
            }
        } catch (RuntimeException e) {
            closeChannel();
            inProcess.unlock();
            throw e;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code e}, met opening lock file {@code file}, says its folder cannot be written (permissions...). */
    private static boolean nobodyCanWrite(Path file, IOException e) {
        return e instanceof AccessDeniedException
                || WriteAccess.problem(file, "lock " + file.getFileName()) != null;
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

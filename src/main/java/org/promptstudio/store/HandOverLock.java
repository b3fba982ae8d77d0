package org.promptstudio.store;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.promptstudio.model.ErrorText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the studio that serves a database file stop serving it only between the other studios' transactions
 * (docs/decisions/0046). A guest holds this lock shared, across processes (an operating-system lock on a file beside
 * the database, {@link FileChannel#lock(long, long, boolean)}), from before it begins a transaction until its commit
 * has answered; the holder takes it alone before it stops its TCP server. Without it, H2's server closes a guest's
 * session while that session commits, and the commit can be lost although the guest was told it was done (H2 ends
 * the session's transaction from the stopping thread; a commit that comes after the file was closed does nothing and
 * raises nothing).
 *
 * <p>Within one process the shared hold is counted: the first of this process's transactions takes the system's lock
 * and the last lets it go (the system's lock belongs to the whole process). A process that dies lets it go too. Where
 * the lock file cannot be opened (a folder nobody may write) it is skipped: nobody writes the database there.
 */
final class HandOverLock {

    private static final Logger LOG = LoggerFactory.getLogger(HandOverLock.class);
    private static final Map<Path, HandOverLock> LOCKS = new ConcurrentHashMap<>();
    /** How often the leaving holder tries again for the lock, in ms. */
    private static final long POLL_MS = 10;

    private final Path file;
    private FileChannel channel;
    private FileLock held;
    /** This process's transactions that hold it shared now. */
    private int sharers;
    /** Whether this process is taking or holding it alone (it stops serving the file). */
    private boolean alone;

    private HandOverLock(Path file) {
        this.file = file;
    }

    /** The lock of the database whose hand-over lock file is {@code file}: one object per file in this process. */
    static HandOverLock of(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), HandOverLock::new);
    }

    /**
     * Holds the lock shared, for one transaction of a guest, until the returned handle is closed; waits while the
     * holder stops serving the file (at most about {@link SharedFile#HAND_OVER_WAIT_MS}; the transaction then meets a
     * closed connection and is tried again). An interrupt does not stop the wait (a cancelled run still records what
     * it did): the thread's interrupt flag is kept aside and set again when this returns.
     *
     * @throws StoreException when the lock file cannot be locked for another reason than a folder nobody may write;
     *     the message is one line
     */
    synchronized StartLock.Held share() {
        boolean interrupted = Thread.interrupted();
        try {
            while (alone) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (sharers == 0 && lockShared()) interrupted = true;
            sharers++;
            return this::unshare;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private synchronized void unshare() {
        if (--sharers == 0) closeChannel();
        notifyAll();
    }

    /**
     * Holds the lock alone, once no transaction of another studio holds it, or once {@code waitMs} ms have passed
     * (a guest stuck in a transaction does not keep this studio from ending: its commit then fails, or is found
     * missing by its own check, and is tried again). Closing the returned handle lets it go. An interrupt does not
     * stop the wait; the thread's interrupt flag is set again when this returns.
     */
    StartLock.Held alone(long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        boolean interrupted = Thread.interrupted();
        synchronized (this) {
            alone = true;
            boolean locked = false;
            while (!locked && System.nanoTime() < deadline) {
                if (sharers == 0) locked = tryLockAlone();
                if (locked) break;
                try {
                    wait(POLL_MS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (!locked) {
                LOG.warn("{}: another studio stayed in a transaction for {} ms; it stops being served all the same",
                        file, waitMs);
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return this::leave;
    }

    private synchronized void leave() {
        alone = false;
        if (sharers == 0) closeChannel();
        notifyAll();
    }

    /** Takes the system's lock alone if nobody holds it; true when held (or skipped: nobody can write here). */
    private boolean tryLockAlone() {
        try {
            if (channel == null) channel = open();
            held = channel.tryLock();
            return held != null;
        } catch (IOException | OverlappingFileLockException e) {
            LOG.debug("{}: cannot lock it ({}); going on without it", file, ErrorText.reason(e));
            closeChannel();
            return true;
        }
    }

    /** Takes the system's lock shared, waiting for a holder that has it alone; true when an interrupt came meanwhile. */
    private boolean lockShared() {
        boolean interrupted = false;
        while (true) {
            if (Thread.interrupted()) interrupted = true; // a set flag would close the channel at once
            try {
                channel = open();
                held = channel.lock(0, Long.MAX_VALUE, true);
                return interrupted;
            } catch (FileLockInterruptionException | ClosedByInterruptException e) {
                closeChannel();
                interrupted = true;
            } catch (IOException e) {
                closeChannel();
                if (StartLock.nobodyCanWrite(file, e)) return interrupted;
                throw new StoreException(file + ": cannot lock this file, which keeps another studio from stopping"
                        + " serving the database in the middle of a transaction (" + ErrorText.reason(e) + ")", e);
            }
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
}

package org.promptstudio.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.promptstudio.model.ErrorText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the studio that serves a database file stop serving it only between the other studios' transactions
 * (docs/decisions/0046). Two byte ranges of a lock file beside the database, locked through the operating system
 * ({@link FileChannel#tryLock(long, long, boolean)}):
 * <ul>
 *   <li>the <em>transactions</em> range: a guest process holds it shared while any of its write transactions is
 *       open, from before the transaction begins until its commit has answered;</li>
 *   <li>the <em>gate</em>: every guest transaction passes through it (locks it shared, and lets it go once it holds
 *       the transactions range); the holder that is about to stop its TCP server locks it alone first, so that no
 *       new transaction starts, then waits for the transactions range alone, then stops.</li>
 * </ul>
 * Without it, H2's server closes a guest's session while that session commits, and the commit can be lost although
 * the guest was told it was done (H2 ends the session's transaction from the stopping thread; a commit that comes
 * after the file was closed does nothing and raises nothing).
 *
 * <p>Within one process the transactions range is held once, counted (the system's locks belong to the process),
 * and every lock goes through one channel, kept open only while this process holds or is taking a lock (closing any
 * channel on a file drops all of the process's locks on it). Waits poll the system's lock and ignore interrupts: a
 * cancelled run still records what it did, and its thread's interrupt flag is set again afterwards. A process that
 * dies lets its locks go. Where the lock file cannot be opened at all the lock is skipped, with a warning.
 */
final class HandOverLock {

    private static final Logger LOG = LoggerFactory.getLogger(HandOverLock.class);
    private static final Map<Path, HandOverLock> LOCKS = new ConcurrentHashMap<>();
    /** The byte ranges locked: the gate, and the range open transactions hold. */
    private static final long GATE = 0;
    private static final long TRANSACTIONS = 1;
    /** How often a wait tries the system's lock again, in ms. */
    private static final long POLL_MS = 5;
    /**
     * How long a guest waits at the gate, in ms, before it goes on without it: far longer than a holder's closing
     * takes ({@link SharedFile#HAND_OVER_WAIT_MS} and the server's stop), so only a holder that hangs is passed.
     */
    static final long GATE_WAIT_MS = 60_000;

    private final Path file;
    /** Held by the thread passing the gate, or by the leaving holder from start to end: all channel opening too. */
    private final ReentrantLock gate = new ReentrantLock();
    /** The one channel of this process on the file, or null while it holds nothing. */
    private FileChannel channel;
    /** This process's shared hold of the transactions range, while {@link #sharers} &gt; 0. */
    private FileLock transactions;
    /** This process's transactions open now. */
    private int sharers;
    private boolean warned;

    private HandOverLock(Path file) {
        this.file = file;
    }

    /** The lock of the database whose hand-over lock file is {@code file}: one object per file in this process. */
    static HandOverLock of(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), HandOverLock::new);
    }

    /**
     * Holds the lock shared, for one transaction of a guest, until the returned handle is closed; waits while the
     * holder stops serving the file (the transaction then meets a closed connection and is tried again). An interrupt
     * does not stop the wait; the thread's interrupt flag is as it was, or set when an interrupt came meanwhile.
     *
     * @throws StoreException when the lock file is there but cannot be locked (a file system without locks); one line
     */
    StartLock.Held share() {
        boolean[] interrupted = {Thread.interrupted()};
        gate.lock();
        try {
            if (!open()) return () -> { };
            FileLock passing = waitFor(GATE, true, GATE_WAIT_MS, interrupted);
            try {
                synchronized (this) {
                    if (sharers == 0) {
                        // nobody holds the gate alone while this process holds it shared: at once
                        transactions = waitFor(TRANSACTIONS, true, GATE_WAIT_MS, interrupted);
                    }
                    sharers++;
                }
            } finally {
                release(passing);
            }
            return this::unshare;
        } finally {
            gate.unlock();
            if (interrupted[0]) Thread.currentThread().interrupt();
        }
    }

    private synchronized void unshare() {
        if (--sharers > 0) return;
        release(transactions);
        transactions = null;
        notifyAll();
        // Nothing is held now, unless a thread is passing the gate or the holder is leaving (they hold the gate).
        if (gate.tryLock()) {
            try {
                closeChannel();
            } finally {
                gate.unlock();
            }
        }
    }

    /**
     * Holds the lock alone: the gate at once (no new transaction of another studio starts), then the transactions
     * range once the open ones have ended, or once {@code waitMs} ms have passed (a guest stuck in a transaction does
     * not keep this studio from ending: its commit then fails, or is found missing by its own check, and is tried
     * again). Closing the returned handle, in the same thread, lets it go; an interrupt that came during the wait is
     * set on the thread only then, so that the work done under the lock (stopping H2's server) runs without it.
     */
    StartLock.Held alone(long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        boolean[] interrupted = {Thread.interrupted()};
        gate.lock();
        FileLock closed = null;
        FileLock drained = null;
        try {
            if (open()) {
                closed = waitUntil(GATE, deadline, interrupted);
                boolean ownDone = false;
                if (closed != null) {
                    synchronized (this) {
                        // this process's own transactions, if it was a guest a moment ago
                        while (sharers > 0 && System.nanoTime() < deadline) {
                            try {
                                wait(POLL_MS);
                            } catch (InterruptedException e) {
                                interrupted[0] = true;
                            }
                        }
                        ownDone = sharers == 0;
                    }
                }
                if (ownDone) drained = waitUntil(TRANSACTIONS, deadline, interrupted);
                if (drained == null) {
                    LOG.warn("{}: another studio stayed in a transaction for {} ms; it stops being served all the"
                            + " same", file, waitMs);
                }
            }
        } catch (StoreException e) {
            // the file cannot be locked alone: this studio must stop serving all the same
            LOG.warn("{}; stopping serving the database without it", e.getMessage());
        }
        FileLock gateHeld = closed;
        FileLock rangeHeld = drained;
        return () -> {
            try {
                release(rangeHeld);
                release(gateHeld);
                synchronized (this) {
                    if (sharers == 0) closeChannel();
                }
            } finally {
                gate.unlock();
                if (interrupted[0]) Thread.currentThread().interrupt();
            }
        };
    }

    /** Opens the channel if this process has none; false when the lock file cannot be opened (warned once). */
    private boolean open() {
        synchronized (this) {
            if (channel != null) return true;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                return true;
            } catch (AccessDeniedException e) {
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ); // a shared lock needs only reading
                    return true;
                } catch (IOException again) {
                    return skip(again);
                }
            } catch (IOException e) {
                return skip(e);
            }
        }
    }

    private boolean skip(IOException e) {
        if (!warned) {
            warned = true;
            LOG.warn("{}: cannot open it ({}); studios on this database may stop serving it in the middle of a"
                    + " transaction", file, ErrorText.reason(e));
        }
        return false;
    }

    /** The lock on {@code range}, waiting for it at most {@code waitMs} ms (then null, with a warning). */
    private FileLock waitFor(long range, boolean shared, long waitMs, boolean[] interrupted) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (true) {
            FileLock lock = tryLock(range, shared);
            if (lock != null) return lock;
            if (System.nanoTime() > deadline) {
                LOG.warn("{}: the studio serving the database kept others waiting for {} ms; going on", file, waitMs);
                return null;
            }
            sleep(interrupted);
        }
    }

    /** The lock on {@code range} alone, or null once {@code deadline} (System.nanoTime) has passed. */
    private FileLock waitUntil(long range, long deadline, boolean[] interrupted) {
        while (true) {
            FileLock lock = tryLock(range, false);
            if (lock != null || System.nanoTime() > deadline) return lock;
            sleep(interrupted);
        }
    }

    private FileLock tryLock(long range, boolean shared) {
        FileChannel c;
        synchronized (this) {
            c = channel;
        }
        try {
            return c.tryLock(range, 1, shared);
        } catch (OverlappingFileLockException e) {
            return null; // this process holds it through another path to the file: not yet
        } catch (NonWritableChannelException e) {
            throw new StoreException(file + ": cannot lock this file, which it may only read", e);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot lock this file, which keeps another studio from stopping"
                    + " serving the database in the middle of a transaction (" + ErrorText.reason(e) + ")", e);
        }
    }

    private static void sleep(boolean[] interrupted) {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            interrupted[0] = true;
        }
    }

    private static void release(FileLock lock) {
        try {
            if (lock != null && lock.isValid()) lock.release();
        } catch (IOException e) {
            // the channel's closing releases it
        }
    }

    private void closeChannel() {
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            // the process's locks go when the channel or the process does
        }
        channel = null;
    }
}

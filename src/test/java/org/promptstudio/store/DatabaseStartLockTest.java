package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start lock and the hand-over of the file (docs/decisions/0042, 0045): an interrupted wait is an error, not a
 * lock silently skipped; closing lets the file go even in an interrupted thread; a lock file that cannot be locked
 * is said in one line; the address file goes with the studio that wrote it, and an address that outlived its studio
 * is not taken for a way in.
 */
class DatabaseStartLockTest {

    @TempDir
    Path workspace;

    private Path state() {
        return workspace.resolve(".studio");
    }

    private Path db(String suffix) {
        return state().resolve(Database.RELATIVE_PATH + suffix);
    }

    @Test
    void anInterruptedWaitForTheStartLockIsAnErrorAndKeepsTheInterrupt() throws Exception {
        Files.createDirectories(db("").getParent());
        Path lockFile = db(".start.lock");
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "lock",
                lockFile.toString())) {
            other.expect("locked", 120);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean flag = new AtomicBoolean();
            Thread waiter = new Thread(() -> {
                try (StartLock.Held held = StartLock.of(lockFile).acquire()) {
                    failure.set(new AssertionError("acquired the lock that another process holds"));
                } catch (Throwable e) {
                    failure.set(e);
                }
                flag.set(Thread.currentThread().isInterrupted());
            }, "waiter");
            waiter.start();
            awaitWaitingForTheSystemLock(waiter);
            waiter.interrupt();
            waiter.join(TimeUnit.SECONDS.toMillis(120));

            assertThat(failure.get()).isInstanceOf(StoreException.class)
                    .hasMessage(lockFile + ": interrupted while waiting for another studio to open the database");
            assertThat(flag.get()).as("the thread's interrupt flag is set again").isTrue();
            assertThat(StartLock.of(lockFile).isHeldByCurrentThread()).isFalse();
            other.send("release");
            other.expect("released", 120);
        }
    }

    @Test
    void closingWaitsForTheStartLockThroughAnInterruptAndLetsTheFileGo() throws Exception {
        Database db = Database.open(state());
        db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "lock",
                db(".start.lock").toString())) {
            other.expect("locked", 120);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean flag = new AtomicBoolean();
            Thread closer = new Thread(() -> {
                try {
                    db.close();
                } catch (Throwable e) {
                    failure.set(e);
                }
                flag.set(Thread.currentThread().isInterrupted());
            }, "closer");
            closer.start();
            awaitWaitingForTheSystemLock(closer);
            closer.interrupt();
            other.send("release");
            other.expect("released", 120);
            closer.join(TimeUnit.SECONDS.toMillis(120));

            assertThat(failure.get()).isNull();
            assertThat(flag.get()).as("the interrupt is kept for the thread's own work").isTrue();
        }
        assertFileLetGo();
    }

    @Test
    void closingInAnInterruptedThreadLetsTheFileGoAndKeepsTheInterrupt() throws Exception {
        Database db = Database.open(state());
        db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
        Thread.currentThread().interrupt();
        try {
            db.close();
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt flag is as it was").isTrue();
        }
        assertFileLetGo();
        try (Database again = Database.open(state())) {
            assertThat(again.calls().count()).isEqualTo(1);
        }
    }

    @Test
    void aStartLockFileThatCannotBeLockedIsReportedInOneLine() throws Exception {
        Files.createDirectories(db(".start.lock")); // a folder where the lock file should be: not a read-only folder
        assertThatThrownBy(() -> Database.open(state()))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith(db(".start.lock") + ": cannot lock this file, which lets one studio at a time"
                        + " open the database (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception"));
    }

    @Test
    void theAddressFileGoesWithTheLastHolderOfTheFileInThisProcess() {
        Path address = SharedFile.addressFile(db(""));
        Database first = Database.open(state());
        Database second = Database.open(state());
        assertThat(address).isRegularFile();
        first.close();
        assertThat(address).as("the second still serves the file").isRegularFile();
        second.close();
        assertThat(address).as("no studio serves the file: no address").doesNotExist();
    }

    /**
     * The file is held by a program that does not serve it, and the address file is left from an earlier studio
     * whose port now belongs to another H2 server (which refuses the old key as a wrong user or password): the
     * studio tries again, then says the database is in use by a program that does not share it.
     */
    @Test
    void anAddressThatOutlivedItsStudioIsTriedAgainThenReported() throws Exception {
        Files.createDirectories(db("").getParent());
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "hold",
                state().toString())) {
            other.expect("holding", 120);
            char[] hex = new char[32];
            Arrays.fill(hex, 'b');
            Server stranger = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-key", new String(hex),
                    workspace.resolve("stranger").toString()).start();
            try {
                Arrays.fill(hex, 'a');
                Files.writeString(SharedFile.addressFile(db("")), "port=" + stranger.getPort() + "\nkey="
                        + new String(hex) + "\n", StandardCharsets.UTF_8);
                assertThatThrownBy(() -> Database.open(state()))
                        .isInstanceOf(StoreException.class)
                        .hasMessage(".studio/db/studio: the database is in use by another program that does not"
                                + " share it (the database is open in another program, whose address is out of date)");
            } finally {
                stranger.stop();
            }
            other.send("quit");
            assertThat(other.waitFor(120)).isZero();
        }
    }

    /** The database file and the start lock are free: this process (and so no other) holds no lock on them. */
    private void assertFileLetGo() throws Exception {
        for (Path p : new Path[] {db(".mv.db"), db(".start.lock")}) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE); FileLock lock = ch.tryLock()) {
                assertThat(lock).as("%s is locked by another process", p).isNotNull();
            }
        }
        assertThat(SharedFile.addressFile(db(""))).doesNotExist();
    }

    /** Waits until {@code t} is blocked in the operating system's file lock (its stack shows the call). */
    private static void awaitWaitingForTheSystemLock(Thread t) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Arrays.stream(t.getStackTrace()).noneMatch(f -> f.getClassName().endsWith("FileChannelImpl")
                && f.getMethodName().equals("lock"))) {
            if (!t.isAlive() || System.nanoTime() > end) {
                throw new AssertionError(t.getName() + " did not wait for the lock: " + Arrays.toString(
                        t.getStackTrace()));
            }
            Thread.yield();
        }
    }
}

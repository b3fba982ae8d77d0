package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second studio on a workspace that another studio process has open: it joins the one that holds the file (over
 * TCP, docs/decisions/0042), and its writes survive the holder's closing (0045, 0046).
 */
class SharedWorkspaceTest {

    @TempDir
    Path workspace;

    private Path state() {
        return workspace.resolve(".studio");
    }

    @Test
    void aSecondStudioSharesTheDatabaseWithTheFirstAndCarriesOnWhenTheFirstCloses() throws Exception {
        long first;
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            first = Long.parseLong(other.expect("ready ", 120));

            try (Database db = Database.open(state())) {
                assertThat(db.calls().find(first)).as("the call the other studio recorded").isPresent();
                long mine = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
                other.send("count");
                assertThat(other.expect("count ", 120)).as("the other studio sees this one's call").isEqualTo("2");

                other.send("quit");
                other.expect("closed", 120);
                assertThat(other.waitFor(120)).isZero();

                long after = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
                assertThat(db.calls().count()).isEqualTo(3);
                assertThat(db.calls().find(mine)).isPresent();
                assertThat(db.calls().find(after)).isPresent();
            }
        }
        try (Database db = Database.open(state())) {
            assertThat(db.calls().count()).isEqualTo(3);
        }
    }

    @Test
    void aSecondStudioCarriesOnWhenTheFirstIsKilled() throws Exception {
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            other.expect("ready ", 120);
            try (Database db = Database.open(state())) {
                assertThat(db.calls().count()).isEqualTo(1);
                other.kill();

                long mine = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
                assertThat(db.calls().find(mine)).isPresent();
                assertThat(db.calls().count()).isEqualTo(2);
            }
        }
    }

    /**
     * The holder closing while a guest is in the middle of a transaction waits for its commit (the hand-over lock,
     * docs/decisions/0046): the transaction is done once, on the holder's server, and the holder closes after it.
     * Without the lock the holder's server ended the guest's session mid-transaction, and H2 could answer the commit
     * as done while doing nothing.
     */
    @Test
    void theHolderClosesOnlyAfterTheTransactionAGuestHasOpen() throws Exception {
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            other.expect("ready ", 120);
            try (Database db = Database.open(state())) {
                CountDownLatch inTransaction = new CountDownLatch(1);
                CountDownLatch finish = new CountDownLatch(1);
                AtomicInteger tries = new AtomicInteger();
                CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> db.write("a slow write", c -> {
                    tries.incrementAndGet();
                    long id;
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO runs (kind, name, started_at, status) VALUES ('experiment', 'slow',"
                                    + " CURRENT_TIMESTAMP, 'finished')", new String[] {"id"})) {
                        ps.executeUpdate();
                        var keys = ps.getGeneratedKeys();
                        keys.next();
                        id = keys.getLong(1);
                    }
                    inTransaction.countDown();
                    try {
                        finish.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return id;
                }));
                assertThat(inTransaction.await(120, TimeUnit.SECONDS)).isTrue();
                other.send("quit");
                assertThat(other.poll(1500)).as("the holder closed in the middle of the guest's transaction")
                        .isNull();
                finish.countDown();
                long id = write.get(120, TimeUnit.SECONDS);
                assertThat(other.expect("closed", 120)).isEmpty();
                assertThat(other.waitFor(120)).isZero();

                assertThat(tries).as("the transaction was done on the holder's server, not tried again").hasValue(1);
                assertThat(db.runs().find(id)).isPresent();
            }
        }
        try (Database db = Database.open(state())) {
            assertThat(db.runs().latest(10)).extracting(r -> r.name()).containsExactly("slow");
        }
    }

    /**
     * A guest's commit that the holder answers as done without doing it (H2 does so for a commit that comes after the
     * file was closed) is found missing by the guest's check of its write key, and done again: the call is recorded
     * once.
     */
    @Test
    void aGuestsCommitTheHolderDidNotKeepIsFoundMissingAndDoneAgain() throws Exception {
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            other.expect("ready ", 120);
            try (Database db = Database.open(state())) {
                AtomicBoolean dropped = new AtomicBoolean();
                db.connections = real -> (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("commit") && dropped.compareAndSet(false, true)) {
                                real.rollback(); // answered as done, and nothing done
                                return null;
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                long mine = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());

                assertThat(dropped).as("the commit was dropped once").isTrue();
                assertThat(db.calls().find(mine)).isPresent();
                assertThat(db.calls().count()).as("the other studio's call and this one, once").isEqualTo(2);
                other.send("count");
                assertThat(other.expect("count ", 120)).isEqualTo("2");
                other.send("quit");
                other.expect("closed", 120);
            }
        }
    }

    /**
     * A cancelled run's thread (its interrupt flag set) still records, as a guest, and after the holder has gone (the
     * write then meets a closed connection and waits for the start lock to connect again); the flag stays set.
     */
    @Test
    void aGuestThreadWithItsInterruptFlagSetStillRecords() throws Exception {
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            other.expect("ready ", 120);
            try (Database db = Database.open(state())) {
                long asGuest = insertInterrupted(db);
                other.send("quit");
                other.expect("closed", 120);
                assertThat(other.waitFor(120)).isZero();
                long afterTheHolder = insertInterrupted(db);

                assertThat(db.calls().find(asGuest)).isPresent();
                assertThat(db.calls().find(afterTheHolder)).isPresent();
                assertThat(db.calls().count()).isEqualTo(3);
            }
        }
    }

    private static long insertInterrupted(Database db) {
        Thread.currentThread().interrupt();
        try {
            return db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt flag was kept").isTrue();
        }
    }

    /**
     * Guests writing without a pause do not keep the holder from closing (the gate: no new transaction starts once
     * the holder is leaving, docs/decisions/0046): it closes between transactions, not after its 10 s limit, no
     * write fails, and every returned id is stored once.
     */
    @Test
    void theHolderClosesBetweenTransactionsWhileGuestsWriteWithoutPause() throws Exception {
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            other.expect("ready ", 120);
            try (Database db = Database.open(state())) {
                java.util.Set<Long> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
                java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch before = new CountDownLatch(30);
                CountDownLatch after = new CountDownLatch(30);
                AtomicBoolean holderGone = new AtomicBoolean();
                java.util.List<Thread> writers = new java.util.ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    Thread w = new Thread(() -> {
                        while (!stop.get()) {
                            try {
                                ids.add(db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now())
                                        .build()));
                                (holderGone.get() ? after : before).countDown();
                            } catch (RuntimeException e) {
                                errors.add(e);
                                return;
                            }
                        }
                    }, "writer-" + t);
                    writers.add(w);
                    w.start();
                }
                try {
                    assertThat(before.await(120, TimeUnit.SECONDS)).isTrue();
                    other.send("quit");
                    other.expect("closed", 120);
                    assertThat(other.waitFor(120)).isZero();
                    holderGone.set(true);
                    assertThat(after.await(120, TimeUnit.SECONDS)).as("writes go on after the holder left; errors %s",
                            errors).isTrue();
                } finally {
                    stop.set(true);
                    for (Thread w : writers) w.join(120_000);
                }

                assertThat(errors).isEmpty();
                assertThat(db.calls().count()).as("the holder's call and every id returned, once")
                        .isEqualTo(ids.size() + 1L);
                assertThat(other.stderr()).doesNotContain("stayed in a transaction");
            }
        }
    }

    /** A workspace reached through a symbolic link and by its own path is one database in one process. */
    @Test
    void aWorkspaceReachedThroughASymbolicLinkIsOneDatabase() throws Exception {
        java.nio.file.Files.createDirectories(state());
        Path link = java.nio.file.Files.createSymbolicLink(workspace.resolve("link"), workspace);
        try (Database direct = Database.open(state());
             Database linked = Database.open(link.resolve(".studio"))) {
            long one = direct.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
            long two = linked.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
            assertThat(linked.calls().find(one)).isPresent();
            assertThat(direct.calls().find(two)).isPresent();
            linked.close();
            assertThat(direct.calls().count()).isEqualTo(2);
        }
    }
}

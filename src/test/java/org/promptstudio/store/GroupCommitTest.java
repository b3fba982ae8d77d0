package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;

/**
 * {@link CallRepository#insert}'s group commit (decisions 0157, 0161) on a real H2 file: calls that arrive while a write is
 * under way go in the next transaction together (counted by the write keys, one per transaction); each caller gets
 * its own id once its group is committed; a call that cannot be recorded fails alone, with its reason, and the rest
 * of its group is stored; a waiting caller that is interrupted still has its call recorded and its flag kept. The
 * first write is held (its redaction step waits on a latch) until the others are seen waiting, so the groups do not
 * depend on thread timing.
 */
class GroupCommitTest {

    static final int WAITERS = 40;

    @TempDir
    Path state;

    private static long transactions(Database db) {
        return db.read("count", c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM write_keys")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Holds the first write in its redaction step until released; every later write goes through at once. */
    private static final class HeldFirstWrite {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private boolean first = true;

        synchronized boolean takeFirst() {
            boolean was = first;
            first = false;
            return was;
        }

        UnaryOperator<CallRecord> redaction() {
            if (takeFirst()) {
                entered.countDown();
                try {
                    release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        }
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.start();
        return t;
    }

    /** Returns once {@code waiting} calls are queued behind the held write (the minutes only guard against a hang). */
    private static void waitFor(CallRepository calls, int waiting) throws InterruptedException {
        assertThat(calls.awaitWaitingCalls(waiting, TimeUnit.MINUTES.toMillis(5))).as("calls waiting")
                .isGreaterThanOrEqualTo(waiting);
    }

    @Test
    void callsArrivingDuringAWriteAreCommittedTogetherEachWithItsOwnId() throws Exception {
        try (Database db = Database.open(state)) {
            CallRepository calls = db.calls();
            HeldFirstWrite held = new HeldFirstWrite();
            calls.redactWith(held::redaction);
            long before = transactions(db);
            Map<Integer, Long> ids = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            threads.add(start("first", () -> ids.put(-1, calls.insert(
                    SampleCalls.call(null, "first", Instant.parse("2026-01-01T00:00:00Z")).build()))));
            assertThat(held.entered.await(5, TimeUnit.MINUTES)).isTrue();
            for (int i = 0; i < WAITERS; i++) {
                int n = i;
                threads.add(start("waiter-" + i, () -> ids.put(n, calls.insert(SampleCalls.call(null, "m" + n,
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n)).build()))));
            }
            waitFor(calls, WAITERS);
            held.release.countDown();
            for (Thread t : threads) t.join(TimeUnit.MINUTES.toMillis(5));

            assertThat(ids).hasSize(WAITERS + 1);
            assertThat(ids.values()).doesNotHaveDuplicates();
            for (int i = 0; i < WAITERS; i++) {
                CallRecord stored = calls.find(ids.get(i)).orElseThrow();
                assertThat(stored.model()).isEqualTo("m" + i);
                assertThat(stored.texts()).isNotNull();
            }
            assertThat(calls.find(ids.get(-1)).orElseThrow().model()).isEqualTo("first");
            assertThat(transactions(db) - before).as("the first call alone, then the %d that waited together",
                    WAITERS).isEqualTo(2);
        }
    }

    /**
     * Decision 0161: {@link CallRepository#insertLater} returns at once (this thread queues all the calls while the
     * first write is held), and each call's caller is told once, after the commit, with its id, in the order the
     * calls came; the calls queued during the held write go in one transaction.
     */
    @Test
    void callsRecordedLaterAreToldOnceEachInTheirOrderAfterTheirCommit() throws Exception {
        try (Database db = Database.open(state)) {
            CallRepository calls = db.calls();
            HeldFirstWrite held = new HeldFirstWrite();
            calls.redactWith(held::redaction);
            long before = transactions(db);
            List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> ids = new ConcurrentHashMap<>();
            CountDownLatch all = new CountDownLatch(WAITERS + 1);
            CallRepository.Recorded[] tell = new CallRepository.Recorded[WAITERS + 1];
            for (int i = 0; i <= WAITERS; i++) {
                String model = i == 0 ? "first" : "m" + (i - 1);
                tell[i] = (id, error) -> {
                    told.add(model);
                    if (error == null) ids.put(model, id);
                    all.countDown();
                };
            }
            calls.insertLater(SampleCalls.call(null, "first", Instant.parse("2026-01-01T00:00:00Z")).build(),
                    () -> true, tell[0]);
            assertThat(held.entered.await(5, TimeUnit.MINUTES)).isTrue();
            for (int i = 0; i < WAITERS; i++) {
                calls.insertLater(SampleCalls.call(null, "m" + i, Instant.parse("2026-01-01T00:00:00Z")
                        .plusSeconds(i)).build(), () -> true, tell[i + 1]);
            }
            assertThat(told).as("nobody told while the first write is held").isEmpty();
            waitFor(calls, WAITERS);
            held.release.countDown();
            assertThat(all.await(5, TimeUnit.MINUTES)).isTrue();

            List<String> order = new ArrayList<>(List.of("first"));
            for (int i = 0; i < WAITERS; i++) order.add("m" + i);
            assertThat(told).containsExactlyElementsOf(order);
            assertThat(ids).hasSize(WAITERS + 1);
            assertThat(ids.values()).doesNotHaveDuplicates();
            for (String model : order) {
                assertThat(calls.find(ids.get(model)).orElseThrow().model()).isEqualTo(model);
            }
            assertThat(transactions(db) - before).as("the first call alone, then the %d queued together",
                    WAITERS).isEqualTo(2);
        }
    }

    @Test
    void aCallThatCannotBeRecordedFailsAloneAndTheRestOfItsGroupIsStored() throws Exception {
        try (Database db = Database.open(state)) {
            CallRepository calls = db.calls();
            HeldFirstWrite held = new HeldFirstWrite();
            calls.redactWith(held::redaction);
            Map<String, Object> outcome = new ConcurrentHashMap<>();
            Thread first = start("first", () -> calls.insert(
                    SampleCalls.call(null, "first", Instant.parse("2026-01-01T00:00:00Z")).build()));
            assertThat(held.entered.await(5, TimeUnit.MINUTES)).isTrue();
            List<Thread> threads = new ArrayList<>(List.of(first));
            for (String model : List.of("a", "stored-already", "b")) {
                CallRecord call = SampleCalls.call(null, model, Instant.parse("2026-01-02T00:00:00Z")).build();
                CallRecord given = model.equals("stored-already") ? call.withId(999_999L) : call;
                threads.add(start(model, () -> {
                    try {
                        outcome.put(model, calls.insert(given));
                    } catch (RuntimeException e) {
                        outcome.put(model, e);
                    }
                }));
            }
            waitFor(calls, 3);
            held.release.countDown();
            for (Thread t : threads) t.join(TimeUnit.MINUTES.toMillis(5));

            assertThat(outcome.get("a")).isInstanceOf(Long.class);
            assertThat(outcome.get("b")).isInstanceOf(Long.class);
            assertThat(outcome.get("stored-already")).isInstanceOf(RuntimeException.class);
            assertThat(((RuntimeException) outcome.get("stored-already")).getMessage()).contains("already stored");
            assertThat(calls.find((Long) outcome.get("a")).orElseThrow().model()).isEqualTo("a");
            assertThat(calls.find((Long) outcome.get("b")).orElseThrow().model()).isEqualTo("b");
            assertThat(calls.find(999_999L)).isEmpty();
        }
    }

    @Test
    void anInterruptedWaiterHasItsCallRecordedAndKeepsItsFlag() throws Exception {
        try (Database db = Database.open(state)) {
            CallRepository calls = db.calls();
            HeldFirstWrite held = new HeldFirstWrite();
            calls.redactWith(held::redaction);
            Thread first = start("first", () -> calls.insert(
                    SampleCalls.call(null, "first", Instant.parse("2026-01-01T00:00:00Z")).build()));
            assertThat(held.entered.await(5, TimeUnit.MINUTES)).isTrue();
            long[] id = {-1};
            boolean[] flag = {false};
            Thread waiter = start("waiter", () -> {
                id[0] = calls.insert(SampleCalls.call(null, "waited", Instant.parse("2026-01-03T00:00:00Z")).build());
                flag[0] = Thread.currentThread().isInterrupted();
            });
            waitFor(calls, 1);
            waiter.interrupt();
            held.release.countDown();
            first.join(TimeUnit.MINUTES.toMillis(5));
            waiter.join(TimeUnit.MINUTES.toMillis(5));

            assertThat(calls.find(id[0]).orElseThrow().model()).isEqualTo("waited");
            assertThat(flag[0]).as("the interrupt is kept for the caller").isTrue();
        }
    }
}

package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;

/**
 * A studio.yaml edit makes a new catalog, but the model's gate stays the same object with its limits changed in
 * place: calls made through the catalog from before the edit and through the one after it count together.
 */
class ModelGatesAcrossEditsTest {

    private static ModelRef gpt(Integer maxConcurrency, Integer rpm) {
        return new ModelRef("gpt", "openai", "gpt-4o-mini", "http://127.0.0.1:9/v1", GenerationParams.NONE, null, null,
                maxConcurrency, rpm, null, null);
    }

    /** What {@code app.Studio} does each time it builds a catalog from studio.yaml; returns the model's gate. */
    private static ModelGate build(ModelGates gates, ModelRef ref) {
        gates.configure(java.util.List.of(ref));
        return gates.gate(ref);
    }

    @Test
    void theSameModelKeepsItsGateAndItsLimitsFollowTheEdit() {
        ModelGates gates = new ModelGates();
        ModelGate before = build(gates, gpt(2, 600));

        ModelGate after = build(gates, gpt(1, 60));

        assertThat(after).isSameAs(before);
        assertThat(after.maxConcurrency()).isEqualTo(1);
        assertThat(after.limiter().requestsPerMinute()).isEqualTo(60);
        assertThat(build(gates, gpt(1, null)).limiter()).isNull();
        assertThat(build(gates, gpt(3, 30)).limiter().requestsPerMinute()).isEqualTo(30);
        // Another model, or the same id pointed at another server, is another gate.
        assertThat(gates.gate(new ModelRef("gpt", "openai", "gpt-4o-mini", "http://127.0.0.1:10/v1",
                GenerationParams.NONE, null, null, 1, null, null, null))).isNotSameAs(before);
    }

    @Test
    void aCatalogMadeBeforeTheEditThatAsksAfterItKeepsTheNewLimits() {
        ModelGates gates = new ModelGates();
        ModelRef old = gpt(2, 600);          // the ref an old catalog holds (studio.yaml before the edit)
        ModelGate gate = build(gates, old);

        build(gates, gpt(1, 60));            // studio.yaml now says 1 in flight, 60 per minute
        ModelGate askedByTheOldCatalog = gates.gate(old); // it makes its provider only now

        assertThat(askedByTheOldCatalog).isSameAs(gate);
        assertThat(gate.maxConcurrency()).isEqualTo(1);
        assertThat(gate.limiter().requestsPerMinute()).isEqualTo(60);
    }

    @Test
    void aModelNoCatalogConfiguredYetGetsTheLimitsOfItsRef() {
        ModelGates gates = new ModelGates();

        ModelGate gate = gates.gate(gpt(3, 120));

        assertThat(gate.maxConcurrency()).isEqualTo(3);
        assertThat(gate.limiter().requestsPerMinute()).isEqualTo(120);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang (a broken gate) fails instead of blocking the build
    void callsThroughTheOldAndTheNewCatalogNeverExceedTheLimitInForce() throws Exception {
        ModelGates gates = new ModelGates();
        ModelGate old = build(gates, gpt(2, null));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger insideWhenTheNewCallEntered = new AtomicInteger(-1);
        CountDownLatch bothOldInside = new CountDownLatch(2);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // Two calls of a run that started before the edit hold both slots of the old limit (2).
            Future<?> first = pool.submit(() -> hold(old, inside, bothOldInside, releaseFirst));
            Future<?> second = pool.submit(() -> hold(old, inside, bothOldInside, releaseSecond));
            bothOldInside.await();

            // studio.yaml now says 1; a new run asks the new catalog for the model's gate.
            ModelGate renewed = build(gates, gpt(1, null));
            Future<?> third = pool.submit(() -> {
                try (ModelGate.Permit p = renewed.enter(new Cancellation())) {
                    insideWhenTheNewCallEntered.set(inside.get());
                }
                return null;
            });
            // It is waiting, not inside: the two old calls already use more than the new limit.
            while (renewed.waiting() == 0 && insideWhenTheNewCallEntered.get() < 0) Thread.onSpinWait();
            assertThat(insideWhenTheNewCallEntered).hasValue(-1);

            releaseFirst.countDown();
            first.get();
            // One old call still in flight is the whole new limit: the new call still waits.
            assertThat(renewed.inFlight()).isEqualTo(1);
            assertThat(renewed.waiting()).isEqualTo(1);
            assertThat(insideWhenTheNewCallEntered).hasValue(-1);

            releaseSecond.countDown();
            second.get();
            third.get();
            assertThat(insideWhenTheNewCallEntered).hasValue(0);
            assertThat(renewed.inFlight()).isZero();
        } finally {
            releaseFirst.countDown();
            releaseSecond.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a waiter never let in fails instead of blocking the build
    void aHigherLimitLetsAWaitingCallInAtOnce() throws Exception {
        ModelGates gates = new ModelGates();
        ModelGate gate = build(gates, gpt(1, null));
        CountDownLatch entered = new CountDownLatch(1);
        try (ModelGate.Permit held = gate.enter(new Cancellation())) {
            Thread waiter = new Thread(() -> {
                try (ModelGate.Permit p = gate.enter(new Cancellation())) {
                    entered.countDown();
                }
            });
            waiter.start();
            while (gate.waiting() == 0) Thread.onSpinWait();

            build(gates, gpt(2, null)); // the edit raises the limit while the first call still holds its slot
            entered.await();
            waiter.join();
        }
        assertThat(gate.inFlight()).isZero();
    }

    private static Void hold(ModelGate gate, AtomicInteger inside, CountDownLatch entered, CountDownLatch release)
            throws InterruptedException {
        try (ModelGate.Permit p = gate.enter(new Cancellation())) {
            inside.incrementAndGet();
            entered.countDown();
            release.await();
            inside.decrementAndGet();
        }
        return null;
    }

    @Test
    void aLowerRateAppliesToTheTokensSavedUp() {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(600, RateLimiter.burstFor(600), () -> now[0], (ms, c) -> { });
        // 600 per minute: a burst of 10 saved up. Down to 60 per minute: a burst of 1, so one call now, then wait.
        limiter.setRate(60);
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(1_000_000_000L); // one token per second at 60 per minute
    }
}

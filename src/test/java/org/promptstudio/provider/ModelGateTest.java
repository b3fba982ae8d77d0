package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;

class ModelGateTest {

    @Test
    void noMoreCallsThanTheLimitAreInFlight() throws Exception {
        ModelGate gate = new ModelGate("m", 2, null);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // Holders of the two slots meet in pairs: two are surely inside at once (no sleep that hopes for an
        // overlap), and a third would be seen inside while they wait. A gate that lets only one in breaks the
        // barrier after a generous bound instead of hanging.
        java.util.concurrent.CyclicBarrier pair = new java.util.concurrent.CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            done.add(pool.submit(() -> {
                try (ModelGate.Permit p = gate.enter(new Cancellation())) {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    pair.await(2, TimeUnit.MINUTES);
                    most.accumulateAndGet(inside.get(), Math::max);
                    inside.decrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get(5, TimeUnit.MINUTES);
        pool.shutdown();

        assertThat(most).hasValue(2);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aCallWaitingForASlotStopsOnCancel() throws Exception {
        ModelGate gate = new ModelGate("m", 1, null);
        Cancellation cancellation = new Cancellation();
        try (ModelGate.Permit held = gate.enter(new Cancellation())) {
            CountDownLatch waiting = new CountDownLatch(1);
            // Whether the cancel comes before or after enter() starts waiting, enter() finds the slot taken first
            // and must give up on the cancel: no delay needed to "make sure" it waits.
            Thread t = new Thread(() -> {
                waiting.countDown();
                cancellation.cancel();
            });
            t.start();
            waiting.await();
            assertThatThrownBy(() -> gate.enter(cancellation)).isInstanceOf(CallCancelledException.class);
            t.join();
        }
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void theRateLimiterSpreadsRequestsAfterItsBurst() {
        AtomicLong now = new AtomicLong();
        List<Long> waits = new ArrayList<>();
        RateLimiter limiter = new RateLimiter(120, 2, now::get, (millis, c) -> {
            waits.add(millis);
            now.addAndGet(millis * 1_000_000);
        });

        for (int i = 0; i < 5; i++) limiter.acquire(new Cancellation(), "m");

        assertThat(waits).as("2 at once, then one each 500 ms").containsExactly(500L, 500L, 500L);
    }

    @Test
    void theBucketRefillsWithTimeButNotBeyondItsBurst() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(60, 3, now::get, (millis, c) -> { });
        for (int i = 0; i < 3; i++) assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(1_000_000_000L);

        now.addAndGet(60_000_000_000L);

        for (int i = 0; i < 3; i++) assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isPositive();
    }

    @Test
    void gatesAreSharedPerModelAndTakeTheirLimitsFromIt() {
        ModelGates gates = new ModelGates();
        ModelRef gpt = new ModelRef("gpt", "openai", "gpt-4o-mini", null, GenerationParams.NONE, null, null, 3, 500,
                null, null);

        assertThat(gates.gate(gpt)).isSameAs(gates.gate(gpt));
        assertThat(gates.gate(gpt).maxConcurrency()).isEqualTo(3);
        assertThat(gates.gate(ModelRef.of("local", "ollama", "llama3.2")).maxConcurrency()).isEqualTo(1);
        assertThat(gates.gate(ModelRef.of("claude", "anthropic", "c")).maxConcurrency()).isEqualTo(4);
    }
}

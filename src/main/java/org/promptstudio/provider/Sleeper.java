package org.promptstudio.provider;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits between attempts and for rate-limit tokens; tests inject one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code millis}, or less if {@code cancellation} is cancelled meanwhile. */
    void sleep(long millis, Cancellation cancellation);

    /** Really waits, waking early on cancel. */
    static Sleeper system() {
        return (millis, cancellation) -> {
            if (millis <= 0 || cancellation.isCancelled()) return;
            CountDownLatch woken = new CountDownLatch(1);
            Runnable wake = woken::countDown;
            cancellation.onCancel(wake);
            try {
                woken.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                cancellation.removeHook(wake);
            }
        };
    }
}

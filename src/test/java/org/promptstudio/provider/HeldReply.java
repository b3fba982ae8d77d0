package org.promptstudio.provider;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WireServer} reply that keeps the exchange open and silent until the test lets it go, instead of sleeping
 * a fixed time: so a test of a timeout or a cancel asserts that the call ended while the server was still holding
 * (an event), never how many milliseconds it took (a race on a loaded machine). The hold is bounded by a generous
 * {@link #BOUND_MINUTES} so a broken timeout or cancel fails the test (the call then gets its answer) rather than
 * hangs the build; closing the server interrupts it too.
 */
final class HeldReply {

    static final long BOUND_MINUTES = 2;

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean answered;

    /** Holds before sending anything (no status line yet), then answers with {@code then}. */
    WireServer.Reply thenAnswer(WireServer.Reply then) {
        return exchange -> {
            arrived.countDown();
            released.await(BOUND_MINUTES, TimeUnit.MINUTES);
            answered = true;
            then.answer(exchange);
        };
    }

    /** Sends status 200 and {@code first}, holds the body open, then sends {@code rest} and ends the body. */
    WireServer.Reply streamThenHold(String contentType, List<String> first, List<String> rest) {
        return exchange -> {
            OutputStream out = WireServer.startStream(exchange, contentType);
            for (String chunk : first) WireServer.send(out, chunk);
            arrived.countDown();
            released.await(BOUND_MINUTES, TimeUnit.MINUTES);
            answered = true;
            for (String chunk : rest) WireServer.send(out, chunk);
            out.close();
        };
    }

    /** Waits (generously) until the server is holding the request. */
    void awaitHeld() throws InterruptedException {
        if (!arrived.await(BOUND_MINUTES, TimeUnit.MINUTES)) throw new AssertionError("the request never reached the server");
    }

    /** Whether the server is still holding: it has not answered (the rest of) the request. */
    boolean stillHeld() {
        return !answered;
    }

    void release() {
        released.countDown();
    }
}

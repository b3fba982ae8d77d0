package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class ResilientProviderTest {

    private static final ModelRef REF = ModelRef.of("m", "fake", "fake-1");
    private static final ChatResult OK = new ChatResult("ok", "stop", new ChatResult.Usage(1, 1, false), 5, null, "fake-1");

    /** Plays a script: each entry is a result or an exception to throw. */
    private static final class Scripted implements ModelProvider {
        final Deque<Object> script = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        Scripted then(Object step) {
            script.add(step);
            return this;
        }

        @Override
        public ChatResult chat(ChatRequest request, StreamListener listener) {
            calls.incrementAndGet();
            Object step = script.poll();
            if (step instanceof RuntimeException e) throw e;
            if (step instanceof String text) {
                listener.onText(text);
                throw new ProviderException("m: stream broke", true, -1, 0, null);
            }
            return (ChatResult) step;
        }
    }

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private ResilientProvider resilient(ModelProvider inner) {
        return new ResilientProvider(inner, "m", RetryPolicy.DEFAULT, ModelGate.unlimited("m"), sleeper, () -> 0.5);
    }

    private static ChatRequest request() {
        return new ChatRequest(REF, List.of(Message.text("user", "hi")), null);
    }

    @Test
    void rateLimitedCallIsRetriedAfterRetryAfter() {
        Scripted inner = new Scripted().then(new ProviderException("m: HTTP 429", true, 2000, 429, null)).then(OK);

        assertThat(resilient(inner).chat(request(), StreamListener.NONE)).isEqualTo(OK);
        assertThat(sleeper.waits).containsExactly(2000L);
    }

    @Test
    void givesUpWithTheLastErrorAfterMaxAttempts() {
        Scripted inner = new Scripted();
        for (int i = 1; i <= 5; i++) inner.then(new ProviderException("m: HTTP 503 #" + i, true, -1, 503, null));

        assertThatThrownBy(() -> resilient(inner).chat(request(), StreamListener.NONE)).hasMessage("m: HTTP 503 #4");
        assertThat(inner.calls).hasValue(4);
        assertThat(sleeper.waits).containsExactly(500L, 1000L, 2000L);
    }

    @Test
    void aTimeoutTriedSeveralTimesSaysHowManyTries() {
        // a new-user trial: "within 3 s (timeout)" while the cell took 15.5 s and the server got 4 requests
        Scripted inner = new Scripted();
        for (int i = 1; i <= 4; i++) {
            inner.then(new ProviderException("m: no answer from http://127.0.0.1:1/v1 within 3 s (timeout)", true, -1,
                    0, null));
        }

        assertThatThrownBy(() -> resilient(inner).chat(request(), StreamListener.NONE)).isInstanceOf(
                ProviderException.class).hasMessage("m: no answer from http://127.0.0.1:1/v1 within 3 s, 4 tries (timeout)");
        assertThat(inner.calls).hasValue(4);
        Scripted once = new Scripted().then(new ProviderException("m: no answer within 3 s (timeout)", false, -1, 0,
                null));
        assertThatThrownBy(() -> resilient(once).chat(request(), StreamListener.NONE))
                .hasMessage("m: no answer within 3 s (timeout)");
    }

    @Test
    void aClientErrorIsNotRetried() {
        Scripted inner = new Scripted().then(new ProviderException("m: HTTP 400", false, -1, 400, null)).then(OK);

        assertThatThrownBy(() -> resilient(inner).chat(request(), StreamListener.NONE)).hasMessage("m: HTTP 400");
        assertThat(inner.calls).hasValue(1);
    }

    @Test
    void anAttemptThatAlreadyStreamedTextIsNotRetried() {
        Scripted inner = new Scripted().then("Hel").then(OK);
        StringBuilder seen = new StringBuilder();

        assertThatThrownBy(() -> resilient(inner).chat(request(), seen::append)).hasMessage("m: stream broke");
        assertThat(seen).hasToString("Hel");
        assertThat(inner.calls).hasValue(1);
    }

    @Test
    void anUnexpectedExceptionEndsAsAProviderException() {
        Scripted inner = new Scripted().then(new IllegalStateException("bug"));

        assertThatThrownBy(() -> resilient(inner).chat(request(), StreamListener.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessage("m: unexpected failure: bug") // the cause's message, never its class name
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void noNewAttemptStartsAfterCancel() {
        ChatRequest request = request();
        Scripted inner = new Scripted().then(new ProviderException("m: HTTP 500", true, -1, 500, null)).then(OK);
        ResilientProvider p = new ResilientProvider(inner, "m", RetryPolicy.DEFAULT, ModelGate.unlimited("m"),
                (millis, c) -> request.cancellation().cancel(), () -> 0.5);

        assertThatThrownBy(() -> p.chat(request, StreamListener.NONE)).isInstanceOf(CallCancelledException.class);
        assertThat(inner.calls).hasValue(1);
    }

    @Test
    void aCancelledRequestNeverReachesTheAdapter() {
        ChatRequest request = request();
        request.cancellation().cancel();
        Scripted inner = new Scripted().then(OK);

        assertThatThrownBy(() -> resilient(inner).chat(request, StreamListener.NONE))
                .isInstanceOf(CallCancelledException.class).hasMessage("m: cancelled");
        assertThat(inner.calls).hasValue(0);
    }

    @Test
    void theRealSleeperWakesAtOnceOnCancel() throws Exception {
        Cancellation c = new Cancellation();
        CountDownLatch sleeping = new CountDownLatch(1);
        Thread canceller = new Thread(() -> {
            try {
                sleeping.await();
            } catch (InterruptedException e) {
                return;
            }
            c.cancel();
        });
        canceller.start();
        long start = System.nanoTime();

        sleeping.countDown();
        Sleeper.system().sleep(TimeUnit.MINUTES.toMillis(10), c);

        // Woken by the cancel: a ten-minute sleep ended within a generous minute, however loaded the machine is.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
        canceller.join();
    }

    @Test
    void theGateIsReleasedAfterEachAttempt() {
        ModelGate gate = new ModelGate("m", 1, null);
        Scripted inner = new Scripted().then(new ProviderException("m: HTTP 500", true, -1, 500, null)).then(OK);
        ResilientProvider p = new ResilientProvider(inner, "m", RetryPolicy.DEFAULT, gate, sleeper, () -> 0.5);

        assertThat(p.chat(request(), StreamListener.NONE)).isEqualTo(OK);
        assertThat(gate.inFlight()).isZero();
    }
}

package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * What every adapter must do, each against a local server speaking its provider's wire format: parse whole and
 * streamed answers into the same record, and fail each fault with a clear error, retried where it should be.
 *
 * <p>When a stream is complete is each protocol's own end marker (issue 8, section 5). Sources of the markers:
 * OpenAI's API reference / openapi.yaml, {@code ChatCompletionStreamOptions.include_usage}: "an additional chunk will
 * be streamed before the data: [DONE] message ... the choices field will always be an empty array", and
 * {@code finish_reason}: "stop", "length", "content_filter", "tool_calls", "function_call" (as published in the
 * openai-struct crate on docs.rs, generated from that spec); the official clients (openai-python, openai-node) end
 * iteration at end-of-body without error, so a server that closes after finish_reason sent a complete answer.
 * Anthropic's "Streaming Messages" page: message_start, content blocks, "one or more message_delta events"
 * carrying stop_reason, "a final message_stop event", and in-stream {@code event: error} (e.g. overloaded_error).
 * Gemini {@code streamGenerateContent?alt=sse}: each event is a GenerateContentResponse; there is no [DONE]
 * sentinel, the candidate's {@code finishReason} (STOP, MAX_TOKENS, ...) marks the end. Ollama's API docs
 * ({@code /api/chat}, NDJSON): the last object has {@code "done": true} with {@code done_reason} and the counts.
 */
class AdapterContractTest {

    private static final List<Message> HELLO = List.of(Message.text("system", "Be brief."), Message.text("user", "Hi"));
    private static final List<String> PIECES = List.of("Hello", " there", ", friend");

    @TempDir
    Path tmp;

    WireServer server;
    RecordingSleeper sleeper;
    ProviderFactory factory;

    static List<Dialect> dialects() {
        return Dialect.all();
    }

    @BeforeEach
    void start() {
        server = WireServer.start();
        sleeper = new RecordingSleeper();
        factory = ProviderFactory.builder()
                .credentials(new Credentials(Dialect.ENV, tmp.resolve("credentials")))
                .sleeper(sleeper)
                .random(() -> 0.5)
                .tokenCommand(TokenCommand.NONE)
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelRef ref(Dialect d) {
        return d.ref(server.url(), null);
    }

    private static ChatRequest request(ModelRef ref) {
        return new ChatRequest(ref, HELLO, GenerationParams.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aWholeAnswerIsParsedIntoTheRecord(Dialect d) {
        server.then(WireServer.json(200, d.body("Hello there, friend", 12, 3)));

        ChatResult result = factory.adapter(ref(d)).chat(request(ref(d)), StreamListener.NONE);

        assertThat(result.text()).isEqualTo("Hello there, friend");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(12, 3, false));
        assertThat(result.providerModel()).isEqualTo(d.reportedModel());
        assertThat(result.firstTokenMillis()).isNull();
        WireServer.Received sent = server.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(d.path(false));
        if (d.authHeader() != null) assertThat(sent.header(d.authHeader())).isEqualTo(d.authValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamedAnswerReachesTheListenerAndEndsInTheSameRecord(Dialect d) {
        server.then(WireServer.json(200, d.body("Hello there, friend", 12, 3)));
        server.then(WireServer.stream(d.streamType(), d.stream(PIECES, 12, 3), 5));
        ModelProvider adapter = factory.adapter(ref(d));
        ChatResult whole = adapter.chat(request(ref(d)), StreamListener.NONE);
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatResult streamed = adapter.chat(request(ref(d)), deltas::add);

        assertThat(deltas).containsExactlyElementsOf(PIECES);
        assertThat(streamed.text()).isEqualTo(whole.text());
        assertThat(streamed.finishReason()).isEqualTo(whole.finishReason());
        assertThat(streamed.usage()).isEqualTo(whole.usage());
        assertThat(streamed.providerModel()).isEqualTo(whole.providerModel());
        assertThat(streamed.firstTokenMillis()).isNotNull().isBetween(0L, streamed.latencyMillis());
        assertThat(server.last().path()).isEqualTo(d.path(true));
        if (d.kind.equals("gemini") || d.kind.equals("vertex")) assertThat(server.last().query()).isEqualTo("alt=sse");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamingRequestAnsweredWithAWholeJsonBodyIsReadAsTheWholeAnswer(Dialect d) throws Exception {
        // Some local OpenAI-compatible servers ignore stream: true and send the non-streaming body; pretty-printed
        // here, so no line of it passes for an event of any stream format.
        String pretty = WireJson.MAPPER.readTree(d.body("Hello there, friend", 12, 3)).toPrettyString();
        server.then(WireServer.json(200, pretty));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatResult result = factory.adapter(ref(d)).chat(request(ref(d)), deltas::add);

        assertThat(server.last().path()).isEqualTo(d.path(true));
        assertThat(deltas).containsExactly("Hello there, friend");
        assertThat(result.text()).isEqualTo("Hello there, friend");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(12, 3, false));
        assertThat(result.providerModel()).isEqualTo(d.reportedModel());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aGarbageBodyLabelledJsonOnAStreamingRequestStillFailsAsAMalformedStream(Dialect d) {
        server.then(WireServer.json(200, "<html>proxy error</html>"));

        assertThatThrownBy(() -> factory.adapter(ref(d)).chat(request(ref(d)), delta -> { }))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("m-" + d.kind + ": malformed stream from " + server.url())
                .hasMessageContaining("<html>proxy error</html>")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void rateLimitedCallIsRetriedAfterRetryAfter(Dialect d) {
        server.then(WireServer.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", "Retry-After", "1"));
        server.then(WireServer.json(200, d.body("ok", 1, 1)));

        ChatResult result = factory.provider(ref(d)).chat(request(ref(d)), StreamListener.NONE);

        assertThat(result.text()).isEqualTo("ok");
        assertThat(sleeper.waits).containsExactly(1000L);
        assertThat(server.received()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void serverErrorIsRetriedWithBackoffThenSucceeds(Dialect d) {
        server.then(WireServer.json(500, "{\"error\":{\"message\":\"internal\"}}"));
        server.then(WireServer.json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        server.then(WireServer.json(200, d.body("ok", 1, 1)));

        ChatResult result = factory.provider(ref(d)).chat(request(ref(d)), StreamListener.NONE);

        assertThat(result.text()).isEqualTo("ok");
        assertThat(sleeper.waits).containsExactly(500L, 1000L); // full jitter at 0.5 of 1 s, then of 2 s
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void persistentServerErrorGivesUpWithTheLastError(Dialect d) {
        for (int i = 0; i < 4; i++) server.then(WireServer.json(500, "{\"error\":{\"message\":\"boom " + i + "\"}}"));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.provider(ref(d)).chat(request(ref(d)), StreamListener.NONE));

        assertThat(e.getMessage()).isEqualTo("m-" + d.kind + ": HTTP 500 from " + server.url() + d.path(false)
                + (d.kind.equals("azure-openai") ? "?api-version=2024-10-21" : "") + ": boom 3");
        assertThat(e.status()).isEqualTo(500);
        assertThat(server.received()).hasSize(4);
        assertThat(sleeper.waits).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aClientErrorIsNotRetriedAndNeverShowsTheKey(Dialect d) {
        String echo = d.secret() == null ? "bad request" : "Incorrect API key provided: " + d.secret();
        server.then(WireServer.json(401, "{\"error\":{\"message\":" + Dialect.q(echo) + "}}"));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.provider(ref(d)).chat(request(ref(d)), StreamListener.NONE));

        assertThat(e.getMessage()).startsWith("m-" + d.kind + ": HTTP 401 from ").doesNotContain("\n");
        if (d.secret() != null) assertThat(e.getMessage()).contains("Incorrect API key").doesNotContain(d.secret());
        assertThat(e.retryable()).isFalse();
        assertThat(server.received()).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aRefusedConnectionIsRetriedThenReported(Dialect d) {
        String url = server.url();
        server.close();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.provider(d.ref(url, null)).chat(request(d.ref(url, null)), StreamListener.NONE));

        assertThat(e.getMessage()).startsWith("m-" + d.kind + ": cannot connect to " + url)
                .endsWith("(connection refused)");
        assertThat(e.retryable()).isTrue();
        assertThat(sleeper.waits).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aSlowServerTimesOutRetryably(Dialect d) {
        // The server holds its answer until released: the call must end by its own 1 s timeout, however long that
        // takes on a loaded machine, while the server is still holding (no wall-clock bound).
        HeldReply hold = new HeldReply();
        server.then(hold.thenAnswer(WireServer.json(200, d.body("late", 1, 1))));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.adapter(d.ref(server.url(), 1)).chat(request(ref(d)), StreamListener.NONE));

        assertThat(hold.stillHeld()).as("ended by the timeout, not by the server's answer").isTrue();
        hold.release();
        assertThat(e).isNotNull();
        // On a loaded machine the 1 s can run out while the connection to localhost is still being made: that is
        // the same timeout, reported as a connect timeout.
        assertThat(e.getMessage()).matches("m-" + d.kind + ": (no answer from " + java.util.regex.Pattern.quote(
                server.url()) + ".* within 1 s \\(timeout\\)|cannot connect to .*\\(connect timeout\\))");
        assertThat(e.retryable()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamThatStallsTimesOut(Dialect d) {
        List<String> events = d.truncated(PIECES.subList(0, 1));
        HeldReply hold = new HeldReply();
        server.then(hold.streamThenHold(d.streamType(), events, List.of()));

        // 3 s, not 1: the same timeout first bounds the wait for the stream's start, which a loaded machine can
        // stretch past 1 s; the stall is what the test is about.
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.adapter(d.ref(server.url(), 3)).chat(request(ref(d)), delta -> { }));

        assertThat(hold.stillHeld()).as("ended by the stall timeout while the stream was silent").isTrue();
        hold.release();
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("stalled for 3 s (timeout)");
        assertThat(e.retryable()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamThatEndsEarlyFailsAsTruncated(Dialect d) {
        server.then(WireServer.stream(d.streamType(), d.truncated(PIECES), 0));

        assertThatThrownBy(() -> factory.adapter(ref(d)).chat(request(ref(d)), delta -> { }))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("m-" + d.kind + ": stream from " + server.url())
                .hasMessageEndingWith("(truncated)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aConnectionDroppedMidStreamFails(Dialect d) {
        server.then(WireServer.brokenStream(d.streamType(), d.truncated(PIECES)));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.provider(ref(d)).chat(request(ref(d)), deltas::add));

        assertThat(e.getMessage()).startsWith("m-" + d.kind + ": stream from " + server.url());
        assertThat(e.getMessage()).contains(" broke: ");
        assertThat(e.retryable()).isTrue();
        assertThat(server.received()).as("text already streamed: not retried").hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aGarbageBodyFailsAsMalformedAndIsNotRetried(Dialect d) {
        server.then(WireServer.text(200, "text/html", "<html><body>Bad gateway, try later</body></html>"));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.provider(ref(d)).chat(request(ref(d)), StreamListener.NONE));

        assertThat(e.getMessage()).startsWith("m-" + d.kind + ": malformed response from " + server.url())
                .contains("'<html><body>Bad gateway");
        assertThat(server.received()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aGarbageLineInAStreamFails(Dialect d) {
        List<String> events = new java.util.ArrayList<>(d.truncated(PIECES.subList(0, 1)));
        events.add("<html>proxy error</html>\n\n");
        server.then(WireServer.stream(d.streamType(), events, 0));

        assertThatThrownBy(() -> factory.adapter(ref(d)).chat(request(ref(d)), delta -> { }))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("m-" + d.kind + ": malformed stream from " + server.url())
                .hasMessageContaining("<html>proxy error</html>");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamCutMidwayFailsAndKeepsTheTextThatArrived(Dialect d) {
        List<String> events = new java.util.ArrayList<>(d.truncated(PIECES.subList(0, 2)));
        events.add("data: {\"id\":\"x\",\"choi\n\n");
        server.then(WireServer.stream(d.streamType(), events, 0));
        StringBuilder seen = new StringBuilder();

        assertThatThrownBy(() -> factory.adapter(ref(d)).chat(request(ref(d)), seen::append))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getMessage()).startsWith("m-" + d.kind + ": malformed stream from " + server.url());
                    assertThat(e.partialText()).isEqualTo("Hello there");
                });
        assertThat(seen).hasToString("Hello there");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamThatEndsEarlyKeepsTheTextThatArrived(Dialect d) {
        server.then(WireServer.stream(d.streamType(), d.truncated(PIECES), 0));

        assertThatThrownBy(() -> factory.adapter(ref(d)).chat(request(ref(d)), delta -> { }))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.partialText()).isEqualTo("Hello there, friend"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void cancelMidStreamEndsTheCallAtOnce(Dialect d) throws Exception {
        // The server sends one piece and then holds the stream open: only the cancel can end the call while it holds
        // (released, it would end the body without its end marker: a truncation, not a cancel).
        HeldReply hold = new HeldReply();
        server.then(hold.streamThenHold(d.streamType(), d.truncated(List.of("tick ")), List.of()));
        ModelRef ref = ref(d);
        ChatRequest request = request(ref);
        CountDownLatch first = new CountDownLatch(1);
        Thread canceller = new Thread(() -> {
            try {
                if (first.await(HeldReply.BOUND_MINUTES, TimeUnit.MINUTES)) request.cancellation().cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();

        assertThatThrownBy(() -> factory.provider(ref).chat(request, delta -> first.countDown()))
                .isInstanceOf(CallCancelledException.class)
                .hasMessage("m-" + d.kind + ": cancelled");

        assertThat(hold.stillHeld()).as("ended by the cancel while the stream was still open").isTrue();
        hold.release();
        canceller.join();
        assertThat(server.received()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void cancelWhileWaitingForAWholeAnswerAbortsTheCall(Dialect d) {
        HeldReply hold = new HeldReply();
        server.then(hold.thenAnswer(WireServer.json(200, d.body("late", 1, 1))));
        ChatRequest request = request(ref(d));
        // Cancel once the server has the request (an event, not a delay).
        new Thread(() -> {
            try {
                hold.awaitHeld();
            } catch (InterruptedException e) {
                return;
            }
            request.cancellation().cancel();
        }).start();

        assertThatThrownBy(() -> factory.provider(ref(d)).chat(request, StreamListener.NONE))
                .isInstanceOf(CallCancelledException.class);

        assertThat(hold.stillHeld()).as("ended by the cancel while the server still held its answer").isTrue();
        hold.release();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void anAnswerWithoutUsageIsEstimated(Dialect d) {
        String body = d.body("Hello there, friend", 12, 3)
                .replaceAll("\"(usage|usageMetadata)\":\\{[^}]*}", "\"$1\":{}")
                .replaceAll(",?\\s*\"(prompt_eval_count|eval_count)\":\\d+", "");
        server.then(WireServer.json(200, body));

        ChatResult result = factory.adapter(ref(d)).chat(request(ref(d)), StreamListener.NONE);

        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(3, 5, true)); // "Be brief.Hi" = 11 chars; 19 chars out
    }

    // ---- stream endings: complete is the protocol's own end marker (see the class comment for the sources)

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamThatClosesRightAfterItsEndMarkerIsCompleteAndNotRetried(Dialect d) {
        // OpenAI: finish_reason "stop" and the usage chunk, then the body closes without data: [DONE];
        // Anthropic: message_delta with stop_reason, then no message_stop; Gemini, Ollama: their last event.
        server.then(WireServer.stream(d.streamType(), d.withoutTerminator(PIECES, 12, 3, d.stopReason()), 0));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatResult result = factory.provider(ref(d)).chat(request(ref(d)), deltas::add);

        assertThat(result.text()).isEqualTo("Hello there, friend");
        assertThat(deltas).containsExactlyElementsOf(PIECES);
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage()).isEqualTo(new ChatResult.Usage(12, 3, false));
        assertThat(server.received()).as("a complete answer is not asked for again").hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aStreamCutByTheTokenLimitIsCompleteAndSaysLength(Dialect d) {
        // OpenAI finish_reason "length", Anthropic stop_reason "max_tokens", Gemini "MAX_TOKENS", Ollama done_reason
        // "length": the text is what the model wrote before the limit, kept, and marked as cut.
        server.then(WireServer.stream(d.streamType(), d.withoutTerminator(PIECES, 12, 3, d.lengthReason()), 0));

        ChatResult result = factory.provider(ref(d)).chat(request(ref(d)), delta -> { });

        assertThat(result.text()).isEqualTo("Hello there, friend");
        assertThat(result.finishReason()).isEqualTo("length");
        assertThat(server.received()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void aConnectionDroppedAfterTheEndMarkerKeepsTheAnswer(Dialect d) {
        server.then(WireServer.brokenStream(d.streamType(), d.withoutTerminator(PIECES, 12, 3, d.stopReason())));

        ChatResult result = factory.provider(ref(d)).chat(request(ref(d)), delta -> { });

        assertThat(result.text()).isEqualTo("Hello there, friend");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(server.received()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void anErrorSentInTheStreamStaysAnError(Dialect d) {
        // OpenAI data: {"error": ...}, Anthropic event: error, Gemini's error object, Ollama {"error": "..."}.
        List<String> events = new java.util.ArrayList<>(d.truncated(PIECES.subList(0, 1)));
        events.add(d.errorEvent("The model is overloaded, try again"));
        server.then(WireServer.stream(d.streamType(), events, 0));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> factory.provider(ref(d)).chat(request(ref(d)), delta -> { }));

        assertThat(e.getMessage()).isEqualTo("m-" + d.kind + ": error in stream from " + server.url() + d.path(true)
                + (d.kind.equals("azure-openai") ? "?api-version=2024-10-21" : "")
                + (d.kind.equals("gemini") || d.kind.equals("vertex") ? "?alt=sse" : "")
                + ": The model is overloaded, try again");
        assertThat(server.received()).as("text already streamed: not retried").hasSize(1);
    }
}

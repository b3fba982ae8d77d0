package org.promptstudio.provider;

import org.promptstudio.model.ErrorText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends adapter calls over the JDK {@link HttpClient} and turns every way a call can fail into a
 * {@link ProviderException}: HTTP status (with {@code Retry-After}), refused connections, timeouts, broken streams,
 * cancellation. A cancelled call aborts its HTTP exchange; a stream that stalls longer than the call's timeout is
 * abandoned. URLs in messages and logs are redacted; headers are never logged.
 */
final class HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Receives the lines of a streamed body; returns false when the answer is complete. */
    @FunctionalInterface
    interface LineSink {
        boolean onLine(String line);
    }

    /** The client given at construction (tests), or null: then the two below are built when first needed. */
    private final HttpClient given;
    /** The client for {@code https}, with the default TLS set-up; null until a call needs it. */
    private volatile HttpClient tls;
    /** The client for plain {@code http}, which never sets TLS up; null until a call needs it. */
    private volatile HttpClient plain;
    private final Clock clock;
    /** The most redirects one call follows. */
    static final int MAX_REDIRECTS = 5;

    /** A transport on {@code client}, or on clients built at the first call that needs each when it is null. */
    HttpTransport(HttpClient client, Clock clock) {
        this.given = client;
        this.clock = clock;
    }

    /**
     * The client for a call to {@code uri}, built at the first call that needs it (decision 0155: no TLS work before
     * it is used). Building the JDK's client sets up the default SSL context (about 1,000 classes, the trust store
     * read, a tenth to a third of a second of a cold start) even when every URL is plain {@code http}, as local
     * model servers are: those calls go through a second client whose SSL context is {@link PlainHttpOnly}, which
     * sets nothing up (issue 16; decision 0157 addendum). Neither follows redirects: {@link #redirected} does.
     */
    private HttpClient client(java.net.URI uri) {
        if (given != null) return given;
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            HttpClient c = plain;
            if (c != null) return c;
            synchronized (this) {
                if (plain == null) plain = builder().sslContext(PlainHttpOnly.context()).build();
                return plain;
            }
        }
        HttpClient c = tls;
        if (c != null) return c;
        synchronized (this) {
            if (tls == null) tls = defaultClient();
            return tls;
        }
    }

    /**
     * The call a redirect answer sends on, or null when {@code status} is no redirect (or names no place). A model
     * call carries its key in its headers, so it follows a redirect only to the same host (the scheme and port may
     * change, e.g. {@code http} to {@code https}), the same POST and body whatever the code (a model API takes no
     * GET), at most {@value #MAX_REDIRECTS} times; the JDK client's own following would send the key to any host.
     *
     * @throws ProviderException not retryable, naming both places, for a redirect to another host, one past the
     *         limit, or a location that is no URL
     */
    private static WireCall redirected(WireCall call, int hops, int status, HttpHeaders headers) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) return null;
        String location = headers.firstValue("location").orElse("").strip();
        if (location.isEmpty()) return null;
        java.net.URI target;
        try {
            target = call.uri().resolve(location);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(call.redactor().clean(call.modelId() + ": HTTP " + status + " from "
                    + call.shownUrl() + " redirects to '" + location + "', which is no URL"), false, -1, status, null);
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
        String shown = call.redactor().clean(target.toString());
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null
                || !target.getHost().equalsIgnoreCase(call.uri().getHost())) {
            throw new ProviderException(call.redactor().clean(call.modelId() + ": HTTP " + status + " from "
                    + call.shownUrl() + " redirects to another host (" + shown + "); not followed, so that the key"
                    + " goes nowhere else: set the model's baseUrl to that place if it is right"), false, -1, status,
                    null);
        }
        if (hops >= MAX_REDIRECTS) {
            throw new ProviderException(call.redactor().clean(call.modelId() + ": " + call.shownUrl()
                    + " redirected more than " + MAX_REDIRECTS + " times (last to " + shown + ")"), false, -1, status,
                    null);
        }
        LOG.debug("{}: HTTP {} from {}: sent again to {}", call.modelId(), status, call.shownUrl(), shown);
        return new WireCall(call.modelId(), target, call.headers(), call.body(), call.timeout(), call.cancellation(),
                call.redactor());
    }

    static HttpClient defaultClient() {
        return builder().build();
    }

    private static HttpClient.Builder builder() {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        ProxySelector proxy = ProxySelector.getDefault();
        if (proxy != null) builder.proxy(proxy);
        return builder;
    }

    /** POSTs the call and returns the body of a 2xx answer. */
    String post(WireCall call) {
        return post(call, 0);
    }

    private String post(WireCall call, int hops) {
        checkNotCancelled(call);
        if (given == null && "http".equalsIgnoreCase(call.uri().getScheme())) return postPlain(call, hops);
        LOG.debug("{}: POST {}", call.modelId(), call.shownUrl());
        CompletableFuture<HttpResponse<String>> future = client(call.uri())
                .sendAsync(request(call), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Runnable abort = () -> future.cancel(true);
        call.cancellation().onCancel(abort);
        try {
            HttpResponse<String> response = future.get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
            WireCall next = redirected(call, hops, response.statusCode(), response.headers());
            if (next != null) return post(next, hops + 1);
            if (response.statusCode() / 100 != 2) {
                throw httpError(call, response.statusCode(), response.headers(), response.body());
            }
            return response.body();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(call, e);
        } catch (CancellationException e) {
            throw cancelledOr(call, e);
        } catch (ExecutionException e) {
            throw failure(call, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CallCancelledException(call.modelId());
        } finally {
            call.cancellation().removeHook(abort);
        }
    }

    static {
        // The JDK's HttpURLConnection (postPlain) keeps at most http.maxConnections idle connections per server, 5
        // unless set: a run at concurrency 64 would open a new connection for most calls. Read once, at its first
        // use; a value the user set is kept. sun.net.http.retryPost=false: it would otherwise send a POST again,
        // unasked, when a kept connection turns out closed (a model call paid twice); the retry policy decides.
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "256");
        if (System.getProperty("sun.net.http.retryPost") == null) System.setProperty("sun.net.http.retryPost", "false");
    }

    /**
     * {@link #post} for a plain {@code http} URL (local model servers: vLLM, llama.cpp, Ollama, LM Studio) over the
     * JDK's blocking {@link java.net.HttpURLConnection}, HTTP/1.1 with connections kept alive and reused, on the
     * calling thread (decision 0159): no selector thread, no completion stages, no thread per answer. The call's
     * timeout bounds the connection (at most 10 s) and each wait for the server's bytes; a cancel closes the
     * connection, which ends a blocked read at once. Redirects as {@link #redirected}; errors as the JDK client's.
     *
     * @return the body of a 2xx answer
     * @throws ProviderException one line naming the model and the URL, as {@link #post}
     */
    private String postPlain(WireCall call, int hops) {
        LOG.debug("{}: POST {}", call.modelId(), call.shownUrl());
        java.net.HttpURLConnection conn;
        try {
            conn = (java.net.HttpURLConnection) call.uri().toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw failure(call, e);
        }
        Runnable abort = conn::disconnect;
        call.cancellation().onCancel(abort);
        try {
            int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, call.timeout().toMillis()));
            conn.setConnectTimeout(Math.min(timeout, 10_000));
            conn.setReadTimeout(timeout);
            conn.setInstanceFollowRedirects(false);
            conn.setUseCaches(false);
            conn.setRequestMethod("POST");
            conn.setRequestProperty("Content-Type", "application/json");
            conn.setRequestProperty("Accept", "application/json, text/event-stream, application/x-ndjson");
            call.headers().forEach(conn::setRequestProperty);
            byte[] body = call.body().getBytes(StandardCharsets.UTF_8);
            conn.setDoOutput(true);
            // Not setFixedLengthStreamingMode: in streaming mode a 401 answer's body is not kept (the JDK would have
            // resent the request to authenticate), and the provider's reason in it would be lost. The body is buffered
            // once; the JDK sends its Content-Length.
            try (java.io.OutputStream out = conn.getOutputStream()) {
                out.write(body);
            }
            int status = conn.getResponseCode();
            if (status < 0) {
                // no status line: the JDK takes the bytes for an HTTP/0.9 body; say what came, as the JDK client does
                String got = read(conn.getInputStream(), 200);
                int end = got.indexOf('\n');
                throw new java.net.ProtocolException("Invalid status line: \"" + (end < 0 ? got : got.substring(0, end))
                        .strip() + "\"");
            }
            HttpHeaders headers = headers(conn);
            boolean ok = status / 100 == 2;
            String text = read(ok ? conn.getInputStream() : conn.getErrorStream(), ok ? Integer.MAX_VALUE
                    : MAX_ERROR_BODY);
            checkNotCancelled(call);
            WireCall next = redirected(call, hops, status, headers);
            if (next != null) return post(next, hops + 1);
            if (!ok) throw httpError(call, status, headers, text);
            return text;
        } catch (java.net.SocketTimeoutException e) {
            conn.disconnect();
            if (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect")) {
                throw new ProviderException(call.modelId() + ": cannot connect to " + call.shownUrl()
                        + " (connect timeout)", true, -1, 0, e);
            }
            throw timeout(call, e);
        } catch (IOException e) {
            conn.disconnect();
            if ("Invalid Http response".equals(e.getMessage())) {
                // the JDK's word for an answer with no status line (a POST gets no HTTP/0.9 reading)
                throw failure(call, new java.net.ProtocolException("the answer has no HTTP status line"));
            }
            throw failure(call, e);
        } finally {
            call.cancellation().removeHook(abort);
        }
    }

    /** The answer's headers (names as sent; looked up without regard to case), without the status line. */
    private static HttpHeaders headers(java.net.HttpURLConnection conn) {
        java.util.Map<String, List<String>> fields = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        conn.getHeaderFields().forEach((name, values) -> {
            if (name != null && values != null) fields.merge(name, List.copyOf(values), (a, b) -> {
                List<String> both = new java.util.ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        });
        return HttpHeaders.of(fields, (name, value) -> true);
    }

    /** The body as UTF-8, at most {@code limit} bytes of it (the rest is read and dropped, so the connection is kept). */
    private static String read(java.io.InputStream in, int limit) throws IOException {
        if (in == null) return "";
        try (in) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                int keep = Math.min(n, limit - out.size());
                if (keep > 0) out.write(buf, 0, keep);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * POSTs the call and hands each line of a 2xx streamed body to {@code sink} until it returns false or the body
     * ends. The call's timeout bounds the wait for the answer to start and each silence within it. The body is read
     * through our own subscriber and queue, not {@code BodyHandlers.ofInputStream()}, whose blocked read does not
     * wake when the stream is closed from another thread: cancel and stall must end the call at once.
     *
     * <p>Some OpenAI-compatible local servers ignore {@code stream: true} and answer with the whole non-streaming
     * body ({@code Content-Type: application/json}, one JSON object). Such a body is read whole and returned, for the
     * adapter to parse as a non-streamed answer; {@code sink} then sees nothing. A body so labelled that is not one
     * JSON object is handed to {@code sink} line by line as any stream is, so garbage fails as a malformed stream.
     *
     * @return the whole body when the server answered with one JSON object instead of a stream, else null (the lines
     *         went to {@code sink})
     * @throws ProviderException for an HTTP error, a stall, a broken body, or what {@code sink} throws
     */
    String stream(WireCall call, LineSink sink) {
        return stream(call, sink, 0);
    }

    private String stream(WireCall call, LineSink sink, int hops) {
        checkNotCancelled(call);
        LOG.debug("{}: POST {} (stream)", call.modelId(), call.shownUrl());
        BodyQueue queue = new BodyQueue();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future = client(call.uri())
                .sendAsync(request(call), HttpResponse.BodyHandlers.ofPublisher());
        Runnable abort = () -> {
            queue.abort();
            future.cancel(true);
        };
        call.cancellation().onCancel(abort);
        try {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
                    future.get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
            response.body().subscribe(queue);
            WireCall next = redirected(call, hops, response.statusCode(), response.headers());
            if (next != null) {
                queue.abort();
                return stream(next, sink, hops + 1);
            }
            if (response.statusCode() / 100 != 2) {
                StringBuilder body = new StringBuilder();
                queue.drain(call, new ByteLines(), line -> {
                    if (body.length() < MAX_ERROR_BODY) body.append(line).append('\n');
                    return true;
                });
                throw httpError(call, response.statusCode(), response.headers(), body.toString());
            }
            if (wholeJson(response.headers())) {
                List<String> lines = new java.util.ArrayList<>();
                queue.drain(call, new ByteLines(), line -> lines.add(line));
                String body = String.join("\n", lines);
                com.fasterxml.jackson.databind.JsonNode json = WireJson.tryParse(body);
                if (json != null && json.isObject()) {
                    LOG.debug("{}: {} answered a streaming request with a whole JSON body", call.modelId(),
                            call.shownUrl());
                    return body;
                }
                for (String line : lines) {
                    if (!sink.onLine(line)) break;
                }
                return null;
            }
            queue.drain(call, new ByteLines(), sink);
            return null;
        } catch (TimeoutException e) {
            queue.abort();
            future.cancel(true);
            throw timeout(call, e);
        } catch (CancellationException e) {
            throw cancelledOr(call, e);
        } catch (ExecutionException e) {
            throw failure(call, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort.run();
            throw new CallCancelledException(call.modelId());
        } finally {
            call.cancellation().removeHook(abort);
            queue.abort();
        }
    }

    /** The answer's media type is {@code application/json} (a whole body), not a stream's (SSE, NDJSON). */
    private static boolean wholeJson(HttpHeaders headers) {
        String type = headers.firstValue("content-type").orElse("");
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) type = type.substring(0, semicolon);
        return type.strip().equalsIgnoreCase("application/json");
    }

    private HttpRequest request(WireCall call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri())
                .timeout(call.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream, application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        // Plain-http servers (local vLLM, llama.cpp, Ollama, test servers) speak HTTP/1.1; skip the h2c upgrade.
        if ("http".equalsIgnoreCase(call.uri().getScheme())) builder.version(HttpClient.Version.HTTP_1_1);
        call.headers().forEach(builder::header);
        return builder.build();
    }

    private static void checkNotCancelled(WireCall call) {
        if (call.cancellation().isCancelled()) throw new CallCancelledException(call.modelId());
    }

    ProviderException httpError(WireCall call, int status, HttpHeaders headers, String body) {
        boolean retryable = status == 429 || status == 408 || status >= 500;
        long retryAfter = retryable ? retryAfterMillis(headers) : -1;
        String detail = ErrorBodies.detail(body);
        String message = call.modelId() + ": HTTP " + status + " from " + call.shownUrl()
                + (detail.isEmpty() ? "" : ": " + detail);
        return new ProviderException(call.redactor().clean(message), retryable, retryAfter, status, null);
    }

    /** {@code retry-after-ms} (OpenAI) or {@code Retry-After} in seconds or as an HTTP date; -1 when absent. */
    long retryAfterMillis(HttpHeaders headers) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Math.max(0, Math.round(Double.parseDouble(ms.get().strip())));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        return headers.firstValue("retry-after").map(this::parseRetryAfter).orElse(-1L);
    }

    long parseRetryAfter(String value) {
        String v = value.strip();
        try {
            return Math.max(0, Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - clock.millis());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    private static ProviderException timeout(WireCall call, Throwable cause) {
        return new ProviderException(call.modelId() + ": no answer from " + call.shownUrl() + " within "
                + seconds(call.timeout()) + " (timeout)", true, -1, 0, cause);
    }

    private static ProviderException cancelledOr(WireCall call, RuntimeException e) {
        if (call.cancellation().isCancelled()) return new CallCancelledException(call.modelId());
        return new ProviderException(call.modelId() + ": call to " + call.shownUrl() + " was aborted", true, -1, 0, e);
    }

    private static ProviderException failure(WireCall call, Throwable cause) {
        if (call.cancellation().isCancelled()) return new CallCancelledException(call.modelId());
        if (cause instanceof ProviderException p) return p;
        if (cause instanceof HttpConnectTimeoutException) {
            return new ProviderException(call.modelId() + ": cannot connect to " + call.shownUrl()
                    + " (connect timeout)", true, -1, 0, cause);
        }
        if (cause instanceof HttpTimeoutException) return timeout(call, cause);
        if (cause instanceof ConnectException) {
            return new ProviderException(call.modelId() + ": cannot connect to " + call.shownUrl()
                    + " (connection refused)", true, -1, 0, cause);
        }
        if (cause instanceof java.net.ProtocolException) {
            // the server answered with bytes that are no HTTP (a junk or non-HTTP server on that port): a retry gets
            // the same answer
            return new ProviderException(call.modelId() + ": " + call.shownUrl() + " did not answer in HTTP ("
                    + ErrorBodies.shorten(ErrorText.reason(cause).replaceAll("[^\\x20-\\x7E]", "?")) + ")", false, -1, 0, cause);
        }
        if (cause instanceof IOException) {
            return new ProviderException(call.modelId() + ": connection to " + call.shownUrl() + " failed: "
                    + describe(cause), true, -1, 0, cause);
        }
        return new ProviderException(call.modelId() + ": call to " + call.shownUrl() + " failed: "
                + describe(cause), false, -1, 0, cause);
    }

    private static String describe(Throwable e) {
        return ErrorText.reason(e).replaceAll("\\s+", " ");
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Splits bytes into UTF-8 lines; {@code \r\n} and {@code \n} both end a line. */
    private static final class ByteLines {
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        /** Feeds bytes; returns false as soon as the sink says the answer is complete. */
        boolean feed(ByteBuffer buffer, LineSink sink) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b != '\n') {
                    pending.write(b);
                    continue;
                }
                if (!sink.onLine(take())) return false;
            }
            return true;
        }

        boolean finish(LineSink sink) {
            return pending.size() == 0 || sink.onLine(take());
        }

        private String take() {
            String line = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }

    /**
     * Receives the body from the HTTP client into a queue that the calling thread drains with deadlines, so a silent
     * stream times out and a cancel wakes the reader at once.
     */
    private static final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {
        private static final Object END = new Object();
        private static final Object ABORTED = new Object();

        private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private volatile boolean aborted;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            if (!subscription.compareAndSet(null, s) || aborted) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            items.add(buffers);
        }

        @Override
        public void onError(Throwable error) {
            items.add(error);
        }

        @Override
        public void onComplete() {
            items.add(END);
        }

        void abort() {
            aborted = true;
            Flow.Subscription s = subscription.get();
            if (s != null) s.cancel();
            items.add(ABORTED);
        }

        /** Hands lines to {@code sink} until it is done or the body ends; throws on cancel, stall or a broken body. */
        void drain(WireCall call, ByteLines lines, LineSink sink) throws InterruptedException {
            long limit = call.timeout().toNanos();
            long deadline = System.nanoTime() + limit;
            while (true) {
                long left = deadline - System.nanoTime();
                Object item = left <= 0 ? null : items.poll(left, TimeUnit.NANOSECONDS);
                if (call.cancellation().isCancelled() || item == ABORTED) {
                    throw new CallCancelledException(call.modelId());
                }
                if (item == null) {
                    abort();
                    throw new ProviderException(call.modelId() + ": stream from " + call.shownUrl() + " stalled for "
                            + seconds(call.timeout()) + " (timeout)", true, -1, 0, null);
                }
                if (item == END) {
                    lines.finish(sink);
                    return;
                }
                if (item instanceof Throwable error) {
                    throw new ProviderException(call.modelId() + ": stream from " + call.shownUrl() + " broke: "
                            + describe(error), true, -1, 0, error);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer buffer : buffers) {
                    if (!lines.feed(buffer, sink)) {
                        abort();
                        return;
                    }
                }
                deadline = System.nanoTime() + limit;
                subscription.get().request(1);
            }
        }
    }
}

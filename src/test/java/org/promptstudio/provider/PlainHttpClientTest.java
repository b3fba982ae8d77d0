package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain-http calls go through a client that sets no TLS up ({@link PlainHttpOnly}, issue 16), and redirects are
 * followed by the transport itself: once each, to the same host only, so that a model's key goes nowhere else (a
 * new-user trial saw the JDK client's own following send it to another host). Real JDK HTTP server on 127.0.0.1;
 * the transport builds its own clients (none given).
 */
class PlainHttpClientTest {

    HttpServer server;
    final List<String> paths = new CopyOnWriteArrayList<>();
    /** The client's port of each exchange: the same port twice is one connection used twice. */
    final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    /** Counted down when a call reaches "/hold"; the handler then waits for {@link #release}. */
    final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            switch (path) {
                case "/hold" -> {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(exchange, "application/json", "{\"late\":true}");
                }
                case "/unauthorised" -> {
                    byte[] bytes = "{\"error\":{\"message\":\"Incorrect API key provided\"}}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(401, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
                case "/moved" -> {
                    exchange.getResponseHeaders().add("Location", "/v1/answer");
                    exchange.sendResponseHeaders(307, -1);
                    exchange.close();
                }
                case "/v1/answer" -> send(exchange, "application/json", "{\"answer\":42}");
                case "/v1/stream" -> send(exchange, "text/event-stream", "data: one\n\ndata: two\n\n");
                case "/elsewhere" -> {
                    exchange.getResponseHeaders().add("Location",
                            "http://localhost:" + server.getAddress().getPort() + "/v1/answer");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                }
                case "/loop" -> {
                    exchange.getResponseHeaders().add("Location", "/loop");
                    exchange.sendResponseHeaders(307, -1);
                    exchange.close();
                }
                case "/moved-stream" -> {
                    exchange.getResponseHeaders().add("Location", "/v1/stream");
                    exchange.sendResponseHeaders(308, -1);
                    exchange.close();
                }
                default -> send(exchange, "text/plain", "no such path");
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "plain-http-test-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private WireCall call(String path) {
        return new WireCall("local", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                Map.of("Authorization", "Bearer sk-test-key"),
                "{}", Duration.ofSeconds(60), new Cancellation(), Redactor.NONE);
    }

    @Test
    void aPlainHttpCallIsAnswered() {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        assertThat(transport.post(call("/v1/answer"))).isEqualTo("{\"answer\":42}");
        assertThat(transport.post(call("/v1/answer"))).isEqualTo("{\"answer\":42}");
        assertThat(paths).containsExactly("/v1/answer", "/v1/answer");
    }

    @Test
    void aRedirectedCallIsSentAgainAndFollowed() {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        assertThat(transport.post(call("/moved"))).isEqualTo("{\"answer\":42}");
        assertThat(paths).containsExactly("/moved", "/v1/answer");
    }

    @Test
    void aRedirectedStreamIsSentAgainAndFollowed() {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        List<String> lines = new ArrayList<>();
        assertThat(transport.stream(call("/moved-stream"), line -> {
            if (!line.isBlank()) lines.add(line);
            return true;
        })).isNull();
        assertThat(lines).containsExactly("data: one", "data: two");
        assertThat(paths).containsExactly("/moved-stream", "/v1/stream");
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedAndTheKeyGoesNowhereElse() {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transport.post(call("/elsewhere")))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("local: HTTP 302 from http://127.0.0.1:")
                .hasMessageContaining("redirects to another host (http://localhost:")
                .hasMessageNotContaining("sk-test-key");
        assertThat(paths).containsExactly("/elsewhere");
    }

    @Test
    void aRedirectLoopEndsAfterTheLimit() {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transport.post(call("/loop")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("redirected more than " + HttpTransport.MAX_REDIRECTS + " times");
        assertThat(paths).hasSize(HttpTransport.MAX_REDIRECTS + 1);
    }

    @Test
    void aPlainHttpConnectionIsKeptAliveAndUsedAgain() {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        for (int i = 0; i < 5; i++) assertThat(transport.post(call("/v1/answer"))).isEqualTo("{\"answer\":42}");
        assertThat(clientPorts).hasSize(5);
        assertThat(java.util.Set.copyOf(clientPorts)).as("one connection for five calls in a row").hasSize(1);
    }

    @Test
    void anErrorAnswersBodyIsReadAndTheConnectionIsStillUsedAgain() {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transport.post(call("/unauthorised")))
                .isInstanceOf(ProviderException.class)
                .hasMessage("local: HTTP 401 from http://127.0.0.1:" + server.getAddress().getPort()
                        + "/unauthorised: Incorrect API key provided");
        assertThat(transport.post(call("/v1/answer"))).isEqualTo("{\"answer\":42}");
        assertThat(java.util.Set.copyOf(clientPorts)).hasSize(1);
    }

    @Test
    void aCancelEndsACallWaitingForItsAnswerAtOnce() throws Exception {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        Cancellation cancellation = new Cancellation();
        WireCall call = new WireCall("local", URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/hold"), Map.of(), "{}", Duration.ofSeconds(600), cancellation, Redactor.NONE);
        java.util.concurrent.CompletableFuture<String> answer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> transport.post(call));
        held.await();
        cancellation.cancel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> answer.get(60, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(CallCancelledException.class);
    }

    @Test
    void aServerSilentPastTheTimeoutEndsTheCallWithATimeout() throws Exception {
        HttpTransport transport = new HttpTransport(null, Clock.systemUTC());
        WireCall call = new WireCall("local", URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/hold"), Map.of(), "{}", Duration.ofMillis(300), new Cancellation(), Redactor.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transport.post(call))
                .isInstanceOf(ProviderException.class)
                .hasMessage("local: no answer from http://127.0.0.1:" + server.getAddress().getPort()
                        + "/hold within 0.3 s (timeout)");
        assertThat(held.getCount()).isZero();
    }

    @Test
    void theClientForPlainHttpRefusesTls() {
        javax.net.ssl.SSLContext context = PlainHttpOnly.context();
        assertThat(context.getDefaultSSLParameters()).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.createSSLEngine("example.org", 443))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plain http calls only");
    }
}

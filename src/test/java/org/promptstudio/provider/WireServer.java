package org.promptstudio.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server on 127.0.0.1 that answers with scripted replies, in order, and records what it received.
 * Replies can stream slowly, stall, end a stream early, or break the connection mid-body.
 */
final class WireServer implements AutoCloseable {

    /** One scripted answer. */
    @FunctionalInterface
    interface Reply {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** A request as the server saw it; header names in lower case. */
    record Received(String method, String path, String query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wire-server");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

    private WireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static WireServer start() {
        try {
            return new WireServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    WireServer then(Reply reply) {
        replies.add(reply);
        return this;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    Received last() {
        List<Received> all = received();
        if (all.isEmpty()) throw new AssertionError("the server received nothing");
        return all.get(all.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body));
        Reply reply = replies.poll();
        try {
            if (reply == null) {
                json(500, "{\"error\":{\"message\":\"no reply scripted\"}}").answer(exchange);
            } else {
                reply.answer(exchange);
            }
            exchange.close();
        } catch (DropConnection e) {
            throw e; // the server closes the socket without ending the body
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            exchange.close(); // the client went away (cancel, timeout): nothing to do
        }
    }

    /** Thrown by a reply to make the server drop the connection where it is. */
    static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("dropping the connection on purpose", null, false, false);
        }
    }

    // ---- replies

    static Reply json(int status, String body, String... headerPairs) {
        return text(status, "application/json", body, headerPairs);
    }

    static Reply text(int status, String contentType, String body, String... headerPairs) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        };
    }

    /** Streams {@code chunks} (chunked encoding), flushing each and waiting {@code gapMillis} between them. */
    static Reply stream(String contentType, List<String> chunks, long gapMillis) {
        return exchange -> {
            OutputStream out = startStream(exchange, contentType);
            for (String chunk : chunks) {
                send(out, chunk);
                if (gapMillis > 0) Thread.sleep(gapMillis);
            }
            out.close();
        };
    }

    /** Streams {@code chunks}, then keeps the body open and silent for {@code holdMillis}. */
    static Reply stall(String contentType, List<String> chunks, long holdMillis) {
        return exchange -> {
            OutputStream out = startStream(exchange, contentType);
            for (String chunk : chunks) send(out, chunk);
            Thread.sleep(holdMillis);
            out.close();
        };
    }

    /** Streams {@code chunks}, then drops the connection without ending the chunked body. */
    static Reply brokenStream(String contentType, List<String> chunks) {
        return exchange -> {
            OutputStream out = startStream(exchange, contentType);
            for (String chunk : chunks) send(out, chunk);
            Thread.sleep(50);
            throw new DropConnection();
        };
    }

    /** Sends status 200 with {@code contentType} and a chunked body; returns the body to write to. */
    static OutputStream startStream(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes {@code chunk} (UTF-8) to {@code out} and flushes it, so the client gets it now. */
    static void send(OutputStream out, String chunk) throws IOException {
        out.write(chunk.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits, then answers with {@code then}. */
    static Reply after(long millis, Reply then) {
        return exchange -> {
            Thread.sleep(millis);
            then.answer(exchange);
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

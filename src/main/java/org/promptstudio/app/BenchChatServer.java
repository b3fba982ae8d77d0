package org.promptstudio.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenAI-compatible chat-completions server of {@code studio bench e2e}, run in a process of its own (its
 * threads and CPU are not the studio's): every {@code POST .../chat/completions} is answered after a fixed delay
 * with {@link #ANSWER}, whole or as server-sent events when the request asks {@code "stream": true} (with the usage
 * chunk of {@code stream_options.include_usage}, then {@code [DONE]}).
 *
 * <p>Started as {@code java -cp CLASSPATH org.promptstudio.app.BenchChatServer DELAY_MS THREADS PORT_FILE}: it
 * listens on a free port of 127.0.0.1, writes that port into {@code PORT_FILE} (whole, by a rename), and ends when
 * its standard input closes (the bench ended or died). {@code GET /bench/stats} answers one line,
 * {@code CALLS FIRST_US LAST_US}: the chat calls answered since the last such request, when the first arrived and
 * when the last answer was sent (microseconds since the epoch, the clock of the machine; 0 with no call), and
 * starts counting anew.
 */
public final class BenchChatServer {

    /** The assistant's text in every answer; the bench's {@code contains} assertion looks for {@link #CHECKED}. */
    public static final String ANSWER = "The answer is 42.";

    /** The part of {@link #ANSWER} the bench's assertion checks. */
    public static final String CHECKED = "42";

    private final long delayMillis;
    private final Object lock = new Object();
    private long calls;
    private long firstMicros;
    private long lastMicros;
    private final AtomicLong ids = new AtomicLong();

    private BenchChatServer(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    /**
     * @param args delay in ms, handler threads (at least the bench's concurrency), the file to write the port into
     * @throws IOException when the port cannot be opened or the port file written (the bench reports the exit)
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) throw new IllegalArgumentException("usage: BenchChatServer DELAY_MS THREADS PORT_FILE");
        long delay = Long.parseLong(args[0]);
        int threads = Integer.parseInt(args[1]);
        Path portFile = Path.of(args[2]);
        // The JDK server writes headers and body apart; without TCP_NODELAY, delayed ACKs add ~40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        BenchChatServer bench = new BenchChatServer(delay);
        // One thread per call in flight: each sleeps through the delay, as a model server holds the connection.
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-chat-server");
            t.setDaemon(true);
            return t;
        });
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(pool);
        server.createContext("/bench/stats", bench::stats);
        server.createContext("/", bench::chat);
        server.start();
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.getAddress().getPort()));
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing is said on standard input: its end is the signal to stop
            }
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private void chat(HttpExchange exchange) throws IOException {
        long arrived = nowMicros();
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                send(exchange, 404, "application/json", "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String id = "bench-" + ids.incrementAndGet();
            String model = model(body);
            if (body.replace(" ", "").contains("\"stream\":true")) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",";
                    String events = "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\""
                            + ANSWER + "\"},\"finish_reason\":null}]}\n\n"
                            + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                            + "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":5,"
                            + "\"total_tokens\":45}}\n\n"
                            + "data: [DONE]\n\n";
                    out.write(events.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"model\":\""
                        + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                        + ANSWER + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":40,"
                        + "\"completion_tokens\":5,\"total_tokens\":45}}");
            }
            long answered = nowMicros();
            synchronized (lock) {
                if (calls == 0 || arrived < firstMicros) firstMicros = arrived;
                if (answered > lastMicros) lastMicros = answered;
                calls++;
            }
        }
    }

    private void stats(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String line;
            synchronized (lock) {
                line = calls + " " + (calls == 0 ? 0 : firstMicros) + " " + (calls == 0 ? 0 : lastMicros) + "\n";
                calls = 0;
                firstMicros = 0;
                lastMicros = 0;
            }
            send(exchange, 200, "text/plain", line);
        }
    }

    /** The request's {@code model}, echoed in the answer as OpenAI does (a plain scan: the bench's names are plain). */
    private static String model(String body) {
        int key = body.indexOf("\"model\"");
        if (key < 0) return "bench";
        int open = body.indexOf('"', body.indexOf(':', key) + 1);
        int close = open < 0 ? -1 : body.indexOf('"', open + 1);
        return close < 0 ? "bench" : body.substring(open + 1, close);
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

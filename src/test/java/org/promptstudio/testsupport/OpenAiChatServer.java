package org.promptstudio.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server on 127.0.0.1 speaking OpenAI's chat-completions wire format, for tests of the window, the commands
 * and the use cases against an {@code openai-compatible} model: each request is handed to the test's {@link Answer},
 * which streams chunks ({@link Reply#delta}, {@link Reply#end}, {@link Reply#done}), answers whole
 * ({@link Reply#whole}) or with an error ({@link Reply#error}), and can hold the answer on a latch the test releases
 * ({@link Reply#hold}). Request bodies are kept in arrival order. (The provider tests script raw replies with their
 * own {@code provider.WireServer}; this one speaks only OpenAI's format.)
 *
 * <p>Formats: OpenAI API reference, "The chat completion object" and "The chat completion chunk object" (with
 * {@code stream_options.include_usage}: a last chunk with empty {@code choices} and the {@code usage}).
 */
public final class OpenAiChatServer implements AutoCloseable {

    /** How long a held answer waits for the test before it gives up (never reached when the test is green). */
    public static final long PATIENCE_SECONDS = 60;

    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");

    /** What the server does with one request. */
    @FunctionalInterface
    public interface Answer {
        void answer(Reply reply) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "openai-chat-server");
        t.setDaemon(true);
        return t;
    });
    private final Answer answer;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private OpenAiChatServer(Answer answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free port of 127.0.0.1 that answers every request with {@code answer}. */
    public static OpenAiChatServer start(Answer answer) {
        try {
            return new OpenAiChatServer(answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} (no path: a workspace's {@code baseUrl} adds {@code /v1} or more). */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The request bodies received so far, in arrival order; a live list the test may clear. */
    public List<String> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) {
        Reply reply = new Reply(exchange);
        try (exchange) {
            requests.add(reply.body);
            answer.answer(reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (cancel, timeout): nothing to answer
        } finally {
            reply.closeBody();
        }
    }

    /** One request and the means to answer it. */
    public static final class Reply {
        private final HttpExchange exchange;
        private final String body;
        private final String model;
        private OutputStream stream;

        Reply(HttpExchange exchange) {
            this.exchange = exchange;
            String read;
            try {
                read = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                read = "";
            }
            this.body = read;
            Matcher m = MODEL.matcher(read);
            this.model = m.find() ? m.group(1) : "model";
        }

        /** The request's path, e.g. {@code /v1/chat/completions}. */
        public String path() {
            return exchange.getRequestURI().getPath();
        }

        public String body() {
            return body;
        }

        /** Streams a chunk whose delta carries {@code text} (the first call sends status 200, text/event-stream). */
        public void delta(String text) throws IOException {
            event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}");
        }

        /** Streams the finish_reason chunk, then the usage chunk (empty choices). */
        public void end(String reason, int in, int out) throws IOException {
            event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}");
            event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + ",\"total_tokens\":"
                    + (in + out) + "}}");
        }

        /** Streams {@code data: } and {@code data} as it is, e.g. a chunk cut mid-way ({@code {"id":"x","choi}). */
        public void raw(String data) throws IOException {
            event(data);
        }

        /** Streams {@code data: [DONE]} (some servers close without it). */
        public void done() throws IOException {
            event("[DONE]");
        }

        private void event(String data) throws IOException {
            if (stream == null) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                stream = exchange.getResponseBody();
            }
            stream.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            stream.flush();
        }

        /** Answers whole (no stream): the assistant's {@code content}, finish_reason stop, and the usage. */
        public void whole(String content, int in, int out) throws IOException {
            json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + "}}");
        }

        /** Answers with an HTTP error status and OpenAI's error object. */
        public void error(int status, String message, String type) throws IOException {
            json(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\"}}");
        }

        /** Answers with {@code status} and a JSON body as given. */
        public void json(int status, String json) throws IOException {
            send(status, "application/json", json);
        }

        /** Answers with {@code status} and {@code text} as given (e.g. whole server-sent events, text/event-stream). */
        public void send(int status, String contentType, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        /** Waits until the test counts {@code latch} down; false when {@link #PATIENCE_SECONDS} passed first. */
        public boolean hold(CountDownLatch latch) throws InterruptedException {
            return latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }

        /** Waits for one permit of {@code step}; false when {@link #PATIENCE_SECONDS} passed first. */
        public boolean hold(Semaphore step) throws InterruptedException {
            return step.tryAcquire(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }

        void closeBody() {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // the client went away
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

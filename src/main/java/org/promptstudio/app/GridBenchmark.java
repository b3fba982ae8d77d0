package org.promptstudio.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;

/**
 * The workspace behind {@code studio bench ui-grid}: a prompt {@code ask} in three versions (two saved, the working
 * copy), a dataset of N questions, two OpenAI-compatible models that were answered once by a local 127.0.0.1 server
 * (their answers recorded in the response cache), and two replay models that answer from those recordings. A grid of
 * the three versions x the two replay models over the dataset then runs with no server and no network: what is
 * measured is the window, not a model.
 */
public final class GridBenchmark {

    /** The replay models, in column order. */
    public static final List<String> MODELS = List.of("replay-a", "replay-b");
    /** The versions, in column order. */
    public static final List<String> VERSIONS = List.of("1", "2", "working");
    /** The prompt. */
    public static final String PROMPT = "ask";
    /** The dataset. */
    public static final String DATASET = "questions";

    private GridBenchmark() {
    }

    /**
     * Writes the workspace in {@code dir} (which must not be one yet) and records every call the grid will make.
     *
     * @param rows the dataset's rows (at least 1)
     * @return the request that fills the grid from the recordings
     * @throws StudioException when the workspace cannot be written or a recording call failed
     */
    public static StreamingCompare.GridRequest prepare(Path dir, int rows) throws IOException {
        if (rows < 1) throw new StudioException("bench ui-grid: rows must be at least 1");
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "bench-grid-server");
            t.setDaemon(true);
            return t;
        });
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", GridBenchmark::answer);
        server.start();
        try {
            Studio.init(dir, "bench-ui-grid");
            int port = server.getAddress().getPort();
            StringBuilder yaml = new StringBuilder("name: bench-ui-grid\nmodels:\n");
            for (String m : List.of("a", "b")) {
                yaml.append("  - id: recorded-").append(m).append("\n    provider: openai-compatible\n    model: bench-")
                        .append(m).append("\n    baseUrl: http://127.0.0.1:").append(port)
                        .append("/v1\n    maxConcurrency: 8\n    timeoutSeconds: 30\n");
            }
            for (String m : List.of("a", "b")) {
                yaml.append("  - id: replay-").append(m).append("\n    provider: replay\n    model: recorded-").append(m)
                        .append('\n');
            }
            write(dir, "studio.yaml", yaml.toString());
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                data.append("{\"id\": \"q").append(i).append("\", \"question\": \"Question ").append(i)
                        .append(": how long does delivery to city ").append(i % 37)
                        .append(" take, and what does it cost?\", \"assert\": [{\"type\": \"contains\", \"value\": \"")
                        .append(i % 2 == 0 ? "days" : "free").append("\"}]}\n");
            }
            write(dir, "datasets/" + DATASET + ".jsonl", data.toString());
            String head = "---\nconfig: { temperature: 0 }\ninput:\n  schema:\n    question: string\n---\n";
            write(dir, "prompts/" + PROMPT + ".prompt", head + "Answer briefly.\n{{question}}\n");
            try (Studio studio = Studio.open(dir)) {
                studio.versions().save(PROMPT, "Brief");
                write(dir, "prompts/" + PROMPT + ".prompt", head + "Answer in full, with the price.\n{{question}}\n");
                studio.versions().save(PROMPT, "Full");
                write(dir, "prompts/" + PROMPT + ".prompt", head + "Answer as a list.\n{{question}}\n");
                StreamingCompare compare = studio.compare(studio.models(CachePolicy.AUTO));
                StreamingCompare.Result recorded = compare.run(compare.prepareGrid(new StreamingCompare.GridRequest(
                        PROMPT, VERSIONS, List.of("recorded-a", "recorded-b"), DATASET, null, null, null, null, 1)),
                        StreamingCompare.Listener.NONE);
                long failed = recorded.answers().stream().filter(a -> !a.ok()).count();
                if (failed > 0) {
                    throw new StudioException("bench ui-grid: " + failed + " of " + recorded.answers().size()
                            + " recording calls failed: " + recorded.answers().stream().filter(a -> !a.ok())
                            .findFirst().map(StreamingCompare.Answer::error).orElse(""));
                }
            }
            return new StreamingCompare.GridRequest(PROMPT, VERSIONS, MODELS, DATASET, null, null, null, null, 1);
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /**
     * Answers a chat completion, streamed as OpenAI does (SSE chunks, then usage and [DONE]) when asked to stream:
     * a few sentences of markdown that depend on the request, so the versions' answers differ word by word.
     */
    private static void answer(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int h = Math.abs(body.hashCode());
        String text = "**Delivery** takes " + (2 + h % 5) + " days" + (body.contains("price") ? " and costs $" + (h % 9)
                + ".99." : ".") + (body.contains("list") ? "\n\n- Tracked parcel\n- Signature on arrival\n- Free returns"
                : " Orders ship from our warehouse the next working day, and you get a tracking link by email.")
                + (h % 3 == 0 ? " Shipping is free over $50." : " Ask us if anything is unclear.");
        boolean stream = body.contains("\"stream\":true");
        byte[] out;
        if (stream) {
            StringBuilder sse = new StringBuilder();
            for (String piece : text.split("(?<= )")) {
                sse.append("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":").append(quote(piece)).append("},\"finish_reason\":null}]}\n\n");
            }
            sse.append("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                    + "\"finish_reason\":\"stop\"}]}\n\n");
            sse.append("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                    + "{\"prompt_tokens\":30,\"completion_tokens\":40,\"total_tokens\":70}}\n\ndata: [DONE]\n\n");
            out = sse.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        } else {
            out = ("{\"id\":\"b\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":" + quote(text) + "},\"finish_reason\":\"stop\"}],\"usage\":"
                    + "{\"prompt_tokens\":30,\"completion_tokens\":40,\"total_tokens\":70}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(200, out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void write(Path dir, String path, String text) throws IOException {
        AtomicFile.writeString(dir.resolve(path), "bench ui-grid: " + path, text);
    }
}

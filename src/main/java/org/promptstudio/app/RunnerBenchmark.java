package org.promptstudio.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;

/**
 * Measures the experiment runner against a local OpenAI-compatible server that answers every call after a fixed
 * delay: calls per second, the runner's own CPU time per call (the whole process's CPU less the server's threads, its
 * handlers and its dispatcher: rendering, the HTTP client, JSON, limits and recording in H2, and the JVM's compiler
 * and collector, which serve both), and peak heap, at several concurrency levels.
 */
public final class RunnerBenchmark {

    /** The figures of one concurrency level. */
    public record Level(int concurrency, int calls, int failed, double seconds, double callsPerSecond,
                        double cpuMicrosPerCall, long peakHeapBytes) {
    }

    private RunnerBenchmark() {
    }

    public static List<Level> run(Path scratch, int calls, long delayMillis, List<Integer> levels) throws IOException {
        // The JDK server writes headers and body apart; without TCP_NODELAY, delayed ACKs add ~40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Set<Long> serverThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger served = new AtomicInteger();
        ExecutorService serverPool = Executors.newFixedThreadPool(Math.max(8, levels.stream().mapToInt(i -> i).max().orElse(1) + 4), r -> {
            Thread t = new Thread(r, "bench-server");
            t.setDaemon(true);
            serverThreads.add(t.getId());
            return t;
        });
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(serverPool);
        server.createContext("/v1/chat/completions", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = served.incrementAndGet();
            byte[] body = ("{\"id\":\"bench-" + n + "\",\"object\":\"chat.completion\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Answer: 42\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":3,\"total_tokens\":43}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        // The server's dispatcher (the JDK server's own thread, which accepts connections and reads requests) is the
        // server's too, not the runner's.
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("HTTP-Dispatcher"))
                .forEach(t -> serverThreads.add(t.getId()));
        try {
            // A short warm-up level first, so the JIT's work is not counted as the runner's.
            Path warm = scratch.resolve("warm-up");
            Studio.init(warm, "bench-runner-warm-up");
            write(warm, server.getAddress().getPort(), 8, Math.min(200, calls));
            try (Studio studio = Studio.open(warm)) {
                level(studio, 8, serverThreads);
            }
            List<Level> out = new ArrayList<>();
            for (int c : levels) {
                Path dir = scratch.resolve("c" + c);
                Studio.init(dir, "bench-runner-" + c);
                write(dir, server.getAddress().getPort(), c, calls);
                try (Studio studio = Studio.open(dir)) {
                    out.add(level(studio, c, serverThreads));
                }
            }
            return out;
        } finally {
            server.stop(0);
            serverPool.shutdownNow();
        }
    }

    private static Level level(Studio studio, int concurrency, Set<Long> serverThreads) {
        Experiments experiments = studio.experiments();
        RunPlan plan = experiments.plan(experiments.read("bench"), null, null, null);
        ModelAccess access = studio.models(CachePolicy.OFF);
        ExperimentRunner runner = studio.runner(access);
        studio.callRepository(); // open the database before timing
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long serverCpu0 = cpu(threads, serverThreads);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Experiments.Outcome outcome = experiments.run(plan, null, runner, studio.runRepository(), studio.callRepository(),
                ExperimentRunner.Progress.NONE, new Cancellation());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long runnerCpu = (os.getProcessCpuTime() - cpu0) - (cpu(threads, serverThreads) - serverCpu0);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        int done = outcome.snapshot().done();
        return new Level(concurrency, done, outcome.snapshot().failed(), seconds, done / seconds,
                runnerCpu / 1000.0 / Math.max(1, done), peak);
    }

    private static long cpu(ThreadMXBean threads, Set<Long> ids) {
        long sum = 0;
        for (long id : ids) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) sum += t;
        }
        return sum;
    }

    private static void write(Path dir, int port, int concurrency, int calls) throws IOException {
        AtomicFile.writeString(dir.resolve("studio.yaml"), "bench runner: studio.yaml", "name: bench-runner\nmodels:\n"
                + "  - id: local\n    provider: openai-compatible\n    model: bench\n"
                + "    baseUrl: http://127.0.0.1:" + port + "/v1\n    maxConcurrency: " + concurrency + "\n"
                + "    timeoutSeconds: 30\n");
        AtomicFile.writeString(dir.resolve("prompts/solve.prompt"), "bench runner: prompts/solve.prompt", "---\nconfig: { temperature: 0, maxOutputTokens: 16 }\n"
                + "input:\n  schema:\n    question: string\n---\n{{role \"system\"}}Answer with a number.\n"
                + "{{role \"user\"}}{{question}}\n");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < calls; i++) {
            rows.append("{\"question\": \"What is ").append(i).append(" times 2?\", \"expected\": \"").append(2 * i)
                    .append("\"}\n");
        }
        AtomicFile.writeString(dir.resolve("datasets/bench.jsonl"), "bench runner: datasets/bench.jsonl", rows.toString());
        AtomicFile.writeString(dir.resolve("experiments/bench.yaml"), "bench runner: experiments/bench.yaml", "prompts: [solve]\nmodels: [local]\ndataset: bench\n"
                + "strategy: { type: chain-of-thought }\nconcurrency: " + concurrency + "\n");
        if (calls < 1) throw new StudioException("bench runner: calls must be at least 1");
    }
}

package org.promptstudio.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ModelUsage;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * Measures the store on a throw-away database with the workspace settings: recording calls in batches and one by
 * one (each committed to the file), then the per-model summary that dashboards show, the heap it took, and the
 * file's size while open, once closed and once compacted ({@code studio db compact}), which is about its live data.
 */
public final class StoreBenchmark {

    private static final String[] MODELS = {"gpt-4o-mini", "claude-haiku", "gemini-flash", "llama3.1:8b", "echo"};
    private static final String[] WORDS = ("the parcel left depot this morning refund within fourteen days valve"
            + " sensor bridge firmware update warranty invoice shipping returns account dial battery install")
            .split(" ");
    /** Calls recorded one by one, the way the runner records each call the moment it finishes. */
    static final int SINGLE_CALLS = 1000;

    /** What one benchmark run measured. Times in milliseconds, sizes in bytes. */
    public record Result(int calls, int textChars, int batchSize, long insertMillis, int singleCalls,
            long singleMillis, long summaryFirstMillis, long summaryBestMillis, List<ModelUsage> usage,
            long peakHeapBytes, long retainedHeapBytes, long openFileBytes, long fileBytes, long compactedBytes) {

        public double callsPerSecond() {
            return calls * 1000.0 / Math.max(1, insertMillis);
        }

        public double singleCallsPerSecond() {
            return singleCalls * 1000.0 / Math.max(1, singleMillis);
        }
    }

    private StoreBenchmark() {
    }

    /** Runs the benchmark in a temporary folder, deleted afterwards. */
    public static Result run(int calls, int textChars, int batchSize) {
        if (calls < 1 || textChars < 100 || batchSize < 1) {
            throw new StoreException("benchmark: need at least 1 call, 100 characters of text and a batch of 1");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("studio-bench");
        } catch (IOException e) {
            throw new StoreException("benchmark: cannot create a temporary folder (" + e.getMessage() + ")", e);
        }
        try {
            return run(dir, calls, textChars, batchSize);
        } finally {
            delete(dir);
        }
    }

    static Result run(Path stateDir, int calls, int textChars, int batchSize) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        Random random = new Random(20261126);
        String[] fillers = new String[64];
        for (int i = 0; i < fillers.length; i++) fillers[i] = filler(random, textChars);

        long insertMillis;
        long singleMillis;
        long first;
        long best = Long.MAX_VALUE;
        long openFileBytes;
        List<ModelUsage> usage;
        int singles = Math.min(SINGLE_CALLS, calls);
        try (Database db = Database.open(stateDir)) {
            long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "benchmark", null, null)).id();
            long start = System.nanoTime();
            List<CallRecord> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < calls; i++) {
                batch.add(call(random, run, i, fillers[i % fillers.length], textChars));
                if (batch.size() == batchSize || i == calls - 1) {
                    db.calls().insertBatch(batch);
                    batch.clear();
                }
            }
            insertMillis = millisSince(start);

            start = System.nanoTime();
            for (int i = 0; i < singles; i++) {
                db.calls().insert(call(random, run, calls + i, fillers[i % fillers.length], textChars));
            }
            singleMillis = millisSince(start);

            start = System.nanoTime();
            usage = db.calls().usageByModel();
            first = millisSince(start);
            for (int i = 0; i < 3; i++) {
                start = System.nanoTime();
                db.calls().usageByModel();
                best = Math.min(best, millisSince(start));
            }
            openFileBytes = fileSize(stateDir);
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        long retained = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        long closedBytes = fileSize(stateDir);
        long compacted = Database.compact(stateDir).afterBytes();
        return new Result(calls, textChars, batchSize, insertMillis, singles, singleMillis, first, best, usage, peak,
                retained, openFileBytes, closedBytes, compacted);
    }

    /** The size of the database file under {@code stateDir} in bytes, -1 when it cannot be read. */
    private static long fileSize(Path stateDir) {
        try {
            return Files.size(stateDir.resolve(Database.RELATIVE_PATH + ".mv.db"));
        } catch (IOException e) {
            return -1;
        }
    }

    /** A call as an experiment records it: about two thirds of the text sent, one third received. */
    private static CallRecord call(Random random, long run, int i, String filler, int textChars) {
        String model = MODELS[i % MODELS.length];
        int in = 50 + random.nextInt(2000);
        int out = 10 + random.nextInt(500);
        String number = i + " ";
        String sent = number + filler.substring(0, textChars * 2 / 3 - number.length());
        String received = filler.substring(textChars * 2 / 3);
        CallRecord.Builder b = CallRecord.builder().runId(run)
                .prompt("prompts/p" + (i % 8) + ".prompt", "0123456789abcdef0123456789abcdef0123456" + (i % 8))
                .model("bench", model).paramsJson("{\"temperature\":0.2}").finishReason("stop")
                .tokens(in, out)
                .cost(BigDecimal.valueOf(in * 15L + out * 60L, 8))
                .latencyMs((long) (200 + Math.exp(6 + random.nextGaussian())))
                .createdAt(Instant.now()).cacheKey(Long.toHexString(random.nextLong())).caseId("case-" + (i % 500))
                .texts(new CallTexts("[{\"role\":\"user\",\"content\":[{\"text\":\"" + sent + "\"}]}]", received,
                        null, null));
        if (random.nextInt(100) < 3) b.error("HTTP 503: overloaded");
        return b.build();
    }

    private static String filler(Random random, int chars) {
        StringBuilder sb = new StringBuilder(chars + 16);
        while (sb.length() < chars) sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        return sb.substring(0, chars);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new StoreException("benchmark: cannot delete " + dir + " (" + e.getMessage() + ")", e);
        }
    }
}

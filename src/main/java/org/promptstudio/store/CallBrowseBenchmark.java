package org.promptstudio.store;

import java.io.IOException;
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
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * Measures the call browser's reads on a throw-away H2 file filled with recorded calls: counting them, the first
 * page (newest first), a jump to the last page, a page in the middle, and a filtered first page (one model, failed
 * only), as the window's call table reads them ({@link CallRepository#count}, {@link CallRepository#page}).
 */
public final class CallBrowseBenchmark {

    private static final String[] MODELS = {"gpt-4o-mini", "claude-haiku", "gemini-flash", "llama3.1:8b", "echo"};

    /**
     * What one benchmark run measured, in milliseconds: {@code open} is the count plus the first page (what the
     * table needs to show itself), {@code end} the page at the end, {@code middle} one halfway, {@code filtered} the
     * count and first page of one model's failed calls ({@code filteredCount} of them).
     */
    public record Result(int calls, int pageSize, long fillMillis, double openMillis, double endMillis,
                         double middleMillis, double filteredMillis, long filteredCount, long lastCallId) {
    }

    private CallBrowseBenchmark() {
    }

    /** Runs the benchmark in a temporary folder, deleted afterwards; {@code pageSize} rows per page read. */
    public static Result run(int calls, int pageSize) {
        if (calls < 1 || pageSize < 1) throw new StoreException("benchmark: need at least 1 call and a page of 1");
        Path dir;
        try {
            dir = Files.createTempDirectory("studio-bench-calls");
        } catch (IOException e) {
            throw new StoreException("benchmark: cannot create a temporary folder (" + e.getMessage() + ")", e);
        }
        try {
            return run(dir, calls, pageSize);
        } finally {
            delete(dir);
        }
    }

    static Result run(Path stateDir, int calls, int pageSize) {
        Random random = new Random(20261130);
        long fill;
        try (Database db = Database.open(stateDir)) {
            long start = System.nanoTime();
            long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "benchmark", null, null)).id();
            Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
            List<CallRecord> batch = new ArrayList<>(1000);
            for (int i = 0; i < calls; i++) {
                // a few calls share a start time, as a run's parallel calls do, so the order's tie-break is used
                batch.add(call(random, run, i, t0.plusMillis(i / 3 * 10L)));
                if (batch.size() == 1000 || i == calls - 1) {
                    db.calls().insertBatch(batch);
                    batch.clear();
                }
            }
            fill = (System.nanoTime() - start) / 1_000_000;
        }
        // A fresh open, as when the window opens the workspace: nothing of the file is cached yet.
        try (Database db = Database.open(stateDir)) {
            CallRepository repo = db.calls();
            CallFilter all = CallFilter.all();
            long start = System.nanoTime();
            CallRepository.Snapshot at = repo.snapshot(all);
            long total = at.total();
            repo.page(all, at, 0, pageSize);
            double open = millisSince(start);
            start = System.nanoTime();
            List<CallRecord> last = repo.page(all, at, Math.max(0, total - pageSize), pageSize);
            double end = millisSince(start);
            start = System.nanoTime();
            repo.page(all, at, total / 2, pageSize);
            double middle = millisSince(start);
            CallFilter failed = all.ofModel(MODELS[1]).failed(true);
            start = System.nanoTime();
            CallRepository.Snapshot f = repo.snapshot(failed);
            long n = f.total();
            repo.page(failed, f, 0, pageSize);
            double filtered = millisSince(start);
            long lastId = last.isEmpty() ? -1 : last.get(last.size() - 1).id();
            return new Result(calls, pageSize, fill, open, end, middle, filtered, n, lastId);
        }
    }

    private static CallRecord call(Random random, long run, int i, Instant at) {
        int in = 50 + random.nextInt(2000);
        int out = 10 + random.nextInt(500);
        CallRecord.Builder b = CallRecord.builder().runId(run)
                .prompt("prompts/p" + (i % 8) + ".prompt", "0123456789abcdef0123456789abcdef0123456" + (i % 8))
                .model("bench", MODELS[i % MODELS.length]).paramsJson("{\"temperature\":0.2}").finishReason("stop")
                .tokens(in, out).cost(BigDecimal.valueOf(in * 15L + out * 60L, 8))
                .latencyMs((long) (200 + Math.exp(6 + random.nextGaussian()))).createdAt(at)
                .caseId("case-" + (i % 500)).planIndex(i)
                .texts(new CallTexts("[{\"role\":\"user\",\"content\":[{\"text\":\"question " + i + "\"}]}]",
                        "answer " + i, null, null));
        if (random.nextInt(100) < 3) b.error("HTTP 503: overloaded");
        return b.build();
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new StoreException("benchmark: cannot delete " + dir + " (" + e.getMessage() + ")", e);
        }
    }
}

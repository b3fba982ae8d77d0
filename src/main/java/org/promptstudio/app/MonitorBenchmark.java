package org.promptstudio.app;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.monitor.Grain;
import org.promptstudio.monitor.MonitorReports;
import org.promptstudio.monitor.MonitorRequest;
import org.promptstudio.store.Database;
import org.promptstudio.store.MonitorRepository;

/**
 * Measures the dashboards' reads ({@code studio bench monitor}) on a throw-away H2 file: records N calls over 90 days
 * (runs of 2,000 calls within an hour, 8 prompts of 2 versions each, 5 models, short texts, a thumb on one call in
 * fifty), through the store's batch insert that keeps the monitor sums, then times each dashboard query (the first
 * read after a fresh open, then repeats: p50 and p95) and reports the file's size once closed.
 */
public final class MonitorBenchmark {

    private static final String[] MODELS = {"gpt-4o-mini", "claude-haiku", "gemini-flash", "llama3.1:8b", "echo"};
    private static final int RUN_CALLS = 2000;
    private static final Duration SPAN = Duration.ofDays(90);
    private static final Instant T0 = Instant.parse("2026-08-01T00:00:00Z");

    /** One dashboard query: its name and its times in ms over the repeats (p50, p95), the first read included. */
    public record Query(String name, int buckets, double firstMillis, double p50Millis, double p95Millis) {
    }

    /**
     * What a run measured: {@code calls} recorded in {@code fillMillis}, the database file's size in bytes, the rows
     * of the hour and day sums, and each {@link Query}.
     */
    public record Result(int calls, long fillMillis, long fileBytes, long hourRows, long dayRows,
                         List<Query> queries) {
        public Result {
            queries = List.copyOf(queries);
        }
    }

    private MonitorBenchmark() {
    }

    /**
     * Runs the benchmark in a temporary folder, deleted afterwards, timing each query {@code repeats} times.
     *
     * @throws StudioException one line, for fewer than 1 call or repeat, or when the temporary folder fails
     */
    public static Result run(int calls, int repeats) {
        if (calls < 1 || repeats < 1) throw new StudioException("bench monitor: need at least 1 call and 1 repeat");
        Path dir;
        try {
            dir = Files.createTempDirectory("studio-bench-monitor");
        } catch (IOException e) {
            throw new StudioException("bench monitor: cannot create a temporary folder (" + e.getMessage() + ")", e);
        }
        try {
            return run(dir, calls, repeats);
        } finally {
            delete(dir);
        }
    }

    static Result run(Path stateDir, int calls, int repeats) {
        Random random = new Random(20261201);
        long fill;
        int runs = (calls + RUN_CALLS - 1) / RUN_CALLS;
        long firstRun = 0;
        try (Database db = Database.open(stateDir)) {
            long start = System.nanoTime();
            List<CallRecord> batch = new ArrayList<>(RUN_CALLS);
            int made = 0;
            for (int r = 0; r < runs; r++) {
                long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "bench-" + r, null, null)).id();
                if (r == 0) firstRun = run;
                Instant runStart = T0.plusSeconds(SPAN.toSeconds() * r / runs);
                int n = Math.min(RUN_CALLS, calls - made);
                for (int i = 0; i < n; i++) {
                    batch.add(call(random, run, made + i, runStart.plusMillis(i * 1800L)));
                    if (batch.size() == 1000 || i == n - 1) {
                        long[] ids = db.calls().insertBatch(batch);
                        List<LabelRecord> thumbs = new ArrayList<>();
                        for (int k = 0; k < ids.length; k += 50) {
                            thumbs.add(new LabelRecord(null, null, ids[k], null, "thumbs", "3cab514d84e8", "bench",
                                    LabelValue.ofThumbs(random.nextInt(4) != 0), false, batch.get(k).createdAt()));
                        }
                        db.labels().insertAll(thumbs);
                        batch.clear();
                    }
                }
                made += n;
            }
            fill = (System.nanoTime() - start) / 1_000_000;
        }
        Instant end = T0.plus(SPAN).plus(Duration.ofDays(1));
        Instant weekAgo = end.minus(Duration.ofDays(7));
        List<Query> queries = new ArrayList<>();
        long[] rows;
        // A fresh open, as when the window opens the workspace: nothing of the file is cached yet.
        try (Database db = Database.open(stateDir)) {
            MonitorReports reports = new MonitorReports(db.monitor());
            String prompt = "prompts/p3.prompt";
            queries.add(time("90 days by day, all calls", repeats, () -> reports.report(
                    MonitorRequest.all(T0, end, Grain.DAY), null, null, null).buckets().size()));
            queries.add(time("7 days by hour, all calls", repeats, () -> reports.report(
                    MonitorRequest.all(weekAgo, end, Grain.HOUR), null, null, null).buckets().size()));
            queries.add(time("90 days by hour, all calls", repeats, () -> reports.report(
                    MonitorRequest.all(T0, end, Grain.HOUR), null, null, null).buckets().size()));
            queries.add(time("90 days by day, one prompt", repeats, () -> reports.report(
                    MonitorRequest.all(T0, end, Grain.DAY).withPrompt("p3"), List.of(prompt), null, null)
                    .buckets().size()));
            queries.add(time("90 days by day, one version", repeats, () -> reports.report(
                    MonitorRequest.all(T0, end, Grain.DAY).withPrompt("p3").withVersion("1"), List.of(prompt),
                    List.of(new MonitorRepository.Version(prompt, commit(3, 1))), null).buckets().size()));
            queries.add(time("7 days by hour, one model", repeats, () -> reports.report(
                    MonitorRequest.all(weekAgo, end, Grain.HOUR).withModel(MODELS[1]), null, null, null)
                    .buckets().size()));
            long run = firstRun;
            queries.add(time("90 days by day, one run", repeats, () -> reports.report(
                    MonitorRequest.all(T0, end, Grain.DAY).withRun(run), null, null, null).buckets().size()));
            rows = db.monitor().rowCounts();
        }
        // measured after closing, which compacts the file (right after a fill it holds the pages each commit left)
        return new Result(calls, fill, size(stateDir), rows[0], rows[1], queries);
    }

    private static Query time(String name, int repeats, java.util.function.IntSupplier query) {
        long start = System.nanoTime();
        int buckets = query.getAsInt();
        double first = (System.nanoTime() - start) / 1e6;
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            start = System.nanoTime();
            query.getAsInt();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new Query(name, buckets, first, ms[(int) Math.floor(0.5 * (repeats - 1))],
                ms[(int) Math.ceil(0.95 * (repeats - 1))]);
    }

    private static String commit(int prompt, int version) {
        return String.format(java.util.Locale.ROOT, "%039d%d", prompt, version);
    }

    private static CallRecord call(Random random, long run, int i, Instant at) {
        int in = 50 + random.nextInt(2000);
        int out = 10 + random.nextInt(500);
        int p = i % 8;
        CallRecord.Builder b = CallRecord.builder().runId(run)
                .prompt("prompts/p" + p + ".prompt", commit(p, random.nextInt(2)))
                .model("bench", MODELS[i % MODELS.length]).paramsJson("{\"temperature\":0.2}").finishReason("stop")
                .tokens(in, out).cost(i % 10 == 0 ? null : BigDecimal.valueOf(in * 15L + out * 60L, 8))
                .latencyMs((long) (200 + Math.exp(6 + random.nextGaussian()))).createdAt(at)
                .caseId("case-" + (i % 500)).planIndex(i).cached(random.nextInt(10) == 0)
                .texts(new CallTexts("[{\"role\":\"user\",\"content\":[{\"text\":\"question " + i + "\"}]}]",
                        "answer " + "x".repeat(random.nextInt(300)), null, null));
        if (random.nextInt(100) < 3) b.error("HTTP 503: overloaded");
        return b.build();
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            long n = 0;
            for (Path p : files.filter(Files::isRegularFile).toList()) n += Files.size(p);
            return n;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new StudioException("bench monitor: cannot delete " + dir + " (" + e.getMessage() + ")", e);
        }
    }
}

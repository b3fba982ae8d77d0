package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.index.IndexBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench index}: embedding and ingestion rates, index size and query latency on generated chunks. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index generated English chunks in a temporary folder: MiniLM embedding-only rate, ingestion rate"
                + " (embedding and indexing as a pipeline), index size, and query latency per mode.")
final class BenchIndexCommand implements Callable<Integer> {

    /** Ingestion's rate as a share of the embedding-only rate, at least. */
    static final double INGEST_TARGET = 0.9;
    /** Hybrid p95 latency at 100,000 chunks, at most, in milliseconds. */
    static final double HYBRID_P95_TARGET_MS = 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--chunks", paramLabel = "N", converter = Numbers.Count.class, defaultValue = "10000",
            description = "Generated chunks to embed and index (default: ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--embed-sample", paramLabel = "M", converter = Numbers.Count.class,
            description = "Chunks embedded for the embedding-only rate (default: the smaller of N and "
                    + "10,000; a rate needs no more, and the ingestion is then timed over all N chunks).")
    int embedSample;

    @Option(names = "--queries", paramLabel = "Q", converter = Numbers.Count.class, defaultValue = "200",
            description = "Distinct queries timed per mode, after a warm-up (default: ${DEFAULT-VALUE}).")
    int queries;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        IndexBenchmark.Result r = Studio.benchmarkIndex(chunks, embedSample, queries, line -> {
            err.println("bench index: " + line);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "index: %,d chunks (%,d asked for) in %,d generated documents, %.0f tokens a chunk on"
                + " average; MiniLM on %d cores, load average %s at the end%n", r.chunks(), r.requested(),
                r.documents(), r.meanTokens(), r.cores(),
                r.loadAverage() < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", r.loadAverage()));
        out.printf(Locale.ROOT, "  embedding only   %,8.1f chunks/s  (%,d chunks in %.1f s)%n", r.embedPerSecond(),
                r.embedChunks(), r.embedMillis() / 1000.0);
        out.printf(Locale.ROOT, "  ingestion        %,8.1f chunks/s  (%,d chunks in %.1f s: reading, redaction, chunking,"
                + " injection checks, embedding, indexing, commits) = %.0f%% of embedding only  target >= %.0f%%: %s%n",
                r.ingestPerSecond(), r.chunks(), r.ingestMillis() / 1000.0, 100 * r.ingestRatio(), 100 * INGEST_TARGET,
                r.ingestRatio() >= INGEST_TARGET ? "met" : "NOT met");
        out.printf(Locale.ROOT, "  index size       %,8.1f MB in %d segments (the background merges after the last commit"
                + " took %.1f s more)%n", r.indexBytes() / 1_048_576.0, r.segments(), r.settleMillis() / 1000.0);
        out.printf(Locale.ROOT, "  query latency (k=5, %d distinct queries per mode after a warm-up), whole query and"
                + " its parts%n", r.latencies().get(0).queries());
        for (IndexBenchmark.Latency l : r.latencies()) {
            out.printf(Locale.ROOT, "    %-7s p50 %6.2f ms  p95 %6.2f ms  %s%n", l.mode().name().toLowerCase(Locale.ROOT),
                    l.p50Millis(), l.p95Millis(), l.embeddingIncluded()
                            ? String.format(Locale.ROOT, "(embedding the query p50 %.2f / p95 %.2f ms%s; then the"
                                    + " search p50 %.2f / p95 %.2f ms)", l.embedP50Millis(), l.embedP95Millis(),
                                    l.mode() == org.promptstudio.index.SearchMode.HYBRID ? ", beside the BM25 half" : "",
                                    l.searchP50Millis(),
                                    l.searchP95Millis())
                            : "(needs no query vector)");
        }
        IndexBenchmark.Latency hybrid = r.latencies().stream()
                .filter(l -> l.mode() == org.promptstudio.index.SearchMode.HYBRID).findFirst().orElseThrow();
        out.printf(Locale.ROOT, "  target: hybrid p95 < %.0f ms at 100,000 chunks: %s%n", HYBRID_P95_TARGET_MS,
                r.chunks() < 100_000 ? String.format(Locale.ROOT, "not measured here (%,d chunks; %.2f ms)",
                        r.chunks(), hybrid.p95Millis())
                        : hybrid.p95Millis() < HYBRID_P95_TARGET_MS ? "met" : "NOT met");
        out.println("  (figures from a shared machine under load are noisy)");
        out.flush();
        return 0;
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ModelUsage;
import org.promptstudio.store.StoreBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench store}: how fast the database records calls and sums them up, in a temporary database. */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Record calls in a temporary database: insert rate, per-model summary time, peak heap, the"
                + " file's size open, closed and compacted.")
final class BenchStoreCommand implements Callable<Integer> {

    private static final double MB = 1024.0 * 1024.0;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "100000",
            description = "Calls to record in batches (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--text", converter = Numbers.Count.class, paramLabel = "CHARS", defaultValue = "1500",
            description = "Characters of prompt and output text per call (default: ${DEFAULT-VALUE}).")
    int textChars;

    @Option(names = "--batch", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "1000",
            description = "Calls per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        StoreBenchmark.Result r = Studio.benchmarkStore(calls, textChars, batch);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "store: %,d calls of %,d characters, batches of %,d, in a temporary H2 file%n",
                r.calls(), r.textChars(), r.batchSize());
        out.printf(Locale.ROOT, "  insert, batched      %,d calls in %.2f s = %,.0f calls/s%n",
                r.calls(), r.insertMillis() / 1000.0, r.callsPerSecond());
        out.printf(Locale.ROOT, "  insert, one by one   %,d calls in %.2f s = %,.0f calls/s (each committed to the file)%n",
                r.singleCalls(), r.singleMillis() / 1000.0, r.singleCallsPerSecond());
        out.printf(Locale.ROOT, "  per-model summary    %d ms first, %d ms best of 3 more"
                + " (count, errors, tokens, cost, mean and p95 latency over %,d calls)%n",
                r.summaryFirstMillis(), r.summaryBestMillis(), r.calls() + r.singleCalls());
        out.printf(Locale.ROOT, "  peak heap            %,d MB (heap pools' peaks; %,d MB in use after GC)%n",
                r.peakHeapBytes() >> 20, r.retainedHeapBytes() >> 20);
        out.printf(Locale.ROOT, "  database file        %,.1f MB open (after the last write), %,.1f MB closed,"
                + " %,.1f MB compacted (studio db compact)%n", r.openFileBytes() / MB, r.fileBytes() / MB,
                r.compactedBytes() / MB);
        out.println();
        out.printf(Locale.ROOT, "  %-14s %8s %7s %12s %12s %12s %9s %9s%n",
                "model", "calls", "errors", "tokens in", "tokens out", "cost", "mean ms", "p95 ms");
        for (ModelUsage u : r.usage()) {
            out.printf(Locale.ROOT, "  %-14s %,8d %,7d %,12d %,12d %12s %,9.0f %,9.0f%n", u.model(), u.calls(),
                    u.errors(), u.tokensIn(), u.tokensOut(), CallFormat.cost(u.cost()), u.meanLatencyMs(),
                    u.p95LatencyMs());
        }
        out.flush();
        return 0;
    }
}

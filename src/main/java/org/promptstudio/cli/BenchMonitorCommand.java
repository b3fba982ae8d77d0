package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.app.MonitorBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench monitor}: how fast the dashboards read their figures over many recorded calls. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Record calls over 90 days in a temporary H2 file (runs of 2,000 calls, thumbs on one in "
                + "fifty) and time each dashboard query: the first read after a fresh open, then p50 and p95 over "
                + "the repeats (ms); print the file's size.")
final class BenchMonitorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "100000",
            description = "Calls to record (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--repeats", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "20",
            description = "Times each query is read after the first (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() {
        MonitorBenchmark.Result r = MonitorBenchmark.run(calls, repeats);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "monitor: %,d calls in a temporary H2 file (recorded in %.1f s, %,d calls/s),"
                + " %.1f MB; sums: %,d hour rows, %,d day rows%n", r.calls(), r.fillMillis() / 1000.0,
                r.fillMillis() == 0 ? 0 : r.calls() * 1000L / r.fillMillis(), r.fileBytes() / 1e6, r.hourRows(),
                r.dayRows());
        out.printf(Locale.ROOT, "  %-30s %8s %10s %9s %9s%n", "query", "buckets", "first ms", "p50 ms", "p95 ms");
        for (MonitorBenchmark.Query q : r.queries()) {
            out.printf(Locale.ROOT, "  %-30s %8d %10.1f %9.1f %9.1f%n", q.name(), q.buckets(), q.firstMillis(),
                    q.p50Millis(), q.p95Millis());
        }
        out.flush();
        return 0;
    }
}

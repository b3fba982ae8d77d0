package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.EndToEndBenchmark;
import org.promptstudio.app.JsonText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code studio bench e2e}: {@code studio test} in a fresh JVM against a local OpenAI-compatible server in a process
 * of its own, timed from outside: wall, CPU, peak memory, the floor and the phases, each run and the median.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = {"Run 'studio test' in a fresh JVM, --repeat times, on a temporary workspace whose two models point "
                + "at a local OpenAI-compatible server (a separate process) that answers every call after --delay-ms: "
                + "wall time, CPU time and peak memory of the studio's process, the floor (calls / concurrency x delay) "
                + "and the ratio to it, and the phases as the server saw them (start to first call, calls, last call "
                + "to exit); the median and each run.",
            "Linux only (it reads /proc). From the launcher, 'studio test' starts as bin/studio starts it."},
        footer = {"", "Example:", "  studio bench e2e --calls 1000 --delay-ms 50 --concurrency 64 --repeat 3"})
final class BenchE2eCommand implements Callable<Integer> {

    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "1000",
            description = "Model calls per run, an even number: N/2 cases x 2 models (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--delay-ms", converter = Numbers.Millis.class, paramLabel = "MS", defaultValue = "50",
            description = "The server's delay before each answer (default: ${DEFAULT-VALUE}).")
    long delayMillis;

    @Option(names = "--concurrency", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "64",
            description = "Calls in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--repeat", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "3",
            description = "Runs of 'studio test', each in a fresh JVM (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        if (calls < 2 || calls % 2 != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--calls must be an even number of at least 2 (calls/2 cases x 2 models), not " + calls);
        }
        EndToEndBenchmark.Settings settings = new EndToEndBenchmark.Settings(calls, delayMillis, concurrency, repeat);
        PrintWriter out = spec.commandLine().getOut();
        boolean text = format == Format.text;
        if (text) {
            out.printf(Locale.ROOT, "bench e2e: studio test, %,d calls (%,d cases x 2 models) to a local server in a process"
                    + " of its own answering after %d ms, concurrency %d, %d run(s), each in a fresh JVM%n",
                    calls, calls / 2, delayMillis, concurrency, repeat);
            out.printf(Locale.ROOT, "  floor: %,d / %d x %d ms = %,.0f ms%n", calls, concurrency, delayMillis,
                    settings.floorMillis());
            out.println("  CPU: " + EndToEndBenchmark.CPU_SOURCE);
            out.println("  peak memory: " + EndToEndBenchmark.MEMORY_SOURCE);
            out.printf("  LOAD: the machine's 1-minute load average as each run started (%d cores)%n",
                    Runtime.getRuntime().availableProcessors());
            out.println();
            out.printf("  %-6s %9s %8s %9s %8s %12s %9s %10s %7s %6s%n", "RUN", "WALL ms", "x FLOOR", "CPU ms", "PEAK MB",
                    "START>FIRST", "CALLS ms", "LAST>EXIT", "CALLS", "LOAD");
            out.flush();
        }
        double floor = settings.floorMillis();
        EndToEndBenchmark.Result result = EndToEndBenchmark.run(settings, run -> {
            if (!text) return;
            if (run.ok()) {
                out.printf(Locale.ROOT, "  %-6d %,9d %8.2f %,9d %,8d %,12d %,9d %,10d %,7d %6.2f%n", run.number(),
                        run.wallMillis(), ratio(run.wallMillis(), floor), run.cpuMillis(), megabytes(run.peakBytes()),
                        run.startToFirstMillis(), run.callsMillis(), run.lastToExitMillis(), run.callsSeen(),
                        run.loadAverage());
            } else {
                out.printf(Locale.ROOT, "  %-6d error: %s (load %.2f)%n", run.number(), run.error(), run.loadAverage());
            }
            out.flush();
        });
        int failed = (int) result.runs().stream().filter(r -> !r.ok()).count();
        if (text) {
            result.median().ifPresentOrElse(m -> out.printf(Locale.ROOT,
                    "  %-6s %,9.0f %8.2f %,9.0f %,8d %,12.0f %,9.0f %,10.0f%n", "median", m.wallMillis(),
                    ratio(m.wallMillis(), floor), m.cpuMillis(), megabytes(m.peakBytes()), m.startToFirstMillis(),
                    m.callsMillis(), m.lastToExitMillis()),
                    () -> out.println("  no run counted: no median"));
            out.println();
            out.println("  studio test started as: " + result.command());
            if (failed > 0) out.printf("  %d of %d run(s) failed and are not in the median%n", failed, repeat);
        } else {
            out.println(JsonText.pretty(json(result)));
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Bytes as whole MB (MiB), rounded: the same for a run and the median. */
    private static long megabytes(double bytes) {
        return Math.round(bytes / (1 << 20));
    }

    private static double ratio(double wallMillis, double floor) {
        return floor > 0 ? wallMillis / floor : Double.NaN;
    }

    private static Map<String, Object> json(EndToEndBenchmark.Result r) {
        double floor = r.settings().floorMillis();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("calls", r.settings().calls());
        root.put("delayMs", r.settings().delayMillis());
        root.put("concurrency", r.settings().concurrency());
        root.put("repeat", r.settings().repeat());
        root.put("floorMs", floor);
        root.put("command", r.command());
        root.put("cpu", EndToEndBenchmark.CPU_SOURCE);
        root.put("peakMemory", EndToEndBenchmark.MEMORY_SOURCE);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        List<Object> runs = new ArrayList<>();
        for (EndToEndBenchmark.Run run : r.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", run.number());
            if (run.ok()) {
                m.put("wallMs", run.wallMillis());
                m.put("ratio", round(ratio(run.wallMillis(), floor)));
                m.put("cpuMs", run.cpuMillis());
                m.put("peakMb", megabytes(run.peakBytes()));
                m.put("startToFirstCallMs", run.startToFirstMillis());
                m.put("callsMs", run.callsMillis());
                m.put("lastCallToExitMs", run.lastToExitMillis());
                m.put("callsAnswered", run.callsSeen());
            } else {
                m.put("error", run.error());
            }
            m.put("loadAverage", run.loadAverage());
            runs.add(m);
        }
        root.put("runs", runs);
        root.put("median", r.median().map(md -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wallMs", md.wallMillis());
            m.put("ratio", round(ratio(md.wallMillis(), floor)));
            m.put("cpuMs", md.cpuMillis());
            m.put("peakMb", megabytes(md.peakBytes()));
            m.put("startToFirstCallMs", md.startToFirstMillis());
            m.put("callsMs", md.callsMillis());
            m.put("lastCallToExitMs", md.lastToExitMillis());
            return (Object) m;
        }).orElse(null));
        return root;
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }
}

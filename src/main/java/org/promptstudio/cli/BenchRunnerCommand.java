package org.promptstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.RunnerBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench runner}: the experiment runner against a local OpenAI-compatible server with a fixed delay. */
@Command(name = "runner", description = "Run N calls against a local OpenAI-compatible server that answers after a fixed "
        + "delay, at several concurrency levels: calls/s, the runner's CPU per call, peak heap.")
final class BenchRunnerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", converter = Numbers.Count.class, defaultValue = "2000", description = "Calls per level (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--delay-ms", converter = Numbers.Millis.class, defaultValue = "50", description = "The server's delay per call (default: ${DEFAULT-VALUE}).")
    long delayMillis;

    @Option(names = "--concurrency", converter = Numbers.Count.class, split = ",", defaultValue = "1,8,64",
            description = "Concurrency levels (default: ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Override
    public Integer call() throws IOException {
        try (ScratchDir dir = new ScratchDir("studio-bench-runner")) {
            Path scratch = dir.path();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%d calls per level; the local server answers after %d ms%n", calls, delayMillis);
            out.printf("%11s %7s %7s %9s %10s %16s %10s%n", "CONCURRENCY", "CALLS", "FAILED", "SECONDS", "CALLS/S",
                    "RUNNER CPU/CALL", "PEAK HEAP");
            out.flush();
            for (RunnerBenchmark.Level l : RunnerBenchmark.run(scratch, calls, delayMillis, levels)) {
                out.printf("%11d %7d %7d %9.2f %10.1f %13.0f µs %7d MB%n", l.concurrency(), l.calls(), l.failed(),
                        l.seconds(), l.callsPerSecond(), l.cpuMicrosPerCall(), l.peakHeapBytes() / (1024 * 1024));
                out.flush();
            }
            out.printf("Ideal at concurrency c: c x %.0f calls/s; the runner's CPU per call is its cost beside the %d ms call.%n",
                    1000.0 / delayMillis, delayMillis);
            out.flush();
            return 0;
        }
    }
}

package org.promptstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.promptstudio.app.VcsBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench vcs}: save time and history time for a prompt with many versions. */
@Command(name = "vcs", mixinStandardHelpOptions = true,
        description = "Save one prompt many times in a temporary workspace; print save times, history and "
                + "resolve times, and the repository's size.")
final class BenchVcsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--versions", converter = Numbers.Count.class, defaultValue = "1000", description = "How many versions to save (default: ${DEFAULT-VALUE}).")
    int versions;

    @Override
    public Integer call() throws IOException {
        try (ScratchDir dir = new ScratchDir("studio-bench-vcs")) {
            Path scratch = dir.path();
            VcsBenchmark.Figures f = VcsBenchmark.run(scratch, versions);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("versions saved:              %d (one prompt, one partial)%n", f.versions());
            out.printf("save:                        %.1f ms mean, %.1f ms median, %.1f ms p95, %.1f ms max%n",
                    f.meanSaveMs(), f.medianSaveMs(), f.p95SaveMs(), f.maxSaveMs());
            out.printf("save, nothing cached:        %.1f ms median of %d (as a new 'studio save' process)%n",
                    f.coldSaveMs(), VcsBenchmark.COLD_SAVES);
            out.printf("history (%d versions):     %.1f ms first, %.1f ms cached; %.1f ms after packing%n",
                    f.versions(), f.historyColdMs(), f.historyWarmMs(), f.historyPackedMs());
            out.printf("resolve version %d:         %.1f ms%n", f.versions() / 2, f.resolveNumberMs());
            out.printf("resolve label 'production':  %.1f ms%n", f.resolveLabelMs());
            out.printf("repository size:             %,d KB in %,d files loose; %,d KB packed%n",
                    f.looseBytes() / 1024, f.looseFiles(), f.packedBytes() / 1024);
            out.flush();
            return 0;
        }
    }

}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.store.CallBrowseBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench calls-browse}: how fast the window's call browser opens and jumps over many recorded calls. */
@Command(name = "calls-browse", mixinStandardHelpOptions = true,
        description = "Fill a temporary H2 file with recorded calls and time the call browser's reads: the first "
                + "page, a jump to the end, a middle page, a filtered page (ms).")
final class BenchCallsBrowseCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "100000",
            description = "Calls to record (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--page", converter = Numbers.Count.class, paramLabel = "N", defaultValue = "100",
            description = "Rows per page read (default: ${DEFAULT-VALUE}, as the window reads them).")
    int page;

    @Override
    public Integer call() {
        CallBrowseBenchmark.Result r = Studio.benchmarkCallBrowse(calls, page);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "calls-browse: %,d calls in a temporary H2 file (filled in %.1f s), pages of %d rows,"
                + " read after a fresh open%n", r.calls(), r.fillMillis() / 1000.0, r.pageSize());
        out.printf(Locale.ROOT, "  open (count + first page)   %8.1f ms%n", r.openMillis());
        out.printf(Locale.ROOT, "  jump to the end             %8.1f ms%n", r.endMillis());
        out.printf(Locale.ROOT, "  jump to the middle          %8.1f ms%n", r.middleMillis());
        out.printf(Locale.ROOT, "  filtered (one model, failed: %,d calls; count + first page) %8.1f ms%n",
                r.filteredCount(), r.filteredMillis());
        out.flush();
        return 0;
    }
}

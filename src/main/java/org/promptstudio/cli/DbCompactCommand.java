package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code studio db compact}: rewrites the database file without its free space and prints its size before and after
 * (decision 0156). Closing a studio does not compact, so a file grown by a burst of calls stays large until this runs.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Compact the workspace's database file (.studio/db/studio.mv.db): its pages rewritten, its free"
                + " space given back; prints the size before and after in MB. Refused while the window or another"
                + " command has the database open.",
        footer = {"", "Example:", "  studio db compact"})
final class DbCompactCommand implements Callable<Integer> {

    private static final double MB = 1024.0 * 1024.0;

    @CommandLine.ParentCommand
    DbCommand db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Database.Compaction done;
        try (Studio studio = db.root.openStudio()) {
            done = studio.compactDatabase();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "compacted %s: %.1f MB before, %.1f MB after%n", done.name(),
                done.beforeBytes() / MB, done.afterBytes() / MB);
        out.flush();
        return 0;
    }
}

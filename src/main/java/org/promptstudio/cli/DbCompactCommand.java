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
                + " space given back; prints the size before and after (KB below 1 MB). Refused while the window or"
                + " another command has the database open.",
        footer = {"", "Example:", "  studio db compact"})
final class DbCompactCommand implements Callable<Integer> {

    private static final double MB = 1024.0 * 1024.0;

    /**
     * A file size a reader can compare: {@code 48 KB} below 1 MB (1024-based, whole KB, at least 1), else {@code 3.2 MB}; a small
     * database file would print {@code 0.0 MB} in MB.
     */
    static String size(long bytes) {
        if (bytes < MB) return (bytes == 0 ? 0 : Math.max(1, bytes / 1024)) + " KB";
        return String.format(Locale.ROOT, "%.1f MB", bytes / MB);
    }

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
        out.printf(Locale.ROOT, "compacted %s: %s before, %s after%n", done.name(), size(done.beforeBytes()),
                size(done.afterBytes()));
        out.flush();
        return 0;
    }
}

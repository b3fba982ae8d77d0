package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.promptstudio.app.Studio;
import org.promptstudio.index.IndexProgress;
import org.promptstudio.index.IndexReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio index [--rebuild]}: brings the document index up to date with the workspace's document folders. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index the workspace's documents (docs/): new and changed files are read, chunked, checked for "
                + "prompt injection, embedded and stored; deleted ones leave the index; unchanged ones are left "
                + "alone. Files that are not documents (images, binaries) are listed with the reason.",
        footer = {"", "Examples:", "  studio index", "  studio index --rebuild"})
final class IndexCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rebuild", description = "Drop the index and read every document again.")
    boolean rebuild;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        IndexReport report;
        try (Studio studio = root.openStudio()) {
            Consumer<IndexProgress> progress = terminal ? p -> drawProgress(err, p) : null;
            try {
                report = studio.documents().index(rebuild, progress);
            } finally {
                if (terminal) {
                    err.print("\r" + " ".repeat(100) + "\r");
                    err.flush();
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(summary(report));
        out.flush();
        return 0;
    }

    private static void drawProgress(PrintWriter err, IndexProgress p) {
        String file = p.currentFile();
        if (file.length() > 50) file = "..." + file.substring(file.length() - 47);
        String line = String.format(Locale.ROOT, "indexing %d/%d documents, %d chunks  %s", p.documentsDone(),
                p.documentsTotal(), p.chunksEmbedded(), file);
        err.print("\r" + line + " ".repeat(Math.max(0, 100 - line.length())));
        err.flush();
    }

    /**
     * The summary printed after indexing: counts, chunks, flags, redactions by type and where (file and chunk, never
     * the values), time, skipped files, notes.
     */
    static String summary(IndexReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Documents: %d added, %d updated, %d removed, %d unchanged (%s)%n",
                r.added(), r.updated(), r.removed(), r.unchanged(), seconds(r.millis())));
        b.append(String.format(Locale.ROOT, "Chunks: %d written (%d flagged as possible prompt injection), %d in "
                + "the index%n", r.chunks(), r.flagged(), r.totalChunks()));
        if (!r.redactions().isEmpty()) {
            StringBuilder types = new StringBuilder();
            r.redactions().forEach((type, n) -> types.append(types.length() == 0 ? "" : ", ").append(type).append(' ')
                    .append(n));
            b.append("Redacted: ").append(types).append(System.lineSeparator());
            for (IndexReport.RedactedIn in : r.redactedIn()) {
                b.append("  ").append(in.path()).append(": ").append(in.describe()).append(System.lineSeparator());
            }
        }
        if (!r.skipped().isEmpty()) {
            b.append("Skipped ").append(r.skipped().size()).append(r.skipped().size() == 1 ? " file:" : " files:")
                    .append(System.lineSeparator());
            for (IndexReport.Skipped s : r.skipped()) {
                b.append("  ").append(s.path()).append(": ").append(StudioCommand.oneLine(s.reason()))
                        .append(System.lineSeparator());
            }
        }
        for (String note : r.notes()) b.append("Note: ").append(note).append(System.lineSeparator());
        return b.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.store.PrivacyRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio forget --annotator NAME}: deletes what one person gave (labels, feedback). */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Delete every label, rating and annotation an annotator gave, and their name on the queues they"
                + " made; prints how many of each went. Cannot be undone; logged with its counts only, without the"
                + " name.",
        footer = {"", "Examples:",
            "  studio forget --annotator \"Ada Lovelace\""})
final class ForgetCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--annotator", required = true, paramLabel = "NAME",
            description = "The annotator's name, exactly as the labels record it (studio labels progress shows the"
                    + " names per queue; a name with nothing recorded makes forget list the names there are).")
    String annotator;

    @Override
    public Integer call() {
        PrivacyRepository.Deleted deleted;
        List<String> known = List.of();
        try (Studio studio = root.openStudio()) {
            deleted = studio.privacy().forget(annotator);
            if (deleted.total() == 0) known = studio.privacy().annotators();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (deleted.total() == 0) {
            // a typo or a different spelling: say which names there are, as monitor --label does for labels;
            // still exit 0, since forgetting someone twice (or someone who never labelled) is not an error
            out.println("nothing was recorded from " + annotator + "; annotators: "
                    + (known.isEmpty() ? "(none)" : String.join(", ", known)));
        } else {
            out.println("forgot " + annotator + ":");
        }
        printCounts(out, deleted);
        return 0;
    }

    /** One line per kind of row, its count right-aligned: what purge and forget print. */
    static void printCounts(PrintWriter out, PrivacyRepository.Deleted deleted) {
        int width = deleted.counts().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Long> e : deleted.counts().entrySet()) {
            out.printf("  %-" + width + "s %,d%n", e.getKey(), e.getValue());
        }
        if (deleted.total() > 0) {
            out.println("The database file is compacted when the last studio using it closes (this command, unless"
                    + " a window has the workspace open), so what was deleted leaves the file too.");
        }
    }
}

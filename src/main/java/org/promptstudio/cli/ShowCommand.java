package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.app.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio show PROMPT@VERSION}: prints a version's text exactly. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print a version of a prompt (PROMPT@VERSION).",
            "Prints it exactly as it was saved; PROMPT alone is the latest version."},
        footer = {"", "Examples:", "  studio show answer@production", "  studio show answer@3",
            "  studio show answer@1a2b3c4", "  studio show answer@working"})
final class ShowCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT[@VERSION]",
            description = "A prompt and a version: a number, a label, a commit id, 'latest' or 'working'.")
    String promptAt;

    @picocli.CommandLine.Option(names = "--prompt-only",
            description = "Print only the prompt's file, without the partials it uses at that version.")
    boolean promptOnly;

    @Override
    public Integer call() {
        Versions.Shown shown = Studio.open(root.workspace()).versions().show(promptAt);
        PrintWriter out = spec.commandLine().getOut();
        out.print(shown.content());
        if (!promptOnly) {
            String at = shown.version() == null ? "working copy" : shown.version().name();
            for (var partial : shown.partials().entrySet()) {
                if (!shown.content().endsWith("\n")) out.println();
                out.println();
                out.printf("── %s (partial, %s) ──%n", partial.getKey(), at);
                out.print(partial.getValue());
            }
        }
        out.flush();
        if (shown.version() != null && !shown.version().numbered()) {
            // stdout stays the version's text exactly; the note goes beside it
            spec.commandLine().getErr().println(VersionText.shallowNote(VersionText.id(shown.path())));
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}

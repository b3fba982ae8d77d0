package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.app.Versions;
import org.promptstudio.vcs.PromptDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio diff PROMPT [A] [B]}: a unified diff between two versions. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what changed between two versions of a prompt.",
            "A unified diff of the prompt and of the partials it uses, then of the two rendered with example input;"
                + " a version is a number, a label, a commit id, 'latest', or 'working' (the files on disk)."},
        footer = {"", "Examples:",
            "  studio diff answer                 latest version -> working copy",
            "  studio diff answer 2 production",
            "  studio diff answer 3 working --words"})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "Prompt id (answer, answer.formal) or file.")
    String prompt;

    @Parameters(index = "1", arity = "0..1", paramLabel = "A", description = "The old side (default: latest).")
    String from;

    @Parameters(index = "2", arity = "0..1", paramLabel = "B", description = "The new side (default: working).")
    String to;

    @Option(names = "--words", description = "Mark changed words inside the prompt's lines: [-removed-]{+added+}.")
    boolean words;

    @Option(names = "--source-only", description = "Leave out the rendered comparison.")
    boolean sourceOnly;

    @Override
    public Integer call() {
        Studio studio = Studio.open(root.workspace());
        PromptDiff diff = studio.versions().diff(prompt, from, to);
        PrintWriter out = spec.commandLine().getOut();
        if (studio.versions().history(prompt).stream().anyMatch(v -> !v.numbered())) {
            // stdout stays a diff a tool can read; the note goes beside it
            spec.commandLine().getErr().println(VersionText.shallowNote(VersionText.id(diff.path())));
            spec.commandLine().getErr().flush();
        }
        if (diff.identical()) {
            out.printf("No differences between %s and %s of %s (prompt and partials)%n", diff.from(), diff.to(),
                    VersionText.id(diff.path()));
        } else {
            if (words) {
                out.print(Versions.wordDiff(diff));
            } else {
                out.print(diff.unified());
            }
            if (!sourceOnly) {
                out.println();
                if (diff.renderNote() != null) {
                    out.println("Rendered: " + diff.renderNote());
                } else if (diff.rendered().isEmpty()) {
                    out.println("Rendered with example input: the same");
                } else {
                    out.println("Rendered with example input:");
                    out.print(diff.rendered());
                }
            }
        }
        out.flush();
        return 0;
    }
}

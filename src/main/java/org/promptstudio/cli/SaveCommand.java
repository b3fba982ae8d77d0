package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.vcs.SaveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio save PROMPT -m MESSAGE}: a prompt's next version is a commit of it and its changed partials. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Save a prompt as its next version.",
            "Commits the prompt's file and the partials it uses that changed, nothing else. The template is "
                + "checked and scanned for secrets first."},
        footer = {"", "Example:", "  studio save answer -m \"Shorter answers\""})
final class SaveCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "Prompt id (answer, answer.formal) or file.")
    String prompt;

    @Option(names = {"-m", "--message"}, required = true, paramLabel = "MESSAGE", description = "What changed.")
    String message;

    @Override
    public Integer call() {
        Studio studio = Studio.open(root.workspace());
        SaveResult r = studio.versions().save(prompt, message);
        String id = VersionText.id(studio.versions().path(prompt));
        PrintWriter out = spec.commandLine().getOut();
        if (r.nothingCommitted()) {
            out.printf("%s is unchanged since %s: nothing to save%n", id, VersionText.version(r.version()));
        } else if (r.promptChanged()) {
            out.printf("Saved %s %s%n", id, VersionText.version(r.version()));
            r.committedPaths().stream().skip(1).forEach(p -> out.printf("  with %s%n", p));
        } else {
            out.printf("Saved %s (%s); %s stays at version %d%n", String.join(", ", r.committedPaths()),
                    r.commitShortId(), id, r.version().number());
        }
        out.flush();
        return 0;
    }
}

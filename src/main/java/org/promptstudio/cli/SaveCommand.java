package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.List;
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
                + "checked and scanned for secrets first.",
            "A version is the prompt and its partials: a changed partial makes a new version of this prompt and of "
                + "every other prompt that uses it."},
        footer = {"", "Example:", "  studio save answer -m \"Shorter answers\""})
final class SaveCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "Prompt id (answer, answer.formal) or file.")
    String prompt;

    @Option(names = {"-m", "--message"}, arity = "0..1", fallbackValue = "", paramLabel = "MESSAGE",
            description = "What changed (required, not empty).")
    String message;

    @Override
    public Integer call() {
        if (message == null || message.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a save needs a message: -m TEXT");
        }
        Studio studio = Studio.open(root.workspace());
        SaveResult r = studio.versions().save(prompt, message);
        String id = VersionText.id(studio.versions().path(prompt));
        PrintWriter out = spec.commandLine().getOut();
        if (r.nothingCommitted()) {
            out.printf("%s is unchanged since %s: nothing to save%n", id, VersionText.version(r.version()));
        } else if (r.promptChanged()) {
            out.printf("Saved %s %s%n", id, VersionText.version(r.version()));
            String path = studio.versions().path(prompt);
            List<String> partials = r.committedPaths().stream().filter(p -> !p.equals(path)).toList();
            partials.forEach(p -> out.printf("  with %s%n", p));
            List<String> sharing = studio.versions().sharing(prompt, partials);
            if (!sharing.isEmpty()) {
                out.printf("  also a new version of %s (they use %s)%n", String.join(", ", sharing),
                        partials.size() == 1 ? "that partial" : "those partials");
            }
        } else {
            out.printf("Saved %s (%s); %s stays at %s%n", String.join(", ", r.committedPaths()),
                    r.commitShortId(), id, r.version().name());
        }
        r.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
        return 0;
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.vcs.PromptVersion;
import org.promptstudio.vcs.SaveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio restore PROMPT VERSION}: an old version written back as the newest one. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Write an old version of a prompt back as a new version.",
            "The prompt and the partials it used in that version are written back, in one commit. No history is "
                + "lost: the versions in between stay. Refused when one of those files has unsaved changes."})
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "Prompt id (answer, answer.formal) or file.")
    String prompt;

    @Parameters(index = "1", paramLabel = "VERSION", description = "A number, a label or a commit id.")
    String version;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE",
            description = "The commit message (default: Restore PROMPT to version N).")
    String message;

    @Override
    public Integer call() {
        Studio studio = Studio.open(root.workspace());
        PromptVersion old = studio.versions().resolve(prompt, version);
        SaveResult r = studio.versions().restore(prompt, version, message);
        String id = VersionText.id(studio.versions().path(prompt));
        PrintWriter out = spec.commandLine().getOut();
        if (r.nothingCommitted()) {
            out.printf("%s %s is the same as the latest, %s: nothing to restore%n", id, old.name(),
                    VersionText.version(r.version()));
        } else {
            out.printf("Restored %s %s as %s%n", id, old.name(), VersionText.version(r.version()));
            r.warnings().forEach(w -> out.println("warning: " + w));
            String path = studio.versions().path(prompt);
            java.util.List<String> partials = r.committedPaths().stream().filter(p -> !p.equals(path)).toList();
            partials.forEach(p -> out.printf("  with %s as it was then%n", p));
            java.util.List<String> sharing = studio.versions().sharing(prompt, partials);
            if (!sharing.isEmpty()) {
                out.printf("  also a new version of %s (they use %s)%n", String.join(", ", sharing),
                        partials.size() == 1 ? "that partial" : "those partials");
            }
        }
        out.flush();
        return 0;
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.vcs.LabelChange;
import org.promptstudio.vcs.PromptLabel;
import org.promptstudio.vcs.PromptVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio label PROMPT LABEL [--version N]}: names a version (production, staging, ...). */
@Command(name = "label",
        description = {"Point a label (production, staging, ...) at a version of a prompt.",
            "Moves the label if it existed. Without LABEL, lists the prompt's labels. Labels are git tags named "
                + "prompts/PROMPT/LABEL: 'git push --tags --force' shares them."},
        footer = {"", "Examples:",
            "  studio label answer production --version 3",
            "  studio label answer staging            (the latest version)",
            "  studio label answer staging --delete"})
final class LabelCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "Prompt id (answer, answer.formal) or file.")
    String prompt;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LABEL", description = "The label's name.")
    String label;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "A number, label or commit id (default: the latest version).")
    String version;

    @Option(names = "--delete", description = "Remove the label.")
    boolean delete;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        Studio studio = Studio.open(root.workspace());
        String id = VersionText.id(studio.versions().path(prompt));
        PrintWriter out = spec.commandLine().getOut();
        if (label == null) {
            if (delete || version != null) throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--delete and --version need a LABEL");
            List<PromptLabel> labels = studio.versions().labels(prompt);
            if (labels.isEmpty()) out.printf("%s has no labels%n", id);
            int width = labels.stream().mapToInt(l -> l.name().length()).max().orElse(0);
            for (PromptLabel l : labels) {
                out.printf("%-" + width + "s  %s%n", l.name(), VersionText.version(l.version()));
            }
        } else if (delete) {
            if (version != null) throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--delete and --version cannot be used together");
            PromptVersion was = studio.versions().removeLabel(prompt, label);
            out.printf("Removed label %s of %s (it pointed at %s)%n", label, id, was.name());
        } else {
            LabelChange change = studio.versions().label(prompt, label, version);
            if (change.moved()) {
                out.printf("Moved label %s of %s from %s to %s%n", label, id, change.previous().name(),
                        VersionText.version(change.version()));
            } else if (change.previous() != null) {
                out.printf("Label %s of %s already points at %s%n", label, id, VersionText.version(change.version()));
            } else {
                out.printf("Label %s of %s now points at %s%n", label, id, VersionText.version(change.version()));
            }
        }
        out.flush();
        return 0;
    }
}

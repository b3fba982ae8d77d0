package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.PromptPublishing;
import org.promptstudio.registry.PublishedVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio registry list|pull}: what the shared registries hold, and bringing it into the workspace. */
@Command(name = "registry", description = "List and pull prompts published to a shared registry.",
        subcommands = {RegistryCommand.ListVersions.class, RegistryCommand.Pull.class})
final class RegistryCommand {

    @ParentCommand
    StudioCommand root;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** {@code studio registry list [--registry NAME|URL]}. */
    @Command(name = "list", description = "List every published version of every prompt in a registry.")
    static final class ListVersions implements Callable<Integer> {

        @ParentCommand
        RegistryCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        RegistryOption registry = new RegistryOption();

        @Override
        public Integer call() {
            PromptPublishing.Listing listing = parent.root.openStudio().publishing().list(registry.registry);
            PrintWriter out = spec.commandLine().getOut();
            List<PublishedVersion> versions = listing.versions();
            if (versions.isEmpty()) {
                out.println("registry " + listing.registry() + " has no published prompts yet");
                out.flush();
                return 0;
            }
            int width = Math.max("PROMPT".length(), versions.stream().mapToInt(v -> v.name().length()).max().orElse(0));
            String row = "%-" + width + "s  %7s  %-16s  %-10s  %-12s  %-24s  %s%n";
            out.printf(row, "PROMPT", "VERSION", "FROM", "SAVED", "LABELS", "AUTHOR", "DESCRIPTION");
            for (PublishedVersion v : versions) {
                String from = (v.localVersion() == null ? "" : "v" + v.localVersion() + " ")
                        + (v.sourceCommit() == null ? "" : v.sourceCommit().substring(0, Math.min(7, v.sourceCommit().length())));
                out.printf(row, v.name(), v.version(), from.isBlank() ? "-" : from.strip(),
                        v.date() == null ? "-" : DAY.format(v.date()),
                        v.labels().isEmpty() ? "-" : String.join(",", v.labels()), v.author() == null ? "-" : v.author(),
                        v.description() == null ? "" : StudioCommand.oneLine(v.description()));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code studio registry pull NAME[@VERSION] [--registry NAME|URL]}. */
    @Command(name = "pull", description = {
        "Bring a published version into prompts/ (with its partials) and commit it, saying in the commit message"
            + " where it came from.",
        "Refuses to overwrite a prompt or partial with uncommitted changes."})
    static final class Pull implements Callable<Integer> {

        @ParentCommand
        RegistryCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "The prompt, and which published version"
                + " (default: the latest).")
        String prompt;

        @Mixin
        RegistryOption registry = new RegistryOption();

        @Override
        public Integer call() {
            PromptPublishing.Pulled pulled = parent.root.openStudio().publishing().pull(prompt, registry.registry);
            PrintWriter out = spec.commandLine().getOut();
            if (pulled.commit() == null) {
                out.println("the workspace has " + pulled.version().id() + " from " + pulled.registry()
                        + " already; nothing to commit");
            } else {
                out.println("pulled " + pulled.version().id() + " from " + pulled.registry() + " into "
                        + String.join(", ", pulled.files()) + " (commit " + pulled.commit().substring(0, 7) + ")");
            }
            out.flush();
            return 0;
        }
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.PromptPublishing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio publish PROMPT[@LABEL|@N] [--registry NAME|URL]}. */
@Command(name = "publish", description = {
    "Publish a saved version of a prompt, with the partials it uses, to a shared registry (a git remote).",
    "The registry numbers what it holds: the version becomes the prompt's next registry version, whoever else "
        + "publishes. Publishing content the registry has already is a no-op; published versions never change."},
        footer = {"", "Examples:",
            "  studio publish answer            (the latest saved version)",
            "  studio publish answer@prod       (the version labelled prod)",
            "  studio publish answer@3 --registry team",
            "  studio publish answer@3 --registry ssh://git@git.example.org/prompts.git"})
final class PublishCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT[@LABEL|@N]",
            description = "The prompt, and which saved version: a number, a label or a commit id (default: the latest).")
    String prompt;

    @Mixin
    RegistryOption registry = new RegistryOption();

    @Override
    public Integer call() {
        PromptPublishing.Published p = root.openStudio().publishing().publish(prompt, registry.registry);
        PrintWriter out = spec.commandLine().getOut();
        p.notes().forEach(n -> out.println("note: " + n));
        String commit = p.registryCommit().substring(0, 7);
        String local = p.version().localVersion() == null ? "" : "local version " + p.version().localVersion() + ", ";
        if (p.isNew()) {
            out.println("published " + p.version().id() + " to " + p.registry() + " (" + local + "registry commit "
                    + commit + ")");
            if (p.attempts() > 1) {
                out.println("note: others published at the same time; it took " + p.attempts() + " attempts");
            }
        } else {
            out.println("already published as " + p.version().id() + " in " + p.registry() + " (same content); nothing"
                    + " to publish");
        }
        out.flush();
        return 0;
    }
}

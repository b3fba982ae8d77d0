package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.app.Branching;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio branch [NAME]}: lists branches, or creates one for an experiment. */
@Command(name = "branch", mixinStandardHelpOptions = true,
        description = {"Create a branch for an experiment, or list the branches.",
            "The branch starts at the current commit; 'studio switch NAME' moves to it."})
final class BranchCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The new branch.")
    String name;

    @Override
    public Integer call() {
        Branching branches = Studio.open(root.workspace()).branches();
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            String current = branches.current();
            for (String b : branches.list()) out.println((b.equals(current) ? "* " : "  ") + b);
        } else {
            String at = branches.create(name);
            out.printf("Created branch %s at %s; work on it with 'studio switch %s'%n", name, at, name);
        }
        out.flush();
        return 0;
    }
}

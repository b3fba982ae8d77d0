package org.promptstudio.cli;

import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio switch NAME}: the working folder becomes that branch; uncommitted work blocks it. */
@Command(name = "switch", mixinStandardHelpOptions = true,
        description = {"Switch the workspace to another branch.",
            "Refused, listing the files, while tracked files have uncommitted changes, so nothing is lost."})
final class SwitchCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The branch.")
    String name;

    @Override
    public Integer call() {
        java.util.List<String> warnings = Studio.open(root.workspace()).branches().switchTo(name);
        warnings.forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().printf("Switched to branch %s%n", name);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package org.promptstudio.cli;

import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code studio audit RUN}: everything recorded about one run, in one JSON file under exports/. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Write exports/audit-run-RUN.json: the run, each of its calls whole (rendered prompt, answer,"
                + " whether it was redacted), the labels, feedback, eval results and guard findings on them, and the"
                + " privacy log; prints the file's path.",
        footer = {"", "Examples:",
            "  studio audit 7"})
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", converter = Numbers.Id.class, description = "The run's id.")
    long run;

    @Override
    public Integer call() {
        String path;
        try (Studio studio = root.openStudio()) {
            path = studio.privacy().audit(run);
        }
        spec.commandLine().getOut().println(path);
        return 0;
    }
}

package org.promptstudio.cli;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.promptstudio.app.NewWorkspace;
import org.promptstudio.app.Studio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code studio init DIR [--name NAME] [--from-sample SAMPLE]}: creates a workspace and its first commit. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a workspace in a new or empty folder, with its folders and studio.yaml, "
                + "as a git repository holding a first commit.")
final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to create (new, or empty).")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The workspace's name (default: the sample's, else the folder's).")
    String name;

    @Option(names = "--from-sample", paramLabel = "SAMPLE", completionCandidates = SampleNames.class,
            description = "Start from a bundled sample: ${COMPLETION-CANDIDATES}.")
    String sample;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NewWorkspace created = sample == null ? Studio.init(dir, name) : Studio.initFromSample(sample, dir, name);
        spec.commandLine().getOut().printf("Created workspace %s in %s (commit %s)%n",
                created.name(), created.root(), created.commit());
        return 0;
    }

    /** The bundled samples, for the help text. */
    static final class SampleNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Studio.samples().iterator();
        }
    }
}

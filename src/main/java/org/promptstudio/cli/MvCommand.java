package org.promptstudio.cli;

import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.vcs.SaveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio mv OLD NEW}: renames a prompt in one commit; its history and labels follow. */
@Command(name = "mv", mixinStandardHelpOptions = true,
        description = {"Rename a saved prompt; its history and labels follow it.",
            "One commit; version numbers continue. Prompts that include it as a partial are not changed."})
final class MvCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The prompt's id or file.")
    String from;

    @Parameters(index = "1", paramLabel = "NEW", description = "Its new id (a file in the same folder).")
    String to;

    @Override
    public Integer call() {
        Studio studio = Studio.open(root.workspace());
        String oldPath = studio.versions().path(from);
        SaveResult r = studio.versions().move(from, to);
        String newPath = r.committedPaths().get(1);
        int labels = studio.versions().labels(VersionText.id(newPath)).size();
        spec.commandLine().getOut().printf("Renamed %s to %s (%s); its %d versions%s follow it%n", oldPath, newPath,
                r.commitShortId(), r.version().number(),
                labels == 0 ? "" : " and " + labels + (labels == 1 ? " label" : " labels"));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.app.Versions;
import org.promptstudio.vcs.SaveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio mv OLD NEW}: renames a prompt in one commit; its history and labels follow. */
@Command(name = "mv", mixinStandardHelpOptions = true,
        description = {"Rename a saved prompt; its history and labels follow it.",
            "One commit; version numbers continue. The experiments that name it (experiments/*.yaml), and for a "
                + "partial (_name) the prompts that include it ({{> name}}), are updated in the same commit; any it "
                + "cannot update are named."})
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
        Versions.Moved moved = studio.versions().move(from, to);
        SaveResult r = moved.result();
        String newPath = r.committedPaths().get(1);
        int labels = studio.versions().labels(newPath).size();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Renamed %s to %s (%s); its %s%s follow it%n", oldPath, newPath, r.commitShortId(),
                r.version().numbered() ? r.version().number() + " versions" : "versions (shallow history: not counted)",
                labels == 0 ? "" : " and " + labels + (labels == 1 ? " label" : " labels"));
        moved.updated().forEach(p -> out.printf("  updated %s%n", p));
        r.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
        if (moved.notUpdated().isEmpty()) return 0;
        PrintWriter err = spec.commandLine().getErr();
        moved.notUpdated().forEach(n -> err.printf("warning: %s%n", n));
        err.flush();
        return 0;
    }
}

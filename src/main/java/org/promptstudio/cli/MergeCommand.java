package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.app.Branching;
import org.promptstudio.vcs.MergeOutcome;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio merge NAME | --continue | --abort}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge a branch into the current one.",
            "On a conflict nothing is committed: each file in conflict is listed and holds both sides between "
                + "<<<<<<< and >>>>>>> lines; edit them, then run 'studio merge --continue' (or give up with "
                + "'studio merge --abort')."})
final class MergeCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The branch to merge.")
    String name;

    @ArgGroup(exclusive = true)
    Step step;

    static final class Step {
        @Option(names = "--continue", description = "Commit the merge once every conflict is resolved.")
        boolean resume;

        @Option(names = "--abort", description = "Give up the merge: files go back to the last commit.")
        boolean abort;
    }

    @Override
    public Integer call() {
        boolean resume = step != null && step.resume;
        boolean abort = step != null && step.abort;
        if (name == null && !resume && !abort || name != null && (resume || abort)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give a branch to merge, or --continue, or --abort");
        }
        Branching branches = Studio.open(root.workspace()).branches();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (abort) {
                branches.abortMerge();
                out.println("Merge aborted: the files are as they were at the last commit");
                return 0;
            }
            MergeOutcome o = resume ? branches.continueMerge() : branches.merge(name);
            switch (o.status()) {
                case UP_TO_DATE -> out.printf("%s already has everything in %s%n", o.into(), o.from());
                case FAST_FORWARD -> out.printf("Fast-forwarded %s to %s (%s)%n", o.into(), o.from(), o.commitShortId());
                case MERGED -> out.printf("Merged %s into %s (%s)%n", o.from(), o.into(), o.commitShortId());
                case CONFLICTS -> {
                    int n = o.conflicts().size();
                    out.printf("Merge of %s into %s stopped: %d %s in conflict, nothing committed%n", o.from(), o.into(),
                            n, n == 1 ? "file" : "files");
                    o.conflicts().forEach(p -> out.printf("  conflict: %s%n", p));
                    out.println("Each holds both sides between <<<<<<< and >>>>>>> lines. Edit them to keep what you want,");
                    out.println("then run 'studio merge --continue' (or 'studio merge --abort').");
                    out.flush();
                    spec.commandLine().getErr().printf("error: merge stopped on conflicts in %s%n", String.join(", ", o.conflicts()));
                    return StudioCommand.USER_ERROR;
                }
            }
            return 0;
        } finally {
            out.flush();
        }
    }
}

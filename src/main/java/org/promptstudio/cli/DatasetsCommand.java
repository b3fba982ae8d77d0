package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.model.StudioException;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.TestCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio datasets check|list}: the workspace's datasets, as CI and the user see them. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Check or list the datasets of the workspace.",
        subcommands = {DatasetsCommand.Check.class, DatasetsCommand.Listing.class})
final class DatasetsCommand implements Runnable {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    List<Dataset> loadAll() {
        return Studio.open(root.workspace()).datasets().loadAll();
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Print every problem of every dataset; exit 1 if there is any, "
                    + "else a summary line per dataset.")
    static final class Check implements Callable<Integer> {

        @ParentCommand
        DatasetsCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Dataset> datasets = parent.loadAll();
            PrintWriter out = spec.commandLine().getOut();
            if (datasets.isEmpty()) {
                out.println("no datasets (datasets/*.jsonl, datasets/*.csv)");
                return 0;
            }
            int problems = 0;
            int broken = 0;
            for (Dataset d : datasets) {
                d.problems().forEach(out::println);
                problems += d.problems().size();
                if (!d.problems().isEmpty()) broken++;
            }
            if (problems > 0) {
                throw new StudioException(problems + (problems == 1 ? " problem" : " problems") + " in " + broken
                        + " of " + datasets.size() + " datasets");
            }
            for (Dataset d : datasets) {
                out.printf("%s: %d cases (%d dev, %d test), no problems%n", d.name(), d.cases().size(),
                        d.count(TestCase.DEV), d.count(TestCase.TEST));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the datasets: cases, dev and test counts, problems.")
    static final class Listing implements Callable<Integer> {

        @ParentCommand
        DatasetsCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Dataset> datasets = parent.loadAll();
            PrintWriter out = spec.commandLine().getOut();
            int width = datasets.stream().mapToInt(d -> d.name().length()).max().orElse(0);
            String row = "%-" + Math.max(width, 7) + "s  %5s  %5s  %5s  %8s%n";
            out.printf(row, "DATASET", "CASES", "DEV", "TEST", "PROBLEMS");
            for (Dataset d : datasets) {
                out.printf(row, d.name(), d.cases().size(), d.count(TestCase.DEV), d.count(TestCase.TEST),
                        d.problems().size());
            }
            return 0;
        }
    }
}

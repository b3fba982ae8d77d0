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
        return Studio.open(root.workspace()).loadDatasets();
    }

    /** The error that ends a command which found {@code problems} problems in {@code broken} of {@code all} datasets. */
    static StudioException problems(int problems, int broken, int all, String hint) {
        return new StudioException(problems + (problems == 1 ? " problem" : " problems") + " in " + broken + " of "
                + all + " datasets" + hint);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "A summary line per dataset on standard output (for CSV, the column separator found); every "
                    + "problem of every dataset on standard error, as datasets/x.jsonl:17:9: ..., then a warning for "
                    + "each prompt that uses a dataset yet reads none of its columns",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every dataset loads without a problem", "1:a dataset has a problem (listed on stderr)"})
    static final class Check implements Callable<Integer> {

        @ParentCommand
        DatasetsCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Dataset> datasets;
            List<String> warnings = new java.util.ArrayList<>();
            try (Studio studio = Studio.open(parent.root.workspace())) {
                datasets = studio.loadDatasets();
                // A dataset whose columns no prompt using it reads (a misnamed header, a wrong separator).
                for (Dataset d : datasets) {
                    studio.experiments().columnWarnings(d.name()).forEach(w -> warnings.add("warning: " + w));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (datasets.isEmpty()) {
                out.println("no datasets (datasets/*.jsonl, datasets/*.csv)");
                return 0;
            }
            int problems = 0;
            int broken = 0;
            for (Dataset d : datasets) {
                int n = d.problems().size();
                out.printf("%s: %d cases (%d dev, %d test), %s%s%n", d.name(), d.cases().size(),
                        d.count(TestCase.DEV), d.count(TestCase.TEST),
                        n == 0 ? "no problems" : n + (n == 1 ? " problem" : " problems"),
                        d.separatorName().map(s -> "; columns separated by " + s).orElse(""));
                problems += n;
                if (n > 0) broken++;
            }
            out.flush();
            // Problems go to stderr, after the data: stdout stays a clean listing whatever the datasets hold.
            for (Dataset d : datasets) d.problems().forEach(err::println);
            warnings.forEach(err::println);
            err.flush();
            if (problems > 0) throw problems(problems, broken, datasets.size(), "");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The datasets as a table on standard output: cases, dev and test counts, problems. "
                    + "When a dataset has problems, one line on standard error says so.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every dataset loads without a problem",
                "1:a dataset has a problem (studio datasets check lists them)"})
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
            int problems = 0;
            int broken = 0;
            for (Dataset d : datasets) {
                out.printf(row, d.name(), d.cases().size(), d.count(TestCase.DEV), d.count(TestCase.TEST),
                        d.problems().size());
                problems += d.problems().size();
                if (!d.problems().isEmpty()) broken++;
            }
            out.flush(); // the whole table first: the error line goes to stderr after it, never inside it
            if (problems > 0) throw problems(problems, broken, datasets.size(), " (see: studio datasets check)");
            return 0;
        }
    }
}

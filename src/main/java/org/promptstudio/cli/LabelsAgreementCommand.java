package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.LabelStatistics;
import org.promptstudio.app.LabelStatistics.AgreementReport;
import org.promptstudio.app.LabelStatistics.Figure;
import org.promptstudio.app.Studio;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code studio labels agreement}: how far annotators agree, per schema and per queue (decisions 0125, 0126). */
@Command(name = "agreement",
        description = {"How far annotators agree beyond chance, per label schema and per queue.",
            "Cohen's kappa (two annotators), Fleiss' kappa and Krippendorff's alpha (ordinal and interval for ratings,"
                + " nominal otherwise), each with the items it counted and what it left out. A figure that cannot be"
                + " computed says undefined and why."},
        footer = {"", "Examples:",
            "  studio labels agreement",
            "  studio labels agreement --schema helpfulness",
            "  studio labels agreement --queue helpfulness-week-48"})
final class LabelsAgreementCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--schema", paramLabel = "S", description = "Only this label schema.")
    String schema;

    @Option(names = "--queue", paramLabel = "Q", description = "Only this queue.")
    String queue;

    @Override
    public Integer call() {
        List<AgreementReport> reports;
        try (Studio studio = root(spec).openStudio()) {
            reports = LabelStatistics.of(studio).agreement(schema, queue);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (reports.isEmpty()) {
            out.println("No labels yet: nothing to compare (label answers in a queue, the window or the grid).");
        }
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) out.println();
            print(out, reports.get(i));
        }
        out.flush();
        return 0;
    }

    /** The {@code studio} command above a {@code studio labels ...} subcommand (it knows the workspace). */
    static StudioCommand root(CommandSpec spec) {
        CommandLine c = spec.commandLine();
        while (!(c.getCommand() instanceof StudioCommand)) c = c.getParent();
        return (StudioCommand) c.getCommand();
    }

    static void print(PrintWriter out, AgreementReport report) {
        int n = report.annotators().size();
        out.println(report.schema() + " (" + report.type() + "), "
                + (report.queue() == null ? "all labels" : "queue " + report.queue()) + ": "
                + report.units() + (report.units() == 1 ? " item, " : " items, ")
                + report.labels() + (report.labels() == 1 ? " label" : " labels") + " by " + n
                + (n == 1 ? " annotator" : " annotators") + (n == 0 ? "" : " (" + String.join(", ", report.annotators())
                + ")"));
        for (Figure figure : report.figures()) {
            out.println("  " + (figure.part() == null ? "" : "[" + figure.part() + "] ")
                    + figure.coefficient().summary());
        }
        for (String note : report.notes()) out.println("  note: " + note);
    }
}

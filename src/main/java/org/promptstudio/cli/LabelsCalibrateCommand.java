package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.LabelStatistics;
import org.promptstudio.app.LabelStatistics.CalibrationReport;
import org.promptstudio.app.Studio;
import org.promptstudio.labelling.agreement.Calibration;
import org.promptstudio.labelling.agreement.LeftOut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code studio labels calibrate}: a judge model against the people's labels on the same calls (decision 0126). */
@Command(name = "calibrate",
        description = {"Compare a judge model with the people's labels on the same calls.",
            "Rating and thumbs schemas: the llm-rubric judge, with the schema's description as the rubric; pairwise"
                + " schemas: the pairwise judge, asked in both orders. Prints the true positive and true negative rates,"
                + " Cohen's kappa, the number of items, and the people's own agreement on them (the ceiling). Asks the"
                + " judge once per labelled call; each judge call is recorded (studio calls). Exits with 1 when no item"
                + " could be compared."},
        footer = {"", "Examples:",
            "  studio labels calibrate --judge gpt-4o-mini --schema helpfulness",
            "  studio labels calibrate --judge claude-haiku --schema preference"})
final class LabelsCalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--judge", required = true, paramLabel = "J", description = "The judge: a model id of studio.yaml.")
    String judge;

    @Option(names = "--schema", required = true, paramLabel = "S",
            description = "A rating, thumbs or pairwise label schema.")
    String schema;

    @Override
    public Integer call() {
        CalibrationReport report;
        try (Studio studio = LabelsAgreementCommand.root(spec).openStudio()) {
            report = LabelStatistics.of(studio).calibrate(judge, schema);
        }
        PrintWriter out = spec.commandLine().getOut();
        Calibration c = report.calibration();
        String nothing = report.nothingCompared();
        if (nothing != null) {
            // no figure over no item: one line saying why, and a failure for scripts
            spec.commandLine().getErr().println("error: " + nothing + (report.judgeCalls() == 0 ? ""
                    : " (" + report.judgeCalls() + " judge " + (report.judgeCalls() == 1 ? "call" : "calls")
                    + " recorded: studio calls)"));
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.println("Judge " + report.judgeModel() + " (" + report.judgeKind() + ") against the people's labels of "
                + report.schema() + ": " + c.units() + (c.units() == 1 ? " item" : " items"));
        if (report.warning() != null) out.println("warning: " + report.warning());
        out.println("  TPR " + Calibration.percent(c.tpr()) + ": the judge said " + c.positive() + " on "
                + c.truePositives() + " of the " + (c.truePositives() + c.falseNegatives()) + " items the people called "
                + c.positive());
        out.println("  TNR " + Calibration.percent(c.tnr()) + ": the judge said " + c.negative() + " on "
                + c.trueNegatives() + " of the " + (c.trueNegatives() + c.falsePositives()) + " items the people called "
                + c.negative());
        out.println("  judge vs people: " + c.kappa().summary());
        out.println("  ceiling, people vs people (" + report.ceilingBasis() + "): " + report.ceiling().summary());
        for (LeftOut group : c.leftOut()) {
            out.println("  left out " + group.units().size() + ": " + group.reason() + ": "
                    + String.join(", ", group.units().subList(0, Math.min(10, group.units().size())))
                    + (group.units().size() > 10 ? " and " + (group.units().size() - 10) + " more" : ""));
        }
        if (report.judgeError() != null) out.println("  first unusable judge reply: " + report.judgeError());
        for (String note : report.notes()) out.println("  note: " + note);
        out.println("  how values were read: " + report.rule());
        out.println("  judge calls: " + report.judgeCalls() + (report.judgeCalls() == 0 ? ""
                : " (recorded as calls of no run: studio calls)"));
        out.flush();
        return 0;
    }
}

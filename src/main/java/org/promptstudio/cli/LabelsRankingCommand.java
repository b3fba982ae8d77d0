package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.LabelStatistics;
import org.promptstudio.app.LabelStatistics.RankingReport;
import org.promptstudio.app.Studio;
import org.promptstudio.labelling.preference.Ranking;
import org.promptstudio.labelling.preference.Standing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code studio labels ranking}: models and prompt versions ranked from pairwise preferences (decision 0125). */
@Command(name = "ranking",
        description = {"Rank models and prompt versions by Bradley-Terry scores from pairwise preferences.",
            "From people's pairwise labels, their ranking labels (a ranking of k answers counts as the k(k-1)/2"
                + " pairwise outcomes it implies) and stored pairwise-judge verdicts (a win only when the judge picked the"
                + " same answer in both orders). Scores on the Elo scale (mean 1000; 400 points = 10 to 1 odds) with a"
                + " 95%% bootstrap interval."},
        footer = {"", "Examples:",
            "  studio labels ranking",
            "  studio labels ranking --schema preference"})
final class LabelsRankingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--schema", paramLabel = "S", description = "Only this pairwise or ranking schema's labels.")
    String schema;

    @Override
    public Integer call() {
        List<RankingReport> reports;
        try (Studio studio = LabelsAgreementCommand.root(spec).openStudio()) {
            reports = LabelStatistics.of(studio).ranking(schema);
        }
        LabelsAgreementCommand.printEach(spec.commandLine().getOut(), reports,
                "No pairwise preferences: no pairwise or ranking schema in studio.yaml and no stored pairwise-judge"
                        + " verdicts.",
                LabelsRankingCommand::print);
        return 0;
    }

    static void print(PrintWriter out, RankingReport report) {
        Ranking ranking = report.ranking();
        String source = report.schema() == null ? report.source() + " verdicts"
                : report.source() + "'s labels of " + report.schema();
        out.println("By " + report.by() + ", from " + source + ": " + ranking.comparisons()
                + (ranking.comparisons() == 1 ? " comparison" : " comparisons"));
        for (String note : report.notes()) out.println("  note: " + note);
        if (ranking.standings().isEmpty()) {
            out.println("  no scores: " + ranking.undefinedReason());
            return;
        }
        if (!ranking.defined()) out.println("  no scores: " + ranking.undefinedReason());
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"RANK", report.by().toUpperCase(java.util.Locale.ROOT), "SCORE", "95% INTERVAL",
            "COMPARED", "WON", "LOST", "TIED"});
        int rank = 0;
        for (Standing s : ranking.standings()) {
            rank++;
            table.add(new String[] {String.valueOf(rank), s.contestant(), s.scoreText(), s.intervalText(),
                String.valueOf(s.comparisons()), String.valueOf(s.wins()), String.valueOf(s.losses()),
                String.valueOf(s.ties())});
        }
        CallFormat.table(out, table, new boolean[] {true, false, true, false, true, true, true, true});
        if (ranking.defined()) {
            out.println("  Bradley-Terry (MM), " + (ranking.prior() == 0 ? "no prior"
                    : "prior " + trim(ranking.prior()) + " virtual tie per contestant") + "; interval: "
                    + (ranking.intervalUndefinedReason() == null ? ranking.resamples() + " bootstrap resamples, seed "
                    + ranking.seed() : ranking.intervalUndefinedReason()));
        }
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }
}

package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.app.Studio;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code studio diff-runs BASELINE CANDIDATE}: run-to-run regression, case by case. */
@Command(name = "diff-runs", description = "Compare two runs on the cases they share: flipped cases and metric changes.",
        footer = {"", "BASELINE and CANDIDATE are run ids (see 'studio runs'), or PROMPT@VERSION (a label, a version number"
                + " or a commit): the newest run of the same experiment as the other run that called that version.",
            "Runs pair on prompt, model, case and sample; two runs with no case in common are an error (exit 1).",
            "", "Examples:", "  studio diff-runs 3 7", "  studio diff-runs answer@production 7"})
final class DiffRunsCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "Run id, or PROMPT@VERSION (e.g. answer@production).")
    String baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "Run id, or PROMPT@VERSION.")
    String candidate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Studio studio = root.openStudio()) {
            Scoreboards.RunDiff d = Scoreboards.of(studio).diff(baseline, candidate);
            out.printf("Baseline: run %d%s%n", d.baseline().runId(), baseline.matches("\\d+") ? "" : " (" + baseline + ")");
            ScoreboardText.print(out, d.baseline().board());
            out.printf("%nCandidate: run %d%n", d.candidate().runId());
            ScoreboardText.print(out, d.candidate().board());
            out.println();
            ScoreboardText.print(out, d.comparison());
            out.flush();
            return 0;
        }
    }
}

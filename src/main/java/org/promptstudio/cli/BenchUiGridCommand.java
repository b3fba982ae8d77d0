package org.promptstudio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code studio bench ui-grid}: checks the options; the launcher ({@code Main}) then opens the window, fills the grid
 * and prints the figures (the window belongs to {@code ui}, which the command line does not use).
 */
@Command(name = "ui-grid", description = "Fill a compare grid of N rows x 6 columns (3 versions x 2 models) from "
        + "recorded calls in a real window and print the machine's load, the time to first paint and the frame times "
        + "(p50, p95, worst, frames over 50 ms, stalls over 100 ms, and the UI thread's CPU time in a frame) while it "
        + "fills and while it scrolls to the end as a user does: 20 mouse-wheel notches of 40 px, one a frame, then 3 "
        + "page jumps, six frames apart, again until the last row. Needs a display (Xvfb will do: xvfb-run -a studio bench "
        + "ui-grid). The calls are recorded first against a local 127.0.0.1 server in a temporary workspace, then "
        + "replayed with no network; the user's workspace is not touched.")
public final class BenchUiGridCommand implements Callable<Integer> {

    /** What to run, checked, or a null rows count with the exit code to end with. */
    public record Outcome(int rows, boolean profile, int exitCode) {
    }

    @Option(names = "--rows", converter = Numbers.Count.class, defaultValue = "1000",
            description = "The grid's rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--profile", description = "Also print where the UI thread was while a frame was late "
            + "(sampled every 10 ms).")
    boolean profile;

    Outcome chosen;

    @Override
    public Integer call() {
        chosen = new Outcome(rows, profile, 0);
        return 0;
    }

    /** Parses {@code args} (the words after {@code bench ui-grid}); prints help or the error itself. */
    public static Outcome prepare(String[] args) {
        int[] code = new int[1];
        BenchUiGridCommand ran = BenchCommand.parse("ui-grid", args, code);
        if (code[0] != 0 || ran.chosen == null) return new Outcome(0, false, code[0]);
        return ran.chosen;
    }
}

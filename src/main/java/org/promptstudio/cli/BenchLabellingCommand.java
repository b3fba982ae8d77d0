package org.promptstudio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code studio bench labelling}: checks the options; the launcher ({@code Main}) then opens the labelling window on a
 * queue of recorded calls and prints the keypress-to-next-item times (the window belongs to {@code ui}, which the
 * command line does not use).
 */
@Command(name = "labelling", description = "Label a queue of N recorded calls in a real window by keys alone (a digit,"
        + " then Enter, one item a frame) and print the time from each Enter to the next item laid out (median, p95,"
        + " max, how many over 50 ms) and the labels stored. The calls are recorded first with the built-in echo model"
        + " in a temporary workspace; the user's workspace is not touched. Needs a display (Xvfb will do: xvfb-run -a"
        + " studio bench labelling).")
public final class BenchLabellingCommand implements Callable<Integer> {

    /** What to run, checked, or 0 items with the exit code to end with. */
    public record Outcome(int items, int exitCode) {
    }

    @Option(names = "--items", converter = Numbers.Count.class, defaultValue = "1000",
            description = "The queue's items, each labelled once (default: ${DEFAULT-VALUE}).")
    int items;

    Outcome chosen;

    @Override
    public Integer call() {
        chosen = new Outcome(items, 0);
        return 0;
    }

    /** Parses {@code args} (the words after {@code bench labelling}); prints help or the error itself. */
    public static Outcome prepare(String[] args) {
        int[] code = new int[1];
        BenchLabellingCommand ran = BenchCommand.parse("labelling", args, code);
        if (code[0] != 0 || ran.chosen == null) return new Outcome(0, code[0]);
        return ran.chosen;
    }
}

package org.promptstudio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code studio bench ...}: benchmarks that print figures (speed and memory targets live here, not in tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures.",
        subcommands = {BenchTemplatesCommand.class, BenchStoreCommand.class, BenchVcsCommand.class, BenchRunnerCommand.class, BenchEvalCommand.class,
            BenchCallsBrowseCommand.class, BenchUiGridCommand.class, BenchLabellingCommand.class, BenchIndexCommand.class,
            BenchMonitorCommand.class, BenchE2eCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Parses {@code args} (the words after {@code bench NAME}) as {@code studio bench NAME ...}, printing help or the
     * error itself; returns the subcommand's object when it ran to its end, else null, and its exit code.
     */
    static <T> T parse(String name, String[] args, int[] exitCode) {
        CommandLine cl = StudioCommand.commandLine(new java.io.PrintWriter(System.out, true),
                new java.io.PrintWriter(System.err, true));
        String[] full = new String[args.length + 2];
        full[0] = "bench";
        full[1] = name;
        System.arraycopy(args, 0, full, 2, args.length);
        exitCode[0] = cl.execute(full);
        return cl.getSubcommands().get("bench").getSubcommands().get(name).getCommand();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

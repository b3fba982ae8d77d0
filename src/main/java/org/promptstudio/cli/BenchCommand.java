package org.promptstudio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code studio bench ...}: benchmarks that print figures (speed and memory targets live here, not in tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures.",
        subcommands = {BenchTemplatesCommand.class, BenchStoreCommand.class, BenchVcsCommand.class, BenchRunnerCommand.class, BenchEvalCommand.class,
            BenchCallsBrowseCommand.class, BenchUiGridCommand.class, BenchLabellingCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

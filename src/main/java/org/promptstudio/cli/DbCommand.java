package org.promptstudio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code studio db ...}: upkeep of the workspace's database file. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Upkeep of the workspace's database file (.studio/db/).",
        subcommands = {DbCompactCommand.class})
final class DbCommand implements Runnable {

    @CommandLine.ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

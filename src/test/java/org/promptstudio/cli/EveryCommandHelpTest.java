package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command, however deep, answers {@code --help} with its usage and exit status 0, even one with a required
 * parameter or an option of its own named {@code --version}; and every help text is a valid format string (picocli
 * formats descriptions, so a lone {@code %} would print a warning instead of the text).
 */
class EveryCommandHelpTest {

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) return; // an alias
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, into);
        });
    }

    private static List<List<String>> commands() {
        CommandLine root = StudioCommand.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<List<String>> all = new ArrayList<>();
        collect(root, List.of(), all);
        return all;
    }

    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> all = commands();
        assertThat(all).anySatisfy(p -> assertThat(p).containsExactly("labels", "queue", "create"));
        for (List<String> path : all) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun run = studio(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: studio " + String.join(" ", path));
        }
    }

    @Test
    void everyHelpTextIsAValidFormatString() {
        CommandLine root = StudioCommand.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<String> bad = new ArrayList<>();
        for (List<String> path : commands()) {
            CommandLine cl = root;
            for (String name : path) cl = cl.getSubcommands().get(name);
            CommandSpec spec = cl.getCommandSpec();
            List<String> lines = new ArrayList<>();
            lines.addAll(List.of(spec.usageMessage().description()));
            lines.addAll(List.of(spec.usageMessage().header()));
            lines.addAll(List.of(spec.usageMessage().footer()));
            for (OptionSpec o : spec.options()) lines.addAll(List.of(o.description()));
            spec.positionalParameters().forEach(p -> lines.addAll(List.of(p.description())));
            for (String line : lines) {
                if (line.contains("${")) continue; // picocli variables (${DEFAULT-VALUE}) are expanded first
                try {
                    String.format(line);
                } catch (java.util.IllegalFormatException e) {
                    bad.add(String.join(" ", path) + ": " + line);
                }
            }
        }
        assertThat(bad).isEmpty();
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options several commands share through a picocli mixin keep one name, label and help in each of them:
 * {@code --run/--prompt/--format} of {@code calls} and {@code feedback}, {@code --registry} of {@code publish},
 * {@code registry list} and {@code registry pull}.
 */
class SharedOptionsTest {

    private static CommandLine command(String... path) {
        CommandLine cl = StudioCommand.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        for (String name : path) cl = cl.getSubcommands().get(name);
        return cl;
    }

    private static String shown(CommandLine cl, String option) {
        OptionSpec o = cl.getCommandSpec().findOption(option);
        assertThat(o).as(cl.getCommandName() + " " + option).isNotNull();
        return o.paramLabel() + " " + String.join(" ", o.description());
    }

    @Test
    void callsAndFeedbackFilterAlike() {
        for (String option : List.of("--run", "--prompt", "--format")) {
            assertThat(shown(command("calls"), option)).isEqualTo(shown(command("feedback"), option));
        }
        assertThat(shown(command("calls"), "--run")).isEqualTo("ID Only this run's calls (with feedback: the ratings on them).");
        assertThat(shown(command("calls"), "--limit")).isEqualTo("N At most N calls (default: 20).");
        assertThat(shown(command("feedback"), "--limit")).isEqualTo("N At most N ratings (default: 50).");
        assertThat(studio("calls", "--help").out()).contains("--format=table|json").contains("--run=ID")
                .contains("--prompt=PROMPT").contains("At most N calls (default: 20)");
        assertThat(studio("feedback", "--help").out()).contains("--format=table|json").contains("--run=ID")
                .contains("--prompt=PROMPT").contains("At most N ratings (default: 50)");
    }

    @Test
    void everyRegistryCommandNamesTheRegistryAlike() {
        String publish = shown(command("publish"), "--registry");
        assertThat(publish).startsWith("NAME|URL A registry named in studio.yaml");
        assertThat(shown(command("registry", "list"), "--registry")).isEqualTo(publish);
        assertThat(shown(command("registry", "pull"), "--registry")).isEqualTo(publish);
    }

    @Test
    void aBadFormatIsAUsageErrorInEither() {
        for (String command : List.of("calls", "feedback")) {
            CliRun run = studio(command, "--format", "xml");
            assertThat(run.exitCode()).as(command).isEqualTo(StudioCommand.USAGE_ERROR);
            assertThat(run.err()).as(command).contains("--format").doesNotContain("Exception");
        }
    }
}

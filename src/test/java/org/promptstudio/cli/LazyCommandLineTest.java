package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Start-up (decision 0155): a command line is built with the one command its words name, and only that. */
class LazyCommandLineTest {

    private static CommandLine built(String... args) {
        return StudioCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                (Path p) -> {
                    throw new AssertionError("no workspace is opened here");
                }, args);
    }

    @Test
    void everyCommandIsListedUnderItsOwnName() {
        for (Map.Entry<String, Class<?>> c : StudioCommand.COMMANDS) {
            assertThat(c.getValue().getAnnotation(CommandLine.Command.class).name()).isEqualTo(c.getKey());
        }
        assertThat(built("--help").getSubcommands().keySet())
                .containsExactlyElementsOf(StudioCommand.COMMANDS.stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void aCommandGetsItselfAloneAndTheVersionNone() {
        assertThat(built("-w", "/tmp/x", "render", "answer", "--help").getSubcommands().keySet())
                .containsExactly("render");
        assertThat(built("--workspace=/tmp/x", "bench", "e2e").getSubcommands().keySet()).containsExactly("bench");
        assertThat(built("--version").getSubcommands()).isEmpty();
    }

    @Test
    void helpNoCommandAndUnknownWordsGetEveryCommand() {
        int all = StudioCommand.COMMANDS.size();
        assertThat(built("help", "render").getSubcommands()).hasSize(all);
        assertThat(built().getSubcommands()).hasSize(all);
        assertThat(built("rendr").getSubcommands()).hasSize(all);
        assertThat(built("-h", "render").getSubcommands()).hasSize(all);
    }

    @Test
    void theVersionAloneStillAnswers() {
        StringWriter out = new StringWriter();
        int code = StudioCommand.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                p -> {
                    throw new AssertionError("no workspace is opened here");
                }, "--version");
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("Prompt Studio ");
    }
}

package org.promptstudio.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.promptstudio.app.UserCredentials;
import org.promptstudio.model.StudioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code studio credentials list|set}: the user's provider keys, outside any workspace; values are never printed. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Show which provider keys are set and where, or store one in the user's credentials file.",
        subcommands = {CredentialsCommand.Listing.class, CredentialsCommand.Set.class})
final class CredentialsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the provider variables and where each is set (environment or file); never a value.")
    static final class Listing implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var entries = UserCredentials.standard().list();
            int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4);
            for (UserCredentials.Entry e : entries) {
                out.printf("%-" + width + "s  %s%n", e.name(), e.source() == null ? "not set" : "set (" + e.source() + ")");
            }
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Store NAME in the credentials file (created owner-only, rw-------).",
                "The value is read from the terminal without echo, or from the first line of standard input; "
                        + "never from the command line, where it would stay in the shell history."})
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The variable, e.g. OPENAI_API_KEY.")
        String name;

        @Override
        public Integer call() {
            String value = readValue();
            if (value == null || value.isBlank()) throw new StudioException("no value given for " + name);
            var file = UserCredentials.standard().store(name, value);
            spec.commandLine().getOut().println("Stored " + name + " in " + file);
            return 0;
        }

        private String readValue() {
            Console console = System.console();
            if (console != null) {
                char[] chars = console.readPassword("%s: ", name);
                return chars == null ? null : new String(chars);
            }
            try {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new StudioException("cannot read the value from standard input: " + e.getMessage(), e);
            }
        }
    }
}

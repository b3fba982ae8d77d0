package org.promptstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.promptstudio.app.TemplateBenchmark;
import org.promptstudio.model.StudioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench templates}: parse and render throughput of the sample prompts, and cold start to render. */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "Parse + render throughput of the sample prompts, and the time from JVM start to a rendered prompt.")
final class BenchTemplatesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", converter = Numbers.Seconds.class, defaultValue = "3", description = "Length of each timed phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--cold-starts", converter = Numbers.Count.class, defaultValue = "5",
            description = "Fresh JVMs started to time start-to-render (default: ${DEFAULT-VALUE}).")
    int coldStarts;

    @Override
    public Integer call() throws IOException {
        try (ScratchDir dir = new ScratchDir("studio-bench-templates")) {
            Path scratch = dir.path();
            TemplateBenchmark.Figures f = TemplateBenchmark.run(scratch, seconds, coldStarts);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("prompts (both samples):      %d%n", f.prompts());
            out.printf("parse:                       %,.0f parses/s (%,d in %.1f s)%n", f.parsesPerSecond(), f.parses(), seconds);
            out.printf("parse + render:              %,.0f renders/s (%.1f µs per render)%n", f.rendersPerSecond(), f.microsPerRender());
            if (!f.coldStartMillis().isEmpty()) {
                long median = f.coldStartMillis().stream().sorted().toList().get(f.coldStartMillis().size() / 2);
                out.printf("JVM start to rendered prompt: %d ms median (runs: %s ms; 'studio render %s')%n", median,
                        f.coldStartMillis().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                        f.coldStartPrompt());
            }
            out.flush();
            return 0;
        } catch (StudioException e) {
            throw e;
        }
    }

}

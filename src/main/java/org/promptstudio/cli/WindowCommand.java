package org.promptstudio.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code studio ui [DIR]}: decides which workspace the window opens. With no folder: the current folder when it is
 * a workspace, else the sample workspace under {@code ~/PromptStudio}, copied there the first time.
 */
@Command(name = "ui", description = "Open the window on a workspace (the default when no command is given).")
public final class WindowCommand implements Callable<Integer> {

    /** The workspace to open, or null with the exit code to end with. */
    public record Outcome(Path workspace, int exitCode) {
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Workspace folder to open.")
    Path dir;

    @Option(names = "--sample", paramLabel = "NAME", defaultValue = "support-assistant",
            description = "Sample to open when no folder is given and the current folder is no workspace "
                    + "(default: ${DEFAULT-VALUE}).")
    String sample;

    Path chosen;

    @Override
    public Integer call() {
        chosen = choose(dir, sample);
        return 0;
    }

    /**
     * The workspace the window opens: {@code dir} when given, else the current folder when it is a workspace, else
     * the sample {@code sample} under {@link Studio#sampleHome()}, copied there the first time. It is opened once to
     * check it (an error names what is wrong).
     *
     * @return its absolute path
     */
    static Path choose(Path dir, String sample) {
        Path target = dir;
        if (target == null) {
            Path cwd = Path.of("").toAbsolutePath();
            target = Files.isRegularFile(cwd.resolve("studio.yaml")) ? cwd : null;
        }
        if (target == null) {
            target = Studio.sampleHome().resolve(sample);
            if (!Files.exists(target)) {
                Studio.initFromSample(sample, target);
            }
        }
        Studio.open(target);
        return target.toAbsolutePath().normalize();
    }

    /** Parses {@code args} as {@code studio ui ...}; prints help or the error itself. */
    public static Outcome prepare(String[] args) {
        CommandLine cl = StudioCommand.commandLine(new java.io.PrintWriter(System.out, true),
                new java.io.PrintWriter(System.err, true));
        String[] full = new String[args.length + 1];
        full[0] = "ui";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = cl.execute(full);
        CommandLine sub = cl.getSubcommands().get("ui");
        WindowCommand ran = sub.getCommand();
        if (code != 0 || ran.chosen == null) return new Outcome(null, code);
        return new Outcome(ran.chosen, 0);
    }
}

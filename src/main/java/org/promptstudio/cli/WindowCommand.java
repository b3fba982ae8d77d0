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
     * the sample {@code sample} under {@link Studio#sampleHome()}, copied there the first time. Only checked to be a
     * workspace folder, not opened (an error names what is wrong).
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
        // The window opens the workspace itself (Main starts that while JavaFX starts): here only the folder is
        // checked, so that a folder that is no workspace gets its one line before any window shows.
        return Studio.requireWorkspace(target);
    }

    /** Parses {@code args} as {@code studio ui ...}; prints help or the error itself. */
    public static Outcome prepare(String[] args) {
        // Only this command is built, not the whole `studio` tree: the window's start waits for this parse.
        WindowCommand ran = new WindowCommand();
        CommandLine cl = StudioCommand.configure(new CommandLine(ran), new java.io.PrintWriter(System.out, true),
                new java.io.PrintWriter(System.err, true));
        cl.setCommandName("studio ui");
        int code = cl.execute(args);
        if (code != 0 || ran.chosen == null) return new Outcome(null, code);
        return new Outcome(ran.chosen, 0);
    }
}

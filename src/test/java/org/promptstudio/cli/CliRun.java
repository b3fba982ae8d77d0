package org.promptstudio.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.promptstudio.app.Studio;

/** One run of {@code studio ...} through {@link StudioCommand#run(PrintWriter, PrintWriter, String...)}. */
record CliRun(int exitCode, String out, String err) {

    static CliRun studio(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A run whose workspaces are opened by {@code studios} (e.g. with prompt versions wired in). */
    static CliRun studioWith(Function<Path, Studio> studios, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), studios, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}

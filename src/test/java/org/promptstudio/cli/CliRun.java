package org.promptstudio.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of {@code studio ...} through {@link StudioCommand#run(PrintWriter, PrintWriter, String...)}. */
record CliRun(int exitCode, String out, String err) {

    static CliRun studio(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}

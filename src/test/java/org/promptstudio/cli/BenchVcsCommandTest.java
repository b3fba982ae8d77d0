package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The benchmark runs end to end and prints its figures; how fast is for the benchmark to say. It is run through its
 * own command line here: the lead wires it under 'studio bench'.
 */
class BenchVcsCommandTest {

    @Test
    void printsSaveHistoryResolveAndSizeFigures() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchVcsCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("--versions", "12");

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("versions saved:              12")
                .containsPattern("save: +[\\d.]+ ms mean, [\\d.]+ ms median, [\\d.]+ ms p95")
                .containsPattern("history \\(12 versions\\): +[\\d.]+ ms first")
                .containsPattern("resolve version 6: +[\\d.]+ ms")
                .containsPattern("resolve label 'production': +[\\d.]+ ms")
                .containsPattern("repository size: +[\\d,]+ KB in [\\d,]+ files loose; [\\d,]+ KB packed");
    }
}

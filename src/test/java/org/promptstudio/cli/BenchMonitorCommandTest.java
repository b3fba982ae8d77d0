package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code studio bench monitor}: the fill, the file's size, the sums' rows and one line per dashboard query. */
class BenchMonitorCommandTest {

    @Test
    void printsTheFillTheSizeAndEachQueryWithItsBuckets() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchMonitorCommand());
        cl.setOut(new PrintWriter(out));

        int code = cl.execute("--calls", "3000", "--repeats", "2");

        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("monitor: 3,000 calls in a temporary H2 file \\(recorded in [0-9.]+ s,"
                + " [0-9,]+ calls/s\\), [0-9.]+ MB; sums: [0-9,]+ hour rows, [0-9,]+ day rows");
        assertThat(lines.get(1)).contains("query", "buckets", "first ms", "p50 ms", "p95 ms");
        assertThat(lines.subList(2, lines.size())).hasSize(7)
                .anySatisfy(l -> assertThat(l).matches("  90 days by day, all calls +91 .*"))
                .anySatisfy(l -> assertThat(l).matches("  7 days by hour, all calls +168 .*"));
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchStoreCommandTest {

    @Test
    void printsTheInsertRateTheSummaryTimeThePeakHeapAndThePerModelFigures() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchStoreCommand());
        cl.setOut(new PrintWriter(out));

        int code = cl.execute("--calls", "3000", "--batch", "500");

        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("store: 3,000 calls of 1,500 characters, batches of 500, in a temporary H2 file");
        assertThat(lines.get(1)).matches("  insert, batched +3,000 calls in [0-9.]+ s = [0-9,]+ calls/s");
        assertThat(lines.get(2)).matches("  insert, one by one +1,000 calls in [0-9.]+ s = [0-9,]+ calls/s .*");
        assertThat(lines.get(3)).matches("  per-model summary +\\d+ ms first, \\d+ ms best of 3 more .*over 4,000 calls\\)");
        assertThat(lines.get(4)).matches("  peak heap +[0-9,]+ MB .*");
        assertThat(lines.get(5)).matches("  database file +[0-9,.]+ MB open \\(after the last write\\), [0-9,.]+ MB"
                + " closed, [0-9,.]+ MB compacted \\(studio db compact\\)");
        assertThat(lines).filteredOn(l -> l.matches("  (gpt-4o-mini|claude-haiku|gemini-flash|llama3.1:8b|echo) .*"))
                .hasSize(5)
                .allSatisfy(l -> assertThat(l).contains("800", "$"));
    }
}

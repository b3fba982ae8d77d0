package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code studio bench index} on a small generated corpus (the figures themselves are for the note, not asserted). */
class BenchIndexCommandTest {

    @Test
    void printsRatesSizeAndLatencyPerModeWithTheTargets() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchIndexCommand());
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("--chunks", "200", "--queries", "10");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("index: 200 generated chunks")
                .containsPattern("embedding only +[\\d,.]+ chunks/s")
                .containsPattern("ingestion +[\\d,.]+ chunks/s .* of embedding only +target >= 90%: (met|NOT met)")
                .containsPattern("index size +[\\d,.]+ MB")
                .containsPattern("bm25 +p50 +[\\d.]+ ms +p95 +[\\d.]+ ms")
                .containsPattern("vector +p50 +[\\d.]+ ms +p95 +[\\d.]+ ms +\\(embedding the query included\\)")
                .containsPattern("hybrid +p50 +[\\d.]+ ms +p95 +[\\d.]+ ms")
                .contains("target: hybrid p95 < 20 ms at 100,000 chunks: not measured here (200 chunks;");
    }
}

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
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("--chunks", "100", "--embed-sample", "40", "--queries", "5");
        assertThat(code).isZero();
        // the generated sections are each about one chunk: the real ingestion makes close to what was asked for
        assertThat(out.toString()).containsPattern("index: 1\\d\\d chunks \\(100 asked for\\) in 13 generated documents")
                .containsPattern("embedding only +[\\d,.]+ chunks/s +\\(4\\d chunks in ")
                .containsPattern("ingestion +[\\d,.]+ chunks/s +\\(1\\d\\d chunks in .* of embedding only +target >= 90%: (met|NOT met)")
                .containsPattern("index size +[\\d,.]+ MB")
                .containsPattern("bm25 +p50 +[\\d.]+ ms +p95 +[\\d.]+ ms")
                .containsPattern("vector +p50 +[\\d.]+ ms +p95 +[\\d.]+ ms +\\(embedding the query p50 [\\d.]+ / p95 [\\d.]+ ms; then the"
                        + " search p50 [\\d.]+ / p95 [\\d.]+ ms\\)")
                .containsPattern("hybrid +p50 +[\\d.]+ ms +p95 +[\\d.]+ ms +\\(embedding the query p50 [\\d.]+ / p95 [\\d.]+ ms,"
                        + " beside the BM25 half; then the search p50 [\\d.]+ / p95 [\\d.]+ ms\\)")
                .containsPattern("target: hybrid p95 < 20 ms at 100,000 chunks: not measured here \\(1\\d\\d chunks;");
        // the steps are told on the error stream as they start, so a long run shows where it is
        assertThat(err.toString()).contains("bench index: embedding 4")
                .contains("bench index:   100% (");
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code studio index} and {@code studio search} on a workspace made by {@code studio init}: the summary with the
 * skipped files, incremental runs, hits in text and JSON, and the errors for an index never built and a bad mode.
 */
class IndexSearchCommandTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = CliWorkspace.create(tmp);
        ws.write("docs/zeppelins.md", "# Zeppelins\n\nThe zeppelin hangar opens at dawn.\n");
        ws.write("docs/guides/wombats.txt", "Wombats dig burrows in the hills.\n");
        Files.write(ws.dir().resolve("docs/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 7});
    }

    @Test
    void indexPrintsTheCountsAndEachSkippedFileWithItsReason() {
        CliRun run = ws.ok("index");

        assertThat(run.out()).contains("Documents: 2 added, 0 updated, 0 removed, 0 unchanged");
        assertThat(run.out()).containsPattern("Chunks: [1-9]\\d* written \\(0 flagged as possible prompt injection\\), [1-9]\\d* in the index");
        assertThat(run.out()).contains("Skipped 1 file:").containsPattern("(?m)^  docs/logo\\.png: \\S.*$");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void searchBeforeAnyIndexTellsTheUserToRunStudioIndex() {
        CliRun run = ws.run("search", "zeppelin");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).contains("studio index").doesNotContain("\n").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadModeIsAUsageError() {
        CliRun run = ws.run("search", "zeppelin", "--mode", "fuzzy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("usage error: ").contains("fuzzy").contains("bm25");
    }

    @Test
    void anEmptyQueryAKPastTheLimitAndAQueryOfStopWordsAreSaidSo() {
        // the trial: "" said "Missing required parameter", --k had no limit, stop words gave vector hits unexplained
        for (String[] args : new String[][] {{"search", ""}, {"search"}, {"search", "  "}}) {
            CliRun empty = ws.run(args);
            assertThat(empty.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(empty.err()).startsWith("usage error: search: the query is empty; give the words to look for");
        }
        CliRun many = ws.run("search", "zeppelin", "--k", "100000");
        assertThat(many.exitCode()).isEqualTo(2);
        assertThat(many.err()).startsWith("usage error: --k: at most 1000 chunks, not 100000");

        ws.ok("index");
        CliRun hybrid = ws.ok("search", "the of and");
        assertThat(hybrid.out()).containsPattern("(?m)^1\\. ");
        assertThat(hybrid.err()).isEqualTo("note: the query has no word BM25 can match (only stop words or punctuation):"
                + " these are the vector search's hits\n");
        CliRun bm25 = ws.ok("search", "the of and", "--mode", "bm25");
        assertThat(bm25.out()).isEqualTo("No chunks match.\n");
        assertThat(bm25.err()).contains("no word BM25 can match (only stop words or punctuation); try --mode hybrid");
        assertThat(ws.ok("search", "zeppelin").err()).isEmpty();
    }

    /** Needs an index that outlives the process's studio (the Lucene ChunkStore); each command opens its own. */
    @Test
    void aSecondRunIsIncrementalAndSearchPrintsHitsAsTextAndJson() throws Exception {
        ws.ok("index");
        ws.write("docs/guides/wombats.txt", "Quokkas smile at the camera.\n");
        CliRun again = ws.ok("index");
        assertThat(again.out()).contains("Documents: 0 added, 1 updated, 0 removed, 1 unchanged");

        CliRun text = ws.ok("search", "zeppelin", "--k", "3", "--mode", "bm25");
        assertThat(text.out()).containsPattern("(?m)^1\\. \\d+\\.\\d{4}  docs/zeppelins\\.md#\\d+  ");
        assertThat(text.out().toLowerCase(java.util.Locale.ROOT)).contains("zeppelin");

        CliRun json = ws.ok("search", "quokkas smile", "--mode", "hybrid", "--path", "docs/guides/", "--format", "json");
        JsonNode hits = new ObjectMapper().readTree(json.out());
        assertThat(hits.isArray()).isTrue();
        assertThat(hits.size()).isPositive();
        JsonNode top = hits.get(0);
        assertThat(top.get("rank").asInt()).isEqualTo(1);
        assertThat(top.get("source").asText()).isEqualTo("docs/guides/wombats.txt");
        assertThat(top.has("position")).isTrue();
        assertThat(top.has("score")).isTrue();
        assertThat(top.get("headings").isArray()).isTrue();
        assertThat(top.get("snippet").asText().toLowerCase(java.util.Locale.ROOT)).contains("quokkas");
        for (JsonNode hit : hits) assertThat(hit.get("source").asText()).startsWith("docs/guides/");

        CliRun none = ws.ok("search", "xylophone", "--mode", "bm25");
        assertThat(none.out()).contains("No chunks match.");
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code studio eval-retrieval --compression} on a workspace made by {@code studio init}: the sweep's table in text
 * and JSON, with the planted answer in a chunk's second sentence lost only when just the best sentence is kept, and
 * {@code --thresholds} without {@code --compression} a usage error.
 */
class EvalRetrievalCommandTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = CliWorkspace.create(tmp);
        ws.write("docs/zeppelins.md", "# Zeppelins\n\nThe zeppelin hangar opens at dawn for airship tours. "
                + "Bring twelve euros in cash.\n");
        ws.write("docs/wombats.txt", "Wombats dig deep burrows in the hills of Tasmania.\n");
        ws.write("datasets/retrieval-questions.jsonl", String.join("\n",
                "{\"question\": \"When does the zeppelin hangar open for airship tours?\", "
                        + "\"relevant\": [\"docs/zeppelins.md\"], \"answer\": \"twelve euros\"}",
                "{\"question\": \"Where do wombats dig their burrows?\", \"relevant\": [\"docs/wombats.txt\"], "
                        + "\"answer\": \"hills of Tasmania\"}",
                "{\"question\": \"A row without an answer\", \"relevant\": [\"docs/wombats.txt\"]}", ""));
    }

    @Test
    void compressionPrintsOneLinePerThresholdAsTextAndJson() throws Exception {
        ws.ok("index");

        CliRun text = ws.ok("eval-retrieval", "--compression", "--thresholds=-1,1");
        assertThat(text.out()).contains("Contextual compression on 2 questions with an answer")
                .contains("hybrid top 4 chunks")
                .contains("The answer is in the uncompressed chunks for 2 of 2 questions")
                .containsPattern("(?m)^-1\\.00 +\\d\\.\\d\\d +2/2 1\\.00 \\[0\\.34, 1\\.00] *$")
                .containsPattern("(?m)^1\\.00 +0\\.\\d\\d +1/2 0\\.50 \\[0\\.09, 0\\.91] *$");
        assertThat(text.err().strip())
                .isEqualTo("note: 1 row has no 'answer' and is left out of the compression figures");

        CliRun json = ws.ok("eval-retrieval", "--compression", "--thresholds", "0.35,1", "--format", "json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("answer_in_context").asInt()).isEqualTo(2);
        assertThat(root.get("runtime_threshold").asDouble()).isBetween(-1.0, 1.0);
        JsonNode strict = root.get("thresholds").get(1);
        assertThat(strict.get("threshold").asDouble()).isEqualTo(1.0);
        assertThat(strict.get("answers_kept").asInt()).isEqualTo(1);
        assertThat(strict.get("answers_lost").get(0).asText()).isEqualTo("retrieval-questions:1");
        assertThat(strict.get("token_share").asDouble()).isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void thresholdsWithoutCompressionAreAUsageError() {
        CliRun run = ws.run("eval-retrieval", "--thresholds", "0.3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("usage error: ").contains("--thresholds needs --compression");
        // the trial: "'abc' is not a double"
        CliRun abc = ws.run("eval-retrieval", "--compression", "--thresholds", "0.3,abc");
        assertThat(abc.exitCode()).isEqualTo(2);
        assertThat(abc.err()).startsWith("usage error: ").contains("must be a cosine similarity from -1 to 1, not 'abc'")
                .doesNotContain("double");
    }
}

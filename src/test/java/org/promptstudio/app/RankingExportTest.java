package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;

/** Ranking labels in the exports, also those stored before a queue's ranking stopped storing a second call. */
class RankingExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Studio studio;

    @AfterEach
    void close() {
        if (studio != null) studio.close();
    }

    /**
     * Three answers to one question, ranked best first; one label stored with a second call as queue rankings were:
     * both read as rankings, the DPO export takes the best over each lower answer, the CSV names every ranked call.
     */
    @Test
    void aRankingStoredWithASecondCallIsStillARanking() throws Exception {
        LabelledCalls.init(dir, null);
        Path yaml = dir.resolve("studio.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("labels:\n", "labels:\n  - name: order\n    type: ranking\n"));
        studio = Studio.open(dir);
        long good = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "Can I return a Dial?", "Yes, within 30 days.");
        long fair = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "Can I return a Dial?", "Yes.");
        long poor = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "Can I return a Dial?", "No idea.");
        String version = studio.labelling().schema("order").version();
        studio.database().labels().insert(new LabelRecord(null, null, good, fair, "order", version, "Ada",
                LabelValue.ofRanking(List.of(good, fair, poor)), false, Instant.now()));

        LabelExports.Written dpo = studio.labelExports().export("dpo", "", null);

        assertThat(dpo.written()).as(dpo.skipped().toString()).isEqualTo(2);
        List<String> lines = Files.readAllLines(dir.resolve(dpo.file()));
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("chosen").get(0).get("content").asText()).isEqualTo("Yes, within 30 days.");
        }
        assertThat(lines).extracting(l -> JSON.readTree(l).get("rejected").get(0).get("content").asText())
                .containsExactly("Yes.", "No idea.");

        LabelExports.Written csv = studio.labelExports().export("csv", null, null);
        List<String> rows = Files.readAllLines(dir.resolve(csv.file()));
        assertThat(rows.get(1)).startsWith("\"" + good + "+" + fair + "+" + poor + "\",\"Ada\",\"" + good + "," + fair
                + "," + poor + "\",\"order\",");
    }
}

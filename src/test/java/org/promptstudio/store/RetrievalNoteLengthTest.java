package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/** Review 14b: a retrieval note carries the rendered query, which has no length bound; the column holds 2000. */
class RetrievalNoteLengthTest {

    @TempDir
    Path workspace;

    @Test
    void aCallWhoseLongQueryFoundNoChunkIsStillRecorded() {
        try (Database db = Database.open(workspace.resolve(".studio"))) {
            long runId = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "rag", "experiments/rag.yaml", "{}")).id();
            String question = "my heat pump shows error E4 again ".repeat(70); // a pasted support e-mail: ~2,400 chars
            String note = "retrieval found no chunk for query \"" + question.strip() + "\"";
            CallRecord call = SampleCalls.call(runId, "gpt-4o-mini", Instant.parse("2026-11-20T09:15:30Z"))
                    .retrievalNote(note).build();

            long id = db.calls().insert(call);

            assertThat(db.calls().find(id).orElseThrow().retrievalNote()).startsWith("retrieval found no chunk");
        }
    }
}

package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

class EvalResultRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456789Z");

    @TempDir
    Path workspace;

    private Database db;
    private long runId;
    private long callId;

    @BeforeEach
    void open() {
        db = Database.open(workspace.resolve(".studio"));
        runId = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "r", "experiments/r.yaml", "{}")).id();
        callId = db.calls().insert(SampleCalls.call(runId, "gpt-4o-mini", T0).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private EvalRecord result(String type, boolean pass, double score) {
        return new EvalRecord(null, callId, runId, type, pass, score, type + " said so", 1.5, T0);
    }

    @Test
    void resultsReadBackByRunAndByCallWithEveryField() {
        db.evalResults().insertBatch(List.of(result("contains", true, 1), result("similar", false, 0.62)));

        List<EvalRecord> back = db.evalResults().inRun(runId);
        assertThat(back).hasSize(2);
        EvalRecord similar = back.get(1);
        assertThat(similar.id()).isNotNull();
        assertThat(similar).isEqualTo(new EvalRecord(similar.id(), callId, runId, "similar", false, 0.62,
                "similar said so", 1.5, Instant.parse("2026-11-26T10:00:00.123456Z")));
        assertThat(db.evalResults().forCall(callId)).isEqualTo(back);
        assertThat(db.evalResults().inRun(runId + 1)).isEmpty();
    }

    @Test
    void evaluatingARunAgainReplacesItsResults() {
        db.evalResults().insertBatch(List.of(result("contains", true, 1), result("similar", false, 0.62)));
        db.evalResults().replaceRun(runId, List.of(result("bleu", true, 0.4)));
        assertThat(db.evalResults().inRun(runId)).extracting(EvalRecord::type).containsExactly("bleu");
    }

    @Test
    void aBatchLongerThanOneJdbcBatchIsStoredWhole() {
        List<EvalRecord> many = new ArrayList<>();
        for (int i = 0; i < 2500; i++) many.add(result("t" + (i % 7), i % 2 == 0, i / 2500.0));
        db.evalResults().insertBatch(many);
        assertThat(db.evalResults().inRun(runId)).hasSize(2500);
    }

    @Test
    void aResultForAnUnknownCallIsRefusedAndNothingIsStored() {
        EvalRecord orphan = new EvalRecord(null, callId + 99, runId, "contains", true, 1, "x", 1, T0);
        assertThatThrownBy(() -> db.evalResults().insertBatch(List.of(result("contains", true, 1), orphan)))
                .isInstanceOf(StoreException.class);
        assertThat(db.evalResults().inRun(runId)).isEmpty();
    }
}

package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.model.GuardStage;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

class GuardEventsStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T22:00:00Z");

    @TempDir
    Path workspace;

    @Test
    void findingsAndABlockedCallReadBackFromTheDatabaseFileAfterReopening() {
        GuardFinding warn = new GuardFinding(GuardCheck.PII, GuardAction.WARN, GuardStage.OUTPUT, "EMAIL 1");
        GuardFinding block = new GuardFinding(GuardCheck.BLOCKLIST, GuardAction.BLOCK, GuardStage.INPUT,
                "term \"project falcon\"");
        long runId;
        long blockedId;
        long warnedId;
        long plainId;
        try (Database db = Database.open(workspace.resolve(".studio"))) {
            runId = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "guarded", null, "{}")).id();
            CallRecord blocked = SampleCalls.call(runId, "gpt-4o-mini", T0).status(CallStatus.BLOCKED)
                    .error("blocked by the blocklist in input").status(CallStatus.BLOCKED)
                    .texts(new CallTexts("[]", null, null, null)).guard(List.of(block)).build();
            CallRecord warned = SampleCalls.call(runId, "gpt-4o-mini", T0.plusSeconds(1)).guard(List.of(warn)).build();
            CallRecord plain = SampleCalls.call(runId, "gpt-4o-mini", T0.plusSeconds(2)).build();
            long[] ids = db.calls().insertBatch(List.of(blocked, warned, plain));
            blockedId = ids[0];
            warnedId = ids[1];
            plainId = ids[2];
        }
        try (Database db = Database.open(workspace.resolve(".studio"))) {
            CallRecord blocked = db.calls().find(blockedId).orElseThrow();
            assertThat(blocked.status()).isEqualTo(CallStatus.BLOCKED);
            assertThat(blocked.guard()).containsExactly(block);
            assertThat(blocked.blockedBy()).contains(block);
            assertThat(db.calls().find(warnedId).orElseThrow().guard()).containsExactly(warn);
            assertThat(db.calls().find(plainId).orElseThrow().guard()).isEmpty();
            assertThat(db.calls().inRunWithAnswers(runId)).extracting(CallRecord::guard)
                    .containsExactly(List.of(block), List.of(warn), List.of());
            assertThat(db.runs().figures(runId).orElseThrow().failed()).isEqualTo(1);
        }
    }
}

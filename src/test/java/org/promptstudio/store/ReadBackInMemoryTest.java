package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ContextChunk;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.model.GuardStage;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * A run's calls worked out in memory ({@link CallRepository#asReadBack}, {@link CallRepository#inPlanOrder}) are
 * those {@link CallRepository#inRunWithAnswers} reads back from a real H2 file (decision 0156): costs with more
 * decimals than the column keeps, context, guard findings, calls without texts, errors, cancelled calls made again,
 * calls recorded out of the plan's order, and the privacy setting's redaction.
 */
class ReadBackInMemoryTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:15:30.123456Z");

    @TempDir
    Path workspace;

    @Test
    void whatIsKeptInMemoryIsWhatTheRunReadsBack() {
        try (Database db = Database.open(workspace.resolve(".studio"))) {
            assertSameAsReadBack(db, false);
        }
    }

    @Test
    void alsoWithTheCallsRedactedBeforeTheyAreStored() {
        try (Database db = Database.open(workspace.resolve(".studio"))) {
            db.calls().redactWith(() -> c -> c.texts() == null ? c : c.withTexts(new CallTexts(
                    c.texts().messagesJson().replace("parcel", "[ITEM]"),
                    c.texts().output() == null ? null : c.texts().output().replace("depot", "[PLACE]"),
                    c.texts().examplesJson(), c.texts().extractedAnswer() == null ? null
                            : c.texts().extractedAnswer().replace("depot", "[PLACE]"))));
            List<CallRecord> back = assertSameAsReadBack(db, true);
            assertThat(back).anySatisfy(c -> assertThat(c.texts().output()).contains("[PLACE]"));
        }
    }

    private static List<CallRecord> assertSameAsReadBack(Database db, boolean redacted) {
        long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "e", "experiments/e.yaml", "{}")).id();
        List<CallRecord> made = new ArrayList<>();
        // recorded in another order than the plan's, as concurrent calls end
        int[] order = {3, 0, 4, 1, 2};
        for (int i : order) {
            CallRecord.Builder b = SampleCalls.call(run, "m" + (i % 2), T0.plusNanos(1000L * i)).planIndex(i)
                    .caseId("c" + i).sampleIndex(0)
                    .cost(new BigDecimal("0.000123456789015").multiply(BigDecimal.valueOf(i + 1)));
            if (i == 1) b.texts(null).error("HTTP 503: overloaded");
            if (i == 2) {
                b.context(List.of(new ContextChunk(1, "docs/a.md#0", "docs/a.md", 0, 0.8125, "The depot opens at 8.")));
                b.guard(List.of(new GuardFinding(GuardCheck.PII, GuardAction.WARN, GuardStage.OUTPUT, "email")));
                b.retrievalNote("2 of 5 chunks kept");
            }
            if (i == 4) b.cost(null).texts(new CallTexts("[]", null, null, null));
            made.add(b.build());
        }
        // a cell cancelled by a stop and made again: the cancelled call is left out on both sides
        made.add(SampleCalls.call(run, "m0", T0).planIndex(0).caseId("c0").sampleIndex(0)
                .status(CallStatus.CANCELLED).build());
        List<CallRecord> kept = new ArrayList<>();
        for (CallRecord c : made) kept.add(db.calls().asReadBack(c.withId(db.calls().insert(c))));

        List<CallRecord> read = db.calls().inRunWithAnswers(run);
        assertThat(CallRepository.inPlanOrder(kept)).isEqualTo(read);
        assertThat(read).extracting(CallRecord::planIndex).containsExactly(0, 1, 2, 3, 4);
        if (!redacted) assertThat(read.get(0).texts().output()).contains("depot");
        return read;
    }
}

package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ModelUsage;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

class CallRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:15:30.123456789Z");

    @TempDir
    Path workspace;

    private Database db;
    private CallRepository calls;
    private long runId;

    @BeforeEach
    void open() {
        db = Database.open(workspace.resolve(".studio"));
        calls = db.calls();
        runId = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "cot-vs-zero-shot",
                "experiments/cot-vs-zero-shot.yaml", "{}")).id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRecordedCallReadsBackWithEveryFieldAndItsTexts() {
        CallRecord call = SampleCalls.call(runId, "gpt-4o-mini", T0).build();

        long id = calls.insert(call);

        assertThat(calls.find(id)).contains(call.withId(id));
        CallRecord back = calls.find(id).orElseThrow();
        assertThat(back.createdAt()).isEqualTo(Instant.parse("2026-11-20T09:15:30.123456Z"));
        assertThat(back.cost()).isEqualTo(new BigDecimal("0.000345"));
        assertThat(back.texts().messagesJson()).isEqualTo(SampleCalls.MESSAGES);
    }

    @Test
    void aFailedCallKeepsItsErrorAndMayLackTokensCostAndRun() {
        CallRecord failed = CallRecord.builder()
                .model("anthropic", "claude-haiku")
                .error("HTTP 429: rate limited")
                .createdAt(T0)
                .texts(new CallTexts(SampleCalls.MESSAGES, null, null, null))
                .build();

        long id = calls.insert(failed);

        CallRecord back = calls.find(id).orElseThrow();
        assertThat(back.status()).isEqualTo(CallStatus.ERROR);
        assertThat(back.error()).isEqualTo("HTTP 429: rate limited");
        assertThat(back.runId()).isNull();
        assertThat(back.tokensIn()).isNull();
        assertThat(back.cost()).isNull();
        assertThat(back.texts().output()).isNull();
    }

    @Test
    void aCallRecordedWithoutTextsReadsBackWithoutThem() {
        long id = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).texts(null).build());

        assertThat(calls.find(id).orElseThrow().texts()).isNull();
    }

    @Test
    void whetherAnAnswerCameFromTheCacheIsKept() {
        long hit = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).cached(true).build());
        long miss = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0.plusSeconds(1)).build());

        assertThat(calls.find(hit).orElseThrow().cached()).isTrue();
        assertThat(calls.find(miss).orElseThrow().cached()).isFalse();
        assertThat(calls.inRunWithAnswers(runId)).extracting(CallRecord::cached).containsExactly(true, false);
    }

    @Test
    void anUnknownCallIsEmpty() {
        assertThat(calls.find(4242)).isEmpty();
    }

    @Test
    void listingShowsTheNewestFirstWithoutTheLargeTexts() {
        long older = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).build());
        long newer = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0.plusSeconds(60)).build());
        long oldest = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0.minusSeconds(60)).build());

        List<CallRecord> listed = calls.list(CallQuery.latest(10));

        assertThat(listed).extracting(CallRecord::id).containsExactly(newer, older, oldest);
        assertThat(listed).allSatisfy(c -> assertThat(c.texts()).isNull());
        assertThat(calls.list(CallQuery.latest(2))).extracting(CallRecord::id).containsExactly(newer, older);
    }

    @Test
    void aRunsCallsAreReadInPlanOrderNotInTheOrderTheyFinished() {
        // Recorded (so numbered) as they finished: plan positions 2, 0, 1, all started at the same instant; one call
        // recorded before plan positions were kept comes after them, by time.
        long legacy = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0.minusSeconds(5)).build());
        long third = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).planIndex(2).build());
        long first = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).planIndex(0).build());
        long second = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).planIndex(1).build());

        assertThat(calls.inRunWithAnswers(runId)).extracting(CallRecord::id).containsExactly(first, second, third, legacy);
        assertThat(calls.list(CallQuery.latest(10).inRun(runId))).extracting(CallRecord::id)
                .containsExactly(first, second, third, legacy);
        assertThat(calls.list(CallQuery.latest(10))).as("newest first; same instant: last plan position first")
                .extracting(CallRecord::id).containsExactly(third, second, first, legacy);
        assertThat(calls.find(second).orElseThrow().planIndex()).isEqualTo(1);
        assertThat(calls.find(legacy).orElseThrow().planIndex()).isNull();

        Instant now = Instant.now();
        db.evalResults().replaceRun(runId, List.of(
                new org.promptstudio.model.EvalRecord(null, third, runId, "contains", true, 1, "ok", 1, now),
                new org.promptstudio.model.EvalRecord(null, first, runId, "contains", true, 1, "ok", 1, now),
                new org.promptstudio.model.EvalRecord(null, second, runId, "contains", false, 0, "no", 1, now)));
        assertThat(db.evalResults().inRun(runId)).extracting(org.promptstudio.model.EvalRecord::callId)
                .containsExactly(first, second, third);
    }

    @Test
    void listingFiltersByRunAndByPrompt() {
        long otherRun = db.runs().insert(RunRecord.started(RunKind.PLAYGROUND, "playground", null, null)).id();
        long inRun = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).build());
        long inOtherRun = calls.insert(SampleCalls.call(otherRun, "gpt-4o-mini", T0).build());
        long otherPrompt = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0)
                .prompt("prompts/summarise.prompt", "abc").build());

        assertThat(calls.list(CallQuery.latest(10).inRun(otherRun))).extracting(CallRecord::id)
                .containsExactly(inOtherRun);
        assertThat(calls.list(CallQuery.latest(10).ofPrompt("prompts/summarise.prompt")))
                .extracting(CallRecord::id).containsExactly(otherPrompt);
        assertThat(calls.list(CallQuery.latest(10).inRun(runId).ofPrompt("prompts/answer.prompt")))
                .extracting(CallRecord::id).containsExactly(inRun);
    }

    @Test
    void aBatchLongerThanOneJdbcBatchReturnsEveryIdInTheOrderGiven() {
        List<CallRecord> batch = new ArrayList<>();
        for (int i = 0; i < CallRepository.BATCH_ROWS * 2 + 17; i++) {
            batch.add(SampleCalls.call(runId, "model-" + (i % 3), T0.plusMillis(i)).caseId("case-" + i).build());
        }

        long[] ids = calls.insertBatch(batch);

        assertThat(ids).hasSize(batch.size()).doesNotHaveDuplicates();
        assertThat(calls.count()).isEqualTo(batch.size());
        for (int i : new int[] {0, CallRepository.BATCH_ROWS, batch.size() - 1}) {
            assertThat(calls.find(ids[i]).orElseThrow()).isEqualTo(batch.get(i).withId(ids[i]));
        }
    }

    @Test
    void aBatchWithOneBadCallRecordsNothing() {
        List<CallRecord> batch = List.of(
                SampleCalls.call(runId, "gpt-4o-mini", T0).build(),
                SampleCalls.call(999_999L, "gpt-4o-mini", T0).build());

        assertThatThrownBy(() -> calls.insertBatch(batch))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot record 2 calls: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("INSERT INTO"));
        assertThat(calls.count()).isZero();
    }

    @Test
    void anOutputOfMillionsOfCharactersIsKeptWhole() {
        String huge = "The answer is 42. ".repeat(150_000);
        long id = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0)
                .texts(new CallTexts(SampleCalls.MESSAGES, huge, null, null)).build());

        assertThat(calls.find(id).orElseThrow().texts().output()).isEqualTo(huge);
    }

    @Test
    void usagePerModelSumsTokensAndCostAndGivesMeanAndP95Latency() {
        List<CallRecord> batch = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            batch.add(SampleCalls.call(runId, "gpt-4o-mini", T0).tokens(100, 10).cost(new BigDecimal("0.001"))
                    .latencyMs((long) i * 100).build());
        }
        batch.add(SampleCalls.call(runId, "llama3", T0).tokens(null, null).cost(null).latencyMs(null)
                .error("connection refused").build());
        calls.insertBatch(batch);

        List<ModelUsage> usage = calls.usageByModel();

        assertThat(usage).hasSize(2);
        ModelUsage gpt = usage.get(0);
        assertThat(gpt.model()).isEqualTo("gpt-4o-mini");
        assertThat(gpt.calls()).isEqualTo(20);
        assertThat(gpt.errors()).isZero();
        assertThat(gpt.tokensIn()).isEqualTo(2000);
        assertThat(gpt.tokensOut()).isEqualTo(200);
        assertThat(gpt.cost()).isEqualByComparingTo("0.02");
        assertThat(gpt.meanLatencyMs()).isEqualTo(1050.0);
        // continuous percentile over 100..2000: 1900 + 0.05 * 100
        assertThat(gpt.p95LatencyMs()).isEqualTo(1905.0);
        ModelUsage llama = usage.get(1);
        assertThat(llama.calls()).isEqualTo(1);
        assertThat(llama.errors()).isEqualTo(1);
        assertThat(llama.tokensIn()).isZero();
        assertThat(llama.cost()).isNull();
    }

    @Test
    void textsGoWithTheirCallButLabelsKeepACallFromBeingDeleted() throws SQLException {
        long labelled = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).build());
        long plain = calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).build());
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO annotations (call_id, annotator, kind, value_json, created_at)"
                    + " VALUES (" + labelled + ", 'ana', 'correct', 'true', CURRENT_TIMESTAMP)");
            st.executeUpdate("INSERT INTO feedback (call_id, annotator, kind, value_json, created_at)"
                    + " VALUES (" + labelled + ", 'end-user', 'thumbs', '\"up\"', CURRENT_TIMESTAMP)");

            assertThat(st.executeUpdate("DELETE FROM calls WHERE id = " + plain)).isEqualTo(1);
            assertThat(DatabaseTest.strings(st, "SELECT COUNT(*) FROM call_texts WHERE call_id = " + plain))
                    .containsExactly("0");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM calls WHERE id = " + labelled))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void annotationsAndFeedbackMustPointAtARecordedCall() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement annotation = c.prepareStatement("INSERT INTO annotations"
                     + " (call_id, annotator, kind, value_json, created_at) VALUES (?, 'ana', 'correct', 'true', ?)");
             PreparedStatement feedback = c.prepareStatement("INSERT INTO feedback"
                     + " (call_id, annotator, kind, value_json, created_at) VALUES (?, 'bo', 'thumbs', '1', ?)")) {
            for (PreparedStatement ps : List.of(annotation, feedback)) {
                ps.setLong(1, 777);
                Jdbc.setTime(ps, 2, T0);
                assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void runsAreFoundByThePromptCasesTheyCalledAndByCommit() {
        long second = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "again", null, "{}")).id();
        calls.insert(SampleCalls.call(runId, "gpt-4o-mini", T0).caseId("t1").build());
        calls.insert(SampleCalls.call(second, "gpt-4o-mini", T0).caseId("t2").build());
        calls.insert(SampleCalls.call(second, "gpt-4o-mini", T0).caseId("d1")
                .prompt("prompts/answer.prompt", "ffff").build());
        calls.insert(SampleCalls.call(second, "gpt-4o-mini", T0).caseId("t1")
                .prompt("prompts/other.prompt", "ffff").build());

        assertThat(calls.runsWithCases("prompts/answer.prompt", java.util.List.of("t1", "t2"))).containsExactly(runId, second);
        assertThat(calls.runsWithCases("prompts/answer.prompt", java.util.List.of("t1"))).containsExactly(runId);
        assertThat(calls.runsWithCases("prompts/answer.prompt", java.util.List.of())).isEmpty();
        java.util.List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) many.add("x" + i);
        many.add("t2");
        assertThat(calls.runsWithCases("prompts/answer.prompt", many)).as("ids go in chunks").containsExactly(second);

        assertThat(calls.latestRunWithCommit("prompts/answer.prompt", "0123456789abcdef0123456789abcdef01234567"))
                .contains(second);
        assertThat(calls.latestRunWithCommit("prompts/answer.prompt", "ffff")).contains(second);
        assertThat(calls.latestRunWithCommit("prompts/answer.prompt", "0000")).isEmpty();
    }
}

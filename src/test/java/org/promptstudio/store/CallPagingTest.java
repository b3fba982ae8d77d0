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
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/** The call browser's reads on a real H2 file: pages newest first, from either end, counts and filters. */
class CallPagingTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dir;
    Database db;
    CallRepository calls;
    long run1;
    long run2;
    final List<Long> ids = new ArrayList<>();

    @BeforeEach
    void fill() {
        db = Database.open(dir.resolve(".studio"));
        calls = db.calls();
        run1 = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "one", null, "{}")).id();
        run2 = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "two", null, "{}")).id();
        List<CallRecord> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            // pairs of calls share a start time: the order must still be one and the same on every read
            CallRecord.Builder b = SampleCalls.call(i < 150 ? run1 : run2, i % 2 == 0 ? "echo" : "gpt-4o-mini",
                    T0.plusSeconds(i / 2)).prompt(i % 5 == 0 ? "prompts/other.prompt" : "prompts/answer.prompt",
                    i % 3 == 0 ? "abcdef0123456789abcdef0123456789abcdef01" : "1234567890abcdef1234567890abcdef12345678");
            if (i % 10 == 7) b.error("HTTP 503: overloaded");
            batch.add(b.build());
        }
        for (long id : calls.insertBatch(batch)) ids.add(id);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<Long> idsOf(List<CallRecord> page) {
        return page.stream().map(CallRecord::id).toList();
    }

    @Test
    void pagesFromBothEndsTileTheWholeListNewestFirstWithoutGapOrOverlap() {
        CallFilter all = CallFilter.all();
        CallRepository.Snapshot at = calls.snapshot(all);
        long total = at.total();
        assertThat(total).isEqualTo(250);
        assertThat(at.lastId()).isEqualTo(ids.get(249));
        List<Long> read = new ArrayList<>();
        for (long offset = 0; offset < total; offset += 40) read.addAll(idsOf(calls.page(all, at, offset, 40)));
        // newest first: by start time, then id, highest first (calls were inserted oldest first)
        List<Long> expected = new ArrayList<>(ids);
        java.util.Collections.reverse(expected);
        assertThat(read).containsExactlyElementsOf(expected);
        // pages that start on a tie of start times (pairs share one), from either end, agree with the whole list
        for (long offset : new long[] {1, 3, 101, 125, 126, 171, 209}) {
            assertThat(idsOf(calls.page(all, at, offset, 17))).as("offset " + offset)
                    .containsExactlyElementsOf(expected.subList((int) offset, (int) offset + 17));
        }
        assertThat(idsOf(calls.page(all, at, 240, 40))).containsExactlyElementsOf(expected.subList(240, 250));
        assertThat(calls.page(all, at, 250, 40)).isEmpty();
    }

    @Test
    void filtersSelectByRunPromptVersionModelFailureAndFeedback() {
        assertThat(calls.count(CallFilter.all().inRun(run2))).isEqualTo(100);
        assertThat(calls.count(CallFilter.all().ofPrompt("prompts/other.prompt"))).isEqualTo(50);
        assertThat(calls.count(CallFilter.all().atCommit("ABCDEF0"))).isEqualTo(84); // i % 3 == 0 for i < 250
        assertThat(calls.count(CallFilter.all().ofModel("echo"))).isEqualTo(125);
        assertThat(calls.count(CallFilter.all().failed(true))).isEqualTo(25);
        assertThat(calls.count(CallFilter.all().failed(true).ofModel("echo"))).isZero(); // i % 10 == 7 is odd
        assertThat(calls.count(CallFilter.all().withFeedback(true))).isZero();
        db.feedback().insert(new FeedbackRecord(null, ids.get(3), "ada", "rating", "{\"rating\":\"up\"}", T0));
        db.feedback().insert(new FeedbackRecord(null, ids.get(3), "bob", "rating", "{\"rating\":\"up\"}", T0));
        db.feedback().insert(new FeedbackRecord(null, ids.get(9), "ada", "rating", "{\"rating\":\"down\"}", T0));
        CallFilter rated = CallFilter.all().withFeedback(true);
        assertThat(calls.count(rated)).isEqualTo(2);
        assertThat(idsOf(calls.page(rated, calls.snapshot(rated), 0, 10))).containsExactly(ids.get(9), ids.get(3));
        CallFilter failedInRun2 = CallFilter.all().inRun(run2).failed(true);
        List<CallRecord> page = calls.page(failedInRun2, calls.snapshot(failedInRun2), 0, 100);
        assertThat(page).hasSize(10).allSatisfy(c -> {
            assertThat(c.runId()).isEqualTo(run2);
            assertThat(c.error()).isEqualTo("HTTP 503: overloaded");
        });
    }

    @Test
    void aVersionThatIsNoCommitOrABadPageIsRefused() {
        assertThatThrownBy(() -> CallFilter.all().atCommit("ab%")).hasMessageContaining("hex digits");
        CallRepository.Snapshot at = calls.snapshot(CallFilter.all());
        assertThatThrownBy(() -> calls.page(CallFilter.all(), at, -1, 10)).hasMessageContaining("offset");
        assertThatThrownBy(() -> calls.page(CallFilter.all(), at, 0, 0)).hasMessageContaining("limit");
    }

    @Test
    void aPageReadAfterNewCallsWereRecordedHoldsTheSameCallsAndAnOpenAgainShowsThem() {
        // The browser opened on the failed calls of run 2; then the run records more calls, some newer and one that
        // started before all of them (a slow call ends last), before the table reads its pages.
        CallFilter failed = CallFilter.all().failed(true);
        CallRepository.Snapshot at = calls.snapshot(failed);
        List<Long> firstPage = idsOf(calls.page(failed, at, 0, 10));
        List<Long> middle = idsOf(calls.page(failed, at, 10, 10));
        List<Long> lastPage = idsOf(calls.page(failed, at, 20, 10));
        List<CallRecord> later = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            later.add(SampleCalls.call(run2, "echo", i == 0 ? T0.minusSeconds(60) : T0.plusSeconds(1000 + i))
                    .error("HTTP 500").build());
        }
        long[] added = calls.insertBatch(later);
        assertThat(idsOf(calls.page(failed, at, 0, 10))).isEqualTo(firstPage);
        assertThat(idsOf(calls.page(failed, at, 10, 10))).isEqualTo(middle);
        assertThat(idsOf(calls.page(failed, at, 20, 10))).isEqualTo(lastPage).hasSize(5);
        assertThat(calls.page(failed, at, 25, 10)).isEmpty();
        // opened again: the new calls are there, the newest first and the one that started earliest last
        CallRepository.Snapshot again = calls.snapshot(failed);
        assertThat(again.total()).isEqualTo(55);
        assertThat(idsOf(calls.page(failed, again, 0, 1))).containsExactly(added[29]);
        assertThat(idsOf(calls.page(failed, again, 54, 1))).containsExactly(added[0]);
    }

    @Test
    void aRatingGivenWhileTheBrowserIsOpenDoesNotShiftTheFeedbackPages() {
        // rated: every 50th call, so the filter selects 5 of 250
        for (int i = 0; i < 250; i += 50) {
            db.feedback().insert(new FeedbackRecord(null, ids.get(i), "ada", "rating", "{\"rating\":\"up\"}", T0));
        }
        CallFilter rated = CallFilter.all().withFeedback(true);
        CallRepository.Snapshot at = calls.snapshot(rated);
        assertThat(at.total()).isEqualTo(5);
        List<Long> before = new ArrayList<>();
        for (long o = 0; o < at.total(); o++) before.addAll(idsOf(calls.page(rated, at, o, 1)));
        // a rating in the grid while the browser is open, on an older call (its id is below the snapshot's bound)
        db.feedback().insert(new FeedbackRecord(null, ids.get(125), "bob", "rating", "{\"rating\":\"up\"}", T0));

        List<Long> after = new ArrayList<>();
        for (long o = 0; o < at.total(); o++) after.addAll(idsOf(calls.page(rated, at, o, 1)));
        assertThat(after).isEqualTo(before).containsExactly(ids.get(200), ids.get(150), ids.get(100), ids.get(50),
                ids.get(0));
        // opened again: the newly rated call is there
        CallRepository.Snapshot again = calls.snapshot(rated);
        assertThat(again.total()).isEqualTo(6);
        assertThat(idsOf(calls.page(rated, again, 0, 10))).contains(ids.get(125)).hasSize(6);
    }

    @Test
    void failedOnlySelectsEveryStatusButOk() {
        // one call of each status: the filter is built from CallStatus, so a status added later is a failure too
        List<CallRecord> one = new ArrayList<>();
        for (org.promptstudio.model.CallStatus st : org.promptstudio.model.CallStatus.values()) {
            one.add(SampleCalls.call(run2, "status-" + st.id(), T0.plusSeconds(5000)).status(st).build());
        }
        calls.insertBatch(one);
        for (org.promptstudio.model.CallStatus st : org.promptstudio.model.CallStatus.values()) {
            assertThat(calls.count(CallFilter.all().failed(true).ofModel("status-" + st.id())))
                    .as(st.id()).isEqualTo(st == org.promptstudio.model.CallStatus.OK ? 0 : 1);
        }
    }

    @Test
    void modelsAndPromptsPerRunAreListed() {
        assertThat(calls.models()).containsExactly("echo", "gpt-4o-mini");
        assertThat(calls.distinctByRun("model").get(run2)).containsExactly("echo", "gpt-4o-mini");
        assertThat(calls.distinctByRun("prompt_path").get(run1))
                .containsExactly("prompts/answer.prompt", "prompts/other.prompt");
    }

    @Test
    void theBrowseBenchmarkReadsTheOldestCallOnItsLastPage() {
        CallBrowseBenchmark.Result r = CallBrowseBenchmark.run(dir.resolve("bench"), 300, 40);
        assertThat(r.calls()).isEqualTo(300);
        // a fresh database: its calls get ids 1..300, the first recorded is the oldest, last in the list
        assertThat(r.lastCallId()).isEqualTo(1);
        assertThat(r.filteredCount()).isBetween(0L, 60L); // one model of five, failed about 3 in 100
        assertThat(r.openMillis()).isPositive();
    }

    @Test
    void aPageCarriesEachCallsGuardFindingsReadInOneQueryForThePage() {
        org.promptstudio.model.GuardFinding pii = new org.promptstudio.model.GuardFinding(
                org.promptstudio.model.GuardCheck.PII, org.promptstudio.model.GuardAction.WARN,
                org.promptstudio.model.GuardStage.INPUT, "EMAIL 1");
        org.promptstudio.model.GuardFinding term = new org.promptstudio.model.GuardFinding(
                org.promptstudio.model.GuardCheck.BLOCKLIST, org.promptstudio.model.GuardAction.WARN,
                org.promptstudio.model.GuardStage.OUTPUT, "project falcon");
        List<CallRecord> guarded = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            List<org.promptstudio.model.GuardFinding> found = i % 3 == 0 ? List.of(pii, term)
                    : i % 3 == 1 ? List.of(pii) : List.of();
            guarded.add(SampleCalls.call(run2, "guarded", T0.plusSeconds(10_000 + i)).guard(found).build());
        }
        long[] guardedIds = calls.insertBatch(guarded);
        java.util.Map<Long, List<org.promptstudio.model.GuardFinding>> expected = new java.util.HashMap<>();
        for (int i = 0; i < guardedIds.length; i++) expected.put(guardedIds[i], guarded.get(i).guard());

        CallFilter filter = CallFilter.all().ofModel("guarded");
        CallRepository.Snapshot at = calls.snapshot(filter);
        db.read("statistics on", c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET QUERY_STATISTICS TRUE");
            }
            return null;
        });
        try {
            List<CallRecord> page = calls.page(filter, at, 0, 100);
            assertThat(page).hasSize(100);
            for (CallRecord call : page) assertThat(call.guard()).as("call " + call.id()).isEqualTo(expected.get(call.id()));
            assertThat(page.stream().filter(call -> call.guard().size() == 2)).isNotEmpty();
            List<CallRecord> last = calls.page(filter, at, 100, 100); // read from the oldest end
            assertThat(last).hasSize(20);
            for (CallRecord call : last) assertThat(call.guard()).isEqualTo(expected.get(call.id()));
            long guardReads = db.read("statistics", c -> {
                try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                        "SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM INFORMATION_SCHEMA.QUERY_STATISTICS"
                                + " WHERE SQL_STATEMENT LIKE '%FROM call_guard_events%'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(guardReads).as("guard reads for two pages").isEqualTo(2);
        } finally {
            db.read("statistics off", c -> {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("SET QUERY_STATISTICS FALSE");
                }
                return null;
            });
        }
    }
}

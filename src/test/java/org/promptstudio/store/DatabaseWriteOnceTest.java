package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * A write whose commit's answer is lost (a guest studio's connection breaks while the holder commits) is tried again
 * but never done twice, and the caller gets the ids of the rows that were stored (docs/decisions/0045). The lost
 * answer is made here by connections whose {@code commit()} commits, or not, and then fails as a broken connection
 * does (H2's error 90067, {@link ErrorCode#CONNECTION_BROKEN_1}).
 */
class DatabaseWriteOnceTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path workspace;

    private Database db;
    /** What the next commits do: LOST = committed, then the answer lost; FAILED = not committed, then broken. */
    private final Deque<String> commits = new ConcurrentLinkedDeque<>();

    @BeforeEach
    void open() {
        db = Database.open(workspace.resolve(".studio"));
        db.connections = c -> (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, failingCommits(c));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private InvocationHandler failingCommits(Connection real) {
        return (proxy, method, args) -> {
            if (method.getName().equals("commit")) {
                String next = commits.poll();
                if ("LOST".equals(next)) {
                    real.commit();
                    throw new SQLException("Connection is broken: \"the answer to the commit was lost\"", "08006",
                            ErrorCode.CONNECTION_BROKEN_1);
                }
                if ("FAILED".equals(next)) {
                    real.rollback();
                    throw new SQLException("Connection is broken: \"before the commit\"", "08006",
                            ErrorCode.CONNECTION_BROKEN_1);
                }
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }

    @Test
    void aCallWhoseCommitAnswerIsLostIsRecordedOnceAndItsIdReturned() throws SQLException {
        commits.add("LOST");
        long id = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", T0).build());

        assertThat(commits).as("the lost commit was met").isEmpty();
        assertThat(db.calls().count()).isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM call_texts")).isEqualTo(1);
        assertThat(db.calls().find(id)).as("the id returned is the stored call's").isPresent()
                .hasValueSatisfying(c -> assertThat(c.texts()).isNotNull());
    }

    @Test
    void aBatchWhoseCommitAnswerIsLostIsRecordedOnceWithItsIdsInOrder() throws SQLException {
        long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "r", "experiments/r.yaml", "{}")).id();
        List<CallRecord> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) batch.add(SampleCalls.call(run, "llama3", T0).planIndex(i).build());
        commits.add("LOST");
        long[] ids = db.calls().insertBatch(batch);

        assertThat(commits).isEmpty();
        assertThat(db.calls().count()).isEqualTo(7);
        assertThat(rows("SELECT COUNT(*) FROM call_texts")).isEqualTo(7);
        assertThat(db.calls().inRunWithAnswers(run)).extracting(CallRecord::id)
                .containsExactly(java.util.Arrays.stream(ids).boxed().toArray(Long[]::new));
    }

    @Test
    void aRunWhoseCommitAnswerIsLostIsRecordedOnce() throws SQLException {
        commits.add("LOST");
        RunRecord run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "r", "experiments/r.yaml", "{}"));

        assertThat(commits).isEmpty();
        assertThat(rows("SELECT COUNT(*) FROM runs")).isEqualTo(1);
        assertThat(db.runs().find(run.id())).isPresent();
    }

    @Test
    void evaluationResultsWhoseCommitAnswerIsLostAreRecordedOnce() throws SQLException {
        long call = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", T0).build());
        commits.add("LOST");
        db.evalResults().insertBatch(List.of(
                new EvalRecord(null, call, null, "contains", true, 1, "found", 1, T0),
                new EvalRecord(null, call, null, "similar", false, 0.5, "far", 1, T0)));

        assertThat(commits).isEmpty();
        assertThat(rows("SELECT COUNT(*) FROM eval_results")).isEqualTo(2);
        assertThat(db.evalResults().forCall(call)).extracting(EvalRecord::type).containsExactly("contains", "similar");
    }

    @Test
    void aCommitThatWasNotDoneIsDoneOnTheNextTry() throws SQLException {
        commits.add("FAILED");
        long id = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", T0).build());

        assertThat(commits).isEmpty();
        assertThat(db.calls().count()).isEqualTo(1);
        assertThat(db.calls().find(id)).isPresent();
    }

    @Test
    void afterAFailedCommitAndALostOneTheSecondTrysIdsAreReturned() throws SQLException {
        commits.add("FAILED");
        commits.add("LOST");
        long[] ids = db.calls().insertBatch(List.of(SampleCalls.call(null, "a", T0).build(),
                SampleCalls.call(null, "b", T0).build()));

        assertThat(commits).isEmpty();
        assertThat(db.calls().count()).isEqualTo(2);
        assertThat(db.calls().find(ids[0]).orElseThrow().model()).isEqualTo("a");
        assertThat(db.calls().find(ids[1]).orElseThrow().model()).isEqualTo("b");
    }

    @Test
    void theKeysOfWritesOlderThanADayAreForgottenWhenTheDatabaseOpens() throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO write_keys VALUES (?, 0, ?)")) {
            // the keys of the writes the first opening made (counting the calls recorded before V15) are recent
            // too: only the two below are looked at
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM write_keys");
            }
            ps.setString(1, "old");
            ps.setLong(2, now - Database.KEEP_WRITE_KEYS_MS - 60_000);
            ps.executeUpdate();
            ps.setString(1, "recent");
            ps.setLong(2, now - Database.KEEP_WRITE_KEYS_MS + 3_600_000);
            ps.executeUpdate();
        }
        db.close();
        db = Database.open(workspace.resolve(".studio"));

        List<String> keys = new ArrayList<>();
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT write_key FROM write_keys")) {
            while (rs.next()) keys.add(rs.getString(1));
        }
        // the first opening's own writes (the monitor's backfill, V15) are recent too: only the old key goes
        assertThat(keys).contains("recent").doesNotContain("old");
    }

    /**
     * Another thread of the studio connecting again closes the pool this thread has just taken from the field: the
     * pool's "has been disposed" is a broken connection, tried again, not an error that escapes.
     */
    @Test
    void aPoolClosedByAnotherThreadsReconnectionIsTriedAgain() {
        db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", T0).build());
        ((KeptConnections) db.pool()).dispose();
        assertThat(db.calls().count()).isEqualTo(1);

        ((KeptConnections) db.pool()).dispose();
        long id = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", T0).build());
        assertThat(db.calls().find(id)).isPresent();
        assertThat(db.calls().count()).isEqualTo(2);
    }

    private long rows(String sql) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

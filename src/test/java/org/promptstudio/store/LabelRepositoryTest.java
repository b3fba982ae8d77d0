package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelQuery;
import org.promptstudio.model.LabelQueue;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * Queues, items and labels in a real H2 file (V11): written and read back as given, undo deletes the annotator's
 * latest label of the queue only, a label given again replaces that annotator's earlier one, and the grid's thumbs
 * stored before V11 are copied into labels of the built-in thumbs schema.
 */
class LabelRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123456Z");

    @TempDir
    Path tmp;

    @Test
    void aQueueWithItsItemsAndLabelsReadsBackAsWritten() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "r", "experiments/r.yaml", "{}")).id();
            long a = db.calls().insert(SampleCalls.call(run, "m1", T0).build());
            long b = db.calls().insert(SampleCalls.call(run, "m2", T0).build());
            LabelQueue queue = db.labelQueues().insert(new LabelQueue(null, "prefs", "preference", "abc123def456",
                    LabelItemKind.PAIR, 2, true, 7, "run=1 pairs", T0, "Ada"),
                    List.of(new LabelItem(null, 0, 1, List.of(a, b), List.of(1, 0), "q-17")));
            assertThat(db.labelQueues().find("prefs")).contains(queue);
            assertThat(db.labelQueues().list()).containsExactly(queue);
            LabelItem item = db.labelQueues().items(queue.id()).get(0);
            assertThat(item.callIds()).containsExactly(a, b);
            assertThat(item.shownOrder()).containsExactly(1, 0);
            assertThat(item.caseId()).isEqualTo("q-17");
            assertThat(db.labelQueues().queueOfItem(item.id())).contains(queue);
            assertThatThrownBy(() -> db.labelQueues().insert(new LabelQueue(null, "prefs",
                    "thumbs", "x", LabelItemKind.SINGLE, 1, false, 0, "", T0, "Bob"), List.of()))
                    .hasMessage("a labelling queue named 'prefs' exists already");

            LabelRecord ada = db.labels().insert(new LabelRecord(null, item.id(), a, b, "preference", "abc123def456",
                    "Ada", LabelValue.ofPreference("B", "cites the policy"), false, T0));
            LabelRecord bob = db.labels().insert(new LabelRecord(null, item.id(), a, b, "preference", "abc123def456",
                    "Bob", LabelValue.ofPreference("A", null), false, T0.plusSeconds(1)));
            assertThat(db.labels().forItem(item.id())).containsExactly(ada, bob);
            assertThat(db.labels().forCall(b)).containsExactly(ada, bob);
            assertThat(db.labels().query(LabelQuery.ofQueue("prefs").withAnnotator("Bob"))).containsExactly(bob);
            assertThat(db.labels().query(LabelQuery.ofSchema("helpfulness"))).isEmpty();

            // Ada changes her mind: her earlier label is replaced, not added to
            LabelRecord again = db.labels().replace(new LabelRecord(null, item.id(), a, b, "preference",
                    "abc123def456", "Ada", LabelValue.ofPreference("tie", null), false, T0.plusSeconds(2))).orElseThrow();
            assertThat(db.labels().forQueue(queue.id())).containsExactly(bob, again);

            // overlap 2, labelled by Ada and Bob: a third annotator's label is refused in the database, nothing
            // changes; Bob may still change his, and an adjudicator's decision is not an annotator's label
            assertThat(db.labels().replace(new LabelRecord(null, item.id(), a, b, "preference", "abc123def456",
                    "Cy", LabelValue.ofPreference("A", null), false, T0.plusSeconds(3)))).isEmpty();
            assertThat(db.labels().forQueue(queue.id())).containsExactly(bob, again);
            LabelRecord bobAgain = db.labels().replace(new LabelRecord(null, item.id(), a, b, "preference",
                    "abc123def456", "Bob", LabelValue.ofPreference("B", null), false, T0.plusSeconds(4))).orElseThrow();
            LabelRecord decision = db.labels().replace(new LabelRecord(null, item.id(), a, b, "preference",
                    "abc123def456", "Cy", LabelValue.ofPreference("B", null), true, T0.plusSeconds(5))).orElseThrow();
            assertThat(db.labels().forQueue(queue.id())).containsExactly(again, bobAgain, decision);

            // undo by id deletes exactly that label of that annotator, never another's or a decision
            assertThat(db.labels().delete(bobAgain.id(), "Ada")).isEmpty();
            assertThat(db.labels().delete(decision.id(), "Cy")).isEmpty();
            assertThat(db.labels().delete(bobAgain.id(), "Bob")).contains(bobAgain);
            assertThat(db.labels().delete(bobAgain.id(), "Bob")).isEmpty();
            assertThat(db.labels().forQueue(queue.id())).containsExactly(again, decision);

            assertThat(db.labels().deleteLast(queue.id(), "Ada")).contains(again);
            assertThat(db.labels().deleteLast(queue.id(), "Ada")).isEmpty();
            assertThat(db.labels().forQueue(queue.id())).containsExactly(decision);
        }
    }

    @Test
    void aLabelOnACallThatIsNotRecordedIsRefusedInOneLine() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            assertThatThrownBy(() -> db.labels().insert(new LabelRecord(null, null, 999, null, "thumbs",
                    LabelSchema.THUMBS.version(), "Ada", LabelValue.ofThumbs(true), false, T0)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("cannot store the label on call 999")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void theGridsThumbsStoredBeforeV11BecomeLabelsOfTheBuiltInThumbsSchema() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("old/studio") + ";WRITE_DELAY=0";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("10").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO calls (id, provider, model, status, created_at, sample_index) VALUES"
                    + " (1, 'echo', 'echo', 'ok', TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00:00', 0)");
            st.executeUpdate("INSERT INTO feedback (call_id, annotator, kind, value_json, created_at) VALUES"
                    + " (1, 'Ada', 'rating', '{\"rating\":\"down\",\"comment\":\"says \\\"rating\\\": no\"}',"
                    + " TIMESTAMP WITH TIME ZONE '2026-11-01 10:01:00+00:00')");
            st.executeUpdate("INSERT INTO feedback (call_id, annotator, kind, value_json, created_at) VALUES"
                    + " (1, 'Ada', 'rating', '{\"rating\":\"up\"}', TIMESTAMP WITH TIME ZONE '2026-11-01 10:02:00+00:00')");
        }
        try (Database db = Database.open(tmp.resolve(".studio"), url)) {
            List<LabelRecord> labels = db.labels().forCall(1);
            assertThat(labels).extracting(LabelRecord::schemaName).containsOnly("thumbs");
            assertThat(labels).extracting(LabelRecord::schemaVersion).containsOnly(LabelSchema.THUMBS.version());
            assertThat(labels).extracting(LabelRecord::value).containsExactly(
                    LabelValue.ofThumbs(false).withComment("says \"rating\": no"), LabelValue.ofThumbs(true));
            assertThat(labels).extracting(LabelRecord::createdAt).containsExactly(
                    Instant.parse("2026-11-01T10:01:00Z"), Instant.parse("2026-11-01T10:02:00Z"));
            assertThat(db.feedback().forCall(1)).hasSize(2); // the old rows stay: nothing stored is lost
        }
    }

    @Test
    void candidatesFollowTheFilters() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "r", "experiments/r.yaml", "{}")).id();
            long a = db.calls().insert(SampleCalls.call(run, "m1", T0).build());
            long b = db.calls().insert(SampleCalls.call(run, "m2", T0).caseId("q-18").build());
            long other = db.calls().insert(SampleCalls.call(null, "m1", T0).build());
            db.evalResults().replaceRun(run, List.of(new org.promptstudio.model.EvalRecord(null, b, run, "contains",
                    false, 0, "no", 1, T0)));
            db.labels().insert(new LabelRecord(null, null, a, null, "thumbs", LabelSchema.THUMBS.version(), "Ada",
                    LabelValue.ofThumbs(true), false, T0));
            assertThat(ids(db, new LabelQueueRepository.Candidates(null, null, null, null, null, false, null, true)))
                    .containsExactly(a, b, other);
            assertThat(ids(db, new LabelQueueRepository.Candidates(run, null, null, null, null, false, null, true)))
                    .containsExactly(a, b);
            assertThat(ids(db, new LabelQueueRepository.Candidates(null, null, null, "openai/m1", null, false, null,
                    true))).containsExactly(a, other);
            assertThat(ids(db, new LabelQueueRepository.Candidates(null, "prompts/answer.prompt", "0123", "m2", null,
                    false, null, true))).containsExactly(b);
            assertThat(ids(db, new LabelQueueRepository.Candidates(null, null, "fff", null, null, false, null, true)))
                    .isEmpty();
            assertThat(ids(db, new LabelQueueRepository.Candidates(null, null, null, null, List.of("q-18"), false,
                    null, true))).containsExactly(b);
            assertThat(ids(db, new LabelQueueRepository.Candidates(null, null, null, null, null, true, null, true)))
                    .containsExactly(b);
            assertThat(ids(db, new LabelQueueRepository.Candidates(null, null, null, null, null, false, "thumbs",
                    true))).containsExactly(b, other);
        }
    }

    private static List<Long> ids(Database db, LabelQueueRepository.Candidates filter) {
        return db.labelQueues().candidates(filter).stream().map(CallRecord::id).toList();
    }
}

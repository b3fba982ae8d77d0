package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.promptstudio.testsupport.PostgresServer;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ModelUsage;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;

/**
 * The migrations and the repositories' SQL on a real PostgreSQL ({@link PostgresServer}, started in a temporary
 * folder), as team mode shares one server. Skipped, with the reason, where PostgreSQL's {@code initdb} and
 * {@code pg_ctl} are not installed ({@code apt-get install postgresql}).
 */
class StorePostgresTest {

    private static PostgresServer server;
    private static PGSimpleDataSource source;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = PostgresServer.start();
        source = new PGSimpleDataSource();
        source.setURL(server.url(PostgresServer.DATABASE));
        source.setUser(PostgresServer.USER);
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
            for (Path migration : migrations()) {
                for (String sql : statements(Files.readString(migration, StandardCharsets.UTF_8))) {
                    st.execute(sql);
                }
            }
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void theMigrationsAndTheRepositoriesWorkOnPostgresAsOnH2() {
        Database db = new Database("postgres", source, () -> { });
        RunRecord run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "pg", "experiments/pg.yaml", "{}"));
        Instant t0 = Instant.parse("2026-11-20T09:15:30.123456Z");
        CallRecord one = SampleCalls.call(run.id(), "gpt-4o-mini", t0).build();
        long id = db.calls().insert(one);
        List<CallRecord> batch = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            batch.add(SampleCalls.call(run.id(), "llama3", t0.plusSeconds(i)).latencyMs(i * 100L)
                    .cost(new BigDecimal("0.001")).guard(i < 20 ? null : List.of(new org.promptstudio.model.GuardFinding(
                            org.promptstudio.model.GuardCheck.PII, org.promptstudio.model.GuardAction.WARN,
                            org.promptstudio.model.GuardStage.OUTPUT, "EMAIL 1"))).build()); // V14 on PostgreSQL
        }
        long[] ids = db.calls().insertBatch(batch);
        db.runs().finish(run.id(), RunStatus.FINISHED, t0.plusSeconds(60));

        assertThat(db.calls().find(id)).contains(one.withId(id));
        assertThat(db.calls().find(ids[19])).contains(batch.get(19).withId(ids[19]));
        assertThat(db.calls().list(CallQuery.latest(3).ofPrompt("prompts/answer.prompt")))
                .extracting(CallRecord::id).containsExactly(ids[19], ids[18], ids[17]);
        List<ModelUsage> usage = db.calls().usageByModel();
        assertThat(usage).extracting(ModelUsage::model).containsExactly("gpt-4o-mini", "llama3");
        assertThat(usage.get(1).p95LatencyMs()).isEqualTo(1905.0);
        assertThat(usage.get(1).cost()).isEqualByComparingTo("0.02");
        assertThat(db.runs().find(run.id()).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        db.evalResults().replaceRun(run.id(), List.of(new org.promptstudio.model.EvalRecord(null, id, run.id(),
                "contains", true, 1, "contains '30 days'", 2, t0)));
        assertThat(db.evalResults().inRun(run.id())).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("contains '30 days'"));
        // A run's calls in plan order, a call without a plan position last: the same on PostgreSQL, which sorts NULL
        // the other way round from H2 by default (docs/decisions/0018-plan-order.md).
        RunRecord planned = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "pg2", "experiments/pg.yaml", "{}"));
        long legacy = db.calls().insert(SampleCalls.call(planned.id(), "llama3", t0).build());
        long second = db.calls().insert(SampleCalls.call(planned.id(), "llama3", t0).planIndex(1).build());
        long first = db.calls().insert(SampleCalls.call(planned.id(), "llama3", t0).planIndex(0).build());
        assertThat(db.calls().inRunWithAnswers(planned.id())).extracting(CallRecord::id)
                .containsExactly(first, second, legacy);
        assertThat(db.calls().list(CallQuery.latest(5).inRun(planned.id()))).extracting(CallRecord::id)
                .containsExactly(first, second, legacy);
        // Cache hits are kept and summed per run by the database (V4), the same as on H2.
        long hit = db.calls().insert(SampleCalls.call(planned.id(), "llama3", t0).planIndex(2).cached(true).build());
        assertThat(db.calls().find(hit).orElseThrow().cached()).isTrue();
        org.promptstudio.model.RunFigures f = db.runs().figures(planned.id()).orElseThrow();
        assertThat(f.ok()).isEqualTo(4);
        assertThat(f.cached()).isEqualTo(1);
        assertThat(f.spent()).isEqualByComparingTo("0.001035");
        assertThat(db.runs().latestWithFigures(1)).extracting(r -> r.run().id()).containsExactly(planned.id());
    }

    @Test
    void labellingQueuesItemsAndLabelsWorkOnPostgresAsOnH2() {
        Database db = new Database("postgres", source, () -> { });
        RunRecord run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "labels", "experiments/pg.yaml", "{}"));
        Instant t0 = Instant.parse("2026-11-30T09:15:30.123456Z");
        long a = db.calls().insert(SampleCalls.call(run.id(), "m1", t0).build());
        long b = db.calls().insert(SampleCalls.call(run.id(), "m2", t0).build());
        org.promptstudio.model.LabelQueue queue = db.labelQueues().insert(new org.promptstudio.model.LabelQueue(null,
                "pg-prefs", "preference", "abc123def456", org.promptstudio.model.LabelItemKind.PAIR, 2, true, 7,
                "pairs", t0, "Ada"), List.of(new org.promptstudio.model.LabelItem(null, 0, 1, List.of(a, b),
                        List.of(1, 0), "q-17")));
        assertThat(db.labelQueues().find("pg-prefs")).contains(queue);
        org.promptstudio.model.LabelItem item = db.labelQueues().items(queue.id()).get(0);
        assertThat(item.callIds()).containsExactly(a, b);
        assertThat(item.shownOrder()).containsExactly(1, 0);
        org.promptstudio.model.LabelRecord ada = db.labels().insert(new org.promptstudio.model.LabelRecord(null,
                item.id(), a, b, "preference", "abc123def456", "Ada",
                org.promptstudio.model.LabelValue.ofPreference("B", "cites the policy"), false, t0));
        org.promptstudio.model.LabelRecord again = db.labels().replace(new org.promptstudio.model.LabelRecord(null,
                item.id(), a, b, "preference", "abc123def456", "Ada",
                org.promptstudio.model.LabelValue.ofPreference("tie", null), false, t0.plusSeconds(1))).orElseThrow();
        assertThat(db.labels().forQueue(queue.id())).containsExactly(again);
        assertThat(db.labels().query(org.promptstudio.model.LabelQuery.ofQueue("pg-prefs").withCall(b)))
                .containsExactly(again);
        assertThat(ada.id()).isLessThan(again.id());
        assertThat(db.labelQueues().nextFor(queue.id(), "Ada", 2)).isEmpty();
        assertThat(db.labelQueues().nextFor(queue.id(), "Bob", 2)).contains(item);
        assertThat(db.labelQueues().nextFor(queue.id(), "Bob", 1)).isEmpty();
        assertThat(db.labelQueues().size(queue.id())).isEqualTo(1);
        assertThat(db.labelQueues().candidates(new LabelQueueRepository.Candidates(run.id(), null, "0123", "openai/m2",
                List.of("q-17"), false, "thumbs", true))).extracting(CallRecord::id).containsExactly(b);
        // overlap 2 enforced in the same transaction as the write (INSERT ... SELECT, the item locked)
        org.promptstudio.model.LabelRecord bob = db.labels().replace(new org.promptstudio.model.LabelRecord(null,
                item.id(), a, b, "preference", "abc123def456", "Bob",
                org.promptstudio.model.LabelValue.ofPreference("A", null), false, t0.plusSeconds(2))).orElseThrow();
        assertThat(db.labels().replace(new org.promptstudio.model.LabelRecord(null, item.id(), a, b, "preference",
                "abc123def456", "Cy", org.promptstudio.model.LabelValue.ofPreference("B", null), false,
                t0.plusSeconds(3)))).isEmpty();
        assertThat(db.labels().forItem(item.id())).containsExactly(again, bob);
        assertThat(db.labels().delete(bob.id(), "Ada")).isEmpty();
        assertThat(db.labels().delete(bob.id(), "Bob")).contains(bob);
        assertThat(db.labels().deleteLast(queue.id(), "Ada")).contains(again);
        assertThat(db.labels().forItem(item.id())).isEmpty();
    }

    @Test
    void theMonitorSumsAreKeptAndReadOnPostgresAsOnH2() {
        Database db = new Database("postgres", source, () -> { });
        db.monitorAggregates().useSentiment(text -> text.contains("parcel") ? 0.5 : -0.5);
        RunRecord run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "monitor", null, "{}"));
        RunRecord session = db.runs().insert(RunRecord.started(RunKind.PLAYGROUND, "chat", null, "{\"turns\":4}"));
        Instant t0 = Instant.parse("2031-01-10T09:15:30Z"); // a period of its own: the other tests' calls are older
        long first = db.calls().insert(SampleCalls.call(run.id(), "pg-monitor", t0).build());
        List<CallRecord> batch = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            batch.add(SampleCalls.call(i % 3 == 0 ? session.id() : run.id(), "pg-monitor", t0.plusSeconds(i * 600L))
                    .latencyMs(i * 100L).cost(i % 5 == 0 ? null : new BigDecimal("0.001")).build());
        }
        db.calls().insertBatch(batch);
        db.labels().insert(new org.promptstudio.model.LabelRecord(null, null, first, null, "thumbs", "3cab514d84e8",
                "Ada", org.promptstudio.model.LabelValue.ofThumbs(true), false, t0));
        db.labels().insert(new org.promptstudio.model.LabelRecord(null, null, first, null, "thumbs", "3cab514d84e8",
                "Ada", org.promptstudio.model.LabelValue.ofThumbs(false), false, t0.plusSeconds(1)));
        for (boolean daily : new boolean[] {false, true}) {
            List<MonitorRepository.Sums> sums = db.monitor().sums(new MonitorRepository.Query(t0.minusSeconds(3600),
                    t0.plusSeconds(86400), daily, List.of("prompts/answer.prompt"), null, "pg-monitor", null, null));
            assertThat(sums.stream().mapToLong(MonitorRepository.Sums::calls).sum()).isEqualTo(31);
            assertThat(sums.stream().mapToLong(MonitorRepository.Sums::unknownCostCalls).sum()).isEqualTo(6);
            assertThat(sums.stream().mapToLong(MonitorRepository.Sums::thumbsDown).sum()).isEqualTo(1);
            assertThat(sums.stream().mapToLong(MonitorRepository.Sums::thumbsUp).sum()).isZero();
            assertThat(sums.stream().mapToLong(MonitorRepository.Sums::sentimentN).sum()).isEqualTo(31);
            assertThat(sums.stream().map(MonitorRepository.Sums::latency)
                    .reduce(org.promptstudio.model.LatencyBuckets.EMPTY, org.promptstudio.model.LatencyBuckets::plus)
                    .total()).isEqualTo(31);
        }
        // a run's days come from its hours; sessions with a call that matches
        List<MonitorRepository.Sums> ofSession = db.monitor().sums(new MonitorRepository.Query(t0.minusSeconds(3600),
                t0.plusSeconds(86400), true, null, null, "pg-monitor", session.id(), null));
        assertThat(ofSession.stream().mapToLong(MonitorRepository.Sums::calls).sum()).isEqualTo(10);
        List<MonitorRepository.Sums> before = db.monitor().sums(new MonitorRepository.Query(t0.minusSeconds(3600),
                t0.plusSeconds(86400), false, null, null, "pg-monitor", null, null));
        db.monitorAggregates().rebuild(t0, t0.plusSeconds(3600), null);
        assertThat(db.monitor().sums(new MonitorRepository.Query(t0.minusSeconds(3600), t0.plusSeconds(86400), false,
                null, null, "pg-monitor", null, null))).isEqualTo(before);
        db.monitorAggregates().backfillIfPending();
        assertThat(db.monitor().sums(new MonitorRepository.Query(t0.minusSeconds(3600), t0.plusSeconds(86400), false,
                null, null, "pg-monitor", null, null))).usingRecursiveComparison()
                .ignoringFields("sessions", "turnsN", "turnsSum", "turnsSq").isEqualTo(before);
    }

    @Test
    void labelsAndFeedbackKeepTheirForeignKeysOnPostgres() throws SQLException {
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
            assertThat(DatabaseTest.strings(st, "SELECT table_name FROM information_schema.table_constraints"
                    + " WHERE constraint_type = 'FOREIGN KEY' ORDER BY 1"))
                    .containsExactly("annotations", "call_guard_events", "call_texts", "calls", "eval_results", "eval_results", "feedback",
                            "label_item_calls", "label_item_calls", "label_items", "labels", "labels", "labels");
            assertThat(DatabaseTest.strings(st, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
                    .contains("calls_by_run", "calls_by_prompt", "calls_by_model", "calls_by_cache_key",
                            "label_items_by_queue", "label_item_calls_by_call", "labels_by_item", "labels_by_call",
                            "labels_by_schema");
        }
    }

    private static List<Path> migrations() throws IOException, URISyntaxException {
        Path dir = Path.of(StorePostgresTest.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().substring(1, f.getFileName().toString().indexOf("__")))))
                    .toList();
        }
    }

    /** The statements of a migration: comments dropped, split at semicolons (ours hold none inside strings). */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : sql.toString().split(";")) {
            if (!s.isBlank()) out.add(s.strip());
        }
        return out;
    }
}

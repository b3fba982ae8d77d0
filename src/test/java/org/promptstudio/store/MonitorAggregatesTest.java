package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.LatencyBuckets;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * The monitor sums in a real H2 file (V15): what calls and labels add up to equals a direct recount of the calls, by
 * the hour and by the day and under each filter; a label changed or undone moves the counts by its difference only;
 * a rebuild and the first opening after V15 (calls recorded before) give the same sums as the incremental ones.
 */
class MonitorAggregatesTest {

    private static final Instant T0 = Instant.parse("2026-11-28T22:10:00Z");
    private static final String[] PATHS = {"prompts/answer.prompt", "prompts/summary.prompt"};
    private static final String[] COMMITS = {"1111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222"};
    private static final String[] MODELS = {"gpt-4o", "claude", "llama"};
    private static final String[] USER_TEXTS = {"Where is my parcel?", "This is bad, really bad!", "Gr\u00fc\u00dfe \uD83D\uDE00"};

    @TempDir
    Path tmp;

    /** A toy sentiment: -0.5 for text with "bad", else 0.5. */
    private static double sentiment(String text) {
        return text.contains("bad") ? -0.5 : 0.5;
    }

    private static List<CallRecord> randomCalls(long seed, int n, Long[] runs) {
        Random r = new Random(seed);
        List<CallRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CallStatus status = r.nextInt(10) == 0 ? CallStatus.ERROR : r.nextInt(20) == 0 ? CallStatus.CANCELLED
                    : CallStatus.OK;
            String user = USER_TEXTS[r.nextInt(USER_TEXTS.length)];
            String messages = "[{\"role\":\"system\",\"content\":[{\"text\":\"Be brief.\"}]},"
                    + "{\"role\":\"user\",\"content\":[{\"text\":\"" + user + "\"}]}]";
            String answer = status == CallStatus.OK ? "answer " + "x".repeat(r.nextInt(200)) : null;
            int p = r.nextInt(2);
            CallRecord.Builder b = CallRecord.builder()
                    .runId(runs[r.nextInt(runs.length)])
                    .prompt(r.nextInt(8) == 0 ? null : PATHS[p], r.nextInt(8) == 0 ? null : COMMITS[r.nextInt(2)])
                    .model("openai", MODELS[r.nextInt(MODELS.length)])
                    .status(status)
                    .createdAt(T0.plus(Duration.ofMinutes(r.nextInt(3 * 24 * 60))))
                    .cached(r.nextInt(5) == 0)
                    .latencyMs(r.nextInt(10) == 0 ? null : (long) r.nextInt(30_000))
                    .cost(r.nextInt(6) == 0 ? null : new BigDecimal("0.00" + (1 + r.nextInt(900))))
                    .texts(r.nextInt(10) == 0 ? null : new CallTexts(messages, answer, null, null));
            if (r.nextInt(7) != 0) b.tokens((long) r.nextInt(500), (long) r.nextInt(900));
            if (status == CallStatus.ERROR) b.error("boom");
            out.add(b.build());
        }
        return out;
    }

    /** The figures of {@code calls} whose time falls in [start, start + width), counted directly. */
    private static MonitorRepository.Sums recount(List<CallRecord> calls, Instant start, Duration width) {
        long n = 0, ok = 0, err = 0, canc = 0, cached = 0, aN = 0, aSum = 0, aSq = 0, tIn = 0, tOut = 0, tK = 0;
        long cIn = 0, cOut = 0, cK = 0, kc = 0, uc = 0, sN = 0;
        double sSum = 0, sSq = 0;
        BigDecimal cost = BigDecimal.ZERO;
        List<Long> lat = new ArrayList<>();
        for (CallRecord c : calls) {
            if (c.createdAt().isBefore(start) || !c.createdAt().isBefore(start.plus(width))) continue;
            n++;
            if (c.status() == CallStatus.OK) ok++;
            if (c.status() == CallStatus.ERROR) err++;
            if (c.status() == CallStatus.CANCELLED) canc++;
            if (c.cached()) cached++;
            if (c.tokensIn() != null) {
                tK++;
                tIn += c.tokensIn();
                tOut += c.tokensOut();
            }
            if (c.texts() != null) {
                String out = c.texts().output();
                long o = out == null ? 0 : out.codePointCount(0, out.length());
                if (out != null) {
                    aN++;
                    aSum += o;
                    aSq += o * o;
                }
                String user = c.texts().messagesJson().replaceAll(".*\"user\",\"content\":\\[\\{\"text\":\"", "")
                        .replaceAll("\"}]}]$", "");
                cK++;
                cIn += "Be brief.".length() + user.codePointCount(0, user.length());
                cOut += o;
                sN++;
                sSum += sentiment(user);
                sSq += sentiment(user) * sentiment(user);
            }
            // unknown only for an answered call (ok or blocked at the output) not from the cache whose model has
            // no price; a failed or cancelled call without a cost adds a known 0
            boolean answered = c.status() == CallStatus.OK || c.status() == CallStatus.BLOCKED;
            if (answered && !c.cached() && c.cost() == null) {
                uc++;
            } else {
                kc++;
                if (c.spent() != null) cost = cost.add(c.spent());
            }
            if (c.latencyMs() != null) lat.add(c.latencyMs());
        }
        return new MonitorRepository.Sums(start, n, ok, err, 0, canc, cached, 0, 0, 0, 0, 0, aN, aSum, aSq,
                LatencyBuckets.ofMillis(lat.stream().mapToLong(Long::longValue).toArray()), tIn, tOut, tK, cIn, cOut,
                cK, cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros(), kc, uc, Map.of(), 0, 0, 0, 0,
                sN, sSum, sSq);
    }

    private static Map<Instant, MonitorRepository.Sums> expected(List<CallRecord> calls, Duration width) {
        Map<Instant, MonitorRepository.Sums> out = new TreeMap<>();
        for (CallRecord c : calls) {
            long w = width.toSeconds();
            Instant start = Instant.ofEpochSecond(Math.floorDiv(c.createdAt().getEpochSecond(), w) * w);
            out.computeIfAbsent(start, s -> recount(calls, s, width));
        }
        return out;
    }

    private static Map<Instant, MonitorRepository.Sums> actual(Database db, boolean daily, List<String> paths,
                                                               String model, Long run) {
        Map<Instant, MonitorRepository.Sums> out = new TreeMap<>();
        for (MonitorRepository.Sums s : db.monitor().sums(new MonitorRepository.Query(T0.minus(Duration.ofDays(2)),
                T0.plus(Duration.ofDays(5)), daily, paths, null, model, run, null))) {
            out.put(s.start(), s);
        }
        return out;
    }

    private Long[] runs(Database db) {
        long a = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "a", null, "{}")).id();
        long b = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "b", null, "{}")).id();
        return new Long[] {a, b, null};
    }

    @Test
    void sumsEqualADirectRecountByHourAndDayAndUnderEachFilter() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            db.monitorAggregates().useSentiment(MonitorAggregatesTest::sentiment);
            Long[] runs = runs(db);
            List<CallRecord> calls = randomCalls(7, 600, runs);
            // some one by one (as a run records them), the rest in batches
            for (CallRecord c : calls.subList(0, 100)) db.calls().insert(c);
            db.calls().insertBatch(calls.subList(100, 350));
            db.calls().insertBatch(calls.subList(350, 600));

            assertThat(actual(db, false, null, null, null)).isEqualTo(expected(calls, Duration.ofHours(1)));
            assertThat(actual(db, true, null, null, null)).isEqualTo(expected(calls, Duration.ofDays(1)));
            Predicate<CallRecord> answer = c -> PATHS[0].equals(c.promptPath());
            assertThat(actual(db, true, List.of(PATHS[0]), null, null))
                    .isEqualTo(expected(calls.stream().filter(answer).toList(), Duration.ofDays(1)));
            assertThat(actual(db, false, null, "claude", null)).isEqualTo(expected(
                    calls.stream().filter(c -> c.model().equals("claude")).toList(), Duration.ofHours(1)));
            assertThat(actual(db, false, null, null, runs[1])).isEqualTo(expected(
                    calls.stream().filter(c -> runs[1].equals(c.runId())).toList(), Duration.ofHours(1)));
            // a run's days come from its hours (the day sums leave the run out)
            assertThat(actual(db, true, List.of(PATHS[1]), null, runs[0])).isEqualTo(expected(calls.stream()
                    .filter(c -> runs[0].equals(c.runId()) && PATHS[1].equals(c.promptPath())).toList(),
                    Duration.ofDays(1)));
            List<MonitorRepository.Sums> version = db.monitor().sums(new MonitorRepository.Query(T0,
                    T0.plus(Duration.ofDays(5)), true, null, List.of(new MonitorRepository.Version(PATHS[1],
                    COMMITS[0])), null, null, null));
            assertThat(version.stream().mapToLong(MonitorRepository.Sums::calls).sum()).isEqualTo(calls.stream()
                    .filter(c -> PATHS[1].equals(c.promptPath()) && COMMITS[0].equals(c.promptCommit())).count());
            assertThat(db.monitor().sums(new MonitorRepository.Query(T0, T0.plusSeconds(60), false, List.of(), null,
                    null, null, null))).isEmpty();
        }
    }

    @Test
    void theLatestLabelOfEachAnnotatorCountsAndAnUndoTakesItsCountBack() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            long call = db.calls().insert(SampleCalls.call(null, "m1", T0).build());
            long other = db.calls().insert(SampleCalls.call(null, "m1", T0.plus(Duration.ofHours(2))).build());
            db.labels().insert(thumbs(call, "Ada", true));
            db.labels().insert(thumbs(call, "Bob", true));
            assertThat(feedback(db, null)).containsExactly(2L, 0L, 0L, 0L);
            // Ada changes her mind: her up is replaced by a down, Bob's stays
            LabelRecord down = db.labels().insert(thumbs(call, "Ada", false));
            assertThat(feedback(db, null)).containsExactly(1L, 1L, 0L, 0L);
            // undone: her earlier up counts again
            db.labels().delete(down.id(), "Ada");
            assertThat(feedback(db, null)).containsExactly(2L, 0L, 0L, 0L);
            db.labels().insertAll(List.of(rating(call, "Ada", 4), rating(other, "Ada", 2), rating(other, "Bob", 5)));
            db.labels().insert(rating(other, "Bob", 3));
            assertThat(feedback(db, "quality")).containsExactly(2L, 0L, 3L, 9L);
            assertThat(feedback(db, "other-schema")).containsExactly(2L, 0L, 0L, 0L);
            // counted again from the labels, the sums are the same
            db.monitorAggregates().rebuild(null, null, null);
            assertThat(feedback(db, "quality")).containsExactly(2L, 0L, 3L, 9L);
        }
    }

    private static LabelRecord thumbs(long call, String who, boolean up) {
        return new LabelRecord(null, null, call, null, "thumbs", "3cab514d84e8", who, LabelValue.ofThumbs(up), false,
                T0.plusSeconds(5));
    }

    private static LabelRecord rating(long call, String who, int stars) {
        return new LabelRecord(null, null, call, null, "quality", "abc", who, LabelValue.ofRating(stars), false,
                T0.plusSeconds(5));
    }

    /** Thumbs up, down, ratings and their sum over the whole period. */
    private static List<Long> feedback(Database db, String schema) {
        long up = 0, down = 0, n = 0, sum = 0;
        for (MonitorRepository.Sums s : db.monitor().sums(new MonitorRepository.Query(T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(1)), false, null, null, null, null, schema))) {
            up += s.thumbsUp();
            down += s.thumbsDown();
            n += s.ratingN();
            sum += s.ratingSum();
        }
        return List.of(up, down, n, sum);
    }

    @Test
    void aRebuildAndTheFirstOpeningAfterVersion15GiveTheSameSums() throws Exception {
        Path state = tmp.resolve(".studio");
        List<CallRecord> calls;
        Map<Instant, MonitorRepository.Sums> hours;
        Map<Instant, MonitorRepository.Sums> days;
        try (Database db = Database.open(state)) {
            db.monitorAggregates().useSentiment(MonitorAggregatesTest::sentiment);
            calls = randomCalls(11, 300, runs(db));
            db.calls().insertBatch(calls);
            long session = db.runs().insert(RunRecord.started(RunKind.PLAYGROUND, "chat", null,
                    "{\"experiment\":\"chat\",\"turns\":3}")).id();
            db.calls().insert(SampleCalls.call(session, "m1", T0).build());
            hours = actual(db, false, null, null, null);
            days = actual(db, true, null, null, null);

            // a purge of the first day's answer prompt calls, then the recount the purge asks for
            db.monitorAggregates().rebuild(T0, T0.plus(Duration.ofDays(1)), PATHS[0]);
            assertThat(actual(db, false, null, null, null)).isEqualTo(hours);
            assertThat(actual(db, true, null, null, null)).isEqualTo(days);

            // as a database from before V15: no sums, no measures, no turns, and the backfill's mark
            try (Connection c = db.connection(); Statement st = c.createStatement()) {
                for (String t : List.of("monitor_hour", "monitor_day", "monitor_feedback_hour", "monitor_feedback_day")) {
                    st.executeUpdate("DELETE FROM " + t);
                }
                st.executeUpdate("UPDATE calls SET chars_in = NULL, chars_out = NULL, user_sentiment = NULL");
                st.executeUpdate("UPDATE runs SET turns = NULL");
                st.executeUpdate("INSERT INTO monitor_backfill (pending) VALUES (1)");
            }
        }
        try (Database db = Database.open(state)) {
            // the sentiment function is given after opening: the calls before are counted without it
            Map<Instant, MonitorRepository.Sums> again = actual(db, false, null, null, null);
            assertThat(again.keySet()).isEqualTo(hours.keySet());
            for (Instant t : hours.keySet()) {
                MonitorRepository.Sums h = hours.get(t);
                assertThat(again.get(t)).usingRecursiveComparison()
                        .ignoringFields("sentimentN", "sentimentSum", "sentimentSq").isEqualTo(h);
            }
        }
    }

    @Test
    void playgroundSessionsCountWithTheirTurns() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            long s1 = db.runs().insert(RunRecord.started(RunKind.PLAYGROUND, "chat", null, "{\"turns\":3}")).id();
            long s2 = db.runs().insert(RunRecord.started(RunKind.PLAYGROUND, "chat", null, "{\"turns\":5}")).id();
            db.calls().insert(SampleCalls.call(s1, "m1", Instant.now()).build());
            db.calls().insert(SampleCalls.call(s2, "m2", Instant.now()).build());
            Instant now = Instant.now();
            List<MonitorRepository.Sums> all = db.monitor().sums(new MonitorRepository.Query(
                    now.minus(Duration.ofDays(1)), now.plusSeconds(60), true, null, null, null, null, null));
            assertThat(all.stream().mapToLong(MonitorRepository.Sums::sessions).sum()).isEqualTo(2);
            assertThat(all.stream().mapToLong(MonitorRepository.Sums::turnsSum).sum()).isEqualTo(8);
            List<MonitorRepository.Sums> m2 = db.monitor().sums(new MonitorRepository.Query(
                    now.minus(Duration.ofDays(1)), now.plusSeconds(60), true, null, null, "m2", null, null));
            assertThat(m2.stream().mapToLong(MonitorRepository.Sums::sessions).sum()).isEqualTo(1);
            assertThat(m2.stream().mapToLong(MonitorRepository.Sums::turnsSum).sum()).isEqualTo(5);
        }
    }

    @Test
    void guardFindingsAreCountedPerCheckFromTheCallsFindingsAndARebuildKeepsThem() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            java.util.List<org.promptstudio.model.GuardFinding> found = List.of(
                    new org.promptstudio.model.GuardFinding(GuardCheck.PII, org.promptstudio.model.GuardAction.WARN,
                            org.promptstudio.model.GuardStage.INPUT, "EMAIL 1"),
                    new org.promptstudio.model.GuardFinding(GuardCheck.PII, org.promptstudio.model.GuardAction.WARN,
                            org.promptstudio.model.GuardStage.OUTPUT, "PHONE 1"),
                    new org.promptstudio.model.GuardFinding(GuardCheck.INJECTION,
                            org.promptstudio.model.GuardAction.WARN, org.promptstudio.model.GuardStage.INPUT,
                            "ignore previous instructions"));
            db.calls().insert(SampleCalls.call(null, "m1", T0).build().withGuard(found));
            db.calls().insert(SampleCalls.call(null, "m2", T0).build());
            java.util.function.Supplier<MonitorRepository.Sums> sums = () -> db.monitor().sums(
                    new MonitorRepository.Query(T0, T0.plusSeconds(60), false, null, null, null, null, null)).get(0);
            // a call with two PII findings counts once for PII
            assertThat(sums.get().guard()).containsEntry(GuardCheck.PII, 1L).containsEntry(GuardCheck.INJECTION, 1L)
                    .containsEntry(GuardCheck.BLOCKLIST, 0L);
            db.monitorAggregates().rebuild(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), null);
            assertThat(sums.get().guard()).containsEntry(GuardCheck.PII, 1L).containsEntry(GuardCheck.INJECTION, 1L)
                    .containsEntry(GuardCheck.BLOCKLIST, 0L);
        }
    }

    /** Every row of {@code sql} as a list of values (numbers as BigDecimal to 9 places, without trailing zeros). */
    private static List<List<Object>> rows(Connection c, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Number num) { // sums of doubles come back as DECFLOAT in H2: compare to 1e-9
                        v = new BigDecimal(num.toString()).setScale(9, java.math.RoundingMode.HALF_UP)
                                .stripTrailingZeros();
                    }
                    row.add(v);
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The totals of V17 against the keyed sums added up, for each of the four totals tables. */
    private static void assertTotalsEqualTheKeyedSums(Connection c) throws Exception {
        String sums = String.join(", ", MonitorAggregates.LONGS) + ", sentiment_sum, sentiment_sq, known_cost";
        String summed = String.join(", ", java.util.Arrays.stream(sums.split(", ")).map(x -> "SUM(" + x + ")")
                .toList());
        for (String[] t : new String[][] {{"monitor_hour_total", "monitor_hour"}, {"monitor_day_total", "monitor_day"}}) {
            assertThat(rows(c, "SELECT bucket_start, " + sums + " FROM " + t[0] + " ORDER BY bucket_start"))
                    .as(t[0]).isNotEmpty()
                    .isEqualTo(rows(c, "SELECT bucket_start, " + summed + " FROM " + t[1]
                            + " GROUP BY bucket_start ORDER BY bucket_start"));
        }
        String fb = "thumbs_up, thumbs_down, rating_n, rating_sum, rating_sq";
        String fbSummed = "SUM(thumbs_up), SUM(thumbs_down), SUM(rating_n), SUM(rating_sum), SUM(rating_sq)";
        for (String[] t : new String[][] {{"monitor_feedback_hour_total", "monitor_feedback_hour"},
            {"monitor_feedback_day_total", "monitor_feedback_day"}}) {
            // a total may keep a row whose labels were all taken back (zeros), as the keyed sums do
            assertThat(rows(c, "SELECT bucket_start, schema_name, " + fb + " FROM " + t[0]
                    + " WHERE thumbs_up <> 0 OR thumbs_down <> 0 OR rating_n <> 0 ORDER BY bucket_start, schema_name"))
                    .as(t[0]).isNotEmpty()
                    .isEqualTo(rows(c, "SELECT bucket_start, schema_name, " + fbSummed + " FROM " + t[1]
                            + " GROUP BY bucket_start, schema_name"
                            + " HAVING SUM(thumbs_up) <> 0 OR SUM(thumbs_down) <> 0 OR SUM(rating_n) <> 0"
                            + " ORDER BY bucket_start, schema_name"));
        }
    }

    @Test
    void theTotalsEqualTheKeyedSumsAddedUpAfterCallsLabelsAndARecountOfOnePrompt() throws Exception {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            db.monitorAggregates().useSentiment(MonitorAggregatesTest::sentiment);
            List<CallRecord> calls = randomCalls(5, 400, runs(db));
            db.calls().insertBatch(calls);
            List<Long> ids = new ArrayList<>();
            try (Connection c = db.connection(); Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT id FROM calls ORDER BY id")) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            Random r = new Random(3);
            for (int i = 0; i < 60; i++) {
                long call = ids.get(r.nextInt(ids.size()));
                db.labels().insert(r.nextBoolean() ? thumbs(call, r.nextBoolean() ? "Ada" : "Bob", r.nextBoolean())
                        : rating(call, "Ada", 1 + r.nextInt(5)));
            }
            try (Connection c = db.connection()) {
                assertTotalsEqualTheKeyedSums(c);
            }
            // what a purge of one prompt's first day asks for: only that prompt's keyed sums are counted again
            try (Connection c = db.connection(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM labels WHERE call_id IN (SELECT id FROM calls WHERE prompt_path = '"
                        + PATHS[0] + "' AND created_at < TIMESTAMP WITH TIME ZONE '2026-11-29 12:00:00+00:00')");
                st.executeUpdate("DELETE FROM calls WHERE prompt_path = '" + PATHS[0]
                        + "' AND created_at < TIMESTAMP WITH TIME ZONE '2026-11-29 12:00:00+00:00'");
            }
            Map<Instant, MonitorRepository.Sums> before = actual(db, false, null, null, null);
            db.monitorAggregates().rebuild(T0, T0.plus(Duration.ofDays(1)), PATHS[0]);
            try (Connection c = db.connection()) {
                assertTotalsEqualTheKeyedSums(c);
            }
            Map<Instant, MonitorRepository.Sums> after = actual(db, false, null, null, null);
            assertThat(after.values().stream().mapToLong(MonitorRepository.Sums::calls).sum())
                    .isLessThan(before.values().stream().mapToLong(MonitorRepository.Sums::calls).sum());
            assertThat(after.values().stream().mapToLong(MonitorRepository.Sums::calls).sum()).isEqualTo(
                    calls.stream().filter(x -> !(PATHS[0].equals(x.promptPath())
                            && x.createdAt().isBefore(Instant.parse("2026-11-29T12:00:00Z")))).count());
        }
    }

    @Test
    void aDatabaseAtVersion16GetsItsTotalsFromTheKeyedSumsItHas() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("old/studio") + ";WRITE_DELAY=0";
        org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                .target("16").load().migrate();
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM monitor_backfill");
            st.executeUpdate("INSERT INTO monitor_hour (bucket_start, prompt_path, prompt_commit, model, run_id, calls,"
                    + " ok, known_cost, lat_10, sentiment_sum) VALUES (7200, 'a', 'c1', 'm1', 1, 3, 2, 0.25, 2, 0.5),"
                    + " (7200, 'b', '', 'm2', 0, 4, 4, 0.5, 1, -0.25), (10800, 'a', 'c1', 'm1', 1, 1, 1, 0, 0, 0)");
            st.executeUpdate("INSERT INTO monitor_day (bucket_start, prompt_path, prompt_commit, model, calls, ok)"
                    + " VALUES (0, 'a', 'c1', 'm1', 4, 3), (0, 'b', '', 'm2', 4, 4)");
            st.executeUpdate("INSERT INTO monitor_feedback_hour (bucket_start, prompt_path, prompt_commit, model,"
                    + " run_id, schema_name, thumbs_up, rating_n, rating_sum) VALUES"
                    + " (7200, 'a', 'c1', 'm1', 1, 'thumbs', 2, 0, 0), (7200, 'b', '', 'm2', 0, 'thumbs', 1, 0, 0),"
                    + " (7200, 'b', '', 'm2', 0, 'quality', 0, 1, 4)");
            st.executeUpdate("INSERT INTO monitor_feedback_day (bucket_start, prompt_path, prompt_commit, model,"
                    + " schema_name, thumbs_up) VALUES (0, 'a', 'c1', 'm1', 'thumbs', 2), (0, 'b', '', 'm2', 'thumbs', 1)");
        }
        org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                .target("17").load().migrate();
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            assertTotalsEqualTheKeyedSums(c);
            assertThat(rows(c, "SELECT bucket_start, calls, ok, known_cost, lat_10 FROM monitor_hour_total"
                    + " ORDER BY bucket_start")).containsExactly(
                    List.of(new BigDecimal("7.2E+3"), new BigDecimal("7"), new BigDecimal("6"), new BigDecimal("0.75"),
                            new BigDecimal("3")),
                    List.of(new BigDecimal("1.08E+4"), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO));
        }
        // V18 (the unknown-cost rule) has every sum counted again from the calls: these, with no call behind them, go
        try (Database db = Database.open(tmp.resolve(".studio"), url); Connection c = db.connection()) {
            List<MonitorRepository.Sums> read = db.monitor().sums(new MonitorRepository.Query(Instant.EPOCH,
                    Instant.ofEpochSecond(86400), false, null, null, null, null, null));
            assertThat(read).extracting(MonitorRepository.Sums::calls).allMatch(n -> n == 0L);
            assertThat(rows(c, "SELECT COUNT(*) FROM monitor_hour_total WHERE calls > 0")).containsExactly(
                    List.of(BigDecimal.ZERO));
        }
    }
}

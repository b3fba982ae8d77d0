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
            if (c.spent() != null) {
                kc++;
                cost = cost.add(c.spent());
            } else {
                uc++;
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
}

package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelQueue;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.Database;
import org.promptstudio.store.PrivacyRepository;
import org.promptstudio.testsupport.Workspaces;

/**
 * Purge, forget and audit on a real workspace (git, H2 file): calls recorded in January and March with labels (alone
 * and in a pair's queue item), feedback and eval results on them.
 */
class PrivacyPurgeTest {

    static final Instant JAN = Instant.parse("2026-01-10T09:00:00Z");
    static final Instant MAR = Instant.parse("2026-03-01T09:00:00Z");
    static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");

    @TempDir
    Path dir;

    /** The ids the set-up recorded. */
    long oldRun;
    long mixedRun;
    long otherRun;
    long a1;
    long a2;
    long n1;
    long other;

    @BeforeEach
    void workspace() {
        Workspaces.init(dir, "privacy", "  - id: echo\n    provider: echo\n");
    }

    static long call(Database db, long run, String prompt, Instant at, String question) {
        return db.calls().insert(CallRecord.builder().runId(run).prompt("prompts/" + prompt + ".prompt", "abc123")
                .model("echo", "echo").createdAt(at).tokens(3, 4).cost(BigDecimal.ZERO).latencyMs(5L)
                .texts(new CallTexts("[{\"role\":\"user\",\"content\":[{\"text\":\"" + question + "\"}]}]",
                        "answer to " + question, null, null))
                .build());
    }

    /** Records the calls, labels, feedback and eval results the tests purge and forget. */
    void record(Studio studio) {
        Database db = StudioParts.database(studio);
        oldRun = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "old", null, "{}")).id();
        mixedRun = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "mixed", null, "{}")).id();
        otherRun = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "other", null, "{}")).id();
        a1 = call(db, oldRun, "answer", JAN, "where is my parcel");
        a2 = call(db, mixedRun, "answer", JAN.plusSeconds(60), "refund please");
        n1 = call(db, mixedRun, "answer", MAR, "opening hours");
        other = call(db, otherRun, "other", JAN, "unrelated");
        for (long run : List.of(oldRun, mixedRun, otherRun)) db.runs().finish(run, RunStatus.FINISHED, MAR);
        db.labels().insert(new LabelRecord(null, null, a1, null, "thumbs", "3cab514d84e8", "Ada",
                LabelValue.ofThumbs(true), false, JAN.plusSeconds(5)));
        db.labels().insert(new LabelRecord(null, null, n1, null, "thumbs", "3cab514d84e8", "Bob",
                LabelValue.ofThumbs(false), false, MAR.plusSeconds(5)));
        LabelQueue queue = db.labelQueues().insert(new LabelQueue(null, "pairs", "preference", "abc123def456",
                LabelItemKind.PAIR, 1, false, 7, null, JAN, "Bob"),
                List.of(new LabelItem(null, 0, 0, List.of(a2, n1), List.of(0, 1), null)));
        LabelItem item = db.labelQueues().items(queue.id()).get(0);
        db.labels().insert(new LabelRecord(null, item.id(), a2, n1, "preference", "abc123def456", "Bob",
                LabelValue.ofPreference("B", null), false, MAR.plusSeconds(9)));
        db.feedback().insert(new FeedbackRecord(null, a1, "Ada", "rating", "{\"rating\":\"up\"}", JAN.plusSeconds(7)));
        db.evalResults().insertBatch(List.of(
                new EvalRecord(null, a1, oldRun, "contains", true, 1, "ok", 1, JAN, null),
                new EvalRecord(null, a2, mixedRun, "contains", false, 0, "missing", 1, JAN, null),
                new EvalRecord(null, n1, mixedRun, "contains", true, 1, "ok", 1, MAR, null)));
    }

    @Test
    void purgeDeletesTheOldCallsOfOnePromptWithEverythingOnThemAndSaysHowMany() {
        List<Object[]> recounts = new ArrayList<>();
        try (Studio studio = Studio.open(dir)) {
            record(studio);
            Privacy privacy = new Privacy(studio, (from, to, prompt) -> recounts.add(new Object[] {from, to, prompt}));

            PrivacyRepository.Deleted deleted = privacy.purge(FEB, "prompts/answer.prompt");

            Map<String, Long> expected = new LinkedHashMap<>();
            expected.put("calls", 2L);
            expected.put("call texts", 2L);
            expected.put("labels", 1L); // Bob's on the pair holding a2
            expected.put("feedback", 2L); // Ada's thumbs on a1, given as a label and as feedback
            expected.put("label items", 1L);
            expected.put("annotations", 0L);
            expected.put("eval results", 2L);
            expected.put("guard events", 0L);
            expected.put("runs left empty", 1L);
            assertThat(deleted.counts()).containsExactlyEntriesOf(expected);
            assertThat(studio.calls().find(a1)).isEmpty();
            assertThat(studio.calls().find(a2)).isEmpty();
            assertThat(studio.calls().find(n1)).isPresent();
            assertThat(studio.calls().find(other)).isPresent(); // another prompt's January call stays
            Database db = StudioParts.database(studio);
            assertThat(db.runs().find(oldRun)).isEmpty();
            assertThat(db.runs().find(mixedRun)).isPresent();
            assertThat(db.labels().forCall(n1)).extracting(LabelRecord::annotator).containsExactly("Bob");
            assertThat(db.evalResults().forCall(n1)).hasSize(1);
            assertThat(recounts).singleElement().satisfies(r -> assertThat(r)
                    .containsExactly(JAN, FEB, "prompts/answer.prompt"));
            assertThat(privacy.log()).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("purge");
                assertThat(e.scope()).isEqualTo("calls before 2026-02-01T00:00:00Z of prompts/answer.prompt");
                assertThat(e.countsJson()).contains("\"calls\": 2").contains("\"runs left empty\": 1");
            });
            // nothing older is left: a second purge deletes nothing and asks for no recount
            assertThat(privacy.purge(FEB, "prompts/answer.prompt").total()).isZero();
            assertThat(recounts).hasSize(1);
        }
    }

    @Test
    void purgeKeepsTheCallsAndTheRunOfARunStillGoingAndSaysHowManyItKept() {
        try (Studio studio = Studio.open(dir)) {
            record(studio);
            Database db = StudioParts.database(studio);
            long going = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "going", null, "{}")).id();
            long g1 = call(db, going, "answer", JAN, "still running");
            long g2 = call(db, going, "answer", JAN.plusSeconds(1), "still running too");

            PrivacyRepository.Deleted deleted = studio.privacy().purge(FEB, "prompts/answer.prompt");

            assertThat(deleted.counts()).containsEntry("calls", 2L)
                    .containsEntry("calls kept: their run is still going", 2L);
            assertThat(studio.calls().find(g1)).isPresent();
            assertThat(studio.calls().find(g2)).isPresent();
            assertThat(db.runs().find(going)).isPresent();
            assertThat(studio.calls().find(a1)).isEmpty();
            // the run can still finish
            db.runs().finish(going, RunStatus.FINISHED, MAR);
            // once it has finished, its old calls go like any others, and nothing is said about kept calls
            PrivacyRepository.Deleted later = studio.privacy().purge(FEB, "prompts/answer.prompt");
            assertThat(later.counts()).containsEntry("calls", 2L)
                    .doesNotContainKey("calls kept: their run is still going").containsEntry("runs left empty", 1L);
            assertThat(db.runs().find(going)).isEmpty();
        }
    }

    @Test
    void purgeRefusesAPromptWithNoFileAndNoCallsButPurgesADeletedPromptWithCalls() {
        try (Studio studio = Studio.open(dir)) {
            record(studio);
            // prompts/answer.prompt has no file in this workspace, but calls of it are recorded: purgeable
            assertThat(studio.prompts().find("answer")).isEmpty();
            assertThat(studio.privacy().purge(FEB, "prompts/answer.prompt").counts()).containsEntry("calls", 2L);
            assertThatThrownBy(() -> studio.privacy().purge(FEB, "prompts/nope.prompt"))
                    .isInstanceOf(StudioException.class)
                    .hasMessageStartingWith("--prompt: no such prompt 'nope' (no file prompts/nope.prompt");
            assertThat(studio.privacy().log()).hasSize(1);
        }
    }

    @Test
    void aPurgedTextIsGoneFromTheDatabaseFileOnceTheStudioIsClosed() throws Exception {
        try (Studio studio = Studio.open(dir)) {
            record(studio);
            call(StudioParts.database(studio), oldRun, "answer", JAN, "marker-7f3a9c-unique");
            studio.privacy().purge(FEB, null);
        }
        // (without the purge the marker is found: the check can fail)
        assertThat(PrivacyRedactionTest.bytesContain(dir.resolve(".studio"), "marker-7f3a9c-unique")).isFalse();
    }

    @Test
    void forgetDeletesWhatOneAnnotatorGaveAndLogsItWithoutTheirName() {
        try (Studio studio = Studio.open(dir)) {
            record(studio);
            PrivacyRepository.Deleted deleted = studio.privacy().forget("Bob");

            Map<String, Long> expected = new LinkedHashMap<>();
            expected.put("labels", 1L); // on the pair
            expected.put("feedback", 1L); // thumbs down on n1
            expected.put("annotations", 0L);
            expected.put("queues no longer naming them", 1L);
            assertThat(deleted.counts()).containsExactlyEntriesOf(expected);
            assertThat(deleted.from()).isEqualTo(JAN.plusSeconds(60)); // the pair's first call
            assertThat(deleted.to()).isEqualTo(MAR.plusSeconds(9));
            Database db = StudioParts.database(studio);
            assertThat(db.labels().forCall(n1)).isEmpty();
            assertThat(db.labels().forCall(a1)).extracting(LabelRecord::annotator).containsExactly("Ada", "Ada");
            assertThat(db.labelQueues().find("pairs").orElseThrow().createdBy()).isNull();
            assertThat(studio.privacy().log()).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("forget");
                assertThat(e.scope() + e.countsJson()).doesNotContain("Bob");
            });
            assertThat(studio.privacy().forget("Bob").total()).isZero();
            assertThatThrownBy(() -> studio.privacy().forget(" ")).isInstanceOf(StudioException.class);
        }
    }

    @Test
    void anAuditHoldsTheRunItsCallsWholeWhatWasSaidAboutThemAndThePrivacyLog() throws Exception {
        String path;
        try (Studio studio = Studio.open(dir)) {
            record(studio);
            studio.privacy().purge(FEB, "prompts/other.prompt");
            path = studio.privacy().audit(mixedRun);
            assertThatThrownBy(() -> studio.privacy().audit(999)).isInstanceOf(StudioException.class)
                    .hasMessage("run 999: no such run is recorded");
        }
        assertThat(path).isEqualTo("exports/audit-run-" + mixedRun + ".json");
        JsonNode audit = new ObjectMapper().readTree(Files.readString(dir.resolve(path)));
        assertThat(audit.at("/run/id").asLong()).isEqualTo(mixedRun);
        assertThat(audit.at("/run/name").asText()).isEqualTo("mixed");
        JsonNode calls = audit.get("calls");
        assertThat(calls).hasSize(2);
        JsonNode first = calls.get(0);
        assertThat(first.get("id").asLong()).isEqualTo(a2);
        assertThat(first.at("/messages/0/content/0/text").asText()).isEqualTo("refund please");
        assertThat(first.get("output").asText()).isEqualTo("answer to refund please");
        assertThat(first.get("redacted").asBoolean()).isFalse();
        assertThat(first.at("/labels/0/annotator").asText()).isEqualTo("Bob");
        assertThat(first.at("/labels/0/value/preference").asText()).isEqualTo("B");
        assertThat(first.at("/evalResults/0/reason").asText()).isEqualTo("missing");
        assertThat(first.get("guardFindings")).isEmpty();
        JsonNode second = calls.get(1);
        assertThat(second.at("/labels")).hasSize(1); // the pair (as call B)
        assertThat(second.at("/feedback/0/value/thumbs").asText()).isEqualTo("down");
        assertThat(audit.get("privacyLog")).singleElement().satisfies(line -> {
            assertThat(line.get("action").asText()).isEqualTo("purge");
            assertThat(line.at("/counts/calls").asLong()).isEqualTo(1);
        });
    }

    @Test
    void theDashboardsFiguresAreCountedAgainAfterAPurgeAndAForget() {
        try (Studio studio = Studio.open(dir)) {
            record(studio);
            org.promptstudio.monitor.MonitorRequest jan = org.promptstudio.monitor.MonitorRequest.all(
                    Instant.parse("2026-01-01T00:00:00Z"), FEB, org.promptstudio.monitor.Grain.DAY);
            org.promptstudio.monitor.MonitorBucket before = studio.monitoring().report(jan).total();
            assertThat(before.calls()).isEqualTo(3);
            assertThat(before.thumbsUp()).isEqualTo(1);

            studio.privacy().purge(FEB, "prompts/answer.prompt");
            org.promptstudio.monitor.MonitorBucket after = studio.monitoring().report(jan).total();
            assertThat(after.calls()).isEqualTo(1); // the other prompt's call is kept
            assertThat(after.thumbsUp()).isZero();

            org.promptstudio.monitor.MonitorRequest mar = org.promptstudio.monitor.MonitorRequest.all(
                    Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"),
                    org.promptstudio.monitor.Grain.DAY);
            assertThat(studio.monitoring().report(mar).total().thumbsDown()).isEqualTo(1);
            studio.privacy().forget("Bob");
            assertThat(studio.monitoring().report(mar).total().thumbsDown()).isZero();
            assertThat(studio.monitoring().report(mar).total().calls()).isEqualTo(1);
        }
    }
}

package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.StudioException;
import org.promptstudio.testsupport.RecordedRunWorkspace;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.TestCase;

/**
 * Exports and the few-shot pool through the use case on a recorded run ({@link RecordedRunWorkspace}: prompt ask
 * versions 1 and 2 x models echo and echo-2 x 3 cases x 2 samples; echo answers with the prompt's text), labelled
 * through {@link Labelling} as the grid and scripts do: the files read back line by line.
 */
class LabelExportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Studio studio;
    Labelling labelling;
    List<CallRecord> calls;

    @BeforeEach
    void recordedRun() throws IOException {
        studio = RecordedRunWorkspace.open(dir, 3);
        long runId = RecordedRunWorkspace.run(studio);
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")) + """
                labels:
                  - name: helpfulness
                    type: rating
                    scale: { min: 1, max: 5 }
                  - name: ideal
                    type: correction
                  - name: preference
                    type: pairwise
                """);
        labelling = studio.labelling();
        calls = studio.callRepository().inRunWithAnswers(runId);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    /** The first call of version 2 (prompts/ask.prompt, "Q: ...") with {@code model} on {@code caseId}, sample 0. */
    private CallRecord call(String model, String caseId) {
        String v2 = studio.versions().history("prompts/ask.prompt").get(0).commitId();
        return calls.stream().filter(c -> c.model().equals(model) && c.caseId().equals(caseId) && c.sampleIndex() == 0
                && c.promptCommit().equals(v2)).findFirst().orElseThrow();
    }

    @Test
    void openAiExportTakesGoodAndCorrectedAnswersWithTheirProvenanceAndLeavesADisagreementOut() throws Exception {
        CallRecord dial = call("echo", "dial");
        CallRecord valve = call("echo", "valve");
        CallRecord bridge = call("echo", "bridge");
        labelling.label(dial.id(), null, "thumbs", "Ada", LabelValue.ofThumbs(true));
        labelling.label(valve.id(), null, "thumbs", "Ada", LabelValue.ofThumbs(true));
        labelling.label(valve.id(), null, "thumbs", "Bob", LabelValue.ofThumbs(false));
        labelling.label(bridge.id(), null, "ideal", "Ada", LabelValue.ofCorrection("The bridge is up again."));

        LabelExports.Written w = studio.labelExports().export("openai", null, null);

        assertThat(w.format()).isEqualTo("openai");
        assertThat(w.rule()).isEqualTo("thumbs=up or corrections");
        assertThat(w.written()).isEqualTo(2);
        String name = studio.workspace().config().name();
        assertThat(w.file()).isEqualTo("exports/" + name + "-openai.jsonl");
        assertThat(w.provenance()).isEqualTo("exports/" + name + "-openai.provenance.jsonl");
        assertThat(w.skipped()).containsExactly(Map.entry("in disagreement", 1));
        assertThat(w.warning()).startsWith("only 2 examples (fewer than 100)");

        List<String> lines = Files.readAllLines(dir.resolve(w.file()));
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0)).get("messages");
        assertThat(first).hasSize(2);
        assertThat(first.get(0).get("role").asText()).isEqualTo("user");
        assertThat(first.get(0).get("content").asText()).isEqualTo("Q: Can I return a Dial?\n");
        assertThat(first.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(first.get(1).get("content").asText()).isEqualTo(dial.texts().output());
        JsonNode second = JSON.readTree(lines.get(1)).get("messages");
        assertThat(second.get(0).get("content").asText()).isEqualTo("Q: Is the bridge down?\n");
        assertThat(second.get(1).get("content").asText()).isEqualTo("The bridge is up again.");

        List<String> prov = Files.readAllLines(dir.resolve(w.provenance()));
        assertThat(prov).hasSize(3);
        assertThat(prov.get(2)).isEqualTo("{\"summary\":{\"format\":\"openai\",\"rule\":\"thumbs=up or corrections\","
                + "\"written\":2,\"left_out\":{\"in disagreement\":1}}}");
        JsonNode p = JSON.readTree(prov.get(0));
        assertThat(p.get("line").asInt()).isEqualTo(1);
        assertThat(p.get("call_ids").toString()).isEqualTo("[" + dial.id() + "]");
        assertThat(p.get("prompt_path").asText()).isEqualTo("prompts/ask.prompt");
        assertThat(p.get("prompt_commit").asText()).isEqualTo(dial.promptCommit());
        assertThat(p.get("model").asText()).isEqualTo("echo/echo");
        assertThat(p.get("answer").asText()).isEqualTo("model");
        assertThat(JSON.readTree(prov.get(1)).get("answer").asText()).isEqualTo("correction:ideal");
    }

    @Test
    void aQueueItemOfOverlapTwoWithOneLabelIsNeitherExportedNorPooledUntilItsSecondLabel() throws Exception {
        CallRecord dial = call("echo", "dial");
        labelling.createQueue(org.promptstudio.model.LabelQueueSpec.of("two", "thumbs").withRun(dial.runId())
                .withModel("echo").withOverlap(2));
        int items = labelling.queue("two").items();
        long item = -1;
        for (int i = 1; i <= items; i++) {
            org.promptstudio.model.LabelTask t = labelling.task("two", i, "Ada");
            if (t.answers().get(0).callId() == dial.id()) item = t.itemId();
        }
        labelling.submit(item, "Ada", LabelValue.ofThumbs(true));

        // nothing to export: said with what was left out, no file written
        assertThatThrownBy(() -> studio.labelExports().export("openai", "", null))
                .hasMessage("nothing to export: every labelled call was left out (1 incomplete); no file written");
        assertThatThrownBy(() -> studio.labelExports().export("vertex", "thumbs=up", null))
                .hasMessage("nothing to export: every labelled call was left out (1 incomplete); no file written");
        assertThat(studio.labelExports().addToPool("thumbs=up", "approved", null).added()).isZero();

        labelling.submit(item, "Bob", LabelValue.ofThumbs(true));
        assertThat(studio.labelExports().export("openai", "", null).written()).isEqualTo(1);
        assertThat(studio.labelExports().addToPool("thumbs=up", "approved", null).added()).isEqualTo(1);
    }

    @Test
    void vertexDpoAndCsvFromTheSameLabels() throws Exception {
        CallRecord dial = call("echo", "dial");
        CallRecord dial2 = call("echo-2", "dial");
        labelling.label(dial.id(), null, "helpfulness", "Ada", LabelValue.ofRating(5));
        labelling.label(dial.id(), null, "ideal", "Ada", LabelValue.ofCorrection("Yes, within 30 days."));
        labelling.label(dial.id(), dial2.id(), "preference", "Ada", LabelValue.ofPreference("A", "kinder"));

        LabelExports.Written vertex = studio.labelExports().export("vertex", "helpfulness>=4",
                dir.resolve("out/v.jsonl"));
        assertThat(vertex.file()).isEqualTo("out/v.jsonl");
        JsonNode v = JSON.readTree(Files.readAllLines(dir.resolve("out/v.jsonl")).get(0));
        assertThat(v.toString()).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Q: Can I return a Dial?\\n\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"Yes, within 30 days.\"}]}]}");

        // echo and echo-2 answer alike: the pairwise label (with the chosen call's correction as its answer) and the
        // correction over its own answer make the same line, written once
        LabelExports.Written dpo = studio.labelExports().export("dpo", null, null);
        assertThat(dpo.rule()).isEmpty();
        assertThat(dpo.written()).isEqualTo(1);
        assertThat(dpo.skipped()).containsExactly(Map.entry("same pair as an earlier line", 1));
        JsonNode pair = JSON.readTree(Files.readAllLines(dir.resolve(dpo.file())).get(0));
        assertThat(pair.get("prompt").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Q: Can I return a Dial?\\n\"}]");
        assertThat(pair.get("chosen").toString()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"Yes, within 30 days.\"}]");
        assertThat(pair.get("rejected").get(0).get("content").asText()).isEqualTo(dial.texts().output());

        LabelExports.Written csv = studio.labelExports().export("csv", null, null);
        assertThat(csv.written()).isEqualTo(3);
        assertThat(csv.provenance()).isNull();
        assertThat(csv.warning()).isNull();
        List<String> rows = Files.readAllLines(dir.resolve(csv.file()));
        assertThat(rows).hasSize(4);
        assertThat(csv.file()).isEqualTo("exports/" + studio.workspace().config().name() + ".csv");
        assertThat(rows.get(0)).isEqualTo("\"item\",\"annotator\",\"label\",\"schema\",\"schema_version\",\"final\","
                + "\"queue\",\"created_at\",\"model\",\"prompt\",\"commit\"");
        assertThat(rows.get(1)).startsWith("\"" + dial.id() + "\",\"Ada\",\"5\",\"helpfulness\",\"")
                .contains(",\"false\",\"\",")
                .endsWith(",\"echo/echo\",\"prompts/ask.prompt\",\"" + dial.promptCommit() + "\"");
        assertThat(rows.get(2)).startsWith("\"" + dial.id() + "\",\"Ada\",\"Yes, within 30 days.\",\"ideal\",");
        // the reason would be lost as plain "A": the label's JSON, which the import also reads
        assertThat(rows.get(3)).startsWith("\"" + dial.id() + "+" + dial2.id() + "\",\"Ada\","
                + "\"{\"\"preference\"\":\"\"A\"\",\"\"reason\"\":\"\"kinder\"\"}\",\"preference\",");
    }

    @Test
    void approvedAnswersJoinAFewShotPoolOnceWithTheirCasesInputs() {
        CallRecord dial = call("echo", "dial");
        CallRecord bridge = call("echo-2", "bridge");
        labelling.label(dial.id(), null, "helpfulness", "Ada", LabelValue.ofRating(5));
        labelling.label(bridge.id(), null, "ideal", "Ada", LabelValue.ofCorrection("It is up again."));
        labelling.label(call("echo", "valve").id(), null, "helpfulness", "Ada", LabelValue.ofRating(2));

        LabelExports.Pooled pooled = studio.labelExports().addToPool("helpfulness>=4 or corrections", "approved", null);

        assertThat(pooled).isEqualTo(new LabelExports.Pooled("datasets/approved.jsonl", 2, 0, Map.of(),
                "exports/pool-approved.provenance.jsonl"));
        Dataset pool = studio.datasets().find("approved").orElseThrow();
        assertThat(pool.problems()).isEmpty();
        assertThat(pool.cases()).extracting(TestCase::id).containsExactly("call-" + dial.id(), "call-" + bridge.id());
        assertThat(pool.cases().get(0).input()).containsExactly(Map.entry("question", "Can I return a Dial?"),
                Map.entry("answer", dial.texts().output()));
        assertThat(pool.cases().get(1).input()).containsExactly(Map.entry("question", "Is the bridge down?"),
                Map.entry("answer", "It is up again."));

        assertThat(studio.labelExports().addToPool("helpfulness>=4 or corrections", "approved", null))
                .isEqualTo(new LabelExports.Pooled("datasets/approved.jsonl", 0, 2, Map.of(),
                        "exports/pool-approved.provenance.jsonl"));

        // an experiment's few-shot strategy reads the pool: the examples sent with a call are the approved answers
        org.promptstudio.testsupport.Workspaces.write(dir, "experiments/pooled.yaml", """
                prompts: [ask]
                models: [echo]
                dataset: qs
                strategy: { type: few-shot, k: 2, selection: fixed, pool: approved }
                """);
        long run = studio.runs().plan(new Runs.Request("pooled", null, null, null,
                org.promptstudio.provider.CachePolicy.OFF)).start((s, c) -> { }).outcome().runId();
        CallRecord sent = studio.callRepository().find(studio.callRepository().inRunWithAnswers(run).get(0).id())
                .orElseThrow();
        assertThat(sent.texts().examplesJson()).contains("It is up again.", "\"question\":\"Is the bridge down?\"");
    }

    /** The item of queue {@code queue} whose first answer is call {@code callId}. */
    private long itemOf(String queue, long callId) {
        for (int i = 1; i <= labelling.queue(queue).items(); i++) {
            org.promptstudio.model.LabelTask t = labelling.task(queue, i, "nobody");
            if (t.answers().get(0).callId() == callId) return t.itemId();
        }
        throw new AssertionError("no item of " + queue + " has call " + callId);
    }

    @Test
    void anAnnotatorWhoRelabelsACallInAnotherPlaceCountsOnceWithTheirLatestLabel() throws Exception {
        CallRecord dial = call("echo", "dial");
        labelling.createQueue(org.promptstudio.model.LabelQueueSpec.of("rate", "helpfulness").withRun(dial.runId())
                .withModel("echo"));
        labelling.submit(itemOf("rate", dial.id()), "Ada", LabelValue.ofRating(2));
        // later Ada changes her mind outside the queue (a script, the grid): her latest label is what she says
        labelling.label(dial.id(), null, "helpfulness", "Ada", LabelValue.ofRating(5));

        LabelExports.Written w = studio.labelExports().export("openai", "helpfulness>=4", null);
        assertThat(w.skipped()).isEmpty();
        assertThat(w.written()).isEqualTo(1);
        assertThat(studio.labelExports().addToPool("helpfulness>=4", "approved", null).added()).isEqualTo(1);
    }

    @Test
    void aPairOrRankingLabelledInTwoPlacesIsOneUnitInDisagreementWhenItsAnnotatorsDiffer() throws Exception {
        moreSchemas(dir);
        CallRecord dial = call("echo", "dial");
        CallRecord dial2 = call("echo-2", "dial");
        CallRecord third = calls.stream().filter(c -> c.caseId().equals("dial") && c.sampleIndex() == 1
                && c.promptCommit().equals(dial.promptCommit()) && c.model().equals("echo")).findFirst().orElseThrow();
        // the same pair stored in both orders: Ada prefers dial, Bob prefers dial2
        labelling.label(dial.id(), dial2.id(), "preference", "Ada", LabelValue.ofPreference("A", null));
        labelling.label(dial2.id(), dial.id(), "preference", "Bob", LabelValue.ofPreference("A", null));
        // the same three answers ranked by two people, each label kept with another first call
        labelling.label(dial.id(), null, "rank", "Ada", LabelValue.ofRanking(List.of(dial.id(), dial2.id(), third.id())));
        labelling.label(dial2.id(), null, "rank", "Bob", LabelValue.ofRanking(List.of(dial2.id(), dial.id(), third.id())));

        // one unit each, in disagreement: no pair of it goes in, neither as conflicting nor from half a ranking
        assertThatThrownBy(() -> studio.labelExports().export("dpo", null, null))
                .hasMessage("nothing to export: every labelled call was left out (2 in disagreement); no file written");

        // an adjudicator's decision on the queue item of the pair settles it over every place
        labelling.createQueue(org.promptstudio.model.LabelQueueSpec.of("prefer", "preference").withRun(dial.runId())
                .withPairs(true));
        long item = -1;
        for (int i = 1; i <= labelling.queue("prefer").items(); i++) {
            org.promptstudio.model.LabelTask t = labelling.task("prefer", i, "nobody");
            if (java.util.Set.of(dial.id(), dial2.id()).equals(java.util.Set.of(t.answers().get(0).callId(),
                    t.answers().get(1).callId()))) item = t.itemId();
        }
        assertThat(item).isNotNegative();
        labelling.adjudicate(item, "Eve", LabelValue.ofPreference("tie", null));
        assertThatThrownBy(() -> studio.labelExports().export("dpo", null, null))
                .hasMessage("nothing to export: every labelled call was left out (1 in disagreement); no file written");
    }

    /** Adds a category schema and a ranking schema to studio.yaml's labels in workspace {@code root}. */
    private static void moreSchemas(Path root) throws IOException {
        Files.writeString(root.resolve("studio.yaml"), Files.readString(root.resolve("studio.yaml")) + """
                  - name: topic
                    type: category
                    categories: [billing, setup]
                  - name: rank
                    type: ranking
                """);
    }

    @Test
    void csvExportReadsBackThroughLabelsImportIntoAFreshWorkspaceAsTheSameLabels(@TempDir Path fresh) throws Exception {
        moreSchemas(dir);
        CallRecord dial = call("echo", "dial");
        CallRecord dial2 = call("echo-2", "dial");
        CallRecord valve = call("echo", "valve");
        labelling.label(dial.id(), null, "helpfulness", "Ada", LabelValue.ofRating(4));
        labelling.label(dial.id(), null, "helpfulness", "Bob", LabelValue.ofRating(2));
        labelling.label(valve.id(), null, "thumbs", "Ada", LabelValue.ofThumbs(false).withComment("too short, \"really\""));
        labelling.label(valve.id(), null, "topic", "Ada", LabelValue.ofCategory("setup"));
        labelling.label(valve.id(), null, "ideal", "Ada", LabelValue.ofCorrection("Press the button,\nthen wait."));
        labelling.label(dial.id(), dial2.id(), "preference", "Ada", LabelValue.ofPreference("B", null));
        labelling.label(dial.id(), dial2.id(), "preference", "Bob", LabelValue.ofPreference("A", "kinder"));
        // a ranking compares answers to one input: echo's second sample of "dial" is the third
        String v2 = studio.versions().history("prompts/ask.prompt").get(0).commitId();
        CallRecord dial3 = calls.stream().filter(c -> c.model().equals("echo") && c.caseId().equals("dial")
                && c.sampleIndex() == 1 && c.promptCommit().equals(v2)).findFirst().orElseThrow();
        labelling.label(dial.id(), null, "rank", "Ada", LabelValue.ofRanking(List.of(dial2.id(), dial.id(), dial3.id())));
        List<org.promptstudio.model.LabelRecord> made = labelling.labels(org.promptstudio.model.LabelQuery.all());

        LabelExports.Written csv = studio.labelExports().export("csv", null, null);
        assertThat(csv.written()).isEqualTo(made.size()).isEqualTo(8);
        List<String> rows = Files.readAllLines(dir.resolve(csv.file()));
        // plain values where plain text reads back the same, JSON where it would lose the comment or the reason
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("\"" + dial.id() + "\",\"Ada\",\"4\",\"helpfulness\","));
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("\"" + dial.id() + "+" + dial2.id() + "\",\"Ada\",\"B\","));
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("\"" + dial.id() + "+" + dial2.id() + "+" + dial3.id()
                + "\",\"Ada\",\"" + dial2.id() + "," + dial.id() + "," + dial3.id() + "\",\"rank\","));

        // a fresh workspace with its own store, the same run recorded: the import takes the file as it is
        try (Studio other = RecordedRunWorkspace.open(fresh, 3)) {
            RecordedRunWorkspace.run(other);
            Files.writeString(fresh.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml"))
                    .replace("name: " + studio.workspace().config().name(), "name: fresh"));
            assertThat(other.labelling().labels(org.promptstudio.model.LabelQuery.all())).isEmpty();
            var summary = other.labelling().importCsv(dir.resolve(csv.file()));
            assertThat(summary.labels()).isEqualTo(8);
            assertThat(other.labelling().labels(org.promptstudio.model.LabelQuery.all()))
                    .extracting(LabelExportsTest::key)
                    .containsExactlyInAnyOrderElementsOf(made.stream().map(LabelExportsTest::key).toList());
        }
    }

    /** What a label says, without where it was stored or when. */
    private static String key(org.promptstudio.model.LabelRecord l) {
        return l.callId() + "+" + l.callIdB() + " " + l.schemaName() + "@" + l.schemaVersion() + " " + l.annotator()
                + " " + l.value().json();
    }

    @Test
    void aRuleOutsideTheSchemasScaleOrCategoriesIsRefusedInOneLine() throws IOException {
        moreSchemas(dir);
        labelling.label(call("echo", "dial").id(), null, "helpfulness", "Ada", LabelValue.ofRating(5));
        assertThatThrownBy(() -> studio.labelExports().export("openai", "helpfulness>=9", null))
                .isInstanceOf(StudioException.class)
                .hasMessage("rule \"helpfulness>=9\": column 1: helpfulness>=9 is outside the scale of helpfulness (1..5)");
        assertThatThrownBy(() -> studio.labelExports().export("dpo", "topic=shipping", null))
                .hasMessage("rule \"topic=shipping\": column 1: no category \"shipping\" in topic (categories: billing,"
                        + " setup)");
        assertThatThrownBy(() -> studio.labelExports().addToPool("helpfulness>5", "approved", null))
                .hasMessage("rule \"helpfulness>5\": column 1: helpfulness>5 is outside the scale of helpfulness (1..5)");
        assertThat(Files.exists(dir.resolve("datasets/approved.jsonl"))).isFalse();
    }

    @Test
    void thePoolRefusesAnEvaluationSetUnlessToldAndRecordsWhatItAdded() throws Exception {
        CallRecord dial = call("echo", "dial");
        labelling.label(dial.id(), null, "helpfulness", "Ada", LabelValue.ofRating(5));
        labelling.label(dial.id(), null, "helpfulness", "Bob", LabelValue.ofRating(5));
        String before = Files.readString(dir.resolve("datasets/qs.jsonl"));

        // qs: rows with assertions, and experiments/two.yaml runs on it
        assertThatThrownBy(() -> studio.labelExports().addToPool("helpfulness>=4", "qs", null))
                .isInstanceOf(StudioException.class)
                .hasMessage("dataset 'qs' is an evaluation set (3 rows have assertions; experiments/two.yaml runs on"
                        + " it): the pool would add rows to what experiments are scored on; name a new pool dataset, or"
                        + " pass --into-evaluation-set to append anyway");
        // a dataset with expected values and splits that no experiment names
        Files.writeString(dir.resolve("datasets/gold.jsonl"),
                "{\"question\": \"Hi\", \"expected\": \"Hello\", \"split\": \"dev\"}\n");
        assertThatThrownBy(() -> studio.labelExports().addToPool("helpfulness>=4", "gold", null))
                .hasMessageStartingWith("dataset 'gold' is an evaluation set (1 row has expected values; 1 row has a split)");
        // the pool field must not turn pool rows into evaluation rows
        assertThatThrownBy(() -> studio.labelExports().addToPool("helpfulness>=4", "approved", "expected"))
                .hasMessage("the pool field 'expected' is what an evaluation set's rows check against: choose another"
                        + " field (default answer)");
        assertThat(Files.readString(dir.resolve("datasets/qs.jsonl"))).isEqualTo(before);

        LabelExports.Pooled forced = studio.labelExports().addToPool("helpfulness>=4", "qs", null, true);
        assertThat(forced.added()).isEqualTo(1);

        LabelExports.Pooled pooled = studio.labelExports().addToPool("helpfulness>=4", "approved", null);
        assertThat(pooled.added()).isEqualTo(1);
        assertThat(pooled.provenance()).isEqualTo("exports/pool-approved.provenance.jsonl");
        List<String> prov = Files.readAllLines(dir.resolve(pooled.provenance()));
        assertThat(prov).hasSize(2);
        JsonNode row = JSON.readTree(prov.get(0));
        assertThat(row.get("row").asText()).isEqualTo("call-" + dial.id());
        assertThat(row.get("call_id").asLong()).isEqualTo(dial.id());
        assertThat(row.get("prompt_commit").asText()).isEqualTo(dial.promptCommit());
        assertThat(row.get("model").asText()).isEqualTo("echo/echo");
        assertThat(row.get("answer").asText()).isEqualTo("model");
        assertThat(row.get("rule").asText()).isEqualTo("helpfulness>=4");
        String version = labelling.schemas().stream().filter(x -> x.name().equals("helpfulness")).findFirst()
                .orElseThrow().version();
        assertThat(row.get("labels").toString()).isEqualTo("{\"helpfulness\":{\"status\":\"agreed\",\"schema_versions\":[\""
                + version + "\"],\"annotators\":[\"Ada\",\"Bob\"]}}");
        JsonNode summary = JSON.readTree(prov.get(1)).get("summary");
        assertThat(summary.get("dataset").asText()).isEqualTo("datasets/approved.jsonl");
        assertThat(summary.get("added").asInt()).isEqualTo(1);
        assertThat(summary.get("already").asInt()).isZero();

        // a second addition appends its summary; nothing added, nothing lost
        studio.labelExports().addToPool("helpfulness>=4", "approved", null);
        List<String> again = Files.readAllLines(dir.resolve(pooled.provenance()));
        assertThat(again).hasSize(3).startsWith(prov.get(0), prov.get(1));
        assertThat(JSON.readTree(again.get(2)).get("summary").get("already").asInt()).isEqualTo(1);
    }

    @Test
    void badRulesAndFormatsAreOneLine() throws IOException {
        assertThatThrownBy(() -> studio.labelExports().export("openai", "helpfulnes>=4", null))
                .isInstanceOf(StudioException.class)
                .hasMessage("rule \"helpfulnes>=4\": column 1: no label schema \"helpfulnes\" (schemas: helpfulness,"
                        + " ideal, preference, thumbs; or \"corrections\")");
        assertThatThrownBy(() -> studio.labelExports().export("jsonl", null, null))
                .hasMessage("unknown export format \"jsonl\": use openai, vertex, dpo or csv");
        assertThatThrownBy(() -> studio.labelExports().addToPool("thumbs=up", "bad name", null))
                .hasMessage("dataset name 'bad name': use letters, digits, '-' and '_'");
        try (var files = Files.walk(dir)) {
            assertThat(files.map(Path::toString).filter(f -> f.endsWith("-openai.jsonl"))).isEmpty();
        }
    }
}

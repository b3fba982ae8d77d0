package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelImportSummary;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelProgress;
import org.promptstudio.model.LabelQuery;
import org.promptstudio.model.LabelQueueSpec;
import org.promptstudio.model.LabelQueueSummary;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelTask;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.CallQuery;
import org.promptstudio.testsupport.RecordedRunWorkspace;

/**
 * Labelling through the use case on a recorded run ({@link RecordedRunWorkspace}: prompt ask versions 1 and 2 x models
 * echo and echo-2 x 3 cases x 2 samples = 24 answered calls; version 1 fails its check): queues from filters, the next
 * item with overlap, labels written at once, undo, progress, disagreement and adjudication, pairs shown blind in a
 * recorded order, import from CSV.
 */
class LabellingTest {

    @TempDir
    Path dir;
    Studio studio;
    Labelling labelling;
    long runId;

    @BeforeEach
    void recordedRun() throws IOException {
        studio = RecordedRunWorkspace.open(dir, 3);
        runId = RecordedRunWorkspace.run(studio);
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")) + """
                labels:
                  - name: helpfulness
                    type: rating
                    scale: { min: 1, max: 5 }
                    points: { 1: Wrong, 5: Resolves it }
                    comment: true
                  - name: topic
                    type: category
                    categories: [billing, shipping, setup]
                  - name: preference
                    type: pairwise
                  - name: order
                    type: ranking
                """);
        labelling = studio.labelling();
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void theSchemasAreTheBuiltInThumbsAndThoseOfStudioYaml() {
        assertThat(labelling.schemas()).extracting(LabelSchema::name)
                .containsExactly("thumbs", "helpfulness", "topic", "preference", "order");
        assertThat(labelling.schema("helpfulness").point(5)).isEqualTo("Resolves it");
        assertThatThrownBy(() -> labelling.schema("nosuch")).hasMessage(
                "no label schema 'nosuch' in studio.yaml (known: thumbs, helpfulness, topic, preference, order)");
    }

    @Test
    void eachAnnotatorGetsTheLowestItemTheyHaveNotLabelledUntilItHasKLabels() {
        LabelQueueSummary q = labelling.createQueue(LabelQueueSpec.of("help", "helpfulness").withRun(runId)
                .withPrompt("ask", null).withModel("echo").withOverlap(2));
        assertThat(q.items()).isEqualTo(12); // 2 versions x 3 cases x 2 samples of echo
        assertThat(q.itemKind()).isEqualTo(LabelItemKind.SINGLE);
        assertThat(q.labelsWanted()).isEqualTo(24);
        assertThat(q.createdBy()).isEqualTo("Ada Lovelace");

        LabelTask ada1 = labelling.next("help", "Ada").orElseThrow();
        assertThat(ada1.position()).isEqualTo(1);
        assertThat(ada1.answers()).singleElement().satisfies(a -> {
            assertThat(a.model()).isEqualTo("echo/echo");
            assertThat(a.output()).startsWith("Question: Can I return a Dial?");
        });
        assertThat(ada1.input()).isEqualTo("Question: Can I return a Dial?\n");
        assertThat(ada1.given()).isNull();
        labelling.submit(ada1.itemId(), "Ada", LabelValue.ofRating(4));
        // written at once: a second studio on the same workspace reads it
        try (Studio other = Studio.open(dir)) {
            assertThat(other.labelling().labels(LabelQuery.ofQueue("help"))).singleElement()
                    .satisfies(l -> assertThat(l.value().rating()).isEqualTo(4));
        }
        assertThat(labelling.next("help", "Ada").orElseThrow().position()).isEqualTo(2);
        assertThat(labelling.next("help", "Bob").orElseThrow().position()).isEqualTo(1);
        labelling.submit(labelling.next("help", "Bob").orElseThrow().itemId(), "Bob", "5");
        // item 1 has its two labels: a third annotator starts at item 2
        assertThat(labelling.next("help", "Cara").orElseThrow().position()).isEqualTo(2);

        // going back: Ada sees her label, and labelling again replaces it
        LabelTask back = labelling.task("help", 1, "Ada");
        assertThat(back.given().value()).isEqualTo(LabelValue.ofRating(4));
        labelling.submit(back.itemId(), "Ada", LabelValue.ofRating(5).withComment("on reflection"));
        assertThat(labelling.labels(LabelQuery.ofQueue("help").withAnnotator("Ada"))).singleElement()
                .satisfies(l -> assertThat(l.value().comment()).isEqualTo("on reflection"));

        LabelProgress p = labelling.progress("help");
        assertThat(p.itemsComplete()).isEqualTo(1);
        assertThat(p.labels()).isEqualTo(2);
        assertThat(p.labelsWanted()).isEqualTo(24);
        assertThat(p.annotators()).containsExactly(new LabelProgress.Annotator("Ada", 1, 11),
                new LabelProgress.Annotator("Bob", 1, 11));
        assertThat(labelling.queue("help").itemsComplete()).isEqualTo(1);
    }

    @Test
    void noAnnotatorSeesAnItemTwiceAndTheQueueRunsOutAtKLabelsEach() {
        labelling.createQueue(LabelQueueSpec.of("small", "thumbs").withRun(runId).withPrompt("ask", null)
                .withModel("echo-2").withSample(3, 11L).withOverlap(2));
        List<Long> seenByAda = new ArrayList<>();
        for (String who : List.of("Ada", "Bob", "Cara", "Ada", "Bob", "Cara", "Ada", "Bob", "Cara")) {
            Optional<LabelTask> t = labelling.next("small", who);
            if (t.isEmpty()) continue;
            if (who.equals("Ada")) seenByAda.add(t.get().itemId());
            labelling.submit(t.get().itemId(), who, LabelValue.ofThumbs(true));
        }
        assertThat(new HashSet<>(seenByAda)).hasSameSizeAs(seenByAda);
        LabelProgress p = labelling.progress("small");
        assertThat(p.itemsComplete()).isEqualTo(3);
        assertThat(p.labels()).isEqualTo(6);
        for (String who : List.of("Ada", "Bob", "Cara", "Dan")) assertThat(labelling.next("small", who)).isEmpty();
        for (LabelTask t : tasks("small")) {
            assertThat(labelling.labels(LabelQuery.ofQueue("small")).stream()
                    .filter(l -> l.itemId() == t.itemId()).map(LabelRecord::annotator).distinct()).hasSize(2);
        }
    }

    @Test
    void aSampleWithTheSameSeedHasTheSameItems() {
        labelling.createQueue(LabelQueueSpec.of("s1", "thumbs").withRun(runId).withSample(5, 42L));
        labelling.createQueue(LabelQueueSpec.of("s2", "thumbs").withRun(runId).withSample(5, 42L));
        labelling.createQueue(LabelQueueSpec.of("s3", "thumbs").withRun(runId).withSample(5, 43L));
        assertThat(callsOf("s1")).hasSize(5).isEqualTo(callsOf("s2")).isNotEqualTo(callsOf("s3"));
        assertThat(labelling.queue("s1").filterText()).isEqualTo("run=" + runId + " sample=5 seed=42");
    }

    @Test
    void filtersOnFailedChecksNotYetLabelledVersionAndSplit() throws IOException {
        Scoreboards.of(studio).evaluateAndStore(runId, null);
        // version 1 ("Question: ...") fails the check for "Q:", version 2 passes
        String v1 = studio.versions().history("prompts/ask.prompt").get(1).commitId();
        LabelQueueSummary failed = labelling.createQueue(LabelQueueSpec.of("failed", "thumbs").withRun(runId)
                .withFailedChecks(true));
        assertThat(failed.items()).isEqualTo(12);
        assertThat(calls(callsOf("failed"))).allSatisfy(c -> assertThat(c.promptCommit()).isEqualTo(v1));
        assertThat(labelling.createQueue(LabelQueueSpec.of("v1", "thumbs").withPrompt("ask", v1.substring(0, 8)))
                .items()).isEqualTo(12);

        LabelTask first = labelling.next("failed", "Ada").orElseThrow();
        labelling.submit(first.itemId(), "Ada", LabelValue.ofThumbs(false));
        LabelQueueSummary rest = labelling.createQueue(LabelQueueSpec.of("rest", "thumbs").withRun(runId)
                .withFailedChecks(true).withNotLabelled(true));
        assertThat(rest.items()).isEqualTo(11);
        assertThat(callsOf("rest")).doesNotContain(first.answers().get(0).callId());

        Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?", "split": "test"}
                {"id": "valve", "question": "How do valves pair?", "split": "dev"}
                {"id": "bridge", "question": "Is the bridge down?", "split": "dev"}
                """);
        assertThat(calls(callsOf(labelling.createQueue(LabelQueueSpec.of("test", "thumbs").withSplit("test"))
                .name()))).hasSize(8).allSatisfy(c -> assertThat(c.caseId()).isEqualTo("dial"));
        assertThatThrownBy(() -> labelling.createQueue(LabelQueueSpec.of("x", "thumbs").withSplit("train")))
                .hasMessage("no dataset case has split 'train' (splits: dev, test)");
    }

    @Test
    void blindPairsHideTheNamesShuffleTheOrderShownAndStoreTheTrueOrder() {
        LabelQueueSummary q = labelling.createQueue(LabelQueueSpec.of("prefs", "preference").withRun(runId)
                .withBlind(true).withSeed(5L));
        // per case and sample 4 calls (2 versions x 2 models): 6 pairs each, 6 inputs
        assertThat(q.items()).isEqualTo(36);
        assertThat(q.itemKind()).isEqualTo(LabelItemKind.PAIR);
        List<LabelTask> tasks = tasks("prefs");
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.answers()).hasSize(2).allSatisfy(a -> assertThat(a.model()).isNull());
            CallRecord a = call(t.answers().stream().filter(x -> x.slot() == 0).findFirst().orElseThrow().callId());
            CallRecord b = call(t.answers().stream().filter(x -> x.slot() == 1).findFirst().orElseThrow().callId());
            assertThat(a.caseId()).isEqualTo(b.caseId());
            assertThat(a.sampleIndex()).isEqualTo(b.sampleIndex());
            assertThat(a.id()).isLessThan(b.id());
        });
        List<LabelTask> swapped = tasks.stream().filter(t -> t.answers().get(0).slot() == 1).toList();
        assertThat(swapped).isNotEmpty().hasSizeLessThan(tasks.size());

        // Ada prefers the answer shown first, which is B in the true order
        LabelTask t = swapped.get(0);
        LabelRecord stored = labelling.submit(t.itemId(), "Ada", LabelValue.ofPreference(t.truePreference("A"), "clearer"));
        assertThat(stored.value().preference()).isEqualTo("B");
        assertThat(stored.callId()).isEqualTo(t.answers().get(1).callId());
        assertThat(stored.callIdB()).isEqualTo(t.answers().get(0).callId());

        // the same seed shows the same order again
        labelling.createQueue(LabelQueueSpec.of("prefs2", "preference").withRun(runId).withBlind(true).withSeed(5L));
        assertThat(tasks("prefs2")).extracting(x -> x.answers().get(0).callId())
                .isEqualTo(tasks.stream().map(x -> x.answers().get(0).callId()).toList());
        assertThatThrownBy(() -> labelling.createQueue(LabelQueueSpec.of("bad", "thumbs").withPairs(true)))
                .hasMessage("pairs are labelled with a pairwise schema; 'thumbs' is a thumbs");
    }

    @Test
    void aRankingItemHoldsEveryCallOnOneInputAndARankingMustNameThemAll() {
        labelling.createQueue(LabelQueueSpec.of("rank", "order").withRun(runId));
        LabelTask t = labelling.next("rank", "Ada").orElseThrow();
        assertThat(t.answers()).hasSize(4);
        List<Long> ids = t.answers().stream().map(LabelTask.Answer::callId).toList();
        assertThatThrownBy(() -> labelling.submit(t.itemId(), "Ada", LabelValue.ofRanking(ids.subList(0, 3))))
                .hasMessage("the ranking must name each of calls " + ids + " once");
        List<Long> best = new ArrayList<>(ids);
        java.util.Collections.reverse(best);
        assertThat(labelling.submit(t.itemId(), "Ada", LabelValue.ofRanking(best)).value().ranking())
                .isEqualTo(best);
    }

    @Test
    void undoDeletesTheAnnotatorsLastLabelOfTheQueue() {
        labelling.createQueue(LabelQueueSpec.of("u", "topic").withRun(runId).withModel("echo").withOverlap(2));
        LabelTask one = labelling.next("u", "Ada").orElseThrow();
        labelling.submit(one.itemId(), "Ada", "billing");
        LabelTask two = labelling.next("u", "Ada").orElseThrow();
        labelling.submit(two.itemId(), "Ada", "setup");
        labelling.submit(one.itemId(), "Bob", "shipping");
        assertThat(labelling.undoLast("u", "Ada").orElseThrow().value().category()).isEqualTo("setup");
        assertThat(labelling.next("u", "Ada").orElseThrow().position()).isEqualTo(two.position());
        assertThat(labelling.labels(LabelQuery.ofQueue("u"))).extracting(l -> l.annotator() + ":" + l.value().category())
                .containsExactly("Ada:billing", "Bob:shipping");
        // item one has its 2 labels: a third annotator's is refused, nothing stored
        assertThatThrownBy(() -> labelling.submit(one.itemId(), "Cara", "setup"))
                .isInstanceOf(org.promptstudio.labelling.ItemFullException.class)
                .hasMessage("item " + one.position() + " of queue 'u' already has its 2 labels from other annotators"
                        + " (overlap 2): your label was not stored");
        // undo by id deletes exactly that label, and only its annotator's
        long bobs = labelling.labels(LabelQuery.ofQueue("u")).get(1).id();
        assertThat(labelling.undo(bobs, "Ada")).isEmpty();
        assertThat(labelling.undo(bobs, "Bob").orElseThrow().value().category()).isEqualTo("shipping");
        assertThatThrownBy(() -> labelling.submit(two.itemId(), "Ada", "refunds"))
                .hasMessage("'refunds' is not a category of 'topic' (known: billing, shipping, setup)");
        assertThatThrownBy(() -> labelling.submit(two.itemId(), "Ada", LabelValue.ofRating(3)))
                .hasMessage("a category label of 'topic' needs one of billing, shipping, setup");
    }

    @Test
    void itemsInDisagreementAreListedUntilAnAdjudicatorDecides() {
        labelling.createQueue(LabelQueueSpec.of("d", "helpfulness").withRun(runId).withModel("echo").withOverlap(2)
                .withSample(2, 1L));
        List<LabelTask> items = tasks("d");
        labelling.submit(items.get(0).itemId(), "Ada", LabelValue.ofRating(4));
        labelling.submit(items.get(0).itemId(), "Bob", LabelValue.ofRating(4).withComment("fine"));
        labelling.submit(items.get(1).itemId(), "Ada", LabelValue.ofRating(2));
        labelling.submit(items.get(1).itemId(), "Bob", LabelValue.ofRating(5));

        List<LabelConsensus> consensus = labelling.consensus(LabelQuery.ofQueue("d"));
        assertThat(consensus).extracting(LabelConsensus::state).containsExactly(LabelConsensus.State.UNANIMOUS,
                LabelConsensus.State.DISAGREEMENT);
        assertThat(consensus.get(0).value().rating()).isEqualTo(4);
        assertThat(labelling.disagreements("d")).singleElement().satisfies(c -> {
            assertThat(c.position()).isEqualTo(2);
            assertThat(c.labels()).extracting(l -> l.value().rating()).containsExactly(2, 5);
        });

        LabelRecord decision = labelling.adjudicate(items.get(1).itemId(), "Cara", "3");
        assertThat(decision.isFinal()).isTrue();
        assertThat(labelling.disagreements("d")).isEmpty();
        assertThat(labelling.consensus(LabelQuery.ofQueue("d")).get(1)).satisfies(c -> {
            assertThat(c.state()).isEqualTo(LabelConsensus.State.FINAL);
            assertThat(c.value().rating()).isEqualTo(3);
        });
        // a decision neither counts as an annotator's label nor is undone by undo
        assertThat(labelling.progress("d").labels()).isEqualTo(4);
        assertThat(labelling.undoLast("d", "Cara")).isEmpty();
    }

    @Test
    void csvLabelsFromAnotherToolAreImportedAllOrNone() throws IOException {
        List<Long> ids = studio.callRepository().list(CallQuery.latest(50).inRun(runId)).stream()
                .map(CallRecord::id).toList();
        Path good = dir.resolve("labels.csv");
        Files.writeString(good, "item,annotator,label,schema\n"
                + ids.get(0) + ",Ada,4,helpfulness\n"
                + ids.get(0) + ",Bob,\"{\"\"rating\"\":2,\"\"comment\"\":\"\"too short\"\"}\",helpfulness\n"
                + ids.get(1) + "+" + ids.get(2) + ",Ada,b,preference\n"
                + ids.get(3) + ",Ada,down,thumbs\n");
        LabelImportSummary summary = labelling.importCsv(good);
        assertThat(summary.labels()).isEqualTo(4);
        assertThat(summary.annotators()).isEqualTo(2);
        assertThat(summary.bySchema()).containsEntry("helpfulness", 2).containsEntry("preference", 1)
                .containsEntry("thumbs", 1);
        assertThat(labelling.labels(LabelQuery.ofSchema("helpfulness"))).extracting(l -> l.value().comment())
                .containsExactly(null, "too short");
        assertThat(labelling.labels(LabelQuery.ofSchema("preference"))).singleElement()
                .satisfies(l -> assertThat(l.callIdB()).isEqualTo(ids.get(2)));

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "item,annotator,label\n" + ids.get(4) + ",Ada,5\n" + ids.get(5) + ",Ada,9\n");
        assertThatThrownBy(() -> labelling.importCsv(bad, "helpfulness"))
                .hasMessage(bad + ":3: rating 9 is outside 1..5 of 'helpfulness'");
        Files.writeString(bad, "item,annotator,label\n999999,Ada,5\n");
        assertThatThrownBy(() -> labelling.importCsv(bad, "helpfulness")).hasMessage(bad + ":2: no call 999999 is recorded");
        assertThatThrownBy(() -> labelling.importCsv(bad)).hasMessage(bad + ":1: no 'schema' column: name the schema"
                + " of these labels (--schema S)");
        Files.writeString(bad, "call,who,value\n");
        assertThatThrownBy(() -> labelling.importCsv(bad)).hasMessageStartingWith(bad + ":1: the header needs");
        assertThat(labelling.labels(LabelQuery.all())).hasSize(4); // nothing of the bad files was kept
    }

    @Test
    void aRankingLabelledInAQueueIsARankingOfItsCallsAndGivesPreferencePairs() {
        labelling.createQueue(LabelQueueSpec.of("rank", "order").withRun(runId));
        LabelTask t = labelling.next("rank", "Ada").orElseThrow();
        List<Long> best = new ArrayList<>(t.answers().stream().map(LabelTask.Answer::callId).toList());
        java.util.Collections.reverse(best);
        LabelRecord stored = labelling.submit(t.itemId(), "Ada", LabelValue.ofRanking(best));
        assertThat(stored.callIdB()).isNull(); // a B would make it a pair's label
        // the ranking of 4 answers is read as the 3 pairs it orders (here all left out, each for its own reason)
        assertThat(best).hasSize(4);
        assertThatThrownBy(() -> studio.labelExports().export("dpo", null, null))
                .hasMessageContaining("every labelled call was left out (2 different prompts (")
                .hasMessageContaining("), 1 same answer)");
    }

    @Test
    void aCsvExportOfQueueLabelsAndADecisionReadsBackIntoAFreshWorkspaceAsTheSameExports(@TempDir Path fresh)
            throws IOException {
        labelling.createQueue(LabelQueueSpec.of("rank", "order").withRun(runId));
        LabelTask r = labelling.next("rank", "Ada").orElseThrow();
        labelling.submit(r.itemId(), "Ada", LabelValue.ofRanking(r.answers().stream().map(LabelTask.Answer::callId)
                .toList()));
        labelling.createQueue(LabelQueueSpec.of("d", "helpfulness").withRun(runId).withModel("echo").withOverlap(2)
                .withSample(2, 1L));
        List<LabelTask> items = tasks("d");
        labelling.submit(items.get(0).itemId(), "Ada", LabelValue.ofRating(4));
        labelling.submit(items.get(0).itemId(), "Bob", LabelValue.ofRating(4));
        labelling.submit(items.get(1).itemId(), "Ada", LabelValue.ofRating(2));
        labelling.submit(items.get(1).itemId(), "Bob", LabelValue.ofRating(5));
        labelling.adjudicate(items.get(1).itemId(), "Cara", "3");
        int made = labelling.labels(LabelQuery.all()).size();
        Path csv = dir.resolve("all.csv");
        assertThat(studio.labelExports().export("csv", null, csv).written()).isEqualTo(made).isEqualTo(6);
        List<String> openai = exported(studio, dir, "openai", "helpfulness>=1");
        assertThat(openai).hasSize(3); // the agreed 4 and the decided 3
        List<String> dpo = exported(studio, dir, "dpo", null);
        // the ranking's pairs are read (how many of each reason depends on which calls the sample took)
        assertThat(dpo.get(0)).contains(" same answer");

        // re-importing the export into its own workspace adds nothing
        LabelImportSummary again = labelling.importCsv(csv);
        assertThat(again.labels()).isZero();
        assertThat(again.alreadyThere()).isEqualTo(6);
        assertThat(labelling.labels(LabelQuery.all())).hasSize(made);

        try (Studio other = RecordedRunWorkspace.open(fresh, 3)) {
            RecordedRunWorkspace.run(other);
            Files.writeString(fresh.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")));
            LabelImportSummary summary = other.labelling().importCsv(csv);
            assertThat(summary.labels()).isEqualTo(6);
            assertThat(other.labelling().labels(LabelQuery.all())).filteredOn(LabelRecord::isFinal).singleElement()
                    .satisfies(l -> assertThat(l.annotator() + " " + l.value().rating()).isEqualTo("Cara 3"));
            // the same labels, decision included (call ids, not answers: a recorded run's ids follow the threads)
            assertThat(other.labelling().labels(LabelQuery.all())).extracting(LabellingTest::said)
                    .containsExactlyInAnyOrderElementsOf(labelling.labels(LabelQuery.all()).stream()
                            .map(LabellingTest::said).toList());
            assertThat(exported(other, fresh, "openai", "helpfulness>=1").get(0)).isEqualTo(openai.get(0));
            assertThat(exported(other, fresh, "dpo", null).get(0)).startsWith(dpo.get(0).split(" ")[0] + " ");
            // a second import of the same file stores nothing twice
            LabelImportSummary twice = other.labelling().importCsv(csv);
            assertThat(twice.labels()).isZero();
            assertThat(twice.alreadyThere()).isEqualTo(6);
            assertThat(other.labelling().labels(LabelQuery.all())).hasSize(6);
        }
    }

    @Test
    void labelsOfAWiderOlderScaleStayExportableByRuleAndImportable(@TempDir Path fresh) throws IOException {
        long id = studio.callRepository().list(CallQuery.latest(1).inRun(runId)).get(0).id();
        labelling.label(id, null, "helpfulness", "Ada", LabelValue.ofRating(5));
        Path csv = dir.resolve("old.csv");
        studio.labelExports().export("csv", null, csv);
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml"))
                .replace("scale: { min: 1, max: 5 }", "scale: { min: 1, max: 3 }").replace("5: Resolves it", "3: Fine"));
        assertThat(labelling.schema("helpfulness").max()).isEqualTo(3);
        assertThat(studio.labelExports().export("openai", "helpfulness>=4", null).written()).isEqualTo(1);

        try (Studio other = RecordedRunWorkspace.open(fresh, 3)) {
            RecordedRunWorkspace.run(other);
            Files.writeString(fresh.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")));
            LabelImportSummary summary = other.labelling().importCsv(csv);
            assertThat(summary.labels()).isEqualTo(1);
            assertThat(summary.notes()).singleElement().asString().startsWith(csv + ":2: rating 5 is outside 1..3")
                    .contains("older version");
            // a row of today's version is still held to today's scale
            Path now = fresh.resolve("now.csv");
            Files.writeString(now, "item,annotator,label,schema,schema_version\n" + id + ",Bob,5,helpfulness,"
                    + other.labelling().schema("helpfulness").version() + "\n");
            assertThatThrownBy(() -> other.labelling().importCsv(now))
                    .hasMessage(now + ":2: rating 5 is outside 1..3 of 'helpfulness'");
        }
    }

    /** What a label says: its calls, schema, annotator, value and whether it is a decision. */
    private static String said(LabelRecord l) {
        return l.callId() + "+" + l.callIdB() + " " + l.schemaName() + " " + l.annotator() + " " + l.value().json()
                + " " + l.isFinal();
    }

    /**
     * What export {@code format} of {@code s} under {@code rule} wrote to DIR/x-FORMAT.jsonl: first how many and what
     * it left out, then the file's lines; or, when there was nothing to export, the one line saying why.
     */
    private static List<String> exported(Studio s, Path root, String format, String rule) throws IOException {
        Path out = root.resolve("x-" + format + ".jsonl");
        LabelExports.Written w;
        try {
            w = s.labelExports().export(format, rule, out);
        } catch (org.promptstudio.model.StudioException e) {
            return List.of(e.getMessage()); // nothing to export: why, with the left-out counts
        }
        List<String> lines = new ArrayList<>(List.of(w.written() + " " + w.skipped()));
        lines.addAll(Files.readAllLines(out));
        return lines;
    }

    @Test
    void theGridsThumbsAreLabelsOfTheBuiltInThumbsSchema() {
        long id = studio.callRepository().list(CallQuery.latest(1).inRun(runId)).get(0).id();
        studio.feedback().rate(id, Feedback.Rating.DOWN, "too curt");
        studio.feedback().rate(id, Feedback.Rating.UP, null);
        List<LabelRecord> thumbs = labelling.labels(LabelQuery.ofSchema("thumbs").withCall(id));
        assertThat(thumbs).extracting(LabelRecord::value).containsExactly(
                LabelValue.ofThumbs(false).withComment("too curt"), LabelValue.ofThumbs(true));
        assertThat(thumbs).allSatisfy(l -> {
            assertThat(l.annotator()).isEqualTo("Ada Lovelace");
            assertThat(l.itemId()).isNull();
            assertThat(l.schemaVersion()).isEqualTo(LabelSchema.THUMBS.version());
        });
        // the person's latest thumbs is what they think now: the unit is settled, thumbs up
        assertThat(labelling.consensus(LabelQuery.ofSchema("thumbs"))).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(LabelConsensus.State.UNANIMOUS);
            assertThat(c.value().thumbs()).isEqualTo("up");
            assertThat(c.position()).isNull();
        });
        // a label outside a queue, as a script gives one
        long other = studio.callRepository().list(CallQuery.latest(2).inRun(runId)).get(1).id();
        assertThat(labelling.label(id, other, "preference", "Bob", LabelValue.ofPreference("A", null)).callIdB())
                .isEqualTo(other);
        assertThatThrownBy(() -> labelling.label(id, null, "preference", "Bob", LabelValue.ofPreference("A", null)))
                .hasMessage("a pairwise label is about two calls (A and B)");
    }

    @Test
    void aQueueThatWouldBeEmptyOrIsNamedTwiceIsRefused() {
        assertThatThrownBy(() -> labelling.createQueue(LabelQueueSpec.of("none", "thumbs").withModel("nosuch")))
                .isInstanceOf(StudioException.class)
                .hasMessage("no recorded call matches model=nosuch: queue 'none' would be empty");
        labelling.createQueue(LabelQueueSpec.of("once", "thumbs"));
        assertThatThrownBy(() -> labelling.createQueue(LabelQueueSpec.of("once", "thumbs")))
                .hasMessage("a labelling queue named 'once' exists already");
        assertThatThrownBy(() -> labelling.next("nosuch", null))
                .hasMessage("no labelling queue 'nosuch' (see 'studio labels queue list')");
        assertThatThrownBy(() -> labelling.createQueue(LabelQueueSpec.of("r", "thumbs").withRun(99L)))
                .hasMessage("no run 99 (see 'studio runs')");
        assertThat(labelling.queues()).extracting(LabelQueueSummary::name).containsExactly("once");
    }

    private List<LabelTask> tasks(String queue) {
        List<LabelTask> out = new ArrayList<>();
        int n = labelling.queue(queue).items();
        for (int i = 1; i <= n; i++) out.add(labelling.task(queue, i, "Ada"));
        return out;
    }

    private List<Long> callsOf(String queue) {
        return tasks(queue).stream().flatMap(t -> t.answers().stream()).map(LabelTask.Answer::callId).toList();
    }

    private CallRecord call(long id) {
        return studio.callRepository().find(id).orElseThrow();
    }

    private List<CallRecord> calls(List<Long> ids) {
        return ids.stream().map(this::call).toList();
    }
}

package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.LabelStatistics.AgreementReport;
import org.promptstudio.app.LabelStatistics.CalibrationReport;
import org.promptstudio.app.LabelStatistics.Figure;
import org.promptstudio.app.LabelStatistics.RankingReport;
import org.promptstudio.labelling.agreement.AgreementStatistics;
import org.promptstudio.labelling.agreement.Coefficient;
import org.promptstudio.labelling.agreement.Level;
import org.promptstudio.labelling.agreement.Measure;
import org.promptstudio.labelling.agreement.Unit;
import org.promptstudio.labelling.preference.BradleyTerry;
import org.promptstudio.labelling.preference.Comparison;
import org.promptstudio.labelling.preference.Outcome;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelQueueSpec;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.CallQuery;
import org.promptstudio.testsupport.OpenAiChatServer;

/** Agreement, rankings and calibration read back from labels stored in a real H2 file. */
class LabelStatisticsTest {

    @TempDir
    Path dir;
    Studio studio;
    OpenAiChatServer judge;

    @AfterEach
    void close() {
        if (studio != null) studio.close();
        if (judge != null) judge.close();
    }

    private Studio open(String judgeUrl) {
        LabelledCalls.init(dir, judgeUrl);
        studio = Studio.open(dir);
        return studio;
    }

    /**
     * Runs a two-case experiment (the questions "Can I return a Dial?" and "How do valves pair?") with a
     * {@code pairwise} assertion judged by the model {@code judge}, so each call stores a verdict against the
     * reference answer.
     */
    private void runJudgedByPairwise() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        java.nio.file.Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?"}
                {"id": "valve", "question": "How do valves pair?"}
                """);
        java.nio.file.Files.writeString(dir.resolve("experiments/asks.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: qs
                concurrency: 1
                assertions:
                  - {type: pairwise, value: "the reference", judge: judge}
                """);
        studio.runs().plan(new Runs.Request("asks", null, null, null, org.promptstudio.provider.CachePolicy.OFF))
                .start((st, call) -> { }).outcome();
    }

    /**
     * Krippendorff (2011)'s 4 observers x 12 units with missing values, given as ratings of 12 recorded calls: the
     * stored labels give back the paper's alphas (ordinal 0.815, interval 0.849), unit 12 (one label) left out.
     */
    @Test
    void agreementOfStoredRatingsIsKrippendorffsWorkedExample() {
        open(null);
        Integer[][] rows = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
            {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}};
        String[] observers = {"ann", "bob", "cy", "dee"};
        List<Long> calls = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            calls.add(LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "question " + u, "answer " + u));
        }
        for (int o = 0; o < 4; o++) {
            for (int u = 0; u < 12; u++) {
                if (rows[o][u] != null) {
                    studio.labelling().label(calls.get(u), null, "helpfulness", observers[o],
                            LabelValue.ofRating(rows[o][u]));
                }
            }
        }

        List<AgreementReport> reports = LabelStatistics.of(studio).agreement("helpfulness", null);

        assertThat(reports).hasSize(1);
        AgreementReport report = reports.get(0);
        assertThat(report.queue()).isNull();
        assertThat(report.units()).isEqualTo(12);
        assertThat(report.labels()).isEqualTo(41);
        assertThat(report.annotators()).containsExactly("ann", "bob", "cy", "dee");
        assertThat(report.figures()).extracting(f -> f.coefficient().title()).containsExactly("Cohen's kappa",
                "Fleiss' kappa", "Krippendorff's alpha (ordinal)", "Krippendorff's alpha (interval)");
        Coefficient cohen = report.figures().get(0).coefficient();
        assertThat(cohen.undefinedReason()).isEqualTo("Cohen's kappa compares exactly 2 annotators; found 4");
        Coefficient ordinal = report.figures().get(2).coefficient();
        Coefficient interval = report.figures().get(3).coefficient();
        assertThat(ordinal.valueText()).isEqualTo("0.815");
        assertThat(interval.valueText()).isEqualTo("0.849");
        assertThat(ordinal.units()).isEqualTo(11);
        assertThat(ordinal.leftOut()).hasSize(1);
        assertThat(ordinal.leftOut().get(0).units()).containsExactly("call " + calls.get(11));
    }

    /**
     * The scale narrowed from 1..5 to 1..3 after people rated: the old ratings still count, and the report says how many
     * were given under the earlier definition and how many lie outside today's scale.
     */
    @Test
    void labelsOfAnEarlierDefinitionOfTheSchemaAreCountedWithANote() throws Exception {
        open(null);
        long first = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "question 1", "answer 1");
        long second = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "question 2", "answer 2");
        studio.labelling().label(first, null, "helpfulness", "ann", LabelValue.ofRating(5));
        studio.labelling().label(first, null, "helpfulness", "bob", LabelValue.ofRating(4));
        studio.labelling().label(second, null, "helpfulness", "ann", LabelValue.ofRating(2));
        String before = studio.labelling().schema("helpfulness").version();
        assertThat(LabelStatistics.of(studio).agreement("helpfulness", null).get(0).notes())
                .noneMatch(n -> n.contains("earlier definition"));
        studio.close();
        java.nio.file.Path yaml = dir.resolve("studio.yaml");
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml)
                .replace("scale: { min: 1, max: 5 }", "scale: { min: 1, max: 3 }")
                .replace(", 5: Resolves it fully", ""));
        studio = Studio.open(dir);
        studio.labelling().label(second, null, "helpfulness", "bob", LabelValue.ofRating(2));
        String now = studio.labelling().schema("helpfulness").version();
        assertThat(now).isNotEqualTo(before);

        AgreementReport report = LabelStatistics.of(studio).agreement("helpfulness", null).get(0);

        assertThat(report.units()).isEqualTo(2);
        assertThat(report.notes()).contains("3 labels were given under an earlier definition of the schema (version "
                + before + "; today " + now + ") and are counted as given; 2 of them lie outside today's scale 1..3");
    }

    /** A queue's items are its units, named by position; its report follows the schema's report over all labels. */
    @Test
    void agreementPerQueueNamesItemsByPosition() {
        open(null);
        for (int i = 0; i < 4; i++) LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q" + i, "a" + i);
        Labelling labelling = studio.labelling();
        labelling.createQueue(LabelQueueSpec.of("help", "helpfulness").withOverlap(2));
        int[] ann = {5, 4, 2, 1};
        int[] bob = {5, 4, 1};
        for (int r : ann) labelling.submit(labelling.next("help", "ann").orElseThrow().itemId(), "ann",
                LabelValue.ofRating(r));
        for (int r : bob) labelling.submit(labelling.next("help", "bob").orElseThrow().itemId(), "bob",
                LabelValue.ofRating(r));
        List<Unit<Integer>> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Integer> values = new LinkedHashMap<>();
            values.put("ann", ann[i]);
            if (i < 3) values.put("bob", bob[i]);
            expected.add(new Unit<>(String.valueOf(i + 1), values));
        }

        List<AgreementReport> all = LabelStatistics.of(studio).agreement(null, null);
        List<AgreementReport> queue = LabelStatistics.of(studio).agreement(null, "help");

        assertThat(all).extracting(AgreementReport::schema, AgreementReport::queue)
                .containsExactly(tuple("helpfulness", null), tuple("helpfulness", "help"));
        assertThat(queue).containsExactly(all.get(1));
        AgreementReport help = queue.get(0);
        assertThat(help.units()).isEqualTo(4);
        assertThat(help.labels()).isEqualTo(7);
        assertThat(help.figures().get(3).coefficient())
                .isEqualTo(AgreementStatistics.krippendorffAlpha(expected, Level.INTERVAL));
        assertThat(help.figures().get(3).coefficient().leftOut().get(0).units()).containsExactly("4");
        assertThat(help.figures().get(0).coefficient().defined()).isTrue();
        assertThatThrownBy(() -> LabelStatistics.of(studio).agreement("topic", "help"))
                .hasMessage("queue 'help' labels 'helpfulness', not 'topic'");
    }

    @Test
    void twoAnnotatorsGetCohensKappaAndCategoriesAreComparedOneByOne() {
        open(null);
        // topic: 50 calls as the textbook 2x2 table (billing/setup): 20 both billing, 5 ann billing bob setup,
        // 10 ann setup bob billing, 15 both setup -> kappa 0.40
        String[][] cells = {{"billing", "billing"}, {"billing", "setup"}, {"setup", "billing"}, {"setup", "setup"}};
        int[] counts = {20, 5, 10, 15};
        for (int c = 0; c < cells.length; c++) {
            for (int k = 0; k < counts[c]; k++) {
                long call = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q", "a");
                studio.labelling().label(call, null, "topic", "ann", LabelValue.ofCategory(cells[c][0]));
                studio.labelling().label(call, null, "topic", "bob", LabelValue.ofCategory(cells[c][1]));
                studio.labelling().label(call, null, "tags", "ann", LabelValue.ofCategories(List.of("polite")));
                studio.labelling().label(call, null, "tags", "bob", LabelValue.ofCategories(
                        k % 2 == 0 ? List.of("polite", "cites-docs") : List.of("polite")));
            }
        }

        LabelStatistics statistics = LabelStatistics.of(studio);
        AgreementReport topic = statistics.agreement("topic", null).get(0);
        AgreementReport tags = statistics.agreement("tags", null).get(0);

        assertThat(topic.figures().get(0).coefficient().measure()).isEqualTo(Measure.COHEN_KAPPA);
        assertThat(topic.figures().get(0).coefficient().value()).hasValueCloseTo(0.40, within(1e-12));
        assertThat(topic.figures().get(2).coefficient().level()).isEqualTo(Level.NOMINAL);
        assertThat(topic.units()).isEqualTo(50);
        // every label chose "polite": its figures are undefined, never a number
        assertThat(tags.figures()).extracting(Figure::part).containsExactly("polite", "polite", "polite",
                "cites-docs", "cites-docs", "cites-docs");
        assertThat(tags.figures().get(0).coefficient().valueText()).isEqualTo("undefined");
        assertThat(tags.figures().get(0).coefficient().undefinedReason()).contains("chance is total");
        assertThat(tags.figures().get(3).coefficient().defined()).isTrue();
        assertThat(tags.notes()).containsExactly(
                "several categories per label: each category is compared on its own, as chosen or not");
    }

    @Test
    void freeTextGetsANoteAndAnUnknownSchemaAOneLineError() {
        open(null);
        long call = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q", "a");
        studio.labelling().label(call, null, "ideal", "ann", LabelValue.ofCorrection("better"));

        AgreementReport ideal = LabelStatistics.of(studio).agreement("ideal", null).get(0);

        assertThat(ideal.figures()).isEmpty();
        assertThat(ideal.notes()).singleElement().asString().startsWith("free text has no agreement coefficient");
        assertThatThrownBy(() -> LabelStatistics.of(studio).agreement("nope", null))
                .isInstanceOf(StudioException.class);
    }

    @Test
    void rankingByModelFromPeoplesPairwiseLabels() {
        open(null);
        List<Comparison> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long a = LabelledCalls.call(studio, "big", "answer", "c0ffee1", "q" + i, "big answer " + i);
            long b = LabelledCalls.call(studio, "small", "answer", "c0ffee1", "q" + i, "small answer " + i);
            String ann = i < 4 ? "A" : "B";
            String bob = i < 3 ? "A" : "tie";
            studio.labelling().label(a, b, "preference", "ann", LabelValue.ofPreference(ann, null));
            studio.labelling().label(a, b, "preference", "bob", LabelValue.ofPreference(bob, null));
            expected.add(new Comparison("test/big", "test/small", ann.equals("A") ? Outcome.FIRST : Outcome.SECOND));
            expected.add(new Comparison("test/big", "test/small", bob.equals("A") ? Outcome.FIRST : Outcome.TIE));
        }

        List<RankingReport> reports = LabelStatistics.of(studio).ranking("preference");

        assertThat(reports).extracting(RankingReport::by).containsExactly("model", "prompt version");
        RankingReport byModel = reports.get(0);
        assertThat(byModel.source()).isEqualTo("people");
        assertThat(byModel.ranking().comparisons()).isEqualTo(12);
        assertThat(byModel.ranking()).isEqualTo(BradleyTerry.rank(expected));
        assertThat(byModel.ranking().standings().get(0).contestant()).isEqualTo("test/big");
        assertThat(byModel.ranking().standings().get(0).wins()).isEqualTo(7);
        // both answers came from the same prompt version: nothing to rank by version
        RankingReport byVersion = reports.get(1);
        assertThat(byVersion.ranking().defined()).isFalse();
        assertThat(byVersion.notes()).containsExactly(
                "12 comparisons of answers by the same prompt version left out (they compare something else)");
        assertThatThrownBy(() -> LabelStatistics.of(studio).ranking("helpfulness"))
                .hasMessage("a ranking needs a pairwise or ranking schema; 'helpfulness' is a rating schema");
    }

    /**
     * A run judged by a {@code pairwise} assertion (the judge a local server that prefers the answer mentioning "Dial")
     * stores one verdict per call against the reference answer: the dial question is a win in both orders, the valve
     * question a tie (the orders disagree). The ranking reads them back as comparisons with the reference.
     */
    @Test
    void storedPairwiseVerdictsRankAgainstTheReferenceAnswer() throws Exception {
        judge = OpenAiChatServer.start(r -> {
            String body = r.body();
            int b = body.indexOf("Answer B:");
            int dial = body.indexOf("Dial", body.indexOf("Answer A:"));
            r.whole("{\\\"winner\\\": \\\"" + (dial >= 0 && dial < b ? "A" : "B")
                    + "\\\", \\\"reason\\\": \\\"r\\\"}", 30, 10);
        });
        open(judge.url());
        runJudgedByPairwise();

        List<RankingReport> reports = LabelStatistics.of(studio).ranking(null);

        RankingReport byModel = reports.stream().filter(r -> r.source().equals("pairwise judge")
                && r.by().equals("model")).findFirst().orElseThrow();
        assertThat(byModel.schema()).isNull();
        assertThat(byModel.ranking().comparisons()).isEqualTo(2);
        assertThat(byModel.ranking().standings()).extracting(st -> st.contestant())
                .containsExactly("echo/echo", LabelStatistics.REFERENCE);
        assertThat(byModel.ranking().standings().get(0).wins()).isEqualTo(1);
        assertThat(byModel.ranking().standings().get(0).ties()).isEqualTo(1);
    }

    /**
     * A pairwise check the judge could not answer ("cannot evaluate": stored as a fail with score 0) is no verdict: the
     * ranking leaves it out with a note instead of counting a loss against the reference answer.
     */
    @Test
    void pairwiseResultsWithoutAVerdictAreNotLosses() throws Exception {
        judge = OpenAiChatServer.start(r -> r.whole(r.body().contains("valves") ? "I cannot say"
                : "{\\\"winner\\\": \\\"tie\\\", \\\"reason\\\": \\\"r\\\"}", 30, 10));
        open(judge.url());
        runJudgedByPairwise();

        RankingReport byModel = LabelStatistics.of(studio).ranking(null).stream()
                .filter(r -> r.source().equals("pairwise judge") && r.by().equals("model")).findFirst().orElseThrow();

        assertThat(byModel.ranking().comparisons()).isEqualTo(1);
        assertThat(byModel.ranking().standings()).allSatisfy(st -> assertThat(st.losses()).isZero());
        assertThat(byModel.notes()).containsExactly("1 stored pairwise result is no verdict (the check failed: no"
                + " judge model, nothing to compare with, or an unusable reply) and is left out");
    }

    /**
     * A judge (a local server) passes an answer when it contains "GOOD"; the people gave thumbs: the calibration
     * counts agreement per call, records one judge call per call, and warns under 50 items.
     */
    @Test
    void calibrationAsksTheJudgeOncePerLabelledCallAndComparesWithThePeople() {
        judge = OpenAiChatServer.start(r -> r.whole(r.body().contains("BROKEN") ? "I cannot grade this"
                : r.body().contains("GOOD")
                ? "{\\\"score\\\": 0.9, \\\"pass\\\": true, \\\"reason\\\": \\\"fine\\\"}"
                : "{\\\"score\\\": 0.1, \\\"pass\\\": false, \\\"reason\\\": \\\"poor\\\"}", 30, 10));
        open(judge.url());
        // people: up on calls 0-3, down on 4-5; answers GOOD on 0-2 and 4: judge passes 0-2 and 4
        List<Long> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long call = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "question " + i,
                    (i <= 2 || i == 4 ? "GOOD answer " : "answer ") + i);
            calls.add(call);
            boolean up = i <= 3;
            studio.labelling().label(call, null, "thumbs", "ann", LabelValue.ofThumbs(up));
            studio.labelling().label(call, null, "thumbs", "bob", LabelValue.ofThumbs(up));
        }
        // a seventh call the people disagree on: left out, and the judge is not asked about it
        long split = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q7", "GOOD 7");
        studio.labelling().label(split, null, "thumbs", "ann", LabelValue.ofThumbs(true));
        studio.labelling().label(split, null, "thumbs", "bob", LabelValue.ofThumbs(false));

        // an eighth the judge cannot grade: left out, its reply kept as the first unusable one
        long broken = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q8", "BROKEN 8");
        studio.labelling().label(broken, null, "thumbs", "ann", LabelValue.ofThumbs(true));

        CalibrationReport report = LabelStatistics.of(studio).calibrate("judge", "thumbs");

        assertThat(report.judgeKind()).isEqualTo("llm-rubric");
        assertThat(report.calibration().units()).isEqualTo(6);
        assertThat(report.calibration().truePositives()).isEqualTo(3);
        assertThat(report.calibration().falseNegatives()).isEqualTo(1);
        assertThat(report.calibration().trueNegatives()).isEqualTo(1);
        assertThat(report.calibration().falsePositives()).isEqualTo(1);
        assertThat(report.calibration().tpr()).hasValueCloseTo(0.75, within(1e-12));
        assertThat(report.calibration().tnr()).hasValueCloseTo(0.5, within(1e-12));
        // judge vs people: p_o = 4/6; judge pass 4 of 6, people pass 4 of 6: p_e = (16 + 4) / 36; kappa 0.25
        assertThat(report.calibration().kappa().value()).hasValueCloseTo(0.25, within(1e-12));
        assertThat(report.calibration().leftOut()).extracting(g -> g.reason(), g -> g.units()).containsExactly(
                tuple("people in disagreement (not adjudicated)", List.of("call " + split)),
                tuple("the judge gave no usable verdict", List.of("call " + broken)));
        assertThat(report.judgeError()).isEqualTo("call " + broken
                + ": the judge's reply has no JSON object: I cannot grade this");
        // the ceiling counts every call both people labelled, the one they split on too (the eighth has one label):
        // ann passes 5 of 7, bob 4 of 7, they agree on 6: p_e = (5*4 + 2*3) / 49, kappa = 16/23
        assertThat(report.ceiling().measure()).isEqualTo(Measure.COHEN_KAPPA);
        assertThat(report.ceiling().units()).isEqualTo(7);
        assertThat(report.ceiling().value()).hasValueCloseTo(16.0 / 23, within(1e-12));
        assertThat(report.warning()).isEqualTo(
                "only 6 items (fewer than 50): these figures are too uncertain to rely on");
        assertThat(judge.requests()).hasSize(7);
        assertThat(report.judgeCalls()).isEqualTo(7);
        List<CallRecord> recorded = studio.callRepository().list(CallQuery.latest(100)).stream()
                .filter(c -> "judge:judge-rubric".equals(c.promptPath())).toList();
        assertThat(recorded).hasSize(7).allSatisfy(c -> assertThat(c.runId()).isNull());
    }

    /**
     * Opens the workspace with {@link LabelledCalls#goodJudge()} as the model {@code judge} and records two calls: one
     * whose answer the judge passes ("GOOD answer"), one it fails; their ids, in that order.
     */
    private long[] goodAndPoor() {
        judge = LabelledCalls.goodJudge();
        open(judge.url());
        return new long[] {LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q1", "GOOD answer"),
            LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q2", "answer")};
    }

    /** Ratings 4 and 5 are both a pass: the people agree on the compared value, so the call is compared. */
    @Test
    void ratingsAgreeingOnPassOrFailAreSettled() {
        long[] calls = goodAndPoor();
        long good = calls[0];
        long poor = calls[1];
        studio.labelling().label(good, null, "helpfulness", "ann", LabelValue.ofRating(4));
        studio.labelling().label(good, null, "helpfulness", "bob", LabelValue.ofRating(5));
        studio.labelling().label(poor, null, "helpfulness", "ann", LabelValue.ofRating(1));
        studio.labelling().label(poor, null, "helpfulness", "bob", LabelValue.ofRating(2));

        CalibrationReport report = LabelStatistics.of(studio).calibrate("judge", "helpfulness");

        assertThat(report.calibration().leftOut()).isEmpty();
        assertThat(report.calibration().units()).isEqualTo(2);
        assertThat(report.calibration().truePositives()).isEqualTo(1);
        assertThat(report.calibration().trueNegatives()).isEqualTo(1);
        assertThat(report.ceiling().units()).isEqualTo(2);
    }

    /** The pairwise judge picks the answer containing "GOOD" in both orders; people prefer A on 3 pairs, B on 1. */
    @Test
    void pairwiseCalibrationAsksInBothOrders() {
        judge = OpenAiChatServer.start(r -> {
            String body = r.body();
            int a = body.indexOf("Answer A:");
            int b = body.indexOf("Answer B:");
            int good = body.indexOf("GOOD");
            String winner = good > a && good < b ? "A" : "B";
            r.whole("{\\\"winner\\\": \\\"" + winner + "\\\", \\\"reason\\\": \\\"r\\\"}", 30, 10);
        });
        open(judge.url());
        String[] people = {"A", "A", "A", "B"};
        boolean[] firstGood = {true, true, false, false};
        for (int i = 0; i < 4; i++) {
            long a = LabelledCalls.call(studio, "big", "answer", "c0ffee1", "q" + i, (firstGood[i] ? "GOOD " : "") + "a");
            long b = LabelledCalls.call(studio, "small", "answer", "c0ffee1", "q" + i, (firstGood[i] ? "" : "GOOD ") + "b");
            studio.labelling().label(a, b, "preference", "ann", LabelValue.ofPreference(people[i], null));
        }

        CalibrationReport report = LabelStatistics.of(studio).calibrate("judge", "preference");

        assertThat(report.judgeKind()).isEqualTo("pairwise");
        assertThat(judge.requests()).hasSize(8);
        assertThat(report.calibration().units()).isEqualTo(4);
        assertThat(report.calibration().truePositives()).isEqualTo(2);
        assertThat(report.calibration().falseNegatives()).isEqualTo(1);
        assertThat(report.calibration().trueNegatives()).isEqualTo(1);
        assertThat(report.ceiling().valueText()).isEqualTo("undefined");
    }

    @Test
    void calibrationNeedsARatingThumbsOrPairwiseSchema() {
        open(null);
        assertThatThrownBy(() -> LabelStatistics.of(studio).calibrate("echo", "topic"))
                .isInstanceOf(StudioException.class)
                .hasMessage("calibration compares a judge with rating, thumbs or pairwise labels; 'topic' is a"
                        + " category schema");
    }

    /** Labels {@code annotator}'s next item of {@code queue} with the rating {@code byCall} gives its call; its call. */
    private long rateNext(String queue, String annotator, Map<Long, Integer> byCall) {
        org.promptstudio.model.LabelTask task = studio.labelling().next(queue, annotator).orElseThrow();
        long call = task.answers().get(0).callId();
        studio.labelling().submit(task.itemId(), annotator, LabelValue.ofRating(byCall.get(call)));
        return call;
    }

    /**
     * A call rated in a queue (ann, bob) and outside queues (cy's import or grid label; ann again, later) is one unit
     * with all its raters over all labels, each annotator counted once with their latest label and a note saying so;
     * the queue's own report stays per item. Before, each place was a unit of its own ("fewer than 2 values").
     */
    @Test
    void agreementOverAllLabelsCountsEachCallOnceWithAllItsRaters() {
        open(null);
        List<Long> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) calls.add(LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q" + i, "a" + i));
        Labelling labelling = studio.labelling();
        labelling.createQueue(LabelQueueSpec.of("help", "helpfulness").withOverlap(2));
        Map<Long, Integer> ann = Map.of(calls.get(0), 5, calls.get(1), 4, calls.get(2), 1);
        Map<Long, Integer> bob = Map.of(calls.get(0), 5, calls.get(1), 3, calls.get(2), 1);
        for (int i = 0; i < 3; i++) {
            rateNext("help", "ann", ann);
            rateNext("help", "bob", bob);
        }
        int[] cy = {5, 4, 2};
        for (int i = 0; i < 3; i++) labelling.label(calls.get(i), null, "helpfulness", "cy", LabelValue.ofRating(cy[i]));
        labelling.label(calls.get(2), null, "helpfulness", "ann", LabelValue.ofRating(2));
        List<Unit<Integer>> expected = new ArrayList<>();
        int[][] latest = {{5, 5, 5}, {4, 3, 4}, {2, 1, 2}};
        for (int i = 0; i < 3; i++) {
            Map<String, Integer> values = new LinkedHashMap<>();
            values.put("ann", latest[i][0]);
            values.put("bob", latest[i][1]);
            values.put("cy", latest[i][2]);
            expected.add(new Unit<>("call " + calls.get(i), values));
        }

        List<AgreementReport> reports = LabelStatistics.of(studio).agreement("helpfulness", null);

        AgreementReport all = reports.get(0);
        assertThat(all.queue()).isNull();
        assertThat(all.units()).isEqualTo(3);
        assertThat(all.labels()).isEqualTo(9);
        assertThat(all.annotators()).containsExactly("ann", "bob", "cy");
        Coefficient interval = all.figures().get(3).coefficient();
        assertThat(interval).isEqualTo(AgreementStatistics.krippendorffAlpha(expected, Level.INTERVAL));
        assertThat(interval.leftOut()).isEmpty();
        assertThat(all.figures().get(1).coefficient().units()).isEqualTo(3);
        assertThat(all.notes()).containsExactly("1 item was labelled by the same annotator in more than one place (a"
                + " queue, another queue, the grid or an import): only each annotator's latest label counts (call "
                + calls.get(2) + ": ann)");
        AgreementReport queue = reports.get(1);
        assertThat(queue.queue()).isEqualTo("help");
        assertThat(queue.units()).isEqualTo(3);
        assertThat(queue.labels()).isEqualTo(6);
        assertThat(queue.annotators()).containsExactly("ann", "bob");
    }

    /**
     * One pair labelled in both orders (12/13 and 13/12, as an import may give it) is one unit read in one order: ann's
     * latest preference counts once in the ranking, and the agreement counts one unit with three raters.
     */
    @Test
    void aPairLabelledInBothOrdersIsOneUnitCountedOncePerAnnotator() {
        open(null);
        long big = LabelledCalls.call(studio, "big", "answer", "c0ffee1", "q", "big answer");
        long small = LabelledCalls.call(studio, "small", "answer", "c0ffee1", "q", "small answer");
        Labelling labelling = studio.labelling();
        labelling.label(big, small, "preference", "ann", LabelValue.ofPreference("A", null));
        labelling.label(small, big, "preference", "ann", LabelValue.ofPreference("A", null)); // later: small wins
        labelling.label(small, big, "preference", "bob", LabelValue.ofPreference("B", null)); // big wins
        labelling.label(big, small, "preference", "cy", LabelValue.ofPreference("B", null)); // small wins

        RankingReport byModel = LabelStatistics.of(studio).ranking("preference").get(0);
        AgreementReport agreement = LabelStatistics.of(studio).agreement("preference", null).get(0);

        assertThat(byModel.ranking().comparisons()).isEqualTo(3);
        assertThat(byModel.ranking()).isEqualTo(BradleyTerry.rank(List.of(
                new Comparison("test/big", "test/small", Outcome.SECOND),
                new Comparison("test/big", "test/small", Outcome.FIRST),
                new Comparison("test/big", "test/small", Outcome.SECOND))));
        assertThat(byModel.notes()).anySatisfy(n -> assertThat(n).contains("calls " + big + " vs " + small + ": ann"));
        assertThat(agreement.units()).isEqualTo(1);
        assertThat(agreement.labels()).isEqualTo(3);
    }

    /**
     * A ranking of k answers counts as the k(k-1)/2 pairwise outcomes it implies (rank breaking): ann ranks big >
     * medium > small on two inputs, bob small > big > medium on one: 9 comparisons from 3 rankings.
     */
    @Test
    void rankingLabelsGivePairwiseComparisons() {
        LabelledCalls.init(dir, null);
        Path yaml = dir.resolve("studio.yaml");
        try {
            java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("labels:\n",
                    "labels:\n  - name: order\n    type: ranking\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        studio = Studio.open(dir);
        Labelling labelling = studio.labelling();
        List<Comparison> expected = new ArrayList<>();
        String[][] orders = {{"big", "medium", "small"}, {"big", "medium", "small"}, {"small", "big", "medium"}};
        String[] annotators = {"ann", "ann", "bob"};
        for (int i = 0; i < orders.length; i++) {
            Map<String, Long> ids = new LinkedHashMap<>();
            for (String model : List.of("big", "medium", "small")) {
                ids.put(model, LabelledCalls.call(studio, model, "answer", "c0ffee1", "q" + i, model + " answer " + i));
            }
            List<Long> ranked = new ArrayList<>();
            for (String model : orders[i]) ranked.add(ids.get(model));
            labelling.label(ranked.get(0), null, "order", annotators[i], LabelValue.ofRanking(ranked));
            for (int x = 0; x < 3; x++) {
                for (int y = x + 1; y < 3; y++) {
                    expected.add(new Comparison("test/" + orders[i][x], "test/" + orders[i][y], Outcome.FIRST,
                            "ranking " + i));
                }
            }
        }

        List<RankingReport> reports = LabelStatistics.of(studio).ranking("order");

        RankingReport byModel = reports.get(0);
        assertThat(byModel.schema()).isEqualTo("order");
        assertThat(byModel.ranking().comparisons()).isEqualTo(9);
        assertThat(byModel.ranking()).isEqualTo(BradleyTerry.rank(expected));
        assertThat(byModel.ranking().standings().get(0).contestant()).isEqualTo("test/big");
        assertThat(byModel.notes()).contains("9 comparisons from 3 rankings (a ranking of k answers gives k(k-1)/2"
                + " pairwise outcomes, the best over every answer below it; the interval resamples each ranking as"
                + " one judgement)");
        assertThat(LabelStatistics.of(studio).ranking(null)).extracting(RankingReport::schema)
                .contains("preference", "order");
    }

    /**
     * With an overlap of 3, ratings 4 and 5 (both a pass) do not settle an item before the third annotator labels it;
     * a call settled in its queue but rated a fail by someone else outside it is in disagreement (one unit, all its
     * raters); with three annotators the ceiling is Krippendorff's alpha, and says why.
     */
    @Test
    void calibrationWaitsForTheQueuesOverlapOnTheComparedValue() {
        long[] calls = goodAndPoor();
        long good = calls[0];
        long poor = calls[1];
        long other = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "q3", "GOOD other");
        Labelling labelling = studio.labelling();
        labelling.createQueue(LabelQueueSpec.of("help3", "helpfulness").withOverlap(3));
        Map<Long, Integer> ann = Map.of(good, 4, poor, 1, other, 5);
        Map<Long, Integer> bob = Map.of(good, 5, poor, 2, other, 4);
        for (int i = 0; i < 3; i++) {
            rateNext("help3", "ann", ann);
            rateNext("help3", "bob", bob);
        }

        CalibrationReport early = LabelStatistics.of(studio).calibrate("judge", "helpfulness");

        assertThat(early.calibration().units()).isZero();
        assertThat(early.calibration().leftOut()).extracting(g -> g.reason(), g -> g.units().size())
                .containsExactly(tuple("waiting for the labels the queue's overlap asks for", 3));
        assertThat(early.nothingCompared()).isEqualTo("no item of helpfulness has both the people's settled label"
                + " and a usable judge verdict: waiting for the labels the queue's overlap asks for (3 items)");
        assertThat(judge.requests()).isEmpty();

        Map<Long, Integer> cy = Map.of(good, 4, poor, 2, other, 5);
        for (int i = 0; i < 3; i++) rateNext("help3", "cy", cy);
        labelling.label(other, null, "helpfulness", "dee", LabelValue.ofRating(1));

        CalibrationReport report = LabelStatistics.of(studio).calibrate("judge", "helpfulness");

        assertThat(report.nothingCompared()).isNull();
        assertThat(report.calibration().units()).isEqualTo(2);
        assertThat(report.calibration().truePositives()).isEqualTo(1);
        assertThat(report.calibration().trueNegatives()).isEqualTo(1);
        assertThat(report.calibration().leftOut()).extracting(g -> g.reason(), g -> g.units()).containsExactly(
                tuple("people in disagreement (not adjudicated)", List.of("call " + other)));
        assertThat(report.ceiling().measure()).isEqualTo(Measure.KRIPPENDORFF_ALPHA);
        assertThat(report.ceiling().units()).isEqualTo(3);
        assertThat(report.ceilingBasis()).isEqualTo("4 annotators (ann, bob, cy, dee), not the same two on every item");
    }
}

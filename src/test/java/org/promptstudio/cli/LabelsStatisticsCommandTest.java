package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.LabelledCalls;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelValue;
import org.promptstudio.testsupport.OpenAiChatServer;

/** {@code studio labels agreement | ranking | calibrate} over labels stored in a real H2 file. */
class LabelsStatisticsCommandTest {

    @TempDir
    Path dir;
    OpenAiChatServer judge;

    @AfterEach
    void close() {
        if (judge != null) judge.close();
    }

    private CliRun studio(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.studio(all);
    }

    /** Two annotators' thumbs on 4 calls (agreeing on 3) and one call only ann labelled. */
    private void thumbs(String judgeUrl) {
        LabelledCalls.init(dir, judgeUrl);
        try (Studio studio = Studio.open(dir)) {
            boolean[] ann = {true, true, false, true, false};
            boolean[] bob = {true, true, false, false};
            for (int i = 0; i < ann.length; i++) {
                long call = LabelledCalls.call(studio, "echo", "answer", "c0ffee1", "question " + i,
                        (ann[i] ? "GOOD " : "") + "answer " + i);
                studio.labelling().label(call, null, "thumbs", "ann", LabelValue.ofThumbs(ann[i]));
                if (i < bob.length) studio.labelling().label(call, null, "thumbs", "bob", LabelValue.ofThumbs(bob[i]));
            }
        }
    }

    @Test
    void agreementPrintsEachCoefficientWithItsItemsAndWhatItLeftOut() {
        thumbs(null);

        CliRun run = studio("labels", "agreement");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                thumbs (thumbs), all labels: 5 items, 9 labels by 2 annotators (ann, bob)
                  Cohen's kappa = 0.500 over 4 units, 8 values; left out 1 (rated by only one of the two annotators: call 5)
                  Fleiss' kappa = 0.467 over 4 units, 8 values; left out 1 (fewer than 2 values: call 5)
                  Krippendorff's alpha (nominal) = 0.533 over 4 units, 8 values; left out 1 (fewer than 2 values: call 5)
                """);
    }

    @Test
    void agreementWithoutLabelsSaysSoAndAnUnknownSchemaIsOneLine() {
        LabelledCalls.init(dir, null);

        CliRun none = studio("labels", "agreement");
        CliRun unknown = studio("labels", "agreement", "--schema", "nope");

        assertThat(none.out()).isEqualTo(
                "No labels yet: nothing to compare (label answers in a queue, the window or the grid).\n");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().lines()).singleElement().asString().startsWith("error: ");
    }

    @Test
    void rankingPrintsScoresIntervalsAndCounts() {
        LabelledCalls.init(dir, null);
        try (Studio studio = Studio.open(dir)) {
            for (int i = 0; i < 6; i++) {
                long a = LabelledCalls.call(studio, "big", "answer", "c0ffee1", "q" + i, "big " + i);
                long b = LabelledCalls.call(studio, "small", "answer", "c0ffee1", "q" + i, "small " + i);
                studio.labelling().label(a, b, "preference", "ann", LabelValue.ofPreference(i < 4 ? "A" : "B", null));
            }
        }

        CliRun run = studio("labels", "ranking", "--schema", "preference");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                By model, from people's labels of preference: 6 comparisons
                RANK  MODEL       SCORE  95% INTERVAL  COMPARED  WON  LOST  TIED
                   1  test/big     1055  -                    6    4     2  0
                   2  test/small    945  -                    6    2     4  0
                  Bradley-Terry (MM), prior 1 virtual tie per contestant; interval: test/big has 6 comparisons; an \
                interval needs at least 10 per contestant

                By prompt version, from people's labels of preference: 0 comparisons
                  note: 6 comparisons of answers by the same prompt version left out (they compare something else)
                  no scores: needs comparisons between at least 2 contestants; found 0
                """);
    }

    @Test
    void calibratePrintsRatesKappaTheCeilingAndAWarning() {
        judge = LabelledCalls.goodJudge();
        thumbs(judge.url());

        CliRun run = studio("labels", "calibrate", "--judge", "judge", "--schema", "thumbs");
        CliRun wrong = studio("labels", "calibrate", "--judge", "judge", "--schema", "topic");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                Judge judge (llm-rubric) against the people's labels of thumbs: 4 items
                warning: only 4 items (fewer than 50): these figures are too uncertain to rely on
                  TPR 100.0%: the judge said pass on 2 of the 2 items the people called pass
                  TNR 100.0%: the judge said fail on 2 of the 2 items the people called fail
                  judge vs people: Cohen's kappa = 1.000 over 4 units, 8 values
                  ceiling, people vs people (the same 2 annotators (ann, bob) on every item): Cohen's kappa = 0.500 \
                over 4 units, 8 values
                  left out 1: people in disagreement (not adjudicated): call 4
                  how values were read: people: thumbs up = pass; judge: its pass, else a score above 0.5
                  judge calls: 4 (recorded as calls of no run: studio calls)
                """);
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).isEqualTo("error: calibration compares a judge with rating, thumbs or pairwise labels;"
                + " 'topic' is a category schema\n");
    }

    /**
     * A judge that never gives a usable verdict: no item is compared, so the command prints no figures, says why in
     * one line and fails (it printed figures over 0 items and exited 0 before).
     */
    @Test
    void calibrateWithNoUsableVerdictFailsWithOneLine() {
        judge = OpenAiChatServer.start(r -> r.whole("I cannot grade this", 30, 10));
        thumbs(judge.url());

        CliRun run = studio("labels", "calibrate", "--judge", "judge", "--schema", "thumbs");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: no item of thumbs has both the people's settled label and a usable"
                + " judge verdict: the judge gave no usable verdict (4 items); people in disagreement (not"
                + " adjudicated) (1 item) (first unusable reply, call 1: the judge's reply has no JSON object: I cannot"
                + " grade this) (4 judge calls recorded: studio calls)\n");
    }

    /** Ranking labels count in {@code studio labels ranking}, which says how many comparisons came from rankings. */
    @Test
    void rankingCountsRankingLabels() throws Exception {
        LabelledCalls.init(dir, null);
        Path yaml = dir.resolve("studio.yaml");
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("labels:\n",
                "labels:\n  - name: order\n    type: ranking\n"));
        try (Studio studio = Studio.open(dir)) {
            long big = LabelledCalls.call(studio, "big", "answer", "c0ffee1", "q", "big");
            long medium = LabelledCalls.call(studio, "medium", "answer", "c0ffee1", "q", "medium");
            long small = LabelledCalls.call(studio, "small", "answer", "c0ffee1", "q", "small");
            studio.labelling().label(big, null, "order", "ann", LabelValue.ofRanking(java.util.List.of(big, medium, small)));
        }

        CliRun run = studio("labels", "ranking", "--schema", "order");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("""
                By model, from people's labels of order: 3 comparisons
                  note: 3 comparisons from 1 ranking (a ranking of k answers gives k(k-1)/2 pairwise outcomes, the best \
                over every answer below it; the interval resamples each ranking as one judgement)
                RANK  MODEL        SCORE""");
    }
}

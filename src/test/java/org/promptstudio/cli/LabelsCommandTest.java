package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelQuery;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.testsupport.RecordedRunWorkspace;

/**
 * {@code studio labels ...} on a recorded run ({@link RecordedRunWorkspace} with 2 cases: ask versions 1 and 2 x echo
 * and echo-2 x 2 samples = 16 calls): schemas, a queue made and labelled from the command line by two annotators,
 * progress, disagreement and adjudication, undo, and an import; errors are one line with exit code 1.
 */
class LabelsCommandTest {

    @TempDir
    Path dir;
    long runId;

    @BeforeEach
    void recordedRun() throws IOException {
        try (Studio studio = RecordedRunWorkspace.open(dir, 2)) {
            runId = RecordedRunWorkspace.run(studio);
        }
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")) + """
                labels:
                  - name: helpfulness
                    type: rating
                    description: Would this answer resolve the question?
                    scale: { min: 1, max: 5 }
                    points: { 1: Wrong, 5: Resolves it }
                    comment: true
                  - name: preference
                    type: pairwise
                  - name: topic
                    type: category
                    categories: [billing, shipping, setup]
                """);
    }

    private CliRun labels(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "-w";
        all[1] = dir.toString();
        all[2] = "labels";
        System.arraycopy(args, 0, all, 3, args.length);
        return studio(all);
    }

    @Test
    void schemasListsTheBuiltInThumbsAndThoseOfStudioYaml() {
        CliRun run = labels("schemas");
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("TYPE", "VERSION", "VALUES", "DESCRIPTION");
        assertThat(lines.get(1)).startsWith("thumbs").contains("up, down + comment", "(built in)");
        assertThat(lines.get(2)).startsWith("helpfulness").contains("rating", "1..5 + comment",
                "Would this answer resolve the question?");
        assertThat(lines.get(3)).contains("  1", "Wrong");
        assertThat(lines.get(4)).contains("  5", "Resolves it");
        assertThat(lines.get(5)).startsWith("preference").contains("pairwise", "A, B, tie");
    }

    @Test
    void aQueueIsMadeLabelledByTwoAnnotatorsAdjudicatedAndItsProgressShown() {
        CliRun made = labels("queue", "create", "help", "--schema", "helpfulness", "--run", String.valueOf(runId),
                "--model", "echo", "--overlap", "2", "--sample", "2", "--seed", "3");
        assertThat(made.err()).isEmpty();
        assertThat(made.out()).startsWith("Created queue 'help': 2 items (single) of helpfulness, overlap 2 (run="
                + runId + " model=echo sample=2 seed=3).");

        CliRun next = labels("next", "--queue", "help", "--annotator", "Ada");
        assertThat(next.out()).startsWith("Item 1 of 2 (help, schema helpfulness)\nInput:\n")
                .contains("Answer (echo/echo, call ")
                .endsWith("Scale (helpfulness, 1 to 5):\n  1  Wrong\n  2\n  3\n  4\n  5  Resolves it\n"
                        + "With --comment TEXT: a comment.\n"
                        + "Label it: studio labels add --queue help --item 1 --value V\n");
        assertThat(labels("add", "--queue", "help", "--item", "1", "--value", "4", "--annotator", "Ada").out())
                .matches("Label \\d+ stored: helpfulness 4 on call \\d+ by Ada\\.\n");
        assertThat(labels("add", "--queue", "help", "--item", "1", "--value", "4", "--comment", "fine", "--annotator",
                "Bob").out()).contains("helpfulness 4 \"fine\" on call");
        // item 1 has its 2 labels: a third annotator's is refused in one line, nothing stored
        CliRun third = labels("add", "--queue", "help", "--item", "1", "--value", "1", "--annotator", "Cara");
        assertThat(third.exitCode()).isEqualTo(1);
        assertThat(third.err()).isEqualTo("error: item 1 of queue 'help' already has its 2 labels from other"
                + " annotators (overlap 2): your label was not stored\n");
        labels("add", "--queue", "help", "--item", "2", "--value", "2", "--annotator", "Ada");
        labels("add", "--queue", "help", "--item", "2", "--value", "5", "--annotator", "Bob");
        assertThat(labels("next", "--queue", "help", "--annotator", "Ada").out())
                .isEqualTo("Nothing left to label in 'help' for Ada.\n");

        assertThat(labels("progress", "--queue", "help").out()).isEqualTo("""
                help: 2 of 2 items done, 4 of 4 labels (100%)
                  Ada: 2 labels, 0 items open
                  Bob: 2 labels, 0 items open
                """);
        String disagreements = labels("disagreements", "--queue", "help").out();
        assertThat(disagreements).startsWith("item 2 (call ").contains("  Ada: 2\n  Bob: 5\n")
                .endsWith("1 item in disagreement; decide with studio labels adjudicate --queue help --item N --value V\n");
        assertThat(labels("adjudicate", "--queue", "help", "--item", "2", "--value", "3", "--adjudicator", "Cara",
                "--comment", "half right").out()).isEqualTo("Item 2 of 'help' decided: 3 \"half right\" (final, by"
                + " Cara).\n");
        try (Studio studio = Studio.open(dir)) {
            LabelRecord decision = studio.labelling().labels(LabelQuery.ofQueue("help")).stream()
                    .filter(LabelRecord::isFinal).findFirst().orElseThrow();
            assertThat(decision.value().rating()).isEqualTo(3);
            assertThat(decision.value().comment()).isEqualTo("half right");
        }
        assertThat(labels("disagreements", "--queue", "help").out())
                .isEqualTo("No item of 'help' is in disagreement.\n");

        CliRun list = labels("queue", "list");
        assertThat(list.out().lines().toList().get(1)).startsWith("help").contains("helpfulness", "single", "4/4",
                "Ada Lovelace", "run=" + runId + " model=echo sample=2 seed=3");

        assertThat(labels("undo", "--queue", "help", "--annotator", "Bob").out()).startsWith("Deleted label ")
                .contains("(5 on call ");
        assertThat(labels("undo", "--queue", "help", "--annotator", "Cara").out())
                .isEqualTo("No label by Cara in 'help' to undo.\n");
        assertThat(labels("progress").out()).isEqualTo("""
                help: 1 of 2 items done, 3 of 4 labels (75%)
                  Ada: 2 labels, 0 items open
                  Bob: 1 label, 1 item open
                """);
    }

    @Test
    void nextListsTheChoicesOfACategoryAndOfAPairAndAddTakesACategoryByItsNumber() {
        labels("queue", "create", "topics", "--schema", "topic", "--run", String.valueOf(runId));
        assertThat(labels("next", "--queue", "topics", "--annotator", "Ada").out()).contains(
                "Categories (one, by name or number):\n  1  billing\n  2  shipping\n  3  setup\nLabel it: ");
        assertThat(labels("add", "--queue", "topics", "--item", "1", "--value", "2", "--annotator", "Ada").out())
                .contains("topic shipping on call");
        assertThat(labels("add", "--queue", "topics", "--item", "2", "--value", "4", "--annotator", "Ada").err())
                .startsWith("error: ").contains("'4'").doesNotContain("Exception");

        labels("queue", "create", "pairs", "--schema", "preference", "--run", String.valueOf(runId), "--blind");
        assertThat(labels("next", "--queue", "pairs", "--annotator", "Ada").out()).contains("Values:\n"
                + "  A    Answer A is better\n  B    Answer B is better\n  tie  Neither is better\nLabel it: ");
    }

    @Test
    void aPreferenceIsGivenOnTheAnswersAsShownAndStoredInTheTrueOrder() {
        labels("queue", "create", "prefs", "--schema", "preference", "--run", String.valueOf(runId), "--blind",
                "--seed", "5");
        try (Studio studio = Studio.open(dir)) {
            int n = studio.labelling().queue("prefs").items();
            assertThat(n).isEqualTo(24); // 2 cases x 2 samples, 6 pairs of the 4 calls on each
            for (int i = 1; i <= n; i++) {
                var task = studio.labelling().task("prefs", i, "Ada");
                if (task.answers().get(0).slot() != 1) continue;
                // shown B first: "A" as typed is the item's second call
                String out = labels("add", "--queue", "prefs", "--item", String.valueOf(i), "--value", "A",
                        "--comment", "clearer", "--annotator", "Ada").out();
                LabelRecord stored = studio.labelling().labels(LabelQuery.ofQueue("prefs")).get(0);
                // said back as given on the answers shown, without the true order or the call ids
                assertThat(out).isEqualTo("Label " + stored.id() + " stored: preference A (clearer) on item " + i
                        + " of queue prefs by Ada.\n");
                assertThat(stored.value().preference()).isEqualTo("B");
                assertThat(stored.callIdB()).isEqualTo(task.answers().get(0).callId());
                assertThat(labels("next", "--queue", "prefs", "--annotator", "Ada").out()).doesNotContain("echo");
                assertThat(labels("undo", "--queue", "prefs", "--annotator", "Ada").out()).isEqualTo("Deleted label "
                        + stored.id() + " (A (clearer) on item " + i + ").\n");
                return;
            }
            throw new AssertionError("no pair of 'prefs' is shown B first");
        }
    }

    @Test
    void aSampleWithoutASeedGetsOneRecordedAndPrintedThatDrawsTheSameSampleAgain() {
        CliRun made = labels("queue", "create", "s1", "--schema", "helpfulness", "--sample", "5");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Sampled 5 of 16 calls with seed (\\d+) \\(the same"
                + " seed draws the same sample\\)\\.\n").matcher(made.out());
        assertThat(m.find()).as(made.out()).isTrue();
        String seed = m.group(1);
        assertThat(made.out()).startsWith("Created queue 's1': 5 items (single) of helpfulness, overlap 1 (sample=5"
                + " seed=" + seed + ").");
        labels("queue", "create", "s2", "--schema", "helpfulness", "--sample", "5", "--seed", seed);
        try (Studio studio = Studio.open(dir)) {
            assertThat(studio.labelling().queue("s1").seed()).isEqualTo(Long.parseLong(seed));
            assertThat(callsOf(studio, "s1")).isEqualTo(callsOf(studio, "s2"));
        }
    }

    private static List<Long> callsOf(Studio studio, String queue) {
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 1; i <= studio.labelling().queue(queue).items(); i++) {
            out.add(studio.labelling().task(queue, i, "Ada").answers().get(0).callId());
        }
        return out;
    }

    @Test
    void aPairwiseQueueWarnsOfPairsOfTwoPromptsAndNotWhenOneVersionIsPairedAcrossModels() {
        CliRun mixed = labels("queue", "create", "mixed", "--schema", "preference", "--run", String.valueOf(runId),
                "--blind");
        // per input 6 pairs of 4 calls (2 versions x 2 models): 2 of one version across models, 4 of two versions
        assertThat(mixed.out()).contains("\nWarning: 16 of 24 pairs are answers to two different prompts: their"
                + " preferences rank the prompts or versions but give no DPO pair; for pairs that share one"
                + " prompt, keep one prompt version (e.g. prompt ask@").contains(") and pair across models.\n");
        String v2;
        try (Studio studio = Studio.open(dir)) {
            v2 = studio.versions().history("prompts/ask.prompt").get(0).commitId().substring(0, 8);
        }
        CliRun one = labels("queue", "create", "one", "--schema", "preference", "--run", String.valueOf(runId),
                "--version", v2, "--blind");
        assertThat(one.out()).startsWith("Created queue 'one': 4 items (pair)").doesNotContain("Warning");
        // a blind pair in disagreement: listed in the item's true order, said so (a and t as the window's keys)
        assertThat(labels("queue", "create", "one2", "--schema", "preference", "--run", String.valueOf(runId),
                "--version", v2, "--overlap", "2", "--blind").exitCode()).isZero();
        labels("add", "--queue", "one2", "--item", "1", "--value", "a", "--annotator", "Ada");
        labels("add", "--queue", "one2", "--item", "1", "--value", "t", "--annotator", "Bob");
        assertThat(labels("disagreements", "--queue", "one2").out()).containsPattern("^item 1 \\(A = call \\d+, B = call"
                + " \\d+; in this order, whichever side each annotator was shown first\\):\n  Ada: [AB]\n  Bob: tie\n");
        CliRun at = labels("queue", "create", "at", "--schema", "preference", "--run", String.valueOf(runId),
                "--prompt", "ask@" + v2);
        assertThat(at.out()).startsWith("Created queue 'at': 4 items (pair) of preference, overlap 1 (run=" + runId
                + " prompt=ask version=" + v2 + ").").doesNotContain("Warning");
        assertThat(labels("queue", "create", "--help").out()).contains("give", "no DPO pair", "--prompt P@COMMIT");
    }

    @Test
    void importReadsCsvAndABadRowIsNamedWithItsLineAndNothingIsImported() throws IOException {
        long call;
        try (Studio studio = Studio.open(dir)) {
            call = studio.calls().list(org.promptstudio.store.CallQuery.latest(1)).get(0).id();
        }
        Path csv = dir.resolve("theirs.csv");
        Files.writeString(csv, "item,annotator,label,schema\n" + call + ",Ada,4,helpfulness\n" + call
                + ",Bob,up,thumbs\n");
        assertThat(labels("import", csv.toString()).out())
                .isEqualTo("Imported 2 labels from " + csv + " by 2 annotators: helpfulness 1, thumbs 1.\n");
        Files.writeString(csv, "item,annotator,label\n" + call + ",Ada,4\n" + call + ",Bob,six\n");
        CliRun bad = labels("import", csv.toString(), "--schema", "helpfulness");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: " + csv + ":3: 'six' is not a rating (an integer from 1 to 5)\n");
        try (Studio studio = Studio.open(dir)) {
            assertThat(studio.labelling().labels(LabelQuery.all())).hasSize(2);
        }
    }

    @Test
    void aPairOfACallWithItselfOrOfAnswersToDifferentInputsIsRefusedOnImportAndOnAdd() throws IOException {
        List<org.promptstudio.model.CallRecord> calls;
        try (Studio studio = Studio.open(dir)) {
            calls = studio.calls().list(org.promptstudio.store.CallQuery.latest(100)).stream()
                    .filter(c -> c.caseId() != null).toList();
        }
        var a = calls.get(0);
        var same = calls.stream().filter(c -> c.caseId().equals(a.caseId()) && !c.id().equals(a.id())).findFirst()
                .orElseThrow();
        var other = calls.stream().filter(c -> !c.caseId().equals(a.caseId())).findFirst().orElseThrow();
        Path csv = dir.resolve("pairs.csv");
        String good = a.id() + "+" + same.id() + ",Ada,A,preference\n";
        Files.writeString(csv, "item,annotator,label,schema\n" + good + a.id() + "+" + a.id() + ",Ada,A,preference\n");
        CliRun self = labels("import", csv.toString());
        assertThat(self.exitCode()).isEqualTo(1);
        assertThat(self.err()).isEqualTo("error: " + csv + ":3: call " + a.id() + " is given twice: a pair or"
                + " ranking compares different answers to one input\n");
        Files.writeString(csv, "item,annotator,label,schema\n" + good + a.id() + "+" + other.id()
                + ",Ada,B,preference\n");
        CliRun apart = labels("import", csv.toString());
        assertThat(apart.exitCode()).isEqualTo(1);
        assertThat(apart.err()).isEqualTo("error: " + csv + ":3: calls " + a.id() + " and " + other.id()
                + " answer different inputs (case " + a.caseId() + ", case " + other.caseId() + "): a pair or"
                + " ranking compares answers to one input\n");
        // all or nothing: the good row was not written either
        try (Studio studio = Studio.open(dir)) {
            assertThat(studio.labelling().labels(LabelQuery.all())).isEmpty();
        }
        CliRun add = labels("add", "--call", String.valueOf(a.id()), "--call-b", String.valueOf(other.id()),
                "--schema", "preference", "--value", "A", "--annotator", "Ada");
        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.err()).contains("answer different inputs");
        CliRun itself = labels("add", "--call", String.valueOf(a.id()), "--call-b", String.valueOf(a.id()),
                "--schema", "preference", "--value", "A", "--annotator", "Ada");
        assertThat(itself.exitCode()).isEqualTo(1);
        assertThat(itself.err()).contains("is given twice");
        Files.writeString(csv, "item,annotator,label,schema\n" + good);
        CliRun ok = labels("import", csv.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(labels("add", "--call", String.valueOf(a.id()), "--call-b", String.valueOf(same.id()),
                "--schema", "preference", "--value", "B", "--annotator", "Bob").exitCode()).isZero();
    }

    @Test
    void badRequestsAreOneLineErrors() {
        CliRun unknown = labels("queue", "create", "x", "--schema", "nosuch");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: no label schema 'nosuch' in studio.yaml (known: thumbs,"
                + " helpfulness, preference, topic)\n");
        assertThat(labels("next", "--queue", "nosuch").err())
                .isEqualTo("error: no labelling queue 'nosuch' (see 'studio labels queue list')\n");
        labels("queue", "create", "h", "--schema", "helpfulness");
        assertThat(labels("queue", "create", "all", "--schema", "helpfulness", "--sample", "1000", "--seed", "1").out())
                .contains("\nThe sample of 1000 asked for more than the 16 matching items: all of them were taken.\n");
        assertThat(labels("queue", "create", "some", "--schema", "helpfulness", "--sample", "3", "--seed", "1").out())
                .contains("\nSampled 3 of 16 calls with seed 1 (the same seed draws the same sample).\n")
                .doesNotContain("asked for more");
        CliRun outside = labels("add", "--queue", "h", "--item", "99", "--value", "3");
        assertThat(outside.err()).isEqualTo("error: queue 'h' has items 1 to 16, not 99\n");
        CliRun noItem = labels("add", "--queue", "h", "--value", "3");
        assertThat(noItem.exitCode()).isEqualTo(2);
        assertThat(noItem.err()).startsWith("usage error: --queue needs --item N (the item's position)\n");
        assertThat(labels("add", "--queue", "h", "--item", "1", "--value", "7").err())
                .isEqualTo("error: rating 7 is outside 1..5 of 'helpfulness'\n");
        // 'studio label' (singular) still labels prompt versions
        assertThat(studio("label", "--help").out()).contains("Usage: studio label");
    }
}

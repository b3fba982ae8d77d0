package org.promptstudio.ui.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.ui.StudioTestBase;
import org.promptstudio.ui.common.TaskRunner;

/** The labelling view model without a window, on a real workspace: keys in, labels in the database out. */
class LabellingViewModelTest extends StudioTestBase {

    final LabellingFixture fixture = new LabellingFixture();

    @Override
    protected Studio openWorkspace(Path dir) throws Exception {
        return fixture.open(dir);
    }

    private LabellingViewModel vm(String queue) {
        LabellingViewModel vm = new LabellingViewModel(new StudioLabelSource(studio), TaskRunner.callingThread(), queue);
        vm.onActivate();
        return vm;
    }

    /** The annotator's stored label of item {@code position} (1 first) of {@code queue}, or null. */
    private LabelRecord stored(String queue, int position) {
        return studio.labelling().task(queue, position, studio.labelling().annotator()).given();
    }

    @Test
    void aDigitAndEnterStoreTheRatingAtOnceAndShowTheNextItemReadAhead() {
        LabellingViewModel vm = vm("rate");
        assertThat(vm.queues()).extracting(LabelSource.Queue::name).contains("rate", "topic", "ideal", "prefer");
        assertThat(vm.shownProperty().get().item().position()).isZero();
        assertThat(vm.positionProperty().get()).isEqualTo("Item 1 of " + LabellingFixture.CASES);
        assertThat(vm.options()).extracting(LabellingViewModel.Option::text)
                .containsExactly("1  Wrong or harmful", "2", "3  Partly useful", "4", "5  Resolves it fully");
        assertThat(vm.shownProperty().get().item().answers().get(0).source()).startsWith("echo");
        assertThat(vm.shownProperty().get().markdown().get(0)).anySatisfy(r -> assertThat(r.styles())
                .contains(org.promptstudio.ui.common.MarkdownText.Style.BOLD));
        assertThat(vm.prefetched()).isEqualTo(LabellingFixture.CASES - 1);

        vm.onKey("ENTER");
        assertThat(vm.errorProperty().get()).isEqualTo("press a digit for the rating first (1-5)");
        vm.onKey("9");
        assertThat(vm.errorProperty().get()).isEqualTo("9 is not on the scale 1-5");
        vm.onKey("4");
        assertThat(vm.options().get(3).chosen()).isTrue();
        assertThat(stored("rate", 1)).isNull();
        vm.onKey("ENTER");

        assertThat(stored("rate", 1).value().rating()).isEqualTo(4);
        assertThat(stored("rate", 1).schemaName()).isEqualTo("helpfulness");
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(1);
        assertThat(vm.storedProperty().get()).isEqualTo(1);
        assertThat(vm.pendingWritesProperty().get()).isZero();
        assertThat(vm.progressProperty().get()).contains("1 of " + LabellingFixture.CASES + " items complete")
                .contains(": 1 labelled");
    }

    @Test
    void undoDeletesTheLastLabelAndShowsItsItemAgain() {
        LabellingViewModel vm = vm("rate");
        vm.onKey("5");
        vm.onKey("ENTER");
        vm.onKey("2");
        vm.onKey("ENTER");
        assertThat(stored("rate", 2).value().rating()).isEqualTo(2);

        vm.onKey("u");
        assertThat(stored("rate", 2)).isNull();
        assertThat(stored("rate", 1).value().rating()).isEqualTo(5);
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(1);
        vm.onKey("u");
        assertThat(stored("rate", 1)).isNull();
        assertThat(vm.shownProperty().get().item().position()).isZero();
        vm.onKey("u");
        assertThat(vm.errorProperty().get()).startsWith("Nothing to undo");

        vm.onKey("3");
        vm.onKey("ENTER");
        assertThat(stored("rate", 1).value().rating()).isEqualTo(3);
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(1);
    }

    @Test
    void jSkipsAndKGoesBackToTheAnnotatorsLabel() {
        LabellingViewModel vm = vm("rate");
        vm.onKey("4");
        vm.onKey("ENTER");
        vm.onKey("j"); // item 2 skipped, not labelled
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(2);
        assertThat(stored("rate", 2)).isNull();
        vm.onKey("k");
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(1);
        assertThat(vm.mineProperty().get()).isEmpty();
        vm.onKey("k");
        assertThat(vm.shownProperty().get().item().position()).isZero();
        assertThat(vm.mineProperty().get()).isEqualTo("Your label: {\"rating\":4}");
        vm.onKey("5");
        assertThat(vm.errorProperty().get()).startsWith("You labelled this item already");
        vm.onKey("ENTER"); // on a labelled item: goes on, nothing written
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(1);
        assertThat(stored("rate", 1).value().rating()).isEqualTo(4);
    }

    @Test
    void theLastItemDoneSaysNothingIsLeft() {
        LabellingViewModel vm = vm("rate");
        for (int i = 0; i < LabellingFixture.CASES; i++) {
            vm.onKey("3");
            vm.onKey("ENTER");
        }
        assertThat(vm.shownProperty().get()).isNull();
        assertThat(vm.finishedProperty().get()).isTrue();
        for (int p = 1; p <= LabellingFixture.CASES; p++) assertThat(stored("rate", p).value().rating()).isEqualTo(3);
        // a new session has nothing left to show
        LabellingViewModel again = vm("rate");
        assertThat(again.shownProperty().get()).isNull();
        assertThat(again.finishedProperty().get()).isTrue();
    }

    @Test
    void aDigitChoosesTheCategoryByItsPlace() {
        LabellingViewModel vm = vm("topic");
        assertThat(vm.options()).extracting(LabellingViewModel.Option::key).containsExactly("1", "2", "3", "4");
        vm.onKey("7");
        assertThat(vm.errorProperty().get()).isEqualTo("no category 7 (1-4)");
        vm.onKey("2");
        vm.onKey("ENTER");
        assertThat(stored("topic", 1).value().category()).isEqualTo("shipping");
    }

    @Test
    void eStartsTheCorrectionFromTheAnswerAndEnterStoresIt() {
        LabellingViewModel vm = vm("ideal");
        String answer = vm.shownProperty().get().item().answers().get(0).text();
        vm.onKey("ENTER");
        assertThat(vm.errorProperty().get()).isEqualTo("press e to write the correction first");
        vm.onKey("e");
        assertThat(vm.editingProperty().get()).isTrue();
        assertThat(vm.correctionProperty().get()).isEqualTo(answer);
        vm.correctionProperty().set(answer + "\nIt ships in 2 days.");
        vm.onSubmit();
        assertThat(stored("ideal", 1).value().correction()).isEqualTo(answer + "\nIt ships in 2 days.");
        assertThat(vm.editingProperty().get()).isFalse();
    }

    @Test
    void aBlindPairHidesNamesAndStoresThePreferenceInTheTrueOrder() {
        LabellingViewModel vm = vm("prefer");
        boolean sawSwapped = false;
        boolean sawStraight = false;
        for (int i = 0; i < LabellingFixture.CASES; i++) {
            LabelSource.Item item = vm.shownProperty().get().item();
            assertThat(item.answers()).hasSize(2).allSatisfy(a -> assertThat(a.source()).isNull());
            vm.onKey("a");
            vm.reasonProperty().set("clearer " + i);
            vm.onKey("ENTER");
            LabelRecord label = stored("prefer", item.position() + 1);
            // "a" chose the answer shown first: its call is slot 0 (A) unless the blind order swapped them
            assertThat(label.value().preference()).isEqualTo(item.swapped() ? "B" : "A");
            assertThat(label.value().reason()).isEqualTo("clearer " + i);
            if (item.swapped()) sawSwapped = true; else sawStraight = true;
        }
        assertThat(sawSwapped && sawStraight).as("the seed shuffles some pairs and not others").isTrue();
    }

    @Test
    void tieIsStoredAsATie() {
        LabellingViewModel vm = vm("prefer");
        vm.onKey("3");
        assertThat(vm.errorProperty().get()).isEqualTo("digits choose nothing in a pairwise label");
        vm.onKey("b");
        vm.onKey("t");
        assertThat(vm.options()).filteredOn(LabellingViewModel.Option::chosen).extracting(LabellingViewModel.Option::key)
                .containsExactly("t");
        vm.onKey("ENTER");
        assertThat(stored("prefer", 1).value().preference()).isEqualTo("tie");
    }

    @Test
    void theFormMakesASampledQueueAndOpensItOrSaysWhichFieldCannotBe() {
        LabellingViewModel vm = vm("rate");
        assertThat(vm.schemaNames()).contains("thumbs", "helpfulness", "topic", "ideal", "preference");
        vm.newNameProperty().set("sampled");
        vm.newSchemaProperty().set("helpfulness");
        vm.newRunProperty().set("seven");
        vm.onCreateQueue();
        assertThat(vm.createResultProperty().get()).isEqualTo("run: 'seven' is not a run id (a number, see the run list)");
        vm.newRunProperty().set(String.valueOf(fixture.run));
        vm.newPromptProperty().set("ask");
        vm.newSampleProperty().set("0");
        vm.onCreateQueue();
        assertThat(vm.createResultProperty().get()).isEqualTo("sample: '0' is not a whole number of at least 1");
        vm.newSampleProperty().set("3");
        vm.newSeedProperty().set("11");
        vm.onCreateQueue();
        assertThat(vm.createResultProperty().get()).isEqualTo("Made queue sampled: 3 items\nSampled 3 of "
                + LabellingFixture.CASES + " calls with seed 11 (the same seed draws the same sample).");
        assertThat(vm.queueProperty().get().name()).isEqualTo("sampled");
        assertThat(vm.shownProperty().get()).isNotNull();

        // no seed: one is picked, recorded on the queue and said; pairs of the two prompts are warned of
        vm.newNameProperty().set("pairs");
        vm.newSchemaProperty().set("preference");
        vm.newPromptProperty().set("");
        vm.newSampleProperty().set("2");
        vm.newSeedProperty().set("");
        vm.onCreateQueue();
        long seed = studio.labelling().queue("pairs").seed();
        assertThat(vm.createResultProperty().get()).isEqualTo("Made queue pairs: 2 items\nSampled 2 of "
                + LabellingFixture.CASES + " pairs with seed " + seed + " (the same seed draws the same sample).\n"
                + "Warning: 2 of 2 pairs are answers to two different prompts: their preferences rank the prompts or"
                + " versions but give no DPO pair; for pairs that share one prompt, keep one prompt version and pair"
                + " across models.");
        assertThat(studio.labelling().queue("pairs").filterText()).endsWith("sample=2 seed=" + seed);
        vm.newSchemaProperty().set("helpfulness");

        vm.newNameProperty().set("sampled");
        vm.onCreateQueue();
        assertThat(vm.createResultProperty().get()).startsWith("Cannot make the queue: ").contains("sampled");
        assertThat(vm.createResultProperty().get().lines()).hasSize(1);
    }

    @Test
    void agreementFiguresFollowTheLabelsAndTheExportIsOneAction() throws Exception {
        LabellingViewModel vm = vm("rate");
        assertThat(vm.figures()).first().isEqualTo("helpfulness: 0 items, 0 labels by 0 annotators");
        assertThat(vm.figures()).anySatisfy(l -> assertThat(l).startsWith("Cohen's kappa = undefined"));
        vm.onKey("4");
        vm.onKey("ENTER");
        vm.onKey("2");
        vm.onKey("ENTER");
        vm.onRefreshFigures(); // labels coming fast refresh the figures at most every 3 s
        assertThat(vm.figures()).first().isEqualTo("helpfulness: 2 items, 2 labels by 1 annotator");

        vm.exportFormatProperty().set("csv");
        vm.onExport();
        assertThat(vm.exportResultProperty().get()).startsWith("Wrote 2 labels to exports/");
        String file = vm.exportResultProperty().get().replaceFirst("^Wrote 2 labels to ", "").replaceFirst(";.*$", "");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve(file))).hasSize(3); // a header and the two labels

        vm.onCalibrate();
        assertThat(vm.calibration()).containsExactly("Name the judge model first (a model id of studio.yaml).");
        vm.judgeModelProperty().set("nosuch");
        vm.onCalibrate();
        assertThat(vm.calibration()).hasSize(1);
        assertThat(vm.calibration().get(0)).startsWith("Cannot calibrate: ").contains("nosuch");
    }

    @Test
    void calibrationOverNothingSaysWhyAndTheExportSaysWhatItLeftOut() {
        LabellingViewModel vm = vm("rate");
        vm.judgeModelProperty().set("echo");
        vm.onCalibrate();
        // no figures over 0 items: the report's one line why
        assertThat(vm.calibration()).first().isEqualTo("Nothing compared: no labels of helpfulness to compare the"
                + " judge with");
        assertThat(vm.calibration()).noneSatisfy(l -> assertThat(l).contains("True positive rate"));

        // two people differ on one answer's thumbs: the export leaves it out and says so, as the command does
        long call = studio.labelling().task("rate", 1, "Ann").answers().get(0).callId();
        studio.labelling().label(call, null, "thumbs", "Ann", org.promptstudio.model.LabelValue.ofThumbs(true));
        studio.labelling().label(call, null, "thumbs", "Bob", org.promptstudio.model.LabelValue.ofThumbs(false));
        vm.exportFormatProperty().set("openai");
        vm.onExport();
        assertThat(vm.exportResultProperty().get()).isEqualTo("Export failed: nothing to export: every labelled call"
                + " was left out (1 in disagreement); no file written");
    }

    @Test
    void itemsOthersFilledAreNotReadAheadAndALabelRefusedAsFullSaysSoAndGoesOn() {
        // overlap 1: Bob labels items 2 and 3 before the window opens, item 5 after it read ahead
        long item2 = studio.labelling().task("rate", 2, "Bob").itemId();
        studio.labelling().submit(item2, "Bob", "2");
        studio.labelling().submit(studio.labelling().task("rate", 3, "Bob").itemId(), "Bob", "2");
        LabellingViewModel vm = vm("rate");
        assertThat(vm.shownProperty().get().item().position()).isZero();
        assertThat(vm.prefetched()).isEqualTo(LabellingFixture.CASES - 3);
        studio.labelling().submit(studio.labelling().task("rate", 5, "Bob").itemId(), "Bob", "1");

        vm.onKey("4");
        vm.onKey("ENTER");
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(3);
        vm.onKey("4");
        vm.onKey("ENTER");
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(4);
        vm.onKey("3");
        vm.onKey("ENTER");
        // refused in the database: nothing stored, one line, and the window has gone on
        assertThat(vm.errorProperty().get()).isEqualTo("Item 5 already has its labels from other annotators"
                + " (overlap 1): yours was not stored; going on.");
        assertThat(stored("rate", 5)).isNull();
        assertThat(studio.labelling().task("rate", 5, "Bob").given().value().rating()).isEqualTo(1);
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(5);
        assertThat(vm.storedProperty().get()).isEqualTo(2);
        vm.onKey("k"); // the refused item is gone from the way back
        assertThat(vm.shownProperty().get().item().position()).isEqualTo(3);
    }

    @Test
    void aBlindLabelIsSaidBackInTheOrderShown() {
        LabellingViewModel vm = vm("prefer");
        boolean sawSwapped = false;
        for (int i = 0; i < LabellingFixture.CASES; i++) {
            LabelSource.Item item = vm.shownProperty().get().item();
            sawSwapped |= item.swapped();
            vm.onKey("a");
            vm.onKey("ENTER");
            vm.onKey("k");
            assertThat(vm.shownProperty().get().item().id()).isEqualTo(item.id());
            assertThat(vm.mineProperty().get()).isEqualTo("Your label: {\"preference\":\"A\"}");
            vm.onKey("j");
        }
        assertThat(sawSwapped).as("the seed swaps some pairs").isTrue();
    }

    @Test
    void undoDeletesTheLabelThisSessionStoredNotOneGivenElsewhereLater() {
        LabellingViewModel vm = vm("rate");
        vm.onKey("4");
        vm.onKey("ENTER");
        // the same annotator labels item 5 from the command line meanwhile
        String me = studio.labelling().annotator();
        studio.labelling().submit(studio.labelling().task("rate", 5, me).itemId(), me, "2");
        vm.onKey("u");
        assertThat(stored("rate", 1)).isNull();
        assertThat(stored("rate", 5).value().rating()).isEqualTo(2);
        assertThat(vm.shownProperty().get().item().position()).isZero();
    }

    @Test
    void undoOfASubmitThatFailedDeletesNothing() {
        Held runner = new Held();
        LabelSource real = new StudioLabelSource(studio);
        long[] failOn = {-1};
        // the real source, but the database refuses one item's write
        LabelSource source = (LabelSource) java.lang.reflect.Proxy.newProxyInstance(LabelSource.class.getClassLoader(),
                new Class<?>[] {LabelSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("submit") && ((LabelSource.Item) args[0]).id() == failOn[0]) {
                        throw new IllegalStateException("the database is read-only");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LabellingViewModel vm = new LabellingViewModel(source, runner, "rate");
        vm.onActivate();
        vm.onKey("5");
        vm.onKey("ENTER");
        assertThat(stored("rate", 1).value().rating()).isEqualTo(5);
        failOn[0] = vm.shownProperty().get().item().id();
        runner.hold = true;
        vm.onKey("2");
        vm.onKey("ENTER"); // item 2's write waits ...
        vm.onKey("u"); // ... and the undo of it after it
        runner.release();
        assertThat(vm.errorProperty().get()).startsWith("Item 2 was not stored: the database is read-only");
        assertThat(stored("rate", 2)).isNull();
        assertThat(stored("rate", 1).value().rating()).isEqualTo(5);
        assertThat(vm.storedProperty().get()).isEqualTo(1);
    }

    /** Runs work at once on the calling thread, or, while {@link #hold} is set, keeps it until {@link #release}. */
    private static final class Held implements TaskRunner {
        private final TaskRunner now = TaskRunner.callingThread();
        private final java.util.List<Runnable> kept = new java.util.ArrayList<>();
        boolean hold;

        @Override
        public <T> org.promptstudio.ui.common.TaskHandle run(String title, Job<? extends T> job,
                java.util.function.Consumer<? super T> onSuccess, java.util.function.Consumer<? super Throwable> onFailure) {
            if (!hold) return now.run(title, job, onSuccess, onFailure);
            kept.add(() -> now.run(title, job, onSuccess, onFailure));
            return null; // the labelling view model keeps no handle of its reads and writes
        }

        void release() {
            hold = false;
            while (!kept.isEmpty()) kept.remove(0).run();
        }

        @Override
        public javafx.collections.ObservableList<org.promptstudio.ui.common.TaskHandle> running() {
            return now.running();
        }
    }
}

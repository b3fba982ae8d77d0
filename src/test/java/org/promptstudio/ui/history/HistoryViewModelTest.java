package org.promptstudio.ui.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.BareRemote;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.history.HistoryViewModel.VersionRow;

/**
 * The history without a window: work runs on the calling thread, on a real git workspace made from the
 * support-assistant sample, read back with the {@code git} command where it matters.
 */
class HistoryViewModelTest {

    static final String ANSWER = "prompts/answer.prompt";
    /** A phrase of the sample's answer.prompt (sample-workspaces/support-assistant/prompts/answer.prompt). */
    static final String WARM = "Write in a warm, friendly and direct tone.";

    @TempDir
    Path tmp;
    Path root;
    Studio studio;
    HistoryViewModel vm;

    @BeforeEach
    void workspace() {
        root = tmp.resolve("support-assistant");
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        studio = Studio.open(root);
        vm = new HistoryViewModel(studio, TaskRunner.callingThread(), ANSWER);
        vm.onActivate();
    }

    @AfterEach
    void close() {
        studio.close();
    }

    void edit(String from, String to) throws Exception {
        Path file = root.resolve(ANSWER);
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    String save(String from, String to, String message) throws Exception {
        edit(from, to);
        return studio.versions().save(ANSWER, message).version().commitId();
    }

    List<String> specs() {
        return vm.rows().stream().map(VersionRow::spec).toList();
    }

    /**
     * Finding 5 of issue 11: the tab named the prompt by id and the file was found on the UI thread. Now the view
     * model takes the id as it is, and finds nothing until its runner runs the read (a held runner holds it).
     */
    @Test
    void aPromptNamedByIdIsFoundOnTheRunnerNotWhenTheViewModelIsMade() throws Exception {
        save(WARM, "Write in a calm, friendly and direct tone.", "Calmer tone");
        org.promptstudio.ui.common.HeldTaskRunner held = new org.promptstudio.ui.common.HeldTaskRunner();
        HistoryViewModel byId = new HistoryViewModel(studio, held, "answer");
        byId.onActivate();

        assertThat(byId.titleProperty().get()).isEqualTo("History of answer.prompt");
        assertThat(byId.rows()).isEmpty();
        assertThat(byId.loadedProperty().get()).isFalse();
        assertThat(held.handedIn()).as("the read waits on the runner").isGreaterThan(0);

        held.complete(0);
        assertThat(byId.loadedProperty().get()).isTrue();
        // The same versions as by path, as git log lists them (newest first, plus the working-copy row when dirty).
        vm.onRefresh();
        assertThat(byId.rows().stream().map(VersionRow::spec).toList()).isEqualTo(specs());
    }

    /** Finding 4 of issue 11: the diff's empty panes say what to do, then that it is working, then what it found. */
    @Test
    void theDiffSaysWhatToDoBeforeAComparison() throws Exception {
        assertThat(vm.diff().emptyTextProperty().get()).isEqualTo(DiffViewModel.CHOOSE);
        String older = save(WARM, "Write in a calm, friendly and direct tone.", "Calmer tone");
        vm.onRefresh();
        vm.diff().onCompare(older, "working");
        assertThat(vm.diff().loadedProperty().get()).isTrue();
        assertThat(vm.diff().emptyTextProperty().get()).as("a pane left empty by the comparison")
                .isEqualTo(DiffViewModel.SAME);
        // A comparison that fails says why in its error line; the panes add nothing to it.
        vm.diff().onCompare("99", "working");
        assertThat(vm.diff().errorProperty().get()).isNotEmpty();
        assertThat(vm.diff().emptyTextProperty().get()).isEmpty();
    }

    @Test
    void theVersionsAreListedNewestFirstAsGitLogListsThem() throws Exception {
        save(WARM, "Write in a calm, friendly and direct tone.", "Calmer tone");
        vm.onRefresh();

        // git log lists the commits that touched the prompt newest first, as the table does.
        List<String> log = lines(git(root, "log", "--format=%H", "--", ANSWER));
        assertThat(specs()).isEqualTo(log);
        VersionRow top = vm.rows().get(0);
        assertThat(top.version()).isEqualTo("2");
        assertThat(top.message()).isEqualTo("Calmer tone");
        assertThat(top.author()).isEqualTo("Ada Lovelace");
        assertThat(top.date()).isEqualTo(git(root, "log", "-1", "--format=%ad", "--date=format:%Y-%m-%d %H:%M", "--", ANSWER)
                .strip());
        assertThat(top.shortId()).isEqualTo(git(root, "log", "-1", "--format=%h", "--", ANSWER).strip());
        assertThat(vm.rows()).noneMatch(VersionRow::working);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.branchProperty().get()).isEqualTo(git(root, "branch", "--show-current").strip());
    }

    @Test
    void unsavedChangesShowAsAWorkingCopyRowOnTop() throws Exception {
        assertThat(vm.rows()).noneMatch(VersionRow::working);
        edit(WARM, "Write briefly.");
        vm.onRefresh();
        assertThat(vm.rows().get(0).working()).isTrue();
        assertThat(vm.rows().get(0).message()).isEqualTo("Unsaved changes");
        assertThat(vm.rows()).hasSize(2);

        // A change in a partial the prompt uses is a change of the prompt's closure (decision 0014).
        Files.writeString(root.resolve(ANSWER), Files.readString(root.resolve(ANSWER)).replace("Write briefly.", WARM));
        Path rules = root.resolve("prompts/_rules.prompt");
        Files.writeString(rules, Files.readString(rules) + "\nNever promise a delivery date.\n");
        vm.onRefresh();
        assertThat(vm.rows().get(0).working()).isTrue();
    }

    @Test
    void twoVersionsAreComparedWordByWordInTheSourceAndTheRenderedMessages() throws Exception {
        String v1 = vm.rows().get(0).spec();
        String v2 = save("warm, friendly and direct", "warm, patient and direct", "Patient");
        vm.onRefresh();
        vm.onSelect(List.of(v1, v2));
        assertThat(vm.canCompareProperty().get()).isTrue();

        vm.onCompare();

        DiffViewModel diff = vm.diff();
        assertThat(diff.errorProperty().get()).isEmpty();
        assertThat(diff.fromProperty().get()).isEqualTo("1");
        assertThat(diff.toProperty().get()).isEqualTo("2");
        assertThat(diff.fromLabelProperty().get()).startsWith("version 1 · ");
        SideBySide source = diff.sources().get(0);
        assertThat(source.title()).isEqualTo(ANSWER);
        SideBySide.Line changedOld = changed(source.left());
        SideBySide.Line changedNew = changed(source.right());
        assertThat(changedOld.segments()).filteredOn(SideBySide.Segment::changed)
                .extracting(s -> s.text().strip()).containsExactly("friendly");
        assertThat(changedNew.segments()).filteredOn(SideBySide.Segment::changed)
                .extracting(s -> s.text().strip()).containsExactly("patient");
        assertThat(changedNew.text()).contains("warm, patient and direct");
        assertThat(changedOld.number()).isEqualTo(changedNew.number());

        SideBySide rendered = diff.renderedProperty().get();
        assertThat(rendered).isNotNull();
        assertThat(changed(rendered.right()).segments()).filteredOn(SideBySide.Segment::changed)
                .extracting(s -> s.text().strip()).containsExactly("patient");
        assertThat(rendered.left().get(0).text()).isEqualTo("── system ──");
        // The example input fills the question (schema example) and the default fills customer_name.
        assertThat(rendered.right()).anyMatch(l -> l.text().contains("Start with \"Hi there,\""));
        assertThat(rendered.right()).anyMatch(l -> l.text().equals("<question>"));
        assertThat(diff.inputNoteProperty().get()).contains("customer_name=there", "question=<question>");
        assertThat(diff.summaryProperty().get()).isEqualTo("1 file differs: " + ANSWER);
    }

    static SideBySide.Line changed(List<SideBySide.Line> lines) {
        return lines.stream().filter(l -> l.kind() == SideBySide.Kind.CHANGED).findFirst().orElseThrow();
    }

    @Test
    void aVersionIsComparedWithTheWorkingCopyAndASideThatDoesNotRenderSaysWhere() throws Exception {
        edit("{{question}}", "{{question}}\n{{shout question}}");
        vm.onRefresh();
        vm.onSelect(List.of(HistoryViewModel.WORKING, vm.rows().get(1).spec()));

        vm.onCompare();

        DiffViewModel diff = vm.diff();
        assertThat(diff.fromProperty().get()).isEqualTo("1");
        assertThat(diff.toProperty().get()).isEqualTo("working");
        assertThat(diff.toLabelProperty().get()).isEqualTo("working copy (unsaved)");
        assertThat(diff.sources().get(0).right()).anyMatch(l -> l.kind() == SideBySide.Kind.ADDED
                && l.text().equals("{{shout question}}"));
        assertThat(diff.fromRenderErrorProperty().get()).isEmpty();
        int line = Files.readAllLines(root.resolve(ANSWER)).indexOf("{{shout question}}") + 1;
        assertThat(diff.toRenderErrorProperty().get())
                .startsWith(ANSWER + "@working:" + line + ":")
                .contains("shout")
                .doesNotContain("Exception", "\n");
        // The side that renders is still shown, facing fillers.
        assertThat(diff.renderedProperty().get().right()).allMatch(l -> l.kind() == SideBySide.Kind.FILLER);
        assertThat(diff.renderedProperty().get().left()).anyMatch(l -> l.text().equals("<question>"));
    }

    @Test
    void restoringAsksFirstThenCommitsTheOldTextAsANewVersion() throws Exception {
        String original = Files.readString(root.resolve(ANSWER));
        save(WARM, "Be terse.", "Terse");
        vm.onRefresh();
        String v1 = vm.rows().get(1).spec();
        vm.onSelect(List.of(v1));
        assertThat(vm.canRestoreProperty().get()).isTrue();

        vm.onRestoreRequested();
        assertThat(vm.confirmationProperty().get()).isEqualTo(
                "Restore version 1 of answer.prompt as a new version? History keeps every version.");
        assertThat(lines(git(root, "log", "--format=%H", "--", ANSWER))).hasSize(2);

        vm.onRestoreConfirmed();

        assertThat(vm.confirmationProperty().get()).isEmpty();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.rows()).hasSize(3);
        assertThat(vm.rows().get(0).version()).isEqualTo("3");
        assertThat(vm.statusProperty().get()).startsWith("Restored version 1 as version 3 (");
        assertThat(Files.readString(root.resolve(ANSWER))).isEqualTo(original);
        assertThat(git(root, "show", "HEAD:" + ANSWER)).isEqualTo(original);
        assertThat(git(root, "status", "--porcelain")).isEmpty();
    }

    @Test
    void aRestoreCanBeCancelledAndTheLatestVersionCannotBeRestored() throws Exception {
        save(WARM, "Be terse.", "Terse");
        vm.onRefresh();
        vm.onSelect(List.of(vm.rows().get(0).spec()));
        assertThat(vm.canRestoreProperty().get()).isFalse();
        vm.onSelect(List.of(vm.rows().get(1).spec()));
        vm.onRestoreRequested();
        vm.onRestoreCancelled();
        assertThat(vm.confirmationProperty().get()).isEmpty();
        vm.onRestoreConfirmed();
        assertThat(lines(git(root, "log", "--format=%H", "--", ANSWER))).hasSize(2);
    }

    @Test
    void aLabelIsAddedMovedAndRemovedAsGitTagsShowIt() throws Exception {
        save(WARM, "Be terse.", "Terse");
        vm.onRefresh();
        String v1 = vm.rows().get(1).spec();
        String v2 = vm.rows().get(0).spec();

        vm.onSelect(List.of(v1));
        vm.onAddLabel("production");
        assertThat(vm.statusProperty().get()).isEqualTo("Labelled version 1 production");
        assertThat(vm.rows().get(1).labels()).containsExactly("production");
        assertThat(vm.labels()).containsExactly("production");
        assertThat(git(root, "rev-list", "-n", "1", "prompts/answer/production").strip()).isEqualTo(v1);

        vm.onSelect(List.of(v2));
        vm.onAddLabel("production");
        assertThat(vm.statusProperty().get()).isEqualTo("Moved production from version 1 to version 2");
        assertThat(vm.rows().get(0).labels()).containsExactly("production");
        assertThat(vm.rows().get(1).labels()).isEmpty();
        assertThat(git(root, "rev-list", "-n", "1", "prompts/answer/production").strip()).isEqualTo(v2);

        vm.onRemoveLabel("production");
        assertThat(vm.rows()).allMatch(r -> r.labels().isEmpty());
        assertThat(git(root, "tag", "-l")).doesNotContain("production");

        vm.onSelect(List.of(v2));
        vm.onAddLabel("latest");
        assertThat(vm.errorProperty().get()).startsWith("Cannot label version 2 latest: ").doesNotContain("Exception");
    }

    @Test
    void branchesAreCreatedAndSwitchedAndAnUnsavedChangeStopsASwitchInOneLine() throws Exception {
        String main = vm.branchProperty().get();
        vm.onCreateBranch("experiment");
        assertThat(vm.branches()).contains("experiment", main);
        assertThat(vm.branchProperty().get()).isEqualTo(main);

        vm.onSwitchBranch("experiment");
        assertThat(vm.branchProperty().get()).isEqualTo("experiment");
        assertThat(git(root, "branch", "--show-current").strip()).isEqualTo("experiment");
        save(WARM, "Be terse.", "Terse on the experiment");
        vm.onRefresh();
        assertThat(vm.rows()).hasSize(2);

        edit("Be terse.", "Be very terse.");
        vm.onSwitchBranch(main);
        assertThat(vm.errorProperty().get())
                .startsWith("Cannot switch to '" + main + "': uncommitted changes would be lost: ")
                .contains(ANSWER).doesNotContain("\n", "Exception");
        assertThat(git(root, "branch", "--show-current").strip()).isEqualTo("experiment");

        edit("Be very terse.", "Be terse.");
        vm.onSwitchBranch(main);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.rows()).hasSize(1);
    }

    @Test
    void aMergeWithAConflictListsTheFileOpensItAndContinuesOnceResolved() throws Exception {
        String main = vm.branchProperty().get();
        vm.onCreateBranch("tone");
        vm.onSwitchBranch("tone");
        save(WARM, "Write in a playful tone.", "Playful");
        vm.onSwitchBranch(main);
        save(WARM, "Write in a formal tone.", "Formal");
        vm.onRefresh();

        vm.onMerge("tone");

        assertThat(vm.mergeInProgressProperty().get()).isTrue();
        assertThat(vm.conflicts()).containsExactly(ANSWER);
        assertThat(vm.statusProperty().get()).startsWith("Merging tone into " + main + " stopped: 1 file is in conflict");
        assertThat(git(root, "diff", "--name-only", "--diff-filter=U").strip()).isEqualTo(ANSWER);

        List<String> asked = new java.util.ArrayList<>();
        vm.openFileRequestProperty().addListener((o, a, b) -> {
            if (b != null) asked.add(b);
        });
        vm.onOpenFile(ANSWER);
        vm.onOpenFile(ANSWER);
        assertThat(asked).containsExactly(ANSWER, ANSWER);

        vm.onContinueMerge();
        assertThat(vm.errorProperty().get()).startsWith("Cannot finish the merge: ").contains("still in conflict: " + ANSWER);
        assertThat(vm.mergeInProgressProperty().get()).isTrue();

        String text = Files.readString(root.resolve(ANSWER));
        String resolved = text.replaceAll("(?s)<<<<<<< [^\n]*\n.*?>>>>>>> [^\n]*\n", "Write in a formal, playful tone.\n");
        Files.writeString(root.resolve(ANSWER), resolved);
        vm.onContinueMerge();

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.mergeInProgressProperty().get()).isFalse();
        assertThat(vm.conflicts()).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("Merged ");
        assertThat(git(root, "log", "-1", "--format=%P").strip().split(" ")).hasSize(2);
        assertThat(vm.rows().get(0).message()).startsWith("Merge");
    }

    @Test
    void abortingAMergePutsTheFilesBack() throws Exception {
        String main = vm.branchProperty().get();
        vm.onCreateBranch("tone");
        vm.onSwitchBranch("tone");
        save(WARM, "Write in a playful tone.", "Playful");
        vm.onSwitchBranch(main);
        save(WARM, "Write in a formal tone.", "Formal");
        vm.onMerge("tone");
        assertThat(vm.mergeInProgressProperty().get()).isTrue();

        vm.onAbortMerge();

        assertThat(vm.mergeInProgressProperty().get()).isFalse();
        assertThat(Files.readString(root.resolve(ANSWER))).contains("Write in a formal tone.").doesNotContain("<<<<<<<");
        assertThat(git(root, "status", "--porcelain")).isEmpty();
    }

    @Test
    void withoutARegistryEveryVersionSaysNotPublished() {
        assertThat(vm.rows()).allMatch(r -> r.registry().equals("not published"));
        assertThat(vm.registryNoteProperty().get()).isEqualTo(
                "No registry is configured in studio.yaml: nothing is published");
    }

    @Test
    void aPublishedVersionShowsTheRegistryAndItsNumberThere() throws Exception {
        Path remote = BareRemote.create(tmp.resolve("registry.git"));
        Path yaml = root.resolve("studio.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "registries:\n  - name: team\n    url: " + remote + "\n");
        git(root, "commit", "-q", "-am", "Add the team registry");
        studio.close();
        studio = Studio.open(root);
        save(WARM, "Be terse.", "Terse");
        studio.publishing().publish("answer@1", "team");
        vm = new HistoryViewModel(studio, TaskRunner.callingThread(), ANSWER);
        vm.onActivate();

        assertThat(vm.rows()).extracting(VersionRow::registry).containsExactly("not published", "team answer@1");
        assertThat(vm.registryNoteProperty().get()).isEqualTo("Registries: team");
    }

    @Test
    void anUnreachableRegistryIsSaidInOneLineAndTheHistoryStillShows() throws Exception {
        Path yaml = root.resolve("studio.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "registries:\n  - name: team\n    url: "
                + tmp.resolve("no-such-registry.git") + "\n");
        git(root, "commit", "-q", "-am", "Add a registry that is not there");
        studio.close();
        studio = Studio.open(root);
        vm = new HistoryViewModel(studio, TaskRunner.callingThread(), ANSWER);
        vm.onActivate();

        assertThat(vm.rows()).hasSize(1);
        assertThat(vm.rows().get(0).registry()).isEqualTo("unknown");
        assertThat(vm.registryNoteProperty().get()).startsWith("Cannot read team: ").doesNotContain("\n", "Exception");
    }

    @Test
    void anUnknownPromptIsOneLineNamingIt() {
        HistoryViewModel missing = new HistoryViewModel(studio, TaskRunner.callingThread(), "prompts/nope.prompt");
        missing.onActivate();
        assertThat(missing.rows()).isEmpty();
        assertThat(missing.errorProperty().get()).startsWith("Cannot read the history of prompts/nope.prompt: ")
                .contains("nope").doesNotContain("\n", "Exception");
        assertThat(missing.loadedProperty().get()).isTrue();
    }

    @Test
    void aDiffOpensDirectlyForTwoSpecsByLabelAndWorkingCopy() throws Exception {
        studio.versions().label(ANSWER, "production", "1");
        edit(WARM, "Write in a calm tone.");
        DiffViewModel diff = new DiffViewModel(studio.versions(), TaskRunner.callingThread(), ANSWER, "production",
                "working");
        assertThat(diff.sources()).isEmpty();
        diff.onActivate();
        assertThat(diff.loadedProperty().get()).isTrue();
        assertThat(diff.fromLabelProperty().get()).startsWith("version 1 · ").endsWith(" · production");
        assertThat(changed(diff.sources().get(0).right()).segments()).filteredOn(SideBySide.Segment::changed)
                .extracting(s -> s.text().strip()).containsExactly("calm");
        assertThat(diff.titleProperty().get()).isEqualTo("answer.prompt: production → working");

        DiffViewModel bad = new DiffViewModel(studio.versions(), TaskRunner.callingThread(), ANSWER, "7", "working");
        bad.onActivate();
        assertThat(bad.errorProperty().get()).startsWith("cannot compare 7 with working: ").doesNotContain("\n");
    }

    /** The jobs handed in so far whose title says they read the registries (a git fetch each). */
    static long registryReads(HeldTaskRunner held) {
        return held.running().stream().filter(h -> h.title().equals("Reading the registries")).count();
    }

    @Test
    void aRefreshFinishingDuringAWriteKeepsTheActionsDisabledAndASecondWriteWaits() throws Exception {
        save(WARM, "Be terse.", "Terse");
        HeldTaskRunner held = new HeldTaskRunner();
        HistoryViewModel h = new HistoryViewModel(studio, held, ANSWER);
        h.onActivate();
        held.complete(0); // the first read; job 1 reads the registries
        String v1 = h.rows().get(1).spec();

        h.onSelect(List.of(v1));
        h.onAddLabel("production"); // job 2: the write
        h.onActivate(); // job 3: the tab shown again while the write runs
        held.complete(3); // that read ends before the write
        assertThat(h.busyProperty().get()).isTrue();
        assertThat(h.writingProperty().get()).isTrue();
        assertThat(h.canLabelProperty().get()).isFalse();
        assertThat(h.canRestoreProperty().get()).isFalse();
        assertThat(h.canCompareProperty().get()).isFalse();

        // A second git write asked for meanwhile is refused in one line, not run on another thread.
        h.onCreateBranch("experiment");
        assertThat(held.handedIn()).isEqualTo(4);
        assertThat(h.errorProperty().get()).isEqualTo("Cannot create branch experiment: another change to the"
                + " repository is still running; try again when it ends");

        held.complete(2); // the write; job 4 reads the history again
        held.complete(4);
        assertThat(h.busyProperty().get()).isFalse();
        assertThat(h.canLabelProperty().get()).isTrue();
        assertThat(h.rows().get(1).labels()).containsExactly("production");
        assertThat(h.statusProperty().get()).isEqualTo("Labelled version 1 production");
    }

    @Test
    void aReadStartedBeforeAWriteIsNotShownOnceTheWriteStarted() throws Exception {
        save(WARM, "Be terse.", "Terse");
        HeldTaskRunner held = new HeldTaskRunner();
        HistoryViewModel h = new HistoryViewModel(studio, held, ANSWER);
        h.onActivate();
        held.complete(0);
        assertThat(h.rows()).hasSize(2);
        edit("Be terse.", "Be very terse."); // the files now differ from the latest version

        h.onRefresh(); // job 2: a read asked for before the write
        h.onSelect(List.of(h.rows().get(1).spec()));
        h.onAddLabel("production"); // job 3: the write
        held.complete(2); // the older read's answer arrives while the write runs: not shown
        assertThat(h.rows()).hasSize(2);
        assertThat(h.rows().get(0).working()).isFalse();

        held.complete(3); // the write; job 4 reads everything again, and that answer is shown
        held.complete(4);
        assertThat(h.rows()).hasSize(3);
        assertThat(h.rows().get(0).working()).isTrue();
        assertThat(h.rows().get(2).labels()).containsExactly("production");
    }

    @Test
    void theRegistriesAreFetchedOnTheFirstLoadAndOnRefreshOnlyAndAnOlderFetchIsCancelled() throws Exception {
        save(WARM, "Be terse.", "Terse");
        HeldTaskRunner held = new HeldTaskRunner();
        HistoryViewModel h = new HistoryViewModel(studio, held, ANSWER);
        h.onActivate();
        held.complete(0);
        assertThat(registryReads(held)).isEqualTo(1);
        TaskHandle first = held.running().get(0);
        held.complete(1);
        assertThat(h.rows()).allMatch(r -> r.registry().equals("not published"));

        // Shown again, and after an action: the history is read, the registries are not (their state stays).
        h.onDeactivate();
        h.onActivate(); // job 2
        held.complete(2);
        h.onSelect(List.of(h.rows().get(1).spec()));
        h.onAddLabel("production"); // job 3, then the read job 4
        held.complete(3);
        held.complete(4);
        assertThat(held.handedIn()).isEqualTo(5);
        assertThat(registryReads(held)).isZero();
        assertThat(h.rows()).allMatch(r -> r.registry().equals("not published"));
        assertThat(first.isDone()).isTrue();

        // Refresh asks them again; a second Refresh cancels the first fetch that still runs.
        h.onRefresh(); // job 5, then the fetch job 6
        held.complete(5);
        assertThat(registryReads(held)).isEqualTo(1);
        TaskHandle fetch = held.running().get(0);
        h.onRefresh(); // job 7, then the fetch job 8
        held.complete(7);
        assertThat(fetch.stateProperty().get()).isEqualTo(TaskHandle.State.CANCELLED);
        assertThat(registryReads(held)).isEqualTo(1);
        held.complete(8);
        assertThat(registryReads(held)).isZero();
        assertThat(h.registryNoteProperty().get()).isEqualTo(
                "No registry is configured in studio.yaml: nothing is published");
    }
}

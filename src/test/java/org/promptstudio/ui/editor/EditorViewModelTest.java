package org.promptstudio.ui.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.TemplateException;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.editor.Preview.MessageBlock;
import org.promptstudio.ui.editor.Preview.Problem;

/** The editor without a window: work runs on the calling thread, files and git are real. */
class EditorViewModelTest {

    static final String ANSWER = "prompts/answer.prompt";

    @TempDir
    Path root;

    Studio studio;

    @BeforeEach
    void workspace() {
        Studio.init(root, "Test");
        TestWorkspace.create(root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        git(root, "add", "-A");
        git(root, "commit", "-q", "-m", "Test workspace");
        studio = Studio.open(root);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    EditorViewModel open(String path) {
        EditorViewModel vm = new EditorViewModel(studio, TaskRunner.callingThread(), path);
        vm.onOpen();
        return vm;
    }

    /** As the view does: every change, then the pause. */
    static void type(EditorViewModel vm, String text) {
        vm.onEdited(text);
        vm.onSettled();
    }

    @Test
    void openingShowsTheTextAndItsPreviewByRoleWithTokensPerModel() throws Exception {
        EditorViewModel vm = open(ANSWER);

        assertThat(vm.documentProperty().get().text()).isEqualTo(Files.readString(root.resolve(ANSWER)));
        assertThat(vm.titleProperty().get()).isEqualTo("answer.prompt");
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(vm.messages()).extracting(MessageBlock::role).containsExactly("system", "user");
        assertThat(vm.messages().get(0).text())
                .isEqualTo("You are a support assistant. Start with \"Hi there,\".\nNever invent policy.");
        assertThat(vm.fields()).extracting(Preview.InputField::name).containsExactly("question", "customer_name");
        // echo and extractive are in every workspace (decision 0025); built-in models cost nothing.
        assertThat(vm.costs()).extracting(Preview.ModelCost::modelId).contains("echo", "extractive");
        assertThat(vm.costs()).allSatisfy(c -> {
            assertThat(c.tokens()).isGreaterThan(10);
            assertThat(c.costText()).isEqualTo("free");
        });
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.analysisProperty().get().highlighting().textOf("hb-partial")).containsExactly("rules");
    }

    @Test
    void typingMarksUnsavedChangesAtOnceAndThePreviewFollowsThePause() {
        EditorViewModel vm = open(ANSWER);
        String text = vm.text().replace("support assistant", "patient helper");

        vm.onEdited(text);
        assertThat(vm.dirtyProperty().get()).isTrue();
        assertThat(vm.titleProperty().get()).isEqualTo("answer.prompt" + EditorViewModel.DIRTY_MARK);
        assertThat(vm.messages().get(0).text()).contains("support assistant");

        vm.onSettled();
        assertThat(vm.messages().get(0).text()).startsWith("You are a patient helper.");
        assertThat(vm.analysisProperty().get().text()).isEqualTo(text);

        type(vm, text.replace("patient helper", "support assistant"));
        assertThat(vm.dirtyProperty().get()).as("back to the saved text").isFalse();
        assertThat(vm.titleProperty().get()).isEqualTo("answer.prompt");
    }

    @Test
    void aBrokenTagIsMarkedAtTheParsersLineAndColumnWithTheCommandLinesMessage() throws Exception {
        EditorViewModel vm = open("prompts/broken.prompt");

        // The same message the command line prints (studio render goes through PromptLibrary.render).
        String cli = "";
        try {
            studio.prompts().render(studio.prompts().require("broken"), RenderData.empty(), java.util.Map.of());
        } catch (TemplateException e) {
            cli = e.getMessage();
        }
        assertThat(cli).startsWith("prompts/broken.prompt:" + TestWorkspace.BROKEN_LINE + ":");
        assertThat(vm.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.line()).isEqualTo(TestWorkspace.BROKEN_LINE);
        });
        assertThat(vm.problems().get(0).describe()).isEqualTo(cli).contains("unknown helper 'shout'");
        assertThat(vm.messages()).isEmpty();
        EditorViewModel.Marker marker = vm.analysisProperty().get().markers().get(0);
        assertThat(vm.text().substring(marker.start(), marker.end())).isEqualTo("{{shout question}}");
    }

    @Test
    void anUnclosedBlockTypedInIsAnErrorAndFixingItClearsIt() {
        EditorViewModel vm = open(ANSWER);
        String good = vm.text();
        type(vm, good + "{{#if question}}\nasked\n");
        assertThat(vm.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.source()).isEqualTo(ANSWER);
            assertThat(p.line()).isGreaterThan(0);
        });
        assertThat(vm.messages()).isEmpty();

        type(vm, good + "{{#if question}}\nasked\n{{/if}}\n");
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.messages().get(1).text()).endsWith("asked");
    }

    @Test
    void anUndeclaredVariableIsAWarningAtItsPlaceAndThePreviewStillRenders() {
        EditorViewModel vm = open(ANSWER);
        type(vm, vm.text() + "{{questoin}}\n");

        assertThat(vm.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.message()).contains("questoin");
            assertThat(p.line()).isEqualTo(19);
            assertThat(p.column()).isEqualTo(3);
        });
        assertThat(vm.messages()).hasSize(2);
        EditorViewModel.Marker marker = vm.analysisProperty().get().markers().get(0);
        assertThat(vm.text().substring(marker.start(), marker.end())).isEqualTo("questoin"); // the name, not the braces after it
    }

    @Test
    void completionOffersDeclaredVariablesPartialsDataVariablesAndHelpers() {
        EditorViewModel vm = open(ANSWER);
        String text = vm.text() + "{{qu";
        type(vm, text);
        assertThat(vm.completions(text.length()).items()).extracting(Completions.Item::label)
                .containsExactly("question");

        text = vm.text() + "{{";
        type(vm, text);
        assertThat(vm.completions(text.length()).items()).extracting(Completions.Item::label)
                .startsWith("question", "customer_name").contains("@root", "role", "media", "if");

        text = vm.text().substring(0, vm.text().length() - 2) + "{{> ";
        type(vm, text);
        assertThat(vm.completions(text.length()).items()).extracting(Completions.Item::label).containsExactly("rules");

        text = vm.text() + "{{#each items}}{{@i";
        type(vm, text);
        assertThat(vm.completions(text.length()).items()).extracting(Completions.Item::label).containsExactly("@index");
    }

    @Test
    void everyHelperCompletionOffersIsOneTheRendererKnows() {
        EditorViewModel vm = open(ANSWER);
        for (String helper : Completions.HELPERS.keySet()) {
            String call = Completions.BLOCK_HELPERS.contains(helper)
                    ? "{{#" + helper + " question question}}x{{/" + helper + "}}" : "{{" + helper + " question}}";
            type(vm, "---\ninput:\n  schema:\n    question: string\n---\n" + call + "\n");
            assertThat(vm.problems()).as(helper).noneSatisfy(p -> assertThat(p.message()).contains("unknown helper"));
        }
        type(vm, "{{shout question}}");
        assertThat(vm.problems()).anySatisfy(p -> assertThat(p.message()).contains("unknown helper"));
    }

    @Test
    void formInputsAndADatasetRowFeedThePreview() {
        EditorViewModel vm = open(ANSWER);
        vm.onInput("question", "Where is my parcel?");
        assertThat(vm.messages().get(1).text()).isEqualTo("Where is my parcel?");
        vm.onInput("question", "");
        assertThat(vm.messages().get(1).text()).isEqualTo("<question>");

        assertThat(vm.datasets()).containsExactly("questions");
        vm.onDatasetChosen("questions");
        assertThat(vm.rows()).hasSize(1);
        vm.onRowChosen(vm.rows().get(0));
        assertThat(vm.inputs()).containsEntry("question", "Where is my order?");
        assertThat(vm.messages().get(1).text()).isEqualTo("Where is my order?");
    }

    @Test
    void saveWritesTheFileAndCommitsItWithTheMessage() throws Exception {
        EditorViewModel vm = open(ANSWER);
        String text = vm.text().replace("Never", "Please never");
        type(vm, text.replace("support assistant", "kind assistant"));

        vm.onSave("Kinder voice");

        assertThat(vm.saveErrorProperty().get()).isEmpty();
        // Version 1 is the workspace's first commit; git counts the commits that touched the file.
        assertThat(vm.saveStatusProperty().get()).startsWith("saved version 2 (");
        assertThat(git(root, "log", "--format=%s", "--", ANSWER).lines()).containsExactly("Kinder voice",
                "Test workspace");
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(Files.readString(root.resolve(ANSWER))).contains("kind assistant");
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Kinder voice");
        assertThat(git(root, "status", "--porcelain", ANSWER)).isBlank();
    }

    @Test
    void aSaveWithoutAMessageIsRefusedAndNothingIsCommitted() throws Exception {
        EditorViewModel vm = open(ANSWER);
        type(vm, vm.text() + "More.\n");
        String head = git(root, "rev-parse", "HEAD");

        vm.onSave("  ");

        assertThat(vm.saveErrorProperty().get()).isEqualTo("Write a message saying what changed.");
        assertThat(git(root, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(vm.dirtyProperty().get()).isTrue();
    }

    @Test
    void aKeyInTheTextIsRefusedInlineMaskedAndTheFileOnDiskIsKept() throws Exception {
        EditorViewModel vm = open(ANSWER);
        String before = Files.readString(root.resolve(ANSWER));
        String key = "sk-" + "proj-" + "Zq3xT9bLk2Vw7Rn4Ys8Pd1Fh6Jm5Gc0Ae".repeat(2);
        type(vm, vm.text() + "Use " + key + " to call.\n");
        String head = git(root, "rev-parse", "HEAD");

        vm.onSave("Add the key");

        assertThat(vm.saveErrorProperty().get()).startsWith("refused to commit: prompts/answer.prompt:19: ")
                .contains("API key (sk-").doesNotContain(key);
        assertThat(git(root, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(Files.readString(root.resolve(ANSWER))).isEqualTo(before);
        assertThat(vm.dirtyProperty().get()).isTrue();
        assertThat(vm.text()).contains(key);
    }

    @Test
    void aRecoveryCopyKeepsUnsavedTextThroughACrashAndIsOfferedOnTheNextOpen() throws Exception {
        EditorViewModel first = open(ANSWER);
        String edited = first.text() + "Unsaved line.\n";
        type(first, edited);
        first.onKeepRecovery();
        Path copy = root.resolve(".studio/recovery/" + ANSWER);
        assertThat(copy).hasContent(edited);
        // The first editor is never closed: the process died.

        EditorViewModel next = open(ANSWER);
        assertThat(next.recoveryOfferProperty().get()).contains("answer.prompt").contains("restore");
        assertThat(next.text()).doesNotContain("Unsaved line.");
        assertThat(next.dirtyProperty().get()).isFalse();

        next.onRestoreRecovery();
        assertThat(next.documentProperty().get().text()).isEqualTo(edited);
        assertThat(next.dirtyProperty().get()).isTrue();
        assertThat(next.recoveryOfferProperty().get()).isEmpty();

        next.onSave("Recovered");
        assertThat(copy).doesNotExist();
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Recovered");
        assertThat(Files.readString(root.resolve(ANSWER))).endsWith("Unsaved line.\n");
    }

    @Test
    void discardingGoesBackToTheSavedTextAndDeletesTheRecoveryCopy() throws Exception {
        EditorViewModel vm = open(ANSWER);
        String saved = vm.text();
        type(vm, saved + "Scratch.\n");
        vm.onKeepRecovery();
        Path copy = root.resolve(".studio/recovery/" + ANSWER);
        assertThat(copy).exists();
        assertThat(vm.hasUnsavedChanges()).isTrue();

        vm.onDiscard();

        assertThat(vm.documentProperty().get().text()).isEqualTo(saved);
        assertThat(vm.hasUnsavedChanges()).isFalse();
        assertThat(copy).doesNotExist();
        assertThat(open(ANSWER).recoveryOfferProperty().get()).isEmpty();
    }

    @Test
    void aDeclinedRecoveryCopyIsDeleted() throws Exception {
        EditorViewModel first = open(ANSWER);
        type(first, first.text() + "Unsaved.\n");
        first.onKeepRecovery();

        EditorViewModel next = open(ANSWER);
        next.onDropRecovery();

        assertThat(root.resolve(".studio/recovery/" + ANSWER)).doesNotExist();
        assertThat(next.text()).doesNotContain("Unsaved.");
    }

    @Test
    void aFileThatCannotBeReadSaysSoWithItsPath() throws Exception {
        EditorViewModel vm = open("prompts/missing.prompt");
        assertThat(vm.loadErrorProperty().get()).isEqualTo("prompts/missing.prompt: file not found");
        assertThat(vm.loadedProperty().get()).isFalse();
    }

    @Test
    void anAnalysisThatArrivesAfterANewerOneIsDropped() {
        EditorViewModel vm = open(ANSWER);
        HeldTaskRunner runner = new HeldTaskRunner();
        EditorViewModel slow = new EditorViewModel(studio, runner, ANSWER);
        slow.onOpen();
        runner.complete(0); // the load, and the first analysis queued after it
        String older = vm.text() + "Older.\n";
        String newer = vm.text() + "Newer.\n";
        type(slow, older);
        type(slow, newer);

        runner.complete(runner.handedIn() - 1);
        assertThat(slow.analysisProperty().get().text()).isEqualTo(newer);
        runner.complete(runner.handedIn() - 2);
        assertThat(slow.analysisProperty().get().text()).isEqualTo(newer);
        assertThat(slow.messages().get(1).text()).endsWith("Newer.");
    }

    @Test
    void aChangeOnDiskReloadsAnEditorWithoutUnsavedChanges() throws Exception {
        EditorViewModel vm = open(ANSWER);
        long serial = vm.documentProperty().get().serial();
        String changed = Files.readString(root.resolve(ANSWER)).replace("support assistant", "shop assistant");
        Files.writeString(root.resolve(ANSWER), changed);

        vm.onChangedOnDisk();

        assertThat(vm.documentProperty().get().text()).isEqualTo(changed);
        assertThat(vm.documentProperty().get().serial()).isGreaterThan(serial);
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(vm.diskNoticeProperty().get()).isEmpty();
        assertThat(vm.messages().get(0).text()).startsWith("You are a shop assistant.");
        assertThat(vm.isSettled()).isTrue();
    }

    @Test
    void aChangeOnDiskKeepsUnsavedTextAndSaysSoInTheTitle() throws Exception {
        EditorViewModel vm = open(ANSWER);
        String typed = vm.text() + "Typed here.\n";
        type(vm, typed);
        String changed = Files.readString(root.resolve(ANSWER)).replace("support assistant", "shop assistant");
        Files.writeString(root.resolve(ANSWER), changed);

        vm.onChangedOnDisk();

        assertThat(vm.text()).isEqualTo(typed);
        assertThat(vm.dirtyProperty().get()).isTrue();
        assertThat(vm.diskNoticeProperty().get()).startsWith(ANSWER + " changed on disk. Your text is kept");
        assertThat(vm.titleProperty().get())
                .isEqualTo("answer.prompt" + EditorViewModel.DIRTY_MARK + EditorViewModel.CHANGED_ON_DISK);

        // Discard shows the file as it is now, not as it was first read.
        vm.onDiscard();
        assertThat(vm.text()).isEqualTo(changed);
        // The disk differs from the last commit: still something to save (finding 4 of issue 11's trial).
        assertThat(vm.titleProperty().get()).isEqualTo("answer.prompt" + EditorViewModel.NOT_COMMITTED);
        assertThat(vm.canSaveProperty().get()).isTrue();
    }

    @Test
    void theEditorsOwnSaveIsNoChangeOnDisk() throws Exception {
        EditorViewModel vm = open(ANSWER);
        type(vm, vm.text() + "Saved line.\n");
        vm.onSave("Add a line");
        long serial = vm.documentProperty().get().serial();

        vm.onChangedOnDisk(); // the watcher reports the editor's own write

        assertThat(vm.documentProperty().get().serial()).isEqualTo(serial);
        assertThat(vm.diskNoticeProperty().get()).isEmpty();
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Add a line");
    }

    static final String BROKEN = """
            ---
            input:
              schema:
                question: string
            ---
            {{#if question}}
            Hi {{qq}}, about {{question}}:
            {{> nosuch}}
            """;

    @Test
    void everyProblemTheRenderFindsIsListedParseErrorsFirstThenNamesThenWarnings() throws Exception {
        // Finding 2 of issue 11's trial: the unclosed {{#if}} was left out once a missing partial was found.
        Files.writeString(root.resolve("prompts/broken.prompt"), BROKEN);
        EditorViewModel vm = open("prompts/broken.prompt");

        assertThat(vm.problems()).extracting(Problem::severity).containsExactly(Problem.Severity.ERROR,
                Problem.Severity.ERROR, Problem.Severity.WARNING);
        Problem unclosed = vm.problems().get(0);
        assertThat(unclosed.describe()).startsWith("prompts/broken.prompt:6:1: unclosed block {{#if}}");
        Problem partial = vm.problems().get(1);
        assertThat(partial.line()).isEqualTo(8);
        assertThat(partial.message()).contains("nosuch");
        Problem undeclared = vm.problems().get(2);
        assertThat(undeclared.line()).isEqualTo(7);
        assertThat(undeclared.column()).isEqualTo(6); // the variable's name, as `studio render` places it
        assertThat(undeclared.message()).contains("qq");
        // Each has a marker at its place in the text.
        String text = vm.text();
        assertThat(vm.analysisProperty().get().markers()).hasSize(3).extracting(m -> text.substring(m.start(), m.end()))
                .containsExactly("{{#if question}}", "{{> nosuch}}", "qq");
        assertThat(vm.messages()).isEmpty();
    }

    @Test
    void aFileChangedOnDiskButNotCommittedCanBeSavedAndSavingCommitsIt() throws Exception {
        // Finding 4 of issue 11's trial: "Save is a commit", so a file edited with sed is not "clean".
        Path file = root.resolve(ANSWER);
        Files.writeString(file, Files.readString(file) + "Edited with sed.\n");
        HeldTaskRunner runner = new HeldTaskRunner();
        EditorViewModel vm = new EditorViewModel(studio, runner, ANSWER);
        vm.onOpen();
        runner.complete(0); // the load; it queues the analysis and the commit check
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(vm.canSaveProperty().get()).isFalse(); // not known yet
        int done = drain(runner, 1);
        assertThat(vm.uncommittedProperty().get()).isTrue();
        assertThat(vm.canSaveProperty().get()).isTrue();
        assertThat(vm.titleProperty().get()).isEqualTo("answer.prompt" + EditorViewModel.NOT_COMMITTED);

        vm.onSave("Edited outside");
        done = drain(runner, done);

        assertThat(vm.saveStatusProperty().get()).startsWith("saved");
        assertThat(vm.uncommittedProperty().get()).isFalse();
        assertThat(vm.canSaveProperty().get()).isFalse();
        assertThat(vm.titleProperty().get()).isEqualTo("answer.prompt");
        assertThat(git(root, "log", "-1", "--format=%s").strip()).isEqualTo("Edited outside");
        assertThat(git(root, "status", "--porcelain", "--", ANSWER).strip()).isEmpty();

        // A later change on disk (another editor) is noticed the same way.
        Files.writeString(file, Files.readString(file) + "Again.\n");
        vm.onChangedOnDisk();
        drain(runner, done);
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(vm.canSaveProperty().get()).isTrue();
    }

    /** Runs the jobs handed in from {@code from} on (and those they hand in); returns how many ran in all. */
    static int drain(HeldTaskRunner runner, int from) {
        int i = from;
        for (; i < runner.handedIn(); i++) runner.complete(i);
        return i;
    }
}

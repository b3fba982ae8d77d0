package org.promptstudio.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.shell.WorkspaceNode.Kind;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.common.Theme;

/** The shell without a window: tree, tabs, file actions, changes on disk, theme and recent workspaces. */
class ShellViewModelTest {

    @TempDir
    Path root;

    @TempDir
    Path config;

    ShellViewModel vm;
    final Notifications notifications = new Notifications();
    ShellPreferences preferences;

    @BeforeEach
    void open() {
        TestWorkspace.create(root);
        preferences = new ShellPreferences(config.resolve("window.properties"));
        vm = new ShellViewModel(Studio.open(root), TaskRunner.callingThread(), notifications, preferences);
        vm.onLoad();
    }

    @Test
    void aNoticeAboutAPreconditionGoesOnceItIsMet() {
        Path other = config.resolve("workspace");
        TestWorkspace.create(other);
        vm = new ShellViewModel(Studio.open(other), TaskRunner.callingThread(), notifications, preferences, kind -> true);
        vm.onLoad();
        // the trial: "Select a prompt in the tree (or open one) first." stayed after a prompt was selected
        vm.onShowHistory();
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .containsExactly("Select a prompt in the tree (or open one) first.");
        vm.onSelect(group("Datasets").children().get(0));
        assertThat(notifications.notices()).as("a dataset is no prompt: still asked for").hasSize(1);
        vm.onSelect(group("Prompts").children().get(0));
        assertThat(notifications.notices()).isEmpty();

        // rename, duplicate and delete ask for a prompt or file the same way
        vm.onSelect(null);
        vm.onDuplicate();
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .containsExactly("Select a prompt or a file in the tree first.");
        vm.onSelect(group("Datasets").children().get(0));
        assertThat(notifications.notices()).isEmpty();
        // met already: nothing to say
        vm.onShowHistory();
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .doesNotContain("Select a prompt or a file in the tree first.");
    }

    @Test
    void treeHasTheFourGroupsInOrder() {
        assertThat(vm.groups()).extracting(WorkspaceNode::label)
                .containsExactly("Prompts", "Datasets", "Experiments", "Docs");
        assertThat(vm.groups()).extracting(WorkspaceNode::kind).containsOnly(Kind.GROUP);
    }

    @Test
    void promptsShowVariantsUnderTheirPromptAndPartialsMarked() {
        List<WorkspaceNode> prompts = group("Prompts").children();
        assertThat(prompts).extracting(WorkspaceNode::label, WorkspaceNode::kind, WorkspaceNode::tag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("answer", Kind.PROMPT, ""),
                        org.assertj.core.groups.Tuple.tuple("broken", Kind.PROMPT, ""),
                        org.assertj.core.groups.Tuple.tuple("picture", Kind.PROMPT, ""),
                        org.assertj.core.groups.Tuple.tuple("rules", Kind.PARTIAL, "partial"));
        WorkspaceNode answer = prompts.get(0);
        assertThat(answer.children()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Kind.VARIANT);
            assertThat(v.label()).isEqualTo("formal");
            assertThat(v.prompt().id()).isEqualTo("answer.formal");
            assertThat(v.tag()).isEqualTo("variant");
        });
        assertThat(group("Prompts").tag()).isEqualTo("4");
    }

    @Test
    void aVariantWithoutItsBasePromptStillAppears() throws Exception {
        Files.writeString(root.resolve("prompts/greet.casual.prompt"), "Hey {{name}}!");
        vm.onLoad();
        WorkspaceNode greet = group("Prompts").children().stream().filter(n -> n.label().equals("greet"))
                .findFirst().orElseThrow();
        assertThat(greet.isPrompt()).isFalse();
        assertThat(greet.tag()).isEqualTo("no base prompt");
        assertThat(greet.children()).extracting(n -> n.prompt().id()).containsExactly("greet.casual");
    }

    @Test
    void fileGroupsListFilesWithNestedFolders() {
        assertThat(group("Datasets").children()).extracting(WorkspaceNode::label).containsExactly("questions.jsonl");
        assertThat(group("Experiments").children()).extracting(WorkspaceNode::label).containsExactly("compare.yaml");
        List<WorkspaceNode> docs = group("Docs").children();
        assertThat(docs).extracting(WorkspaceNode::label, WorkspaceNode::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("guides", Kind.FOLDER),
                org.assertj.core.groups.Tuple.tuple("faq.md", Kind.FILE));
        assertThat(docs.get(0).children()).singleElement()
                .satisfies(n -> assertThat(n.path()).isEqualTo("docs/guides/setup.md"));
        assertThat(group("Docs").tag()).isEqualTo("2");
    }

    @Test
    void titleAndStatusNameTheWorkspaceAndCountPrompts() {
        assertThat(vm.titleProperty().get()).isEqualTo("Prompt Studio — " + root.getFileName());
        assertThat(vm.workspacePathProperty().get()).isEqualTo(root.toAbsolutePath().normalize().toString());
        assertThat(vm.promptCountProperty().get()).isEqualTo("4 prompts · 1 partial");
        assertThat(vm.loadErrorProperty().get()).isEmpty();
    }

    @Test
    void aWorkspaceWithoutFoldersHasEmptyGroups(@TempDir Path bare) throws Exception {
        Files.writeString(bare.resolve("studio.yaml"), "");
        ShellViewModel empty = new ShellViewModel(Studio.open(bare), TaskRunner.callingThread(), new Notifications(),
                preferences);
        empty.onLoad();
        assertThat(empty.groups()).allSatisfy(g -> assertThat(g.children()).isEmpty());
        assertThat(empty.promptCountProperty().get()).isEqualTo("0 prompts · 0 partials");
    }

    @Test
    void selectingAPromptOrFileOpensItInATabOnceAndAGroupOpensNothing() {
        vm.onSelect(vm.findPrompt("answer").orElseThrow());
        vm.onSelect(group("Docs").children().get(1));
        vm.onSelect(vm.findPrompt("answer").orElseThrow());
        vm.onSelect(group("Docs"));

        assertThat(vm.tabs()).extracting(t -> t.document().path())
                .containsExactly("prompts/answer.prompt", "docs/faq.md");
        assertThat(vm.tabs().get(0).document().prompt().id()).isEqualTo("answer");
        assertThat(vm.activeTabProperty().get().document().path()).isEqualTo("prompts/answer.prompt");
        assertThat(vm.selectedProperty().get().label()).isEqualTo("Docs");

        vm.onCloseTab(vm.tabs().get(0));
        assertThat(vm.activeTabProperty().get().document().path()).isEqualTo("docs/faq.md");
    }

    @Test
    void aNewPromptIsCreatedFromItsNameListedAndOpened() {
        vm.onNewPrompt();
        assertThat(vm.questionProperty().get().id()).isEqualTo("newPrompt");
        vm.onAnswer("  ");
        assertThat(vm.questionProperty().get()).as("a blank name is not an answer").isNotNull();

        vm.onAnswer("greet");

        assertThat(vm.questionProperty().get()).isNull();
        assertThat(root.resolve("prompts/greet.prompt")).content().contains("{{role \"system\"}}");
        assertThat(vm.findPrompt("greet")).isPresent();
        assertThat(vm.activeTabProperty().get().document().path()).isEqualTo("prompts/greet.prompt");
        assertThat(vm.promptCountProperty().get()).isEqualTo("5 prompts · 1 partial");
    }

    @Test
    void aNewDatasetAndExperimentGetTheirFolderAndExtension() {
        vm.onNewDataset();
        vm.onAnswer("faq");
        vm.onNewExperiment();
        vm.onAnswer("compare-two.yaml");

        assertThat(root.resolve("datasets/faq.jsonl")).exists();
        assertThat(root.resolve("experiments/compare-two.yaml")).content().contains("prompt: answer");
        assertThat(group("Datasets").children()).extracting(WorkspaceNode::label)
                .containsExactly("faq.jsonl", "questions.jsonl");
    }

    @Test
    void aNameThatExistsIsRefusedWithANoticeAndNothingIsOverwritten() throws Exception {
        vm.onNewPrompt();
        vm.onAnswer("answer");

        assertThat(notifications.notices()).singleElement().satisfies(n -> assertThat(n.message())
                .isEqualTo("Cannot create prompts/answer: prompts/answer.prompt: already exists"));
        assertThat(root.resolve("prompts/answer.prompt")).content().contains("name: answer");
    }

    @Test
    void renameDuplicateAndDeleteActOnTheSelectionAndItsTab() {
        vm.onSelect(group("Datasets").children().get(0));
        vm.onDuplicate();
        assertThat(root.resolve("datasets/questions-copy.jsonl")).exists();
        assertThat(vm.activeTabProperty().get().document().path()).isEqualTo("datasets/questions-copy.jsonl");

        vm.onRename();
        assertThat(vm.questionProperty().get().initial()).isEqualTo("questions-copy.jsonl");
        vm.onAnswer("more");
        assertThat(root.resolve("datasets/more.jsonl")).exists();
        assertThat(root.resolve("datasets/questions-copy.jsonl")).doesNotExist();
        assertThat(vm.tabs()).extracting(t -> t.document().path()).containsExactly("datasets/questions.jsonl",
                "datasets/more.jsonl");

        vm.onDelete();
        assertThat(vm.questionProperty().get().wantsText()).isFalse();
        vm.onCancelQuestion();
        assertThat(root.resolve("datasets/more.jsonl")).exists();
        vm.onDelete();
        vm.onAnswer(null);
        assertThat(root.resolve("datasets/more.jsonl")).doesNotExist();
        assertThat(vm.tabs()).extracting(t -> t.document().path()).containsExactly("datasets/questions.jsonl");
        assertThat(group("Datasets").children()).extracting(WorkspaceNode::label).containsExactly("questions.jsonl");
    }

    @Test
    void renamingAPromptWithoutSavedVersionsMovesTheFile() {
        vm.onSelect(vm.findPrompt("broken").orElseThrow());
        vm.onRename();
        assertThat(vm.questionProperty().get().initial()).isEqualTo("broken");
        vm.onAnswer("fixed");
        assertThat(root.resolve("prompts/fixed.prompt")).exists();
        assertThat(vm.findPrompt("fixed")).isPresent();
        assertThat(vm.findPrompt("broken")).isEmpty();
    }

    @Test
    void withNothingSelectedRenameSaysWhatToDo() {
        vm.onRename();
        assertThat(vm.questionProperty().get()).isNull();
        assertThat(notifications.notices()).singleElement().satisfies(n ->
                assertThat(n.message()).isEqualTo("Select a prompt or a file in the tree first."));
    }

    @Test
    void filesChangedOnDiskAreListedAnOpenTabReloadsAndADeletedOneSaysSo() throws Exception {
        vm.onSelect(vm.findPrompt("answer").orElseThrow());
        vm.onSelect(group("Docs").children().get(1));
        OpenTab answer = vm.tabs().get(0);
        OpenTab faq = vm.tabs().get(1);

        Files.writeString(root.resolve("prompts/extra.prompt"), "Hi {{name}}");
        Files.writeString(root.resolve("docs/faq.md"), "# FAQ\nShipping is free.\n");
        Files.delete(root.resolve("prompts/answer.prompt"));
        vm.onFilesChanged(List.of("docs/faq.md", "prompts/answer.prompt", "prompts/extra.prompt"));

        assertThat(vm.findPrompt("extra")).isPresent();
        assertThat(answer.deletedProperty().get()).isTrue();
        assertThat(answer.titleProperty().get()).isEqualTo("answer.prompt (deleted)");
        assertThat(faq.deletedProperty().get()).isFalse();
        assertThat(faq.changesProperty().get()).isEqualTo(1);
        assertThat(vm.tabs()).hasSize(2);

        Files.writeString(root.resolve("prompts/answer.prompt"), "back again");
        vm.onFilesChanged(List.of("prompts/answer.prompt"));
        assertThat(answer.deletedProperty().get()).isFalse();
        assertThat(answer.titleProperty().get()).isEqualTo("answer.prompt");
        assertThat(answer.changesProperty().get()).isEqualTo(1);
        assertThat(faq.changesProperty().get()).isEqualTo(1);
    }

    @Test
    void theThemeIsRememberedInTheConfigFolderNotTheWorkspace() {
        vm.onTheme(Theme.DARK);
        assertThat(vm.themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(preferences.file()).content().contains("theme=dark");
        assertThat(preferences.file().startsWith(root)).isFalse();
        assertThat(root.resolve(".studio")).doesNotExist();
        ShellViewModel again = new ShellViewModel(Studio.open(root), TaskRunner.callingThread(), new Notifications(),
                preferences);
        assertThat(again.themeProperty().get()).isEqualTo(Theme.DARK);
    }

    @Test
    void anOpenedWorkspaceBecomesTheFirstRecentOneAndOnlyAWorkspaceCanBeOpened(@TempDir Path other) throws Exception {
        vm.onOpened();
        assertThat(vm.recent()).containsExactly(root.toAbsolutePath().normalize());

        vm.onOpenWorkspace(other);
        assertThat(vm.openRequestProperty().get()).isNull();
        assertThat(notifications.notices().get(0).message()).startsWith(other + " is not a workspace (no studio.yaml)");

        Files.writeString(other.resolve("studio.yaml"), "");
        vm.onOpenWorkspace(other);
        assertThat(vm.openRequestProperty().get()).isEqualTo(other.toAbsolutePath().normalize());
    }

    @Test
    void everyActionHasAUniqueIdAndThePaletteShortcutIsCtrlShiftP() {
        assertThat(vm.actions()).extracting(ShellAction::id).doesNotHaveDuplicates()
                .contains("newPrompt", "newDataset", "newExperiment", "rename", "duplicate", "delete",
                        "openWorkspace", "commandPalette", "lightTheme", "darkTheme");
        ShellAction palette = vm.actions().stream().filter(a -> a.id().equals("commandPalette")).findFirst().orElseThrow();
        assertThat(palette.shortcut()).isEqualTo("Shortcut+Shift+P");
        long before = vm.paletteRequestsProperty().get();
        palette.run().run();
        assertThat(vm.paletteRequestsProperty().get()).isEqualTo(before + 1);
    }

    @Test
    void aViewNotPluggedInYetIsSaidSoAndOpensNoTab() {
        vm.onSelect(vm.findPrompt("answer").orElseThrow());
        vm.onShowHistory();
        vm.onShowSettings();
        vm.onCompareVersions();

        assertThat(notifications.notices()).extracting(Notifications.Notice::message).containsExactly(
                "History is not available yet.", "Settings is not available yet.", "Diff is not available yet.");
        assertThat(vm.tabs()).extracting(OpenTab::key).containsExactly("prompts/answer.prompt");
    }

    @Test
    void viewsOpenOneTabPerKeyForTheActivePrompt() {
        ShellViewModel views = new ShellViewModel(Studio.open(root), TaskRunner.callingThread(), notifications,
                preferences, kind -> true);
        views.onLoad();
        views.onShowHistory();
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .containsExactly("Select a prompt in the tree (or open one) first.");
        assertThat(views.tabs()).isEmpty();

        views.onSelect(views.findPrompt("answer.formal").orElseThrow());
        views.onShowHistory();
        views.onShowSettings();
        views.onActivateTab(views.tabs().get(0));
        views.onShowHistory(); // the same key: brought forward, not opened twice
        views.onCompareVersions();

        assertThat(views.tabs()).extracting(OpenTab::key).containsExactly("prompts/answer.formal.prompt",
                "history:answer.formal", "settings", "diff:answer.formal");
        assertThat(views.tabs()).extracting(t -> t.titleProperty().get()).containsExactly("answer.formal.prompt",
                "History \u2014 answer.formal", "Settings", "Diff \u2014 answer.formal");
        assertThat(views.activeTabProperty().get().view()).isEqualTo(ViewKey.diff("answer.formal", List.of()));
        assertThat(ViewKey.diff("answer", List.of("1", "2")).id()).isEqualTo("diff:answer@1,2");
    }

    @Test
    void goDashboardsOpensTheDashboardsOnce() {
        ShellViewModel views = new ShellViewModel(Studio.open(root), TaskRunner.callingThread(), notifications,
                preferences, kind -> true);
        ShellAction go = views.actions().stream().filter(a -> a.id().equals("dashboards")).findFirst().orElseThrow();
        go.run().run();
        go.run().run();
        assertThat(go.menu()).isEqualTo("Go");
        assertThat(go.shortcut()).isEqualTo("Shortcut+Shift+M");
        assertThat(views.tabs()).extracting(OpenTab::key).containsExactly("dashboards");
        assertThat(views.tabs().get(0).titleProperty().get()).isEqualTo("Dashboards");
    }

    @Test
    void theDocsGroupAndGoDocumentsOpenTheDocumentsViewOnce() {
        ShellViewModel views = new ShellViewModel(Studio.open(root), TaskRunner.callingThread(), notifications,
                preferences, kind -> true);
        views.onLoad();
        WorkspaceNode docs = views.groups().stream().filter(g -> g.path().equals("docs")).findFirst().orElseThrow();

        views.onSelect(docs);
        ShellAction go = views.actions().stream().filter(a -> a.id().equals("documents")).findFirst().orElseThrow();
        go.run().run();

        assertThat(go.menu()).isEqualTo("Go");
        assertThat(go.shortcut()).isEqualTo("Shortcut+Shift+O");
        assertThat(views.tabs()).extracting(OpenTab::key).containsExactly("documents");
        assertThat(views.tabs().get(0).titleProperty().get()).isEqualTo("Documents");
        // without the view (a window that has none), selecting the group opens nothing and says nothing
        vm.onLoad();
        vm.onSelect(group(docs.label()));
        assertThat(vm.tabs()).isEmpty();
        assertThat(notifications.notices()).isEmpty();
    }

    @Test
    void aViewAsksForAFileAndItOpensInItsTab() throws Exception {
        vm.onOpenPath("prompts/answer.prompt");
        assertThat(vm.activeTabProperty().get().document().prompt().id()).isEqualTo("answer");
        assertThat(vm.selectedProperty().get().path()).isEqualTo("prompts/answer.prompt");

        // A file the tree has not listed yet (a merge just wrote it) is found by listing again.
        Files.writeString(root.resolve("prompts/merged.prompt"), "Hi\n");
        vm.onOpenPath("prompts/merged.prompt");
        assertThat(vm.activeTabProperty().get().key()).isEqualTo("prompts/merged.prompt");

        vm.onOpenPath("prompts/none.prompt");
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .containsExactly("prompts/none.prompt: no such file in the workspace.");
    }

    @Test
    void theCloseGuardKeepsATabTheWindowAndTheWorkspaceOpen() throws Exception {
        vm.onOpen(vm.find("prompts/answer.prompt").orElseThrow());
        vm.onOpen(vm.find("docs/faq.md").orElseThrow());
        java.util.List<String> asked = new java.util.ArrayList<>();
        boolean[] allow = {false};
        vm.setCloseGuard(tab -> {
            asked.add(tab.key());
            return allow[0] || !tab.key().endsWith(".prompt");
        });

        vm.onCloseTab(vm.tabs().get(0));
        long quits = vm.quitRequestsProperty().get();
        vm.onQuit();
        Path other = Files.createDirectories(config.resolve("other"));
        Files.writeString(other.resolve("studio.yaml"), "# other\n");
        vm.onOpenWorkspace(other);

        assertThat(vm.tabs()).extracting(OpenTab::key).containsExactly("prompts/answer.prompt", "docs/faq.md");
        assertThat(vm.quitRequestsProperty().get()).isEqualTo(quits);
        assertThat(vm.openRequestProperty().get()).isNull();
        assertThat(asked).containsExactly("prompts/answer.prompt", "prompts/answer.prompt", "prompts/answer.prompt");

        allow[0] = true;
        assertThat(vm.mayCloseAll()).isTrue();
        vm.onQuit();
        assertThat(vm.quitRequestsProperty().get()).isEqualTo(quits + 1);
    }

    /** Quitting asks every tab first: a Discard on one tab is applied only when no later tab says Cancel. */
    @Test
    void aDiscardIsAppliedOnlyWhenEveryTabLetsTheWindowClose() throws Exception {
        vm.onOpen(vm.findPrompt("answer").orElseThrow());
        vm.onOpen(vm.find("docs/faq.md").orElseThrow());
        java.util.List<String> discarded = new java.util.ArrayList<>();
        boolean[] secondCancels = {true};
        vm.setCloseAsker(tab -> tab.key().endsWith(".prompt")
                ? java.util.Optional.of(() -> discarded.add(tab.key()))
                : secondCancels[0] ? java.util.Optional.empty() : java.util.Optional.of(() -> { }));

        long quits = vm.quitRequestsProperty().get();
        vm.onQuit();
        assertThat(vm.quitRequestsProperty().get()).isEqualTo(quits);
        assertThat(discarded).as("nothing discarded while a later tab kept the window").isEmpty();

        secondCancels[0] = false;
        vm.onQuit();
        assertThat(vm.quitRequestsProperty().get()).isEqualTo(quits + 1);
        assertThat(discarded).containsExactly("prompts/answer.prompt");
    }

    private WorkspaceNode group(String label) {
        return vm.groups().stream().filter(g -> g.label().equals(label)).findFirst().orElseThrow();
    }

    /** The file watchers' threads alive now (FileWatcher names them so). */
    private static java.util.Set<Thread> watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("studio-file-watcher") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aWatcherThatFinishesStartingAfterTheShellClosedIsClosed() throws Exception {
        java.util.Set<Thread> before = watcherThreads();
        ShellViewModel[] shell = new ShellViewModel[1];
        // The workspace switch closes the shell while the job still walks the tree, and the closed scope drops the
        // job's result: neither handler is ever told (ScopedTaskRunner).
        TaskRunner switchedDuringTheWalk = new TaskRunner() {
            @Override
            public <T> org.promptstudio.ui.common.TaskHandle run(String title, Job<? extends T> job,
                    java.util.function.Consumer<? super T> onSuccess,
                    java.util.function.Consumer<? super Throwable> onFailure) {
                return TaskRunner.callingThread().run(title, progress -> {
                    shell[0].onClose();
                    return job.call(progress);
                }, dropped -> { }, dropped -> { });
            }

            @Override
            public javafx.collections.ObservableList<org.promptstudio.ui.common.TaskHandle> running() {
                return javafx.collections.FXCollections.observableArrayList();
            }
        };
        try (Studio studio = Studio.open(root)) {
            shell[0] = new ShellViewModel(studio, switchedDuringTheWalk, new Notifications(), preferences);

            shell[0].onWatch();

            java.util.Set<Thread> left = watcherThreads();
            left.removeAll(before);
            for (Thread t : left) t.join(60_000); // a closed watcher ends at once; the bound only ends a failing run
            assertThat(left).noneMatch(Thread::isAlive);
        }
    }
}

package org.promptstudio.ui.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.workspace.WorkspaceNode.Kind;
import org.promptstudio.ui.workspace.WorkspaceViewModel.Detail;

class WorkspaceViewModelTest {

    @TempDir
    Path root;

    WorkspaceViewModel vm;

    @BeforeEach
    void open() {
        TestWorkspace.create(root);
        vm = new WorkspaceViewModel(Studio.open(root), TaskRunner.callingThread());
        vm.onLoad();
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
    void selectingAPromptShowsItInThePromptPane() {
        vm.onSelect(vm.findPrompt("answer").orElseThrow());
        assertThat(vm.detailProperty().get()).isEqualTo(Detail.PROMPT);
        assertThat(vm.prompt().titleProperty().get()).isEqualTo("answer");
        assertThat(vm.prompt().messages()).isNotEmpty();
    }

    @Test
    void selectingAFileOrPartialShowsItsText() {
        vm.onSelect(group("Docs").children().get(1));
        assertThat(vm.detailProperty().get()).isEqualTo(Detail.FILE);
        assertThat(vm.file().titleProperty().get()).isEqualTo("docs/faq.md");
        assertThat(vm.file().contentProperty().get().text()).contains("Shipping takes two days.");

        WorkspaceNode partial = group("Prompts").children().get(3);
        vm.onSelect(partial);
        assertThat(vm.file().titleProperty().get()).isEqualTo("prompts/_rules.prompt");
        assertThat(vm.file().contentProperty().get().text()).isEqualTo("Never invent policy.\n");
    }

    @Test
    void selectingAGroupKeepsWhatIsShown() {
        vm.onSelect(vm.findPrompt("answer").orElseThrow());
        vm.onSelect(group("Docs"));
        assertThat(vm.detailProperty().get()).isEqualTo(Detail.PROMPT);
        assertThat(vm.selectedProperty().get().label()).isEqualTo("Docs");
    }

    @Test
    void aWorkspaceWithoutFoldersHasEmptyGroups(@TempDir Path bare) throws Exception {
        Files.writeString(bare.resolve("studio.yaml"), "");
        WorkspaceViewModel empty = new WorkspaceViewModel(Studio.open(bare), TaskRunner.callingThread());
        empty.onLoad();
        assertThat(empty.groups()).allSatisfy(g -> assertThat(g.children()).isEmpty());
        assertThat(empty.promptCountProperty().get()).isEqualTo("0 prompts · 0 partials");
    }

    private WorkspaceNode group(String label) {
        return vm.groups().stream().filter(g -> g.label().equals(label)).findFirst().orElseThrow();
    }
}

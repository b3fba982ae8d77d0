package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;
import org.promptstudio.testsupport.FolderSnapshot;
import org.promptstudio.testsupport.ReadOnlyFolder;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.WorkspaceException;

class StudioInitTest {

    private static final List<String> EMPTY_LAYOUT = List.of(".gitignore", "datasets/.gitkeep", "docs/.gitkeep",
            "experiments/.gitkeep", "exports/.gitkeep", "prompts/.gitkeep", "studio.yaml");

    @TempDir
    Path tmp;

    @Test
    void initCreatesTheLayoutAsOneCommitThatGitReads() {
        Path dir = tmp.resolve("team/prompts-ws");

        NewWorkspace created = Studio.init(dir, "Team prompts");

        assertThat(created.root()).isEqualTo(dir);
        assertThat(created.name()).isEqualTo("Team prompts");
        assertThat(lines(git(dir, "log", "--oneline")))
                .containsExactly(created.commit() + " Create workspace Team prompts");
        assertThat(lines(git(dir, "ls-files"))).containsExactlyElementsOf(EMPTY_LAYOUT);
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        git(dir, "fsck", "--strict");
        assertThat(dir.resolve(".gitignore")).hasContent(".studio/");
        assertThat(Studio.open(dir).workspace().name()).isEqualTo("Team prompts");
    }

    @Test
    void withoutANameTheWorkspaceIsCalledAfterItsFolder() {
        NewWorkspace created = Studio.init(tmp.resolve("support"), null);

        assertThat(created.name()).isEqualTo("support");
        assertThat(git(created.root(), "log", "--format=%s").strip()).isEqualTo("Create workspace support");
    }

    @Test
    void initFillsAnEmptyFolderThatAlreadyExists() {
        NewWorkspace created = Studio.init(tmp, "here");

        assertThat(lines(git(tmp, "ls-files"))).containsExactlyElementsOf(EMPTY_LAYOUT);
        assertThat(created.root()).isEqualTo(tmp);
    }

    @Test
    void aFolderWithFilesIsRefusedUntouched() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        Map<String, String> before = FolderSnapshot.of(tmp);

        assertThatThrownBy(() -> Studio.init(tmp, "x"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage(tmp + ": not empty; give a new or empty folder");
        assertThat(FolderSnapshot.of(tmp)).isEqualTo(before);
    }

    @Test
    void aWorkspaceIsRefusedUntouched() {
        Studio.init(tmp, "first");
        Map<String, String> before = FolderSnapshot.of(tmp);

        assertThatThrownBy(() -> Studio.init(tmp, "second"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage(tmp + ": already a workspace (it has studio.yaml)");
        assertThat(FolderSnapshot.of(tmp)).isEqualTo(before);
        assertThat(lines(git(tmp, "log", "--format=%s"))).containsExactly("Create workspace first");
    }

    @Test
    void aFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("ws"), "not a folder");

        assertThatThrownBy(() -> Studio.init(file, null))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage(file + ": exists and is not a folder");
        assertThat(file).hasContent("not a folder");
    }

    @Test
    void aParentThatCannotBeWrittenIsRefusedAndNothingIsCreated() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("locked"));
        Path dir = parent.resolve("deeper/ws");

        try (ReadOnlyFolder readOnly = ReadOnlyFolder.make(parent)) {
            assertThatThrownBy(() -> Studio.init(dir, null))
                    .isInstanceOf(WorkspaceException.class)
                    .hasMessage(dir + ": cannot be created, " + parent + " cannot be written");
        }
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void anUnknownSampleIsRefusedWithTheKnownOnesAndNothingIsCreated() {
        Path dir = tmp.resolve("ws");

        assertThatThrownBy(() -> Studio.initFromSample("no-such-sample", dir))
                .isInstanceOf(StudioException.class)
                .hasMessageStartingWith("unknown sample 'no-such-sample' (known: ")
                .hasMessageContaining("support-assistant")
                .hasMessageContaining("tiny");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aSampleIsCopiedCompletedAndCommitted() throws Exception {
        Path dir = tmp.resolve("ws");

        NewWorkspace created = Studio.initFromSample("tiny", dir);

        assertThat(created.name()).isEqualTo("Tiny sample");
        assertThat(lines(git(dir, "log", "--format=%s"))).containsExactly("Create workspace Tiny sample");
        assertThat(lines(git(dir, "ls-files"))).containsExactly(".gitignore", "datasets/greetings.jsonl",
                "docs/about.md", "experiments/.gitkeep", "exports/.gitkeep", "prompts/hello.prompt", "studio.yaml");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        git(dir, "fsck", "--strict");
        Path source = Path.of(getClass().getResource("/samples/tiny/prompts/hello.prompt").toURI());
        assertThat(dir.resolve("prompts/hello.prompt")).hasSameBinaryContentAs(source);
        Studio studio = Studio.open(dir);
        assertThat(studio.workspace().config().defaults().dataset()).isEqualTo("greetings");
        assertThat(studio.prompts().list()).hasSize(1);
        assertThat(studio.datasets().find("greetings").orElseThrow().cases()).hasSize(2);
    }

    @Test
    void aSampleCanBeGivenAnotherName() throws Exception {
        NewWorkspace created = Studio.initFromSample("tiny", tmp.resolve("ws"), "Mine");

        assertThat(created.name()).isEqualTo("Mine");
        assertThat(Studio.open(created.root()).workspace().name()).isEqualTo("Mine");
        assertThat(Files.readString(created.root().resolve("studio.yaml")))
                .startsWith("# A tiny sample for the tests.\nname: \"Mine\"\ndescription: One prompt, one dataset.\n");
        assertThat(git(created.root(), "log", "--format=%s").strip()).isEqualTo("Create workspace Mine");
    }

    @Test
    void anEmptyNameOrOneOfSeveralLinesIsRefused() {
        for (String name : new String[] {"two\nlines", " "}) {
            assertThatThrownBy(() -> Studio.init(tmp.resolve("ws"), name))
                    .isInstanceOf(StudioException.class)
                    .hasMessage("the workspace name must be one line of text, and not empty");
        }
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void samplesListsTheBundledSamples() {
        assertThat(Studio.samples()).contains("support-assistant", "tiny").isSorted();
    }

    @Test
    void everySampleShippedWithTheStudioOpensWithCleanDatasets() throws IOException {
        Path shipped = Path.of(System.getProperty("studio.sample.dir", "sample-workspaces"));
        List<String> names;
        try (Stream<Path> dirs = Files.list(shipped)) {
            names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).isNotEmpty();
        for (String name : names) {
            NewWorkspace created = Studio.initFromSample(name, tmp.resolve(name));
            Studio studio = Studio.open(created.root());
            assertThat(studio.datasets().loadAll()).as(name).flatExtracting(Dataset::problems).isEmpty();
            assertThat(git(created.root(), "status", "--porcelain")).as(name).isEmpty();
        }
    }
}

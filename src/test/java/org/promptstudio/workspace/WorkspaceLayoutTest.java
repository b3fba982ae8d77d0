package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceLayoutTest {

    @TempDir
    Path dir;

    @Test
    void completeWritesTheWholeLayoutIntoAnEmptyFolder() throws Exception {
        var written = WorkspaceLayout.complete(dir, "Team prompts");

        assertThat(written).containsExactly("studio.yaml", "prompts/.gitkeep", "datasets/.gitkeep",
                "experiments/.gitkeep", "docs/.gitkeep", "exports/.gitkeep", ".gitignore");
        assertThat(dir.resolve(".gitignore")).hasContent(".studio/");
        assertThat(Workspace.open(dir).name()).isEqualTo("Team prompts");
        assertThat(Workspace.open(dir).config().models()).isEmpty();
    }

    @Test
    void aNameWithYamlSyntaxInItIsWrittenSafely() {
        String name = "QA: \"night\" #2 - [draft]";

        WorkspaceLayout.complete(dir, name);

        assertThat(Workspace.open(dir).name()).isEqualTo(name);
    }

    @Test
    void completeKeepsWhatIsThereAndAddsOnlyWhatIsMissing() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: Mine\n");
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("prompts/a.prompt"), "hi\n");
        Files.writeString(dir.resolve(".gitignore"), "*.tmp");

        var written = WorkspaceLayout.complete(dir, "Other");

        assertThat(written).containsExactly("datasets/.gitkeep", "experiments/.gitkeep", "docs/.gitkeep",
                "exports/.gitkeep", ".gitignore");
        assertThat(dir.resolve("studio.yaml")).hasContent("name: Mine");
        assertThat(dir.resolve("prompts/.gitkeep")).doesNotExist();
        assertThat(Files.readString(dir.resolve(".gitignore"))).isEqualTo("*.tmp\n.studio/\n");
    }

    @Test
    void aGitignoreThatAlreadyListsTheStateFolderIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve(".gitignore"), "/.studio\n*.log\n");

        assertThat(WorkspaceLayout.complete(dir, "x")).doesNotContain(".gitignore");
        assertThat(Files.readString(dir.resolve(".gitignore"))).isEqualTo("/.studio\n*.log\n");
    }

    @Test
    void renameChangesTheNameLineAndKeepsTheRest() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "# Settings\nname: Sample\nmodels: []  # none\n");

        WorkspaceLayout.rename(dir, "Mine");

        assertThat(Files.readString(dir.resolve("studio.yaml")))
                .isEqualTo("# Settings\nname: \"Mine\"\nmodels: []  # none\n");
    }

    @Test
    void renameAddsANameWhenTheFileHasNone() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "models: []\n");

        WorkspaceLayout.rename(dir, "Mine");

        assertThat(Files.readString(dir.resolve("studio.yaml"))).isEqualTo("name: \"Mine\"\nmodels: []\n");
    }
}

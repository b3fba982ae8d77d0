package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.workspace.WorkspaceException;

class WorkspaceFilesTest {

    @TempDir
    Path root;

    WorkspaceFiles files;

    @BeforeEach
    void workspace() throws IOException {
        Files.writeString(root.resolve("studio.yaml"), "# test\n");
        write("docs/b.md", "bee");
        write("docs/a.txt", "ay");
        write("docs/guides/setup.md", "# Setup");
        write("docs/.hidden.md", "no");
        write("docs/.cache/x.md", "no");
        files = Studio.open(root).files();
    }

    @Test
    void listsNestedFilesSortedAndLeavesHiddenOnesOut() {
        assertThat(files.list(root.resolve("docs")))
                .extracting(WorkspaceFiles.Entry::inFolder)
                .containsExactly("a.txt", "b.md", "guides/setup.md");
        assertThat(files.list(root.resolve("docs")))
                .extracting(WorkspaceFiles.Entry::inWorkspace)
                .contains("docs/guides/setup.md");
    }

    @Test
    void aDatasetsProblemInTheTreeFollowsTheFileAndASecondFileOfTheSameNameIsNamed() throws IOException {
        write("datasets/faq.jsonl", "{\"question\": \"Where?\"}\n{not json\n");
        assertThat(problemOf("datasets/faq.jsonl")).startsWith("datasets/faq.jsonl:2:");

        // mended: the tree reads the file again (it keeps a file's problem only while the file is unchanged)
        write("datasets/faq.jsonl", "{\"question\": \"Where?\"}\n");
        assertThat(problemOf("datasets/faq.jsonl")).isEmpty();

        write("datasets/faq.csv", "question\nWhen?\n");
        assertThat(problemOf("datasets/faq.csv")).as("the first of the name, by file name, is read").isEmpty();
        assertThat(problemOf("datasets/faq.jsonl")).contains("another dataset is named 'faq' (datasets/faq.csv)");
    }

    /** The problem the tree shows for the file at workspace path {@code path}: "" when none, null when not listed. */
    private String problemOf(String path) {
        List<WorkspaceFiles.TreeEntry> todo = new java.util.ArrayList<>(files.tree().groups());
        while (!todo.isEmpty()) {
            WorkspaceFiles.TreeEntry e = todo.remove(0);
            if (e.kind() == WorkspaceFiles.TreeEntry.Kind.FILE && e.path().equals(path)) return e.problem();
            todo.addAll(e.children());
        }
        return null;
    }

    @Test
    void aMissingFolderHasNoFiles() {
        assertThat(files.list(root.resolve("experiments"))).isEmpty();
    }

    @Test
    void readsTextAndReplacesBadBytes() throws IOException {
        assertThat(files.readText(root.resolve("docs/guides/setup.md"))).isEqualTo("# Setup");
        Files.write(root.resolve("docs/latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(files.readText(root.resolve("docs/latin1.txt"))).startsWith("caf").hasSize(4);
    }

    @Test
    void refusesBinaryFilesAndPathsOutsideTheWorkspace(@TempDir Path elsewhere) throws IOException {
        Files.write(root.resolve("docs/image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        assertThatThrownBy(() -> files.readText(root.resolve("docs/image.png")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage("docs/image.png: not a text file (binary content)");
        Path outside = Files.writeString(elsewhere.resolve("secret.txt"), "x");
        assertThatThrownBy(() -> files.readText(outside))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("not inside the workspace");
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void createsDuplicatesRenamesAndDeletesFiles() throws IOException {
        Path created = files.create(root.resolve("datasets"), "greetings", ".jsonl", "{\"q\": 1}\n");
        assertThat(created).hasContent("{\"q\": 1}");
        assertThat(files.create(root.resolve("prompts"), "hello.prompt", ".prompt", "Hi")).hasFileName("hello.prompt");

        Path copy = files.duplicate(created);
        assertThat(copy).hasFileName("greetings-copy.jsonl").hasSameTextualContentAs(created);
        assertThat(files.duplicate(created)).hasFileName("greetings-copy-2.jsonl");

        Path renamed = files.rename(copy, "welcome");
        assertThat(renamed).hasFileName("welcome.jsonl").exists();
        assertThat(copy).doesNotExist();

        files.delete(renamed);
        assertThat(renamed).doesNotExist();
    }

    @Test
    void refusesBadNamesExistingTargetsAndPathsOutside(@TempDir Path elsewhere) throws IOException {
        Path a = files.create(root.resolve("datasets"), "a", ".jsonl", "");
        files.create(root.resolve("datasets"), "b", ".jsonl", "");
        assertThatThrownBy(() -> files.create(root.resolve("datasets"), "a", ".jsonl", "x"))
                .isInstanceOf(WorkspaceException.class).hasMessage("datasets/a.jsonl: already exists");
        assertThat(a).hasContent("");
        assertThatThrownBy(() -> files.rename(a, "b"))
                .isInstanceOf(WorkspaceException.class).hasMessage("datasets/b.jsonl: already exists");
        assertThatThrownBy(() -> files.create(root.resolve("datasets"), "../x", ".jsonl", ""))
                .isInstanceOf(WorkspaceException.class).hasMessageStartingWith("'../x' cannot be a file name");
        assertThatThrownBy(() -> files.create(root.resolve("datasets"), ".hidden", ".jsonl", ""))
                .isInstanceOf(WorkspaceException.class).hasMessageStartingWith("'.hidden' cannot be a file name");
        Path outside = Files.writeString(elsewhere.resolve("x.txt"), "x");
        assertThatThrownBy(() -> files.delete(outside)).isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("not inside the workspace");
        assertThat(outside).exists();
        assertThatThrownBy(() -> files.delete(root.resolve("datasets/none.jsonl")))
                .isInstanceOf(WorkspaceException.class).hasMessage("datasets/none.jsonl: no such file");
    }

    @Test
    void theTreeListsPromptsWithTheirVariantsThenPartialsThenTheFileGroups() throws IOException {
        write("prompts/answer.prompt", "Hi {{q}}\n");
        write("prompts/answer.formal.prompt", "Dear {{q}}\n");
        write("prompts/only.terse.prompt", "{{q}}\n");
        write("prompts/_rules.prompt", "Be kind.\n");
        write("datasets/q.jsonl", "{}\n");

        WorkspaceFiles.Tree tree = files.tree();

        assertThat(tree.groups()).extracting(WorkspaceFiles.TreeEntry::label)
                .containsExactly("Prompts", "Datasets", "Experiments", "Docs");
        assertThat(tree.prompts()).isEqualTo(3);
        assertThat(tree.partials()).isEqualTo(1);
        List<WorkspaceFiles.TreeEntry> prompts = tree.groups().get(0).children();
        assertThat(prompts).extracting(WorkspaceFiles.TreeEntry::label, WorkspaceFiles.TreeEntry::tag)
                .containsExactly(tuple("answer", ""), tuple("only", "no base prompt"), tuple("rules", "partial"));
        assertThat(prompts.get(0).children()).extracting(WorkspaceFiles.TreeEntry::path)
                .containsExactly("prompts/answer.formal.prompt");
        assertThat(prompts.get(0).prompt().id()).isEqualTo("answer");
        assertThat(prompts.get(1).file()).isNull();
        // Docs: the sub-folder first, then the files by name; hidden ones left out.
        WorkspaceFiles.TreeEntry docs = tree.groups().get(3);
        assertThat(docs.tag()).isEqualTo("3");
        assertThat(docs.children()).extracting(WorkspaceFiles.TreeEntry::kind, WorkspaceFiles.TreeEntry::path)
                .containsExactly(tuple(WorkspaceFiles.TreeEntry.Kind.FOLDER, "docs/guides"),
                        tuple(WorkspaceFiles.TreeEntry.Kind.FILE, "docs/a.txt"),
                        tuple(WorkspaceFiles.TreeEntry.Kind.FILE, "docs/b.md"));
        assertThat(docs.children().get(0).children()).extracting(WorkspaceFiles.TreeEntry::path)
                .containsExactly("docs/guides/setup.md");
        assertThat(files.exists("docs/b.md")).isTrue();
        assertThat(files.exists("docs/c.md")).isFalse();
    }

    @Test
    void aNewFileGetsItsFoldersExtension() {
        assertThat(files.relative(files.create(WorkspaceFiles.Folder.PROMPTS, "greet", "Hi\n")))
                .isEqualTo("prompts/greet.prompt");
        assertThat(files.relative(files.create(WorkspaceFiles.Folder.DATASETS, "cases.jsonl", "{}\n")))
                .isEqualTo("datasets/cases.jsonl");
        assertThat(files.relative(files.create(WorkspaceFiles.Folder.EXPERIMENTS, "first", "models: [echo]\n")))
                .isEqualTo("experiments/first.yaml");
        assertThat(WorkspaceFiles.isWorkspace(root)).isTrue();
        assertThat(WorkspaceFiles.isWorkspace(root.resolve("docs"))).isFalse();
    }
}

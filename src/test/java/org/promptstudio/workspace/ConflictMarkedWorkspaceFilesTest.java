package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets and studio.yaml left mid-merge are refused at their first conflict marker. */
class ConflictMarkedWorkspaceFilesTest {

    @TempDir
    Path dir;

    private Datasets datasets;

    @BeforeEach
    void workspace() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: t\n");
        Files.createDirectories(dir.resolve("datasets"));
        datasets = new Datasets(Workspace.open(dir));
    }

    @Test
    void jsonlDatasetMidMergeIsRefusedWhenUsedAndReportedWhenListed() throws Exception {
        // Every line between the markers is valid JSON: without the check both sides' cases would run.
        Files.writeString(dir.resolve("datasets/qa.jsonl"), """
                {"question": "a"}
                <<<<<<< HEAD
                {"question": "b"}
                =======
                {"question": "b2"}
                >>>>>>> other
                """);
        assertThatThrownBy(() -> datasets.find("qa"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage("datasets/qa.jsonl:2: unresolved git merge conflict (a line starting with '<<<<<<<'): keep "
                        + "the right lines, delete the markers and save; in a merge, then run 'studio merge --continue' "
                        + "(or 'studio merge --abort'); not read");
        Dataset listed = datasets.loadAll().get(0);
        assertThat(listed.cases()).isEmpty();
        assertThat(listed.problems()).singleElement().asString().startsWith("datasets/qa.jsonl:2: unresolved git merge");
    }

    @Test
    void csvDatasetMidMergeIsRefused() throws Exception {
        Files.writeString(dir.resolve("datasets/rows.csv"), "question,expected\nq1,a1\n=======\nq2,a2\n>>>>>>> theirs\n");
        assertThatThrownBy(() -> datasets.find("rows"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("datasets/rows.csv:5: unresolved git merge conflict (a line starting with '>>>>>>>')");
    }

    @Test
    void studioYamlMidMergeIsRefused() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: t\n<<<<<<< HEAD\nmodels: []\n=======\nmodels: [x]\n>>>>>>> b\n");
        assertThatThrownBy(() -> Workspace.open(dir))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("studio.yaml:2:1: unresolved git merge conflict");
    }
}

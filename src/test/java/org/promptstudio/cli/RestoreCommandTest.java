package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;

    @BeforeEach
    void versions() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "one\n", "v1");
        ws.save("answer", "two\n", "v2");
    }

    @Test
    void restoreWritesTheOldVersionAsANewCommitAndKeepsEveryVersion() {
        CliRun run = ws.ok("restore", "answer", "1");

        assertThat(run.out()).isEqualTo("Restored answer version 1 as version 3 (" + ws.head() + ")\n");
        assertThat(ws.read("prompts/answer.prompt")).isEqualTo("one\n");
        assertThat(ws.git("show", "HEAD:prompts/answer.prompt")).isEqualTo("one\n");
        assertThat(lines(ws.git("log", "--format=%s", "--", "prompts/answer.prompt")))
                .containsExactly("Restore answer to version 1", "v2", "v1");
        assertThat(ws.ok("show", "answer@2").out()).isEqualTo("two\n");
        ws.git("fsck", "--strict");
    }

    @Test
    void unsavedChangesBlockARestore() {
        ws.write("prompts/answer.prompt", "my unsaved work\n");

        CliRun run = ws.run("restore", "answer", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has unsaved changes that restoring would overwrite");
        assertThat(ws.read("prompts/answer.prompt")).isEqualTo("my unsaved work\n");
    }

    @Test
    void restoringTheLatestVersionSaysThereIsNothingToDo() {
        int before = ws.commits();

        CliRun run = ws.ok("restore", "answer", "2", "-m", "again");

        assertThat(run.out()).isEqualTo("answer version 2 is the same as the latest, version 2 (" + ws.head()
                + "): nothing to restore\n");
        assertThat(ws.commits()).isEqualTo(before);
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.FolderSnapshot;
import org.promptstudio.testsupport.ReadOnlyFolder;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void initCreatesACommittedWorkspaceAndSaysSo() {
        Path dir = tmp.resolve("ws");

        CliRun run = studio("init", dir.toString(), "--name", "Support");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        String commit = git(dir, "rev-parse", "--short=7", "HEAD").strip();
        assertThat(run.out()).isEqualTo("Created workspace Support in " + dir + " (commit " + commit + ")\n");
        assertThat(lines(git(dir, "log", "--oneline"))).containsExactly(commit + " Create workspace Support");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        git(dir, "fsck");
    }

    @Test
    void initFromASampleCopiesIt() {
        Path dir = tmp.resolve("ws");

        CliRun run = studio("init", dir.toString(), "--from-sample", "tiny", "--name", "Greeter");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Created workspace Greeter in " + dir);
        assertThat(dir.resolve("datasets/greetings.jsonl")).exists();
        assertThat(git(dir, "log", "--format=%s").strip()).isEqualTo("Create workspace Greeter");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
    }

    @Test
    void aFolderWithFilesIsRefusedWithOneLineAndExit1() throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "mine");
        Map<String, String> before = FolderSnapshot.of(tmp);

        CliRun run = studio("init", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: " + tmp + ": not empty; give a new or empty folder\n");
        assertThat(FolderSnapshot.of(tmp)).isEqualTo(before);
    }

    @Test
    void aWorkspaceIsRefusedWithExit1() {
        studio("init", tmp.toString());

        CliRun again = studio("init", tmp.toString());

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: " + tmp + ": already a workspace (it has studio.yaml)\n");
        assertThat(lines(git(tmp, "log", "--oneline"))).hasSize(1);
    }

    @Test
    void anUnknownSampleIsRefusedListingTheKnownOnes() {
        Path dir = tmp.resolve("ws");

        CliRun run = studio("init", dir.toString(), "--from-sample", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: unknown sample 'nope' (known: ").contains("tiny").hasLineCount(1);
        assertThat(dir).doesNotExist();
    }

    @Test
    void aParentThatCannotBeWrittenIsRefusedWithExit1() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("locked"));

        CliRun run;
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.make(parent)) {
            run = studio("init", parent.resolve("ws").toString());
        }

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + parent.resolve("ws") + ": cannot be created, " + parent
                + " cannot be written\n");
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void initWithoutAFolderIsAUsageError() {
        CliRun run = studio("init");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("usage error: Missing required parameter: 'DIR'");
    }

    @Test
    void helpListsTheBundledSamples() {
        CliRun run = studio("init", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--from-sample=SAMPLE").contains("support-assistant").contains("tiny");
    }
}

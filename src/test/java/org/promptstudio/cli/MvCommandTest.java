package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;

    @BeforeEach
    void versions() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "one\n", "v1");
        ws.save("answer", "two\n", "v2");
        ws.ok("label", "answer", "production", "--version", "1");
    }

    @Test
    void renameIsOneCommitGitFollowsAndVersionsContinue() {
        CliRun run = ws.ok("mv", "answer", "reply");
        ws.save("reply", "three\n", "v4");

        assertThat(run.out()).isEqualTo("Renamed prompts/answer.prompt to prompts/reply.prompt ("
                + ws.git("rev-parse", "--short=7", "HEAD~1").strip() + "); its 3 versions and 1 label follow it\n");
        assertThat(lines(ws.git("log", "--follow", "--format=%s", "--", "prompts/reply.prompt")))
                .containsExactly("v4", "Rename answer to reply", "v2", "v1");
        assertThat(ws.git("show", "--format=", "--name-status", "HEAD~1").strip())
                .isEqualTo("R100\tprompts/answer.prompt\tprompts/reply.prompt");
        assertThat(ws.ok("history", "reply").out()).contains("      4  ").contains("      1  ");
        assertThat(ws.ok("show", "reply@production").out()).isEqualTo("one\n");
        assertThat(ws.git("tag", "-l")).isEqualTo("prompts/reply/production\n");
        ws.git("fsck", "--strict");
    }

    @Test
    void aTakenNameIsRefusedAndNothingMoves() {
        ws.write("prompts/other.prompt", "x\n");
        int before = ws.commits();

        CliRun run = ws.run("mv", "answer", "other");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: prompts/other.prompt: already exists\n");
        assertThat(ws.read("prompts/answer.prompt")).isEqualTo("two\n");
        assertThat(ws.commits()).isEqualTo(before);
    }
}

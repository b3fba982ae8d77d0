package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.GitRun;

/**
 * A workspace with linked worktrees ({@code git worktree add}) and a workspace that is a submodule: the version
 * commands work in each, and a branch checked out in another worktree is refused as {@code git switch} refuses it
 * ("fatal: 'NAME' is already checked out at 'PATH'", git 2.39), with nothing staged or changed.
 */
class WorktreeCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;
    String main;
    Path linked;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "one\n", "v1");
        main = ws.git("symbolic-ref", "--short", "HEAD").strip();
        linked = tmp.resolve("linked");
        ws.git("worktree", "add", "-q", "-b", "experiment", linked.toString());
    }

    private CliRun inLinked(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = linked.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return studio(all);
    }

    @Test
    void switchingToABranchCheckedOutInAnotherWorktreeIsRefusedAsGitRefusesAndNothingIsStaged() throws Exception {
        String gitSays = GitRun.refused(linked, "switch", main).output();
        String headBefore = git(linked, "rev-parse", "HEAD");

        CliRun run = inLinked("switch", main);

        assertThat(gitSays).contains("'" + main + "' is already checked out at '" + ws.dir().toRealPath() + "'");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot switch to '" + main + "': it is already checked out at '"
                + ws.dir().toRealPath() + "' (another worktree of this repository); work on it there, or switch that "
                + "worktree away first\n");
        assertThat(git(linked, "symbolic-ref", "--short", "HEAD").strip()).isEqualTo("experiment");
        assertThat(git(linked, "rev-parse", "HEAD")).isEqualTo(headBefore);
        assertThat(git(linked, "status", "--porcelain")).isEmpty();
        assertThat(ws.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void fromTheMainWorktreeTheLinkedOnesBranchIsRefusedToo() throws Exception {
        GitRun.refused(ws.dir(), "switch", "experiment");

        CliRun run = ws.run("switch", "experiment");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot switch to 'experiment': it is already checked out at '"
                + linked.toRealPath() + "'");
        assertThat(ws.git("symbolic-ref", "--short", "HEAD").strip()).isEqualTo(main);
        assertThat(ws.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void aBranchNoWorktreeHasCanStillBeSwitchedToFromALinkedWorktree() {
        ws.ok("branch", "free");

        CliRun run = inLinked("switch", "free");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(git(linked, "symbolic-ref", "--short", "HEAD").strip()).isEqualTo("free");
        assertThat(git(linked, "status", "--porcelain")).isEmpty();
    }

    @Test
    void versionCommandsWorkInALinkedWorktreeAndTheMainOneSeesTheCommit() throws Exception {
        Files.writeString(linked.resolve("prompts/answer.prompt"), "two\n");

        CliRun save = inLinked("save", "answer", "-m", "v2 on experiment");
        CliRun history = inLinked("history", "answer");
        CliRun show = inLinked("show", "answer@1");

        assertThat(save.exitCode()).as(save.err()).isZero();
        assertThat(save.out()).startsWith("Saved answer version 2 (");
        assertThat(lines(history.out())).hasSize(3);
        assertThat(show.out()).isEqualTo("one\n");
        assertThat(git(linked, "status", "--porcelain")).isEmpty();
        assertThat(ws.git("show", "experiment:prompts/answer.prompt")).isEqualTo("two\n");
        // the main worktree's branch and index are untouched
        assertThat(ws.git("status", "--porcelain")).isEmpty();
        assertThat(ws.read("prompts/answer.prompt")).isEqualTo("one\n");
    }

    @Test
    void versionCommandsWorkInAWorkspaceThatIsASubmodule() throws Exception {
        Path parent = tmp.resolve("parent");
        Files.createDirectories(parent);
        git(parent, "init", "-q");
        git(parent, "config", "user.name", "Ada Lovelace");
        git(parent, "config", "user.email", "ada@example.org");
        git(parent, "-c", "protocol.file.allow=always", "submodule", "add", "-q", ws.dir().toUri().toString(), "ws");
        git(parent, "commit", "-q", "-m", "Add the workspace");
        Path sub = parent.resolve("ws");
        git(sub, "config", "user.name", "Ada Lovelace");
        git(sub, "config", "user.email", "ada@example.org");
        assertThat(Files.isRegularFile(sub.resolve(".git"))).as("a submodule's .git is a file").isTrue();
        Files.writeString(sub.resolve("prompts/answer.prompt"), "two\n");

        CliRun save = studio("-w", sub.toString(), "save", "answer", "-m", "v2 in the submodule");
        CliRun history = studio("-w", sub.toString(), "history", "answer");

        assertThat(save.exitCode()).as(save.err()).isZero();
        assertThat(save.out()).startsWith("Saved answer version 2 (");
        assertThat(lines(history.out())).hasSize(3);
        assertThat(git(sub, "status", "--porcelain")).isEmpty();
        assertThat(git(sub, "log", "-1", "--format=%s").strip()).isEqualTo("v2 in the submodule");
        assertThat(git(parent, "status", "--porcelain")).isEqualTo(" M ws\n");
    }
}

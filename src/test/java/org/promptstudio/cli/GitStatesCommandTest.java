package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.GitRun;

/**
 * Each repository state in which plain git refuses or warns, made with the {@code git} command, and the studio's
 * one-line refusal or warning for it (decision 0032). Where git refuses, the test runs git first and checks that it
 * refuses too (git 2.39's words are quoted beside each case); nothing is committed, staged or changed by a refusal.
 */
class GitStatesCommandTest {

    private static final String ANSWER = "prompts/answer.prompt";

    @TempDir
    Path tmp;

    CliWorkspace ws;
    String main;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "line one\nline two\n", "v1");
        main = ws.git("symbolic-ref", "--short", "HEAD").strip();
    }

    /** Two branches that change the same line of the answer differently; the workspace is on {@code main}. */
    private void divergingBranches() {
        ws.git("branch", "experiment");
        ws.save("answer", "line one\nline two on main\n", "main's edit");
        ws.git("switch", "-q", "experiment");
        ws.save("answer", "line one\nline two on experiment\n", "experiment's edit");
        ws.git("switch", "-q", main);
    }

    @Test
    void aMergeStoppedOnConflictsByGitRefusesSave() {
        divergingBranches();
        GitRun.refused(ws.dir(), "merge", "experiment");
        // git: "fatal: cannot do a partial commit during a merge."
        GitRun.refused(ws.dir(), "commit", "-m", "x", "--", ANSWER);

        CliRun save = ws.run("save", "answer", "-m", "x");

        assertThat(save.err()).isEqualTo("error: cannot save while a merge is in progress: resolve the conflicts, then "
                + "run 'studio merge --continue' (or 'studio merge --abort')\n");
    }

    @Test
    void aRebaseStoppedOnConflictsRefusesSaveAndSwitch() {
        divergingBranches();
        GitRun.refused(ws.dir(), "rebase", "experiment"); // .git/rebase-merge
        assertThat(Files.isDirectory(ws.dir().resolve(".git/rebase-merge"))).isTrue();
        // git: "fatal: cannot switch branch while rebasing"
        GitRun.refused(ws.dir(), "switch", "experiment");

        CliRun save = ws.run("save", "answer", "-m", "x");

        assertThat(save.err()).isEqualTo("error: " + ws.dir() + ": cannot save while a rebase is in progress: finish it "
                + "with 'git rebase --continue' or give it up with 'git rebase --abort' first\n");
        assertThat(ws.run("switch", "experiment").err()).contains("cannot switch branches while a rebase is in progress");
        assertThat(ws.run("merge", "experiment").err()).contains("cannot start another merge while a rebase is in progress");
    }

    @Test
    void anApplyBackendRebaseStoppedOnConflictsIsRefusedToo() {
        divergingBranches();
        GitRun.refused(ws.dir(), "rebase", "--apply", "experiment"); // .git/rebase-apply
        assertThat(Files.isDirectory(ws.dir().resolve(".git/rebase-apply"))).isTrue();

        CliRun save = ws.run("save", "answer", "-m", "x");

        assertThat(save.exitCode()).isEqualTo(1);
        assertThat(save.err()).contains("cannot save while a rebase is in progress");
    }

    @Test
    void aCherryPickStoppedOnConflictsRefusesSave() {
        divergingBranches();
        GitRun.refused(ws.dir(), "cherry-pick", "experiment"); // CHERRY_PICK_HEAD
        // git: "fatal: cannot do a partial commit during a cherry-pick."
        GitRun.refused(ws.dir(), "commit", "-m", "x", "--", ANSWER);

        CliRun save = ws.run("save", "answer", "-m", "x");

        assertThat(save.err()).isEqualTo("error: " + ws.dir() + ": cannot save while a cherry-pick is in progress: "
                + "finish it with 'git cherry-pick --continue' or give it up with 'git cherry-pick --abort' first\n");
    }

    @Test
    void aRevertStoppedOnConflictsRefusesSave() {
        ws.save("answer", "line one\nline two, second\n", "v2");
        ws.save("answer", "line one\nline two, third\n", "v3");
        GitRun.refused(ws.dir(), "revert", "--no-edit", "HEAD~1"); // REVERT_HEAD
        assertThat(Files.isRegularFile(ws.dir().resolve(".git/REVERT_HEAD"))).isTrue();

        CliRun save = ws.run("save", "answer", "-m", "x");

        assertThat(save.err()).contains("cannot save while a revert is in progress")
                .contains("'git revert --continue'").contains("'git revert --abort'");
    }

    @Test
    void unmergedFilesWithoutAMergeRefuseSaveAndSwitch() {
        // a stash that conflicts leaves unmerged entries in the index and no MERGE_HEAD
        ws.write(ANSWER, "line one\nline two stashed\n");
        ws.git("stash", "-q");
        ws.save("answer", "line one\nline two saved\n", "v2");
        GitRun.refused(ws.dir(), "stash", "pop");
        // git: "error: Committing is not possible because you have unmerged files."
        GitRun.refused(ws.dir(), "commit", "-m", "x");

        CliRun save = ws.run("save", "answer", "-m", "x");

        assertThat(save.err()).isEqualTo("error: " + ws.dir() + ": cannot save: unmerged files in the index: " + ANSWER
                + "; resolve them and mark them with 'git add' first\n");
        assertThat(ws.git("status", "--porcelain")).isEqualTo("UU " + ANSWER + "\n");
    }

    @Test
    void anIndexLockHeldByAnotherGitProcessRefusesSaveAndSwitchAndLeavesTheLock() throws Exception {
        ws.ok("branch", "elsewhere");
        Path lock = ws.dir().resolve(".git/index.lock");
        Files.writeString(lock, "");
        ws.write(ANSWER, "an edit\n");
        // git: "fatal: Unable to create '.../.git/index.lock': File exists. Another git process seems to be running"
        GitRun.refused(ws.dir(), "commit", "-am", "x");
        int commits = ws.commits();

        CliRun save = ws.run("save", "answer", "-m", "x");
        CliRun switched = ws.run("switch", "elsewhere");

        assertThat(save.err()).isEqualTo("error: " + ws.dir() + ": cannot save: another git process seems to be "
                + "running in this repository (" + lock + " exists); wait for it, or remove that file if no git process "
                + "is running\n");
        assertThat(switched.err()).contains("cannot switch branches: another git process seems to be running");
        assertThat(lock).exists();
        assertThat(ws.commits()).isEqualTo(commits);
        Files.delete(lock);
        assertThat(ws.ok("save", "answer", "-m", "x").out()).startsWith("Saved answer version 2");
    }

    @Test
    void aSaveOnADetachedHeadWarnsAndSwitchingAwayWarnsOfTheCommitLeftBehind() {
        ws.git("switch", "-q", "--detach");
        ws.write(ANSWER, "detached edit\n");

        CliRun save = ws.ok("save", "answer", "-m", "on no branch");
        String commit = ws.head();
        CliRun switched = ws.ok("switch", main);

        assertThat(lines(save.out())).containsExactly("Saved answer version 2 (" + commit + ")",
                "warning: HEAD is detached: commit " + commit + " is on no branch and is left behind when you switch "
                        + "away; keep it with 'studio branch NAME' (or 'git switch -c NAME')");
        // git: "Warning: you are leaving 1 commit behind, not connected to any of your branches"
        assertThat(switched.err()).isEqualTo("warning: you are leaving 1 commit behind, not connected to any branch ("
                + commit + "); keep them with 'git branch NAME " + commit + "'\n");
        assertThat(switched.out()).isEqualTo("Switched to branch " + main + "\n");
    }

    @Test
    void onAnUnbornBranchNothingIsSavedYetAndTheFirstSaveStartsTheBranch() {
        ws.git("checkout", "-q", "--orphan", "fresh");
        ws.git("rm", "-q", "--cached", ANSWER);

        CliRun history = ws.ok("history", "answer");
        CliRun branch = ws.run("branch", "other");
        CliRun save = ws.ok("save", "answer", "-m", "first on fresh");

        assertThat(history.out()).isEqualTo("answer has no saved versions yet (save it with 'studio save answer -m MESSAGE')\n");
        assertThat(branch.err()).isEqualTo("error: nothing is saved yet: save something before branching\n");
        assertThat(save.out()).startsWith("Saved answer version 1 (");
        assertThat(lines(ws.git("log", "--format=%s", "fresh"))).containsExactly("first on fresh");
        assertThat(ws.git("show", "fresh:" + ANSWER)).isEqualTo("line one\nline two\n");
    }

    @Test
    void aFileBothStagedAndModifiedIsSavedAsOnDiskAsGitCommitDashDashPathDoes() {
        ws.write("prompts/other.prompt", "other\n");
        ws.git("add", "prompts/other.prompt");
        ws.write(ANSWER, "staged\n");
        ws.git("add", ANSWER);
        ws.write(ANSWER, "on disk\n");
        assertThat(ws.git("status", "--porcelain")).isEqualTo("MM " + ANSWER + "\nA  prompts/other.prompt\n");

        CliRun diff = ws.ok("diff", "answer", "--source-only");
        CliRun save = ws.ok("save", "answer", "-m", "v2");

        assertThat(diff.out()).contains("-line one\n-line two\n+on disk\n");
        assertThat(save.out()).startsWith("Saved answer version 2 (");
        assertThat(ws.git("show", "HEAD:" + ANSWER)).isEqualTo("on disk\n");
        // the other staged file stays staged, as after 'git commit -- prompts/answer.prompt'
        assertThat(ws.git("status", "--porcelain")).isEqualTo("A  prompts/other.prompt\n");
    }

    @Test
    void aSwitchThatWouldOverwriteLocalChangesIsRefusedAndTheChangesKept() {
        divergingBranches();
        ws.write(ANSWER, "local edit\n");
        // git: "error: Your local changes to the following files would be overwritten by checkout"
        GitRun.refused(ws.dir(), "switch", "experiment");

        CliRun run = ws.run("switch", "experiment");

        assertThat(run.err()).isEqualTo("error: cannot switch to 'experiment': uncommitted changes would be lost: "
                + ANSWER + " (modified); save them (studio save) or discard them first\n");
        assertThat(ws.read(ANSWER)).isEqualTo("local edit\n");
    }

    @Test
    void aSwitchThatWouldOverwriteAnUntrackedFileIsRefusedAndTheFileKept() {
        ws.git("switch", "-q", "-c", "experiment");
        ws.save("extra", "tracked on experiment\n", "extra");
        ws.git("switch", "-q", main);
        ws.write("prompts/extra.prompt", "untracked here\n");
        // git: "error: The following untracked working tree files would be overwritten by checkout"
        GitRun.refused(ws.dir(), "switch", "experiment");

        CliRun run = ws.run("switch", "experiment");

        assertThat(run.err()).isEqualTo("error: cannot switch to 'experiment': files not in git would be overwritten: "
                + "prompts/extra.prompt; move them away first\n");
        assertThat(ws.read("prompts/extra.prompt")).isEqualTo("untracked here\n");
        assertThat(ws.git("symbolic-ref", "--short", "HEAD").strip()).isEqualTo(main);
    }

    @Test
    void aFailingPreCommitHookStopsTheSaveAndNothingIsCommitted() throws Exception {
        Path hook = ws.dir().resolve(".git/hooks/pre-commit");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho 'prompts must be reviewed first' >&2\nexit 1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        ws.write(ANSWER, "an edit\n");
        GitRun.refused(ws.dir(), "commit", "-am", "x");
        int commits = ws.commits();

        CliRun save = ws.run("save", "answer", "-m", "x");

        assertThat(save.exitCode()).isEqualTo(1);
        assertThat(lines(save.err())).hasSize(1);
        assertThat(save.err()).contains("pre-commit").contains("prompts must be reviewed first");
        assertThat(ws.commits()).isEqualTo(commits);
        assertThat(ws.read(ANSWER)).isEqualTo("an edit\n");
    }

    @Test
    void inASparseCheckoutSwitchAndMergeAreRefusedSinceTheyWouldFillItIn() {
        divergingBranches();
        ws.git("sparse-checkout", "set", "prompts");

        CliRun switched = ws.run("switch", "experiment");
        CliRun merged = ws.run("merge", "experiment");

        assertThat(switched.err()).isEqualTo("error: " + ws.dir() + ": cannot switch branches here: this is a sparse "
                + "checkout (git sparse-checkout), which the studio would fill in; use 'git switch' or 'git merge' instead\n");
        assertThat(merged.err()).contains("cannot merge here: this is a sparse checkout");
        assertThat(ws.git("symbolic-ref", "--short", "HEAD").strip()).isEqualTo(main);
    }

    @Test
    void aBareRepositoryIsNotAWorkspaceAndSaysSo() {
        Path bare = tmp.resolve("bare.git");
        git(tmp, "clone", "-q", "--bare", ws.dir().toString(), bare.toString());

        CliRun run = studio("-w", bare.toString(), "history", "answer");

        assertThat(run.exitCode()).isNotZero();
        assertThat(lines(run.err())).hasSize(1);
        assertThat(run.err()).contains(bare.toString());
    }
}

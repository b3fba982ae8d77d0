package org.promptstudio.vcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchesTest {

    static final String ANSWER = "prompts/answer.prompt";

    @TempDir
    Path dir;

    Branches branches;
    PromptVersions versions;

    @BeforeEach
    void repository() throws Exception {
        git(dir, "init", "-q", "-b", "main");
        git(dir, "config", "user.name", "Ada Lovelace");
        git(dir, "config", "user.email", "ada@example.org");
        Files.createDirectories(dir.resolve("prompts"));
        write(ANSWER, "Greet the user.\nAnswer the question.\nSign off.\n");
        git(dir, "add", ".");
        git(dir, "commit", "-q", "-m", "v1");
        branches = new Branches(dir, () -> null);
        versions = new PromptVersions(dir, () -> null);
    }

    void write(String path, String text) throws Exception {
        Files.writeString(dir.resolve(path), text);
    }

    String read(String path) throws Exception {
        return Files.readString(dir.resolve(path));
    }

    void save(String text, String message) throws Exception {
        write(ANSWER, text);
        versions.save(ANSWER, message, List.of());
    }

    int commits() {
        return lines(git(dir, "rev-list", "--all")).size();
    }

    @Test
    void aNewBranchStartsAtTheCurrentCommitAndGitListsIt() {
        String at = branches.create("experiment");

        assertThat(at).isEqualTo(git(dir, "rev-parse", "--short=7", "HEAD").strip());
        assertThat(branches.list()).containsExactly("experiment", "main");
        assertThat(branches.current()).isEqualTo("main");
        assertThat(lines(git(dir, "branch", "--format=%(refname:short)"))).containsExactly("experiment", "main");
    }

    @Test
    void badOrTakenBranchNamesAreRefused() {
        branches.create("exp");

        assertThatThrownBy(() -> branches.create("exp")).hasMessage("branch 'exp' already exists");
        assertThatThrownBy(() -> branches.create("a b")).hasMessageContaining("cannot be a branch name");
        assertThatThrownBy(() -> branches.switchTo("nope")).hasMessage("no branch 'nope' (branches: exp, main)");
    }

    @Test
    void switchingChangesTheFilesAndGitSeesTheBranch() throws Exception {
        branches.create("experiment");
        branches.switchTo("experiment");
        save("Shorter.\n", "exp");

        branches.switchTo("main");

        assertThat(read(ANSWER)).startsWith("Greet the user.");
        assertThat(git(dir, "symbolic-ref", "--short", "HEAD").strip()).isEqualTo("main");
        branches.switchTo("experiment");
        assertThat(read(ANSWER)).isEqualTo("Shorter.\n");
        assertThat(versions.history(ANSWER)).extracting(PromptVersion::number).containsExactly(2, 1);
    }

    @Test
    void anUncommittedChangeBlocksASwitchAndIsKept() throws Exception {
        branches.create("experiment");
        write(ANSWER, "unsaved\n");
        write("prompts/new.prompt", "untracked stays\n");

        assertThatThrownBy(() -> branches.switchTo("experiment"))
                .isInstanceOf(VcsException.class)
                .hasMessage("cannot switch to 'experiment': uncommitted changes would be lost: "
                        + "prompts/answer.prompt (modified); save them (studio save) or discard them first");
        assertThat(read(ANSWER)).isEqualTo("unsaved\n");
        assertThat(branches.current()).isEqualTo("main");
    }

    @Test
    void aMergeWithoutConflictsIsOneCommitWithBothParents() throws Exception {
        branches.create("experiment");
        branches.switchTo("experiment");
        save("Greet the user warmly.\nAnswer the question.\nSign off.\n", "warmer");
        branches.switchTo("main");
        save("Greet the user.\nAnswer the question.\nSign off with your name.\n", "signed");

        MergeOutcome outcome = branches.merge("experiment");

        assertThat(outcome.status()).isEqualTo(MergeOutcome.Status.MERGED);
        assertThat(outcome.commitShortId()).isEqualTo(git(dir, "rev-parse", "--short=7", "HEAD").strip());
        assertThat(git(dir, "log", "-1", "--format=%P").strip().split(" ")).hasSize(2);
        assertThat(git(dir, "log", "-1", "--format=%s").strip()).isEqualTo("Merge branch 'experiment' into main");
        assertThat(read(ANSWER)).isEqualTo("Greet the user warmly.\nAnswer the question.\nSign off with your name.\n");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(versions.history(ANSWER)).extracting(PromptVersion::commitId)
                .containsExactlyElementsOf(lines(git(dir, "log", "--format=%H", "--", ANSWER)));
        git(dir, "fsck", "--strict");
    }

    @Test
    void aBranchAheadIsFastForwardedWithoutACommit() throws Exception {
        branches.create("experiment");
        branches.switchTo("experiment");
        save("Shorter.\n", "exp");
        branches.switchTo("main");
        int before = commits();

        MergeOutcome outcome = branches.merge("experiment");

        assertThat(outcome.status()).isEqualTo(MergeOutcome.Status.FAST_FORWARD);
        assertThat(commits()).isEqualTo(before);
        assertThat(read(ANSWER)).isEqualTo("Shorter.\n");
        assertThat(branches.merge("experiment").status()).isEqualTo(MergeOutcome.Status.UP_TO_DATE);
    }

    @Test
    void aConflictIsReportedFileByFileKeepsBothSidesAndCommitsNothing() throws Exception {
        makeConflict();
        int before = commits();
        String head = git(dir, "rev-parse", "HEAD");

        MergeOutcome outcome = branches.merge("experiment");

        assertThat(outcome.status()).isEqualTo(MergeOutcome.Status.CONFLICTS);
        assertThat(outcome.conflicts()).containsExactly(ANSWER);
        assertThat(commits()).isEqualTo(before);
        assertThat(git(dir, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(read(ANSWER)).contains("<<<<<<< ", "Greet the user formally.", "=======", "Greet the user warmly.", ">>>>>>> ");
        assertThat(git(dir, "status", "--porcelain")).isEqualTo("UU prompts/answer.prompt\n");
        git(dir, "rev-parse", "-q", "--verify", "MERGE_HEAD");
        assertThat(branches.mergeInProgress()).isTrue();
        assertThat(branches.conflicts()).containsExactly(ANSWER);
    }

    @Test
    void whileMergingSavesAndSwitchesAreRefusedWithWhatToDo() throws Exception {
        makeConflict();
        branches.merge("experiment");

        assertThatThrownBy(() -> versions.save(ANSWER, "x", List.of()))
                .hasMessage("cannot save while a merge is in progress: resolve the conflicts, then run "
                        + "'studio merge --continue' (or 'studio merge --abort')");
        assertThatThrownBy(() -> branches.switchTo("experiment")).hasMessageContaining("merge is in progress");
    }

    @Test
    void continueIsRefusedWhileConflictMarkersRemain() throws Exception {
        makeConflict();
        branches.merge("experiment");
        int before = commits();

        assertThatThrownBy(() -> branches.continueMerge())
                .hasMessageStartingWith("still in conflict: prompts/answer.prompt; edit each");
        assertThat(commits()).isEqualTo(before);
    }

    @Test
    void aResolvedConflictIsCommittedByContinueAsAMergeGitAccepts() throws Exception {
        makeConflict();
        branches.merge("experiment");
        write(ANSWER, "Greet the user warmly and formally.\nAnswer the question.\nSign off.\n");

        MergeOutcome done = branches.continueMerge();

        assertThat(done.status()).isEqualTo(MergeOutcome.Status.MERGED);
        assertThat(done.from()).isEqualTo("experiment");
        assertThat(git(dir, "log", "-1", "--format=%P").strip().split(" ")).hasSize(2);
        assertThat(git(dir, "log", "-1", "--format=%s").strip()).isEqualTo("Merge branch 'experiment' into main");
        assertThat(git(dir, "show", "HEAD:" + ANSWER)).startsWith("Greet the user warmly and formally.");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(branches.mergeInProgress()).isFalse();
        assertThat(versions.history(ANSWER).get(0).subject()).isEqualTo("Merge branch 'experiment' into main");
        git(dir, "fsck", "--strict");
    }

    @Test
    void abortGoesBackToTheLastCommit() throws Exception {
        makeConflict();
        branches.merge("experiment");

        branches.abortMerge();

        assertThat(read(ANSWER)).startsWith("Greet the user formally.");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(branches.mergeInProgress()).isFalse();
        assertThatThrownBy(() -> branches.continueMerge()).hasMessage("no merge is in progress");
    }

    @Test
    void aSecretBroughtInByAMergeIsRefusedAndTheMergeWaits() throws Exception {
        branches.create("experiment");
        branches.switchTo("experiment");
        String token = "gh" + "p_" + "Zq3xT9bLk2Vw7Rn4Ys8Pd1Fh6Jm5Gc0Ae1b2";
        write("prompts/tool.prompt", "token " + token + "\n");
        git(dir, "add", ".");
        git(dir, "commit", "-q", "-m", "committed with plain git");
        branches.switchTo("main");
        save("Greet.\nAnswer the question.\nSign off.\n", "main moves on");
        int before = commits();

        assertThatThrownBy(() -> branches.merge("experiment"))
                .isInstanceOf(SecretsFoundException.class)
                .hasMessageContaining("prompts/tool.prompt:1: GitHub token (ghp_...")
                .hasMessageContaining("the merge is not committed yet")
                .hasMessageNotContaining(token);
        assertThat(commits()).isEqualTo(before);
        assertThat(branches.mergeInProgress()).isTrue();
    }

    @Test
    void aMergeIsRefusedWithUncommittedChanges() throws Exception {
        makeConflict();
        write(ANSWER, "unsaved\n");

        assertThatThrownBy(() -> branches.merge("experiment")).hasMessageContaining("uncommitted changes: prompts/answer.prompt (modified)");
        assertThat(read(ANSWER)).isEqualTo("unsaved\n");
    }

    /** main and experiment both change the first line of the prompt. */
    private void makeConflict() throws Exception {
        branches.create("experiment");
        branches.switchTo("experiment");
        save("Greet the user warmly.\nAnswer the question.\nSign off.\n", "warm");
        branches.switchTo("main");
        save("Greet the user formally.\nAnswer the question.\nSign off.\n", "formal");
    }
}

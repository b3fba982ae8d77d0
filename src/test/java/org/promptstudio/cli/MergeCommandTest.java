package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;
    String main;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.write("prompts/_rules.prompt", "Rule one.\n");
        ws.save("answer", "{{> rules}}\nGreet the user.\nAnswer.\nSign off.\n", "v1");
        main = ws.git("symbolic-ref", "--short", "HEAD").strip();
        ws.ok("branch", "experiment");
    }

    private void conflictingBranches() {
        ws.ok("switch", "experiment");
        ws.write("prompts/_rules.prompt", "Rule one, strictly.\n");
        ws.save("answer", "{{> rules}}\nGreet the user warmly.\nAnswer.\nSign off.\n", "warm");
        ws.ok("switch", main);
        ws.write("prompts/_rules.prompt", "Rule one, loosely.\n");
        ws.save("answer", "{{> rules}}\nGreet the user formally.\nAnswer.\nSign off.\n", "formal");
    }

    @Test
    void aCleanMergeIsCommittedWithBothParents() {
        ws.ok("switch", "experiment");
        ws.save("answer", "{{> rules}}\nGreet the user warmly.\nAnswer.\nSign off.\n", "warm");
        ws.ok("switch", main);
        ws.save("answer", "{{> rules}}\nGreet the user.\nAnswer.\nSign off with a name.\n", "signed");

        CliRun run = ws.ok("merge", "experiment");

        assertThat(run.out()).isEqualTo("Merged experiment into " + main + " (" + ws.head() + ")\n");
        assertThat(ws.git("log", "-1", "--format=%P").strip().split(" ")).hasSize(2);
        assertThat(ws.read("prompts/answer.prompt")).contains("warmly").contains("with a name");
        ws.git("fsck", "--strict");
    }

    @Test
    void aBranchAheadIsFastForwarded() {
        ws.ok("switch", "experiment");
        ws.save("answer", "{{> rules}}\nShort.\n", "short");
        ws.ok("switch", main);

        CliRun run = ws.ok("merge", "experiment");

        assertThat(run.out()).isEqualTo("Fast-forwarded " + main + " to experiment (" + ws.head() + ")\n");
        assertThat(ws.ok("merge", "experiment").out()).isEqualTo(main + " already has everything in experiment\n");
    }

    @Test
    void aConflictIsReportedFileByFileBothSidesStayAndNothingIsCommitted() {
        conflictingBranches();
        int before = ws.commits();

        CliRun run = ws.run("merge", "experiment");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Merge of experiment into " + main + " stopped: 2 files in conflict, nothing committed\n"
                + "  conflict: prompts/_rules.prompt\n"
                + "  conflict: prompts/answer.prompt\n"
                + "Each holds both sides between <<<<<<< and >>>>>>> lines. Edit them to keep what you want,\n"
                + "then run 'studio merge --continue' (or 'studio merge --abort').\n");
        assertThat(run.err()).isEqualTo("error: merge stopped on conflicts in prompts/_rules.prompt, prompts/answer.prompt\n");
        assertThat(ws.commits()).isEqualTo(before);
        assertThat(ws.read("prompts/answer.prompt")).contains("<<<<<<<", "formally", "=======", "warmly", ">>>>>>>");
        assertThat(ws.git("status", "--porcelain")).isEqualTo("UU prompts/_rules.prompt\nUU prompts/answer.prompt\n");
        assertThat(ws.git("status")).contains("You have unmerged paths");
    }

    @Test
    void continueRefusesWhileMarkersRemainThenCommitsTheResolution() {
        conflictingBranches();
        ws.run("merge", "experiment");
        ws.write("prompts/answer.prompt", "{{> rules}}\nGreet the user warmly but formally.\nAnswer.\nSign off.\n");

        CliRun early = ws.run("merge", "--continue");
        ws.write("prompts/_rules.prompt", "Rule one, strictly but kindly.\n");
        CliRun done = ws.run("merge", "--continue");

        assertThat(early.exitCode()).isEqualTo(1);
        assertThat(early.err()).startsWith("error: still in conflict: prompts/_rules.prompt; edit each");
        assertThat(done.exitCode()).isZero();
        assertThat(done.out()).isEqualTo("Merged experiment into " + main + " (" + ws.head() + ")\n");
        assertThat(ws.git("log", "-1", "--format=%P").strip().split(" ")).hasSize(2);
        assertThat(ws.git("status", "--porcelain")).isEmpty();
        assertThat(ws.ok("show", "answer").out()).contains("warmly but formally");
        ws.git("fsck", "--strict");
    }

    @Test
    void aSaveDuringAMergeSaysHowToFinishIt() {
        conflictingBranches();
        ws.run("merge", "experiment");

        CliRun run = ws.run("save", "answer", "-m", "x");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("'studio merge --continue' (or 'studio merge --abort')");
    }

    @Test
    void abortPutsTheFilesBack() {
        conflictingBranches();
        ws.run("merge", "experiment");

        CliRun run = ws.ok("merge", "--abort");

        assertThat(run.out()).isEqualTo("Merge aborted: the files are as they were at the last commit\n");
        assertThat(ws.read("prompts/answer.prompt")).contains("formally").doesNotContain("<<<<<<<");
        assertThat(ws.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void aBranchAndContinueTogetherAreAUsageError() {
        CliRun run = ws.run("merge", "experiment", "--continue");
        CliRun none = ws.run("merge");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("usage error: give a branch to merge, or --continue, or --abort");
    }
}

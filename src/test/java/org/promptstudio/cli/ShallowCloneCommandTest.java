package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shallow clone ({@code git clone --depth N}, CI's default) lacks the commits before its boundary
 * ({@code .git/shallow}), so a prompt's version numbers cannot be counted there (decision 0031): the version commands
 * say so, refuse numbers, and still take commit ids and labels. A prompt whose whole history is inside the clone keeps
 * its true numbers. The reference numbers are those of the full repository.
 */
class ShallowCloneCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;
    Path clone;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        for (int i = 1; i <= 5; i++) ws.save("answer", "answer " + i + "\n", "answer v" + i);
        ws.ok("label", "answer", "production", "--version", "5");
    }

    private void cloneWithDepth(int depth) {
        clone = tmp.resolve("clone" + depth);
        git(tmp, "clone", "-q", "--depth", Integer.toString(depth), ws.dir().toUri().toString(), clone.toString());
        git(clone, "config", "user.name", "Ada Lovelace");
        git(clone, "config", "user.email", "ada@example.org");
        assertThat(Files.isRegularFile(clone.resolve(".git/shallow"))).as("git made a shallow clone").isTrue();
    }

    private CliRun inClone(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = clone.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return studio(all);
    }

    @Test
    void aVersionNumberIsRefusedWithOneLineAndNeverGivesAnotherVersionsText() {
        cloneWithDepth(1);

        CliRun one = inClone("show", "answer@1");
        CliRun five = inClone("show", "answer@5");

        assertThat(one.exitCode()).isEqualTo(1);
        assertThat(one.out()).isEmpty();
        assertThat(one.err()).isEqualTo("error: prompts/answer.prompt: history is shallow (a shallow clone), so version "
                + "numbers are unknown and '1' cannot be found; use a commit id or a label (or fetch the whole history: "
                + "git fetch --unshallow)\n");
        assertThat(five.exitCode()).isEqualTo(1);
        assertThat(five.out()).isEmpty();
        assertThat(lines(five.err())).hasSize(1);
    }

    @Test
    void commitIdsLabelsAndLatestStillWorkAndSayTheHistoryIsShallow() {
        cloneWithDepth(1);
        String head = git(clone, "rev-parse", "--short=7", "HEAD").strip();

        CliRun byCommit = inClone("show", "answer@" + head);
        CliRun byLabel = inClone("show", "answer@production");
        CliRun latest = inClone("show", "answer");

        assertThat(byCommit.out()).isEqualTo("answer 5\n");
        assertThat(byLabel.out()).isEqualTo("answer 5\n");
        assertThat(latest.out()).isEqualTo("answer 5\n");
        assertThat(byCommit.err()).startsWith("note: history is shallow (a shallow clone): older versions of answer "
                + "are not here and version numbers are unknown");
        assertThat(lines(byCommit.err())).hasSize(1);
    }

    @Test
    void historySaysItIsShallowAndNumbersNothing() {
        cloneWithDepth(3);

        CliRun history = inClone("history", "answer");

        List<String> out = lines(history.out());
        assertThat(out.get(0)).startsWith("note: history is shallow (a shallow clone)");
        assertThat(out.get(1)).startsWith("VERSION");
        assertThat(out.subList(2, out.size())).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("      ?  "));
        assertThat(out.get(2)).contains("answer v5").contains("production");
        assertThat(out.get(4)).contains("answer v3");
    }

    @Test
    void aDiffByNumberIsRefusedAndADiffByCommitSaysTheHistoryIsShallow() throws Exception {
        cloneWithDepth(2);
        String older = git(clone, "rev-parse", "--short=7", "HEAD~1").strip();
        Files.writeString(clone.resolve("prompts/answer.prompt"), "answer 6\n");

        CliRun byNumber = inClone("diff", "answer", "4", "5");
        CliRun byCommit = inClone("diff", "answer", older, "working", "--source-only");

        assertThat(byNumber.exitCode()).isEqualTo(1);
        assertThat(byNumber.err()).contains("history is shallow").contains("'4' cannot be found");
        assertThat(byCommit.exitCode()).as(byCommit.err()).isZero();
        assertThat(byCommit.out()).contains("--- a/prompts/answer.prompt\tcommit " + older
                + " (shallow history: version number unknown)");
        assertThat(byCommit.out()).contains("-answer 4\n+answer 6\n");
        assertThat(byCommit.err()).startsWith("note: history is shallow");
    }

    @Test
    void aSaveInAShallowCloneCommitsAndNamesTheVersionByItsCommit() throws Exception {
        cloneWithDepth(1);
        Files.writeString(clone.resolve("prompts/answer.prompt"), "answer 6\n");

        CliRun save = inClone("save", "answer", "-m", "answer v6");

        assertThat(save.exitCode()).as(save.err()).isZero();
        String head = git(clone, "rev-parse", "--short=7", "HEAD").strip();
        assertThat(save.out()).isEqualTo("Saved answer commit " + head + " (version number unknown: shallow history)\n");
        assertThat(git(clone, "show", "HEAD:prompts/answer.prompt")).isEqualTo("answer 6\n");
        assertThat(git(clone, "status", "--porcelain")).isEmpty();
    }

    @Test
    void aPromptWhoseWholeHistoryIsInTheCloneKeepsItsTrueNumbers() {
        ws.save("late", "late 1\n", "late v1");
        ws.save("late", "late 2\n", "late v2");
        String full = ws.ok("history", "late").out();
        cloneWithDepth(3);

        CliRun history = inClone("history", "late");
        CliRun show = inClone("show", "late@1");

        assertThat(history.out()).isEqualTo(full);
        assertThat(show.out()).isEqualTo("late 1\n");
        assertThat(show.err()).isEmpty();
    }

    @Test
    void publishingFromAShallowCloneIsRefusedSinceTheRegistryNumberWouldBeWrong() {
        cloneWithDepth(1);

        CliRun publish = inClone("publish", "answer", "--registry", tmp.resolve("registry.git").toString());

        assertThat(publish.exitCode()).isNotZero();
        assertThat(publish.err()).contains("history is shallow").contains("cannot be published");
        assertThat(lines(publish.err())).hasSize(1);
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code studio branch} and {@code studio switch}. */
class BranchCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;
    String main;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "one\n", "v1");
        main = ws.git("symbolic-ref", "--short", "HEAD").strip();
    }

    @Test
    void branchCreatesABranchGitListsAndBranchAloneListsThem() {
        CliRun created = ws.ok("branch", "experiment");
        CliRun list = ws.ok("branch");

        assertThat(created.out()).isEqualTo("Created branch experiment at " + ws.head()
                + "; work on it with 'studio switch experiment'\n");
        assertThat(list.out()).isEqualTo("  experiment\n* " + main + "\n");
        assertThat(ws.git("branch", "--list", "experiment", "--format=%(objectname:short=7)").strip()).isEqualTo(ws.head());
    }

    @Test
    void switchMovesTheWorkspaceToTheBranch() {
        ws.ok("branch", "experiment");

        CliRun run = ws.ok("switch", "experiment");
        ws.save("answer", "experimental\n", "try");
        ws.ok("switch", main);

        assertThat(run.out()).isEqualTo("Switched to branch experiment\n");
        assertThat(ws.read("prompts/answer.prompt")).isEqualTo("one\n");
        assertThat(ws.git("show", "experiment:prompts/answer.prompt")).isEqualTo("experimental\n");
        assertThat(ws.git("symbolic-ref", "--short", "HEAD").strip()).isEqualTo(main);
    }

    @Test
    void anUncommittedChangeBlocksASwitchWithAClearMessageAndIsKept() {
        ws.ok("branch", "experiment");
        ws.write("prompts/answer.prompt", "unsaved\n");

        CliRun run = ws.run("switch", "experiment");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot switch to 'experiment': uncommitted changes would be lost: "
                + "prompts/answer.prompt (modified); save them (studio save) or discard them first\n");
        assertThat(ws.read("prompts/answer.prompt")).isEqualTo("unsaved\n");
        assertThat(ws.git("symbolic-ref", "--short", "HEAD").strip()).isEqualTo(main);
    }

    @Test
    void anUnknownBranchIsRefusedListingTheBranches() {
        CliRun run = ws.run("switch", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no branch 'nope' (branches: " + main + ")\n");
    }
}

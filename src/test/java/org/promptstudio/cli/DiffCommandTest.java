package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;
    String v1;
    String v2;

    @BeforeEach
    void twoVersions() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "Greet the user.\nAnswer politely.\nSign off.\n", "v1");
        v1 = ws.head();
        ws.save("answer", "Greet the user.\nAnswer very politely.\nSign off.\n", "v2");
        v2 = ws.head();
        ws.ok("label", "answer", "production", "--version", "1");
    }

    @Test
    void diffBetweenTwoVersionsIsTheUnifiedDiffGitWouldShow() {
        CliRun run = ws.ok("diff", "answer", "production", "2", "--source-only");
        CliRun withRendered = ws.ok("diff", "answer", "production", "2");

        assertThat(run.out()).isEqualTo("--- a/prompts/answer.prompt\tversion 1 (" + v1 + ", production)\n"
                + "+++ b/prompts/answer.prompt\tversion 2 (" + v2 + ")\n"
                + "@@ -1,3 +1,3 @@\n"
                + " Greet the user.\n"
                + "-Answer politely.\n"
                + "+Answer very politely.\n"
                + " Sign off.\n");
        String git = ws.git("diff", v1, v2, "--", "prompts/answer.prompt");
        assertThat(git.substring(git.indexOf("@@"))).isEqualTo(run.out().substring(run.out().indexOf("@@")));
        // Then the two rendered (decision 0014): the user message a model would get.
        assertThat(withRendered.out()).isEqualTo(run.out() + "\nRendered with example input:\n"
                + "--- answer@production (rendered)\n+++ answer@2 (rendered)\n@@ -1,4 +1,4 @@\n ── user ──\n"
                + " Greet the user.\n-Answer politely.\n+Answer very politely.\n Sign off.\n");
    }

    @Test
    void commitIdsAndTheWorkingCopyCanBeCompared() {
        ws.write("prompts/answer.prompt", "Greet the user.\nAnswer very politely.\nSign off.\nThanks.\n");

        CliRun run = ws.ok("diff", "answer", v2, "working", "--source-only");
        CliRun defaults = ws.ok("diff", "answer", "--source-only");

        assertThat(run.out()).contains("+++ b/prompts/answer.prompt\tworking copy\n").endsWith(" Sign off.\n+Thanks.\n");
        assertThat(defaults.out()).isEqualTo(run.out());
    }

    @Test
    void wordsMarksTheChangedWordsInsideLines() {
        CliRun run = ws.ok("diff", "answer", "1", "2", "--words", "--source-only");

        assertThat(run.out()).isEqualTo("Greet the user.\nAnswer {+very +}politely.\nSign off.\n");
    }

    @Test
    void noDifferenceIsSaid() {
        CliRun run = ws.ok("diff", "answer", "2", "latest");

        assertThat(run.out()).isEqualTo("No differences between 2 and latest of answer (prompt and partials)\n");
    }

    @Test
    void anUnknownVersionIsAUserError() {
        CliRun run = ws.run("diff", "answer", "9", "2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: prompts/answer.prompt has no version 9 (its versions are 1 to 2)\n");
    }
}

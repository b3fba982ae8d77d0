package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;
    String v1;
    String v2;

    @BeforeEach
    void versions() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "one\n", "v1");
        v1 = ws.head();
        ws.save("answer", "two\n", "v2");
        v2 = ws.head();
    }

    @Test
    void aLabelIsATagGitShowsAndMovingItReplacesTheTag() {
        CliRun set = ws.ok("label", "answer", "production", "--version", "1");
        CliRun moved = ws.ok("label", "answer", "production");

        assertThat(set.out()).isEqualTo("Label production of answer now points at version 1 (" + v1 + ")\n");
        assertThat(moved.out()).isEqualTo("Moved label production of answer from version 1 to version 2 (" + v2 + ")\n");
        assertThat(ws.git("tag", "-l")).isEqualTo("prompts/answer/production\n");
        assertThat(ws.git("for-each-ref", "--format=%(objecttype) %(*objectname:short=7) %(taggeremail)",
                "refs/tags/prompts/answer/production")).isEqualTo("tag " + v2 + " <ada@example.org>\n");
        assertThat(ws.git("log", "-1", "--format=%h", "--abbrev=7", "prompts/answer/production").strip()).isEqualTo(v2);
        assertThat(ws.git("log", "--oneline", "--decorate=short", "-1", v2)).contains("tag: prompts/answer/production");
        ws.git("fsck", "--strict");
    }

    @Test
    void anyNameWorksAndTheListShowsWhereEachPoints() {
        ws.ok("label", "answer", "staging", "--version", "2");
        ws.ok("label", "answer", "exp-7", "--version", v1);

        CliRun list = ws.ok("label", "answer");

        assertThat(list.out()).isEqualTo("exp-7    version 1 (" + v1 + ")\nstaging  version 2 (" + v2 + ")\n");
        assertThat(ws.git("tag", "-l", "prompts/answer/*")).isEqualTo("prompts/answer/exp-7\nprompts/answer/staging\n");
    }

    @Test
    void settingALabelWhereItAlreadyPointsChangesNothing() {
        ws.ok("label", "answer", "production");
        String tag = ws.git("rev-parse", "prompts/answer/production");

        CliRun again = ws.ok("label", "answer", "production", "--version", "2");

        assertThat(again.out()).isEqualTo("Label production of answer already points at version 2 (" + v2 + ")\n");
        assertThat(ws.git("rev-parse", "prompts/answer/production")).isEqualTo(tag);
    }

    @Test
    void deleteRemovesTheTag() {
        ws.ok("label", "answer", "staging");

        CliRun run = ws.ok("label", "answer", "staging", "--delete");

        assertThat(run.out()).isEqualTo("Removed label staging of answer (it pointed at version 2)\n");
        assertThat(ws.git("tag", "-l")).isEmpty();
    }

    @Test
    void aNumberOrAReservedWordIsNoLabel() {
        CliRun number = ws.run("label", "answer", "2");
        CliRun working = ws.run("label", "answer", "latest");

        assertThat(number.exitCode()).isEqualTo(1);
        assertThat(number.err()).startsWith("error: '2' cannot be a label: use a letter first");
        assertThat(working.err()).startsWith("error: 'latest' cannot be a label: it already means a version");
        assertThat(ws.git("tag", "-l")).isEmpty();
    }

    @Test
    void helpStillWorksBesideTheVersionOption() {
        CliRun run = ws.ok("label", "--help");

        assertThat(run.out()).contains("--version=VERSION").contains("-h, --help");
    }
}

package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;
    String v1;

    @BeforeEach
    void versions() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", "one\n", "v1");
        v1 = ws.head();
        ws.save("answer", "two\n", "v2");
        ws.ok("label", "answer", "production", "--version", "1");
        ws.write("prompts/answer.prompt", "draft");
    }

    @Test
    void showPrintsTheVersionALabelANumberOrACommitNames() {
        assertThat(ws.ok("show", "answer@production").out()).isEqualTo("one\n");
        assertThat(ws.ok("show", "answer@2").out()).isEqualTo("two\n");
        assertThat(ws.ok("show", "answer@" + v1).out()).isEqualTo("one\n");
        assertThat(ws.ok("show", "answer").out()).isEqualTo("two\n");
        assertThat(ws.ok("show", "answer@working").out()).isEqualTo("draft");
        assertThat(ws.ok("show", "answer@production").out()).isEqualTo(ws.git("show", "prompts/answer/production:prompts/answer.prompt"));
    }

    @Test
    void anUnknownLabelIsRefusedListingTheLabels() {
        CliRun run = ws.run("show", "answer@prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: prompts/answer.prompt: no label or commit 'prod' (labels: production)\n");
    }

    @Test
    void nothingAfterTheAtIsRefused() {
        CliRun run = ws.run("show", "answer@");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nothing after '@'");
    }
}

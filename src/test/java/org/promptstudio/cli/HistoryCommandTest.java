package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
    }

    @Test
    void historyListsNumberCommitDateAuthorMessageAndLabelsNewestFirst() {
        ws.save("answer", "one\n", "First");
        ws.save("answer", "two\n", "Second\n\nwith a body");
        ws.ok("label", "answer", "production", "--version", "1");
        ws.ok("label", "answer", "staging", "--version", "1");

        CliRun run = ws.ok("history", "answer");

        List<String> out = lines(run.out());
        List<String> ids = lines(ws.git("log", "--format=%h", "--abbrev=7", "--", "prompts/answer.prompt"));
        List<String> dates = lines(ws.git("log", "--format=%ad", "--date=format:%Y-%m-%d %H:%M", "--",
                "prompts/answer.prompt"));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).matches("VERSION +COMMIT +DATE +AUTHOR +MESSAGE +LABELS");
        assertThat(out.get(1)).matches("      2  " + ids.get(0) + "  " + dates.get(0) + "  Ada Lovelace  Second");
        assertThat(out.get(2)).matches("      1  " + ids.get(1) + "  " + dates.get(1)
                + "  Ada Lovelace  First +production, staging");
    }

    @Test
    void aPromptNeverSavedHasNoHistoryYet() {
        ws.write("prompts/draft.prompt", "x\n");

        CliRun run = ws.ok("history", "draft");

        assertThat(run.out()).isEqualTo("draft has no saved versions yet (save it with 'studio save draft -m MESSAGE')\n");
    }

    @Test
    void versionsSavedUnderAnOlderNameShowIt() {
        ws.save("answer", "one\n", "First");
        ws.ok("mv", "answer", "reply");

        CliRun run = ws.ok("history", "reply");

        assertThat(lines(run.out())).hasSize(3);
        assertThat(lines(run.out()).get(1)).contains("Rename answer to reply").doesNotContain("[");
        assertThat(lines(run.out()).get(2)).contains("First [prompts/answer.prompt]");
    }
}

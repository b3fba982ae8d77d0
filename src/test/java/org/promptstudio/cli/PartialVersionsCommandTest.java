package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, section 3: a version is everything that decides the rendered prompt, the prompt and the partials it uses
 * (decision 0014). Checked with the real git command.
 */
class PartialVersionsCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.write("prompts/_rules.prompt", "Be kind.\n")
                .write("prompts/_tone.prompt", "Tone: {{> rules}}\n")
                .write("prompts/answer.prompt", "---\ninput:\n  schema:\n    question: string\n---\n{{> tone}}\nQ: {{question}}\n")
                .write("prompts/summary.prompt", "{{> rules}}\nSummarise.\n")
                .write("prompts/plain.prompt", "No partials.\n");
        ws.ok("save", "answer", "-m", "Answer with rules");
        ws.ok("save", "summary", "-m", "Summary");
        ws.ok("save", "plain", "-m", "Plain");
    }

    @Test
    void editingAPartialMakesANewVersionOfEveryPromptUsingItAndHistoryShowsIt() {
        ws.write("prompts/_rules.prompt", "Be very kind.\n");

        CliRun saved = ws.ok("save", "answer", "-m", "Kinder rules");

        // The example: before, this said "answer stays at version 1".
        assertThat(saved.out()).isEqualTo("Saved answer version 2 (" + ws.head() + ")\n"
                + "  with prompts/_rules.prompt\n"
                + "  also a new version of summary (they use that partial)\n");
        assertThat(lines(ws.git("show", "--name-only", "--format=", "HEAD"))).containsExactly("prompts/_rules.prompt");
        // The versions are the commits git lists for the closure's files (answer uses _tone, which uses _rules).
        List<String> gitLog = lines(ws.git("log", "--format=%h", "--", "prompts/answer.prompt", "prompts/_tone.prompt",
                "prompts/_rules.prompt"));
        String history = ws.ok("history", "answer").out();
        assertThat(lines(history)).hasSize(3);
        assertThat(lines(history).get(1)).startsWith("      2  " + gitLog.get(0)).contains("Kinder rules (changed _rules)");
        assertThat(lines(history).get(2)).startsWith("      1  " + gitLog.get(1));
        assertThat(lines(ws.ok("history", "summary").out())).hasSize(3);
        assertThat(lines(ws.ok("history", "plain").out())).as("plain uses no partial").hasSize(2);
    }

    @Test
    void diffShowsThePartialsSourceAndTheRenderedDifference() {
        ws.write("prompts/_rules.prompt", "Be very kind.\n");

        CliRun working = ws.ok("diff", "answer", "1", "working");
        ws.ok("save", "answer", "-m", "Kinder rules");
        CliRun saved = ws.ok("diff", "answer", "1", "2");

        // Before, both said "No differences".
        assertThat(working.out()).contains("--- a/prompts/_rules.prompt\tversion 1 (")
                .contains("+++ b/prompts/_rules.prompt\tworking copy")
                .contains("-Be kind.\n+Be very kind.\n")
                .contains("Rendered with example input:\n--- answer@1 (rendered)\n+++ answer@working (rendered)\n")
                .contains("-Tone: Be kind.\n+Tone: Be very kind.\n")
                .contains(" Q: <question>\n");
        assertThat(saved.out()).contains("-Be kind.\n+Be very kind.\n").contains("+Tone: Be very kind.\n");
        assertThat(ws.ok("diff", "plain", "1", "working").out()).isEqualTo(
                "No differences between 1 and working of plain (prompt and partials)\n");
    }

    @Test
    void restoreBringsBackThePartialsOfThatVersion() {
        ws.write("prompts/_rules.prompt", "Be very kind.\n");
        ws.ok("save", "answer", "-m", "Kinder rules");

        CliRun restored = ws.ok("restore", "answer", "1");

        assertThat(restored.out()).isEqualTo("Restored answer version 1 as version 3 (" + ws.head() + ")\n"
                + "  with prompts/_rules.prompt as it was then\n"
                + "  also a new version of summary (they use that partial)\n");
        assertThat(ws.git("show", "HEAD:prompts/_rules.prompt")).isEqualTo("Be kind.\n");
        assertThat(ws.read("prompts/_rules.prompt")).isEqualTo("Be kind.\n");
        assertThat(ws.git("status", "--porcelain")).isEmpty();
        assertThat(ws.ok("diff", "answer", "1", "3").out()).startsWith("No differences");
    }

    @Test
    void restoreRefusesAPartialWithUnsavedChangesAndLeavesEverythingAlone() {
        ws.write("prompts/_rules.prompt", "Be very kind.\n");
        ws.ok("save", "answer", "-m", "Kinder rules");
        ws.write("prompts/_rules.prompt", "Draft rules.\n");
        int before = ws.commits();

        CliRun run = ws.run("restore", "answer", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: prompts/_rules.prompt has unsaved changes").hasLineCount(1);
        assertThat(ws.read("prompts/_rules.prompt")).isEqualTo("Draft rules.\n");
        assertThat(ws.commits()).isEqualTo(before);
    }

    @Test
    void showAndLabelsNameTheWholeVersion() {
        ws.write("prompts/_rules.prompt", "Be very kind.\n");
        ws.ok("save", "answer", "-m", "Kinder rules");
        ws.ok("label", "answer", "production", "--version", "1");

        CliRun shown = ws.ok("show", "answer@production");

        assertThat(shown.out()).isEqualTo("---\ninput:\n  schema:\n    question: string\n---\n{{> tone}}\nQ: {{question}}\n"
                + "\n── prompts/_rules.prompt (partial, version 1) ──\nBe kind.\n"
                + "\n── prompts/_tone.prompt (partial, version 1) ──\nTone: {{> rules}}\n");
        assertThat(ws.ok("show", "answer@production", "--prompt-only").out()).doesNotContain("Be kind.");
        assertThat(ws.ok("show", "answer@2").out()).contains("Be very kind.");
    }

    @Test
    void aPartialChangedByAPlainGitCommitIsAVersionToo() {
        ws.write("prompts/_tone.prompt", "Tone: calm. {{> rules}}\n");
        ws.git("commit", "-q", "-am", "Calmer tone, by hand");

        assertThat(ws.ok("history", "answer").out()).contains("      2  " + ws.head())
                .contains("Calmer tone, by hand (changed _tone)");
        assertThat(lines(ws.ok("history", "summary").out())).as("summary does not use _tone").hasSize(2);
    }
}

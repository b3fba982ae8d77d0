package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.StudioSettings;
import org.promptstudio.testsupport.NoGitIdentity;

class SaveCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
    }

    @Test
    void savePrintsTheVersionNumberAndTheShortCommitIdGitShows() {
        ws.write("prompts/answer.prompt", "Hello {{name}}\n");

        CliRun first = ws.run("save", "answer", "-m", "First answer");
        ws.write("prompts/answer.prompt", "Hello {{name}}!\n");
        CliRun second = ws.run("save", "answer", "-m", "Excited");

        assertThat(first.exitCode()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).isEqualTo("Saved answer version 2 (" + ws.head() + ")\n");
        assertThat(lines(ws.git("log", "--format=%s", "--", "prompts/answer.prompt"))).containsExactly("Excited", "First answer");
        assertThat(ws.git("show", "HEAD:prompts/answer.prompt")).isEqualTo("Hello {{name}}!\n");
        ws.git("fsck", "--strict");
    }

    @Test
    void saveCommitsChangedPartialsAndLeavesOtherFilesUncommitted() {
        ws.write("prompts/_rules.prompt", "Be kind.\n").write("prompts/answer.prompt", "{{> rules}}\nHi\n")
                .write("datasets/cases.jsonl", "{\"a\": 1}\n");

        CliRun run = ws.run("save", "answer", "-m", "With rules");

        assertThat(run.out()).isEqualTo("Saved answer version 1 (" + ws.head() + ")\n  with prompts/_rules.prompt\n");
        assertThat(lines(ws.git("show", "--name-only", "--format=", "HEAD")))
                .containsExactly("prompts/_rules.prompt", "prompts/answer.prompt");
        assertThat(ws.git("status", "--porcelain")).isEqualTo("?? datasets/cases.jsonl\n");
    }

    @Test
    void savingAnUnchangedPromptSaysSoAndCommitsNothing() {
        ws.save("answer", "Hi\n", "v1");
        int before = ws.commits();

        CliRun run = ws.run("save", "answer", "-m", "again");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("answer is unchanged since version 1 (" + ws.head() + "): nothing to save\n");
        assertThat(ws.commits()).isEqualTo(before);
    }

    @Test
    void aBrokenTemplateIsRefusedWithFileLineAndColumnAndExit1() {
        ws.write("prompts/answer.prompt", "Hi\n{{#each items}}\n- {{this}}\n");
        int before = ws.commits();

        CliRun run = ws.run("save", "answer", "-m", "broken");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: prompts/answer.prompt:2:1: unclosed block {{#each}}").hasLineCount(1);
        assertThat(ws.commits()).isEqualTo(before);
    }

    @Test
    void aSecretIsRefusedNamingFileLineAndKindButNeverTheSecret() {
        String key = "sk-" + "ant-" + "api03-" + "Zq3xT9bLk2Vw7Rn4Ys8Pd1Fh6Jm5Gc0Ae".repeat(3);
        ws.write("prompts/answer.prompt", "---\nmodel: anthropic/claude\n---\nKey: " + key + "\n");
        int before = ws.commits();

        CliRun run = ws.run("save", "answer", "-m", "oops");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: refused to commit: prompts/answer.prompt:4: Anthropic API key (sk-ant-...")
                .doesNotContain(key).doesNotContain(key.substring(10, 30)).hasLineCount(1);
        assertThat(run.out()).isEmpty();
        assertThat(ws.commits()).isEqualTo(before);
    }

    @Test
    void withoutAnIdentityTheUserIsToldHowToSetOne() {
        ws.git("config", "--unset", "user.name");
        ws.git("config", "--unset", "user.email");
        ws.write("prompts/answer.prompt", "Hi\n");

        CliRun run;
        try (NoGitIdentity none = NoGitIdentity.install()) {
            run = ws.run("save", "answer", "-m", "v1");
        }

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no author identity: run 'git config --global user.name \"Your Name\"' "
                + "and user.email, or set author in ~/.config/prompt-studio/settings.yaml\n");
    }

    @Test
    void withoutAGitIdentityTheAuthorComesFromTheStudioSettings() throws Exception {
        ws.git("config", "--unset", "user.name");
        ws.git("config", "--unset", "user.email");
        ws.write("prompts/answer.prompt", "Hi\n");
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("settings.yaml"), "author:\n  name: Grace Hopper\n  email: grace@example.org\n");
        String before = System.getProperty(StudioSettings.CONFIG_DIR_PROPERTY);

        CliRun run;
        try (NoGitIdentity none = NoGitIdentity.install()) {
            System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, config.toString());
            run = ws.run("save", "answer", "-m", "v1");
        } finally {
            System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, before);
        }

        assertThat(run.exitCode()).isZero();
        assertThat(ws.git("log", "-1", "--format=%an <%ae>").strip()).isEqualTo("Grace Hopper <grace@example.org>");
    }

    @Test
    void saveWithoutAMessageIsAUsageError() {
        ws.write("prompts/answer.prompt", "Hi\n");

        for (String[] args : new String[][] {{"save", "answer"}, {"save", "answer", "-m", ""},
                {"save", "answer", "-m", "  "}, {"save", "answer", "-m"}}) {
            CliRun run = ws.run(args);

            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).startsWith("usage error: a save needs a message: -m TEXT\n");
        }
        assertThat(ws.git("log", "--format=%s")).doesNotContain("Hi");
    }

    @Test
    void anUnknownPromptIsRefusedListingTheKnownOnes() {
        ws.write("prompts/answer.prompt", "Hi\n");

        CliRun run = ws.run("save", "nope", "-m", "x");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no such prompt").contains("known: answer");
    }
}

package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.template.TemplateException;
import org.promptstudio.vcs.SaveResult;
import org.promptstudio.vcs.VcsException;

/** Saving through the studio: the template is checked and its partials found before vcs commits. */
class VersionsTest {

    @TempDir
    Path dir;

    Versions versions;

    @BeforeEach
    void workspace() {
        Studio.init(dir, "Test");
        git(dir, "config", "user.name", "Ada Lovelace");
        git(dir, "config", "user.email", "ada@example.org");
        versions = Studio.open(dir).versions();
    }

    void write(String path, String text) throws Exception {
        Files.writeString(dir.resolve(path), text);
    }

    int commits() {
        return lines(git(dir, "rev-list", "--all")).size();
    }

    @Test
    void saveCommitsThePromptWithThePartialsItUses() throws Exception {
        write("prompts/_rules.prompt", "Be kind. {{> tone}}\n");
        write("prompts/_tone.prompt", "Be brief.\n");
        write("prompts/_other.prompt", "unused\n");
        write("prompts/answer.prompt", "---\ninput:\n  schema:\n    q: string\n---\n{{> rules}}\n{{q}}\n");

        SaveResult saved = versions.save("answer", "First answer");

        assertThat(saved.version().number()).isEqualTo(1);
        assertThat(saved.committedPaths()).containsExactly("prompts/answer.prompt", "prompts/_rules.prompt",
                "prompts/_tone.prompt");
        assertThat(lines(git(dir, "status", "--porcelain"))).containsExactly("?? prompts/_other.prompt");
    }

    @Test
    void aBrokenTemplateIsRefusedWithItsPlaceAndNothingIsCommitted() throws Exception {
        write("prompts/answer.prompt", "---\nmodel: x\n---\nHello\n{{#if name}}\nno end\n");
        int before = commits();

        assertThatThrownBy(() -> versions.save("answer", "broken"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("prompts/answer.prompt:5:1: unclosed block {{#if}}");
        assertThat(commits()).isEqualTo(before);
    }

    @Test
    void aMissingPartialIsRefusedBeforeSaving() throws Exception {
        write("prompts/answer.prompt", "{{> nowhere}}\n");

        assertThatThrownBy(() -> versions.save("answer", "x"))
                .hasMessageStartingWith("prompts/answer.prompt:1:1: partial 'nowhere' not found");
    }

    @Test
    void promptsAreFoundByIdFileNamePathOrPartialName() throws Exception {
        write("prompts/answer.formal.prompt", "Good day\n");
        write("prompts/_rules.prompt", "Rules\n");

        assertThat(versions.path("answer.formal")).isEqualTo("prompts/answer.formal.prompt");
        assertThat(versions.path("answer.formal.prompt")).isEqualTo("prompts/answer.formal.prompt");
        assertThat(versions.path("prompts/answer.formal.prompt")).isEqualTo("prompts/answer.formal.prompt");
        assertThat(versions.path("_rules")).isEqualTo("prompts/_rules.prompt");
        assertThatThrownBy(() -> versions.path("nope")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("no such prompt");
    }

    @Test
    void aDeletedPromptStillHasItsHistory() throws Exception {
        write("prompts/old.prompt", "old\n");
        versions.save("old", "v1");
        git(dir, "rm", "-q", "prompts/old.prompt");
        git(dir, "commit", "-q", "-m", "remove old");

        assertThat(versions.history("old")).hasSize(1);
        assertThat(versions.show("old@1").content()).isEqualTo("old\n");
    }

    @Test
    void showReadsPromptAtSpec() throws Exception {
        write("prompts/answer.prompt", "one\n");
        versions.save("answer", "v1");
        write("prompts/answer.prompt", "two\n");
        versions.save("answer", "v2");
        versions.label("answer", "production", "1");
        write("prompts/answer.prompt", "draft\n");

        assertThat(versions.show("answer@production").content()).isEqualTo("one\n");
        assertThat(versions.show("answer@production").version().number()).isEqualTo(1);
        assertThat(versions.show("answer@2").content()).isEqualTo("two\n");
        assertThat(versions.show("answer").content()).isEqualTo("two\n");
        assertThat(versions.show("answer@working").content()).isEqualTo("draft\n");
        assertThat(versions.show("answer@working").version()).isNull();
    }

    @Test
    void moveTakesAnIdAndKeepsThePromptInItsFolder() throws Exception {
        write("prompts/answer.prompt", "one\n");
        versions.save("answer", "v1");

        versions.move("answer", "reply");

        assertThat(dir.resolve("prompts/reply.prompt")).hasContent("one");
        assertThat(versions.history("reply")).hasSize(2);
        assertThatThrownBy(() -> versions.move("reply", "../x")).isInstanceOf(VcsException.class)
                .hasMessageContaining("cannot be a prompt name");
    }
}

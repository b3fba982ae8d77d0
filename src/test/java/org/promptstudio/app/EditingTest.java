package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;

/** Editing a prompt: save as a commit with the file put back when refused, input fields, recovery copies. */
class EditingTest {

    static final String PROMPT = "---\ninput:\n  schema:\n    q: string, the question\n    n?: integer\n"
            + "    tone?(enum): [warm, cool]\n  default:\n    n: 3\n---\n{{q}}\n";

    @TempDir
    Path dir;

    Editing editing;

    @BeforeEach
    void workspace() throws Exception {
        Studio.init(dir, "Test");
        git(dir, "config", "user.name", "Ada Lovelace");
        git(dir, "config", "user.email", "ada@example.org");
        Files.writeString(dir.resolve("prompts/ask.prompt"), PROMPT);
        editing = new Editing(Studio.open(dir));
    }

    @Test
    void inputFieldsComeFromTheSchemaWithExampleValues() {
        var fields = editing.inputFields("prompts/ask.prompt", PROMPT);
        assertThat(fields.get(0)).isEqualTo(
                new Editing.InputField("q", "string", "the question", true, java.util.List.of(), "<q>"));
        assertThat(fields.get(1).name()).isEqualTo("n");
        assertThat(fields.get(1).type()).isEqualTo("integer");
        assertThat(((Number) fields.get(1).example()).longValue()).as("the default").isEqualTo(3);
        // Picoschema makes an optional enum nullable; the form offers the values only.
        assertThat(fields.get(2)).isEqualTo(
                new Editing.InputField("tone", "enum", "", false, java.util.List.of("warm", "cool"), "warm"));
        assertThat(fields).hasSize(3);
        assertThat(editing.inputFields("prompts/ask.prompt", "Hi {{q}}")).isEmpty();
        assertThat(editing.inputFields("prompts/ask.prompt", "---\ninput: [\n---\n")).isEmpty();
    }

    @Test
    void aRefusedSavePutsTheFileBackAndCommitsNothing() throws Exception {
        editing.save("prompts/ask.prompt", PROMPT, "First");
        String head = git(dir, "rev-parse", "HEAD");

        assertThatThrownBy(() -> editing.save("prompts/ask.prompt", PROMPT + "{{#if q}}\n", "Broken"))
                .isInstanceOf(StudioException.class).hasMessageStartingWith("prompts/ask.prompt:11:");

        assertThat(dir.resolve("prompts/ask.prompt")).hasContent(PROMPT);
        assertThat(git(dir, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(git(dir, "status", "--porcelain", "prompts/ask.prompt")).isBlank();
    }

    @Test
    void saveCommitsTheTextWithTheMessage() {
        Editing.Saved saved = editing.save("prompts/ask.prompt", PROMPT + "More.\n", "More");
        assertThat(saved.committed()).isTrue();
        assertThat(saved.version()).isEqualTo(1);
        assertThat(git(dir, "log", "-1", "--format=%s%n%h").lines()).containsExactly("More", saved.commit());
        assertThat(editing.save("prompts/ask.prompt", PROMPT + "More.\n", "Again").committed()).isFalse();
    }

    @Test
    void recoveryCopiesLiveUnderStudioAndOnlyForWorkspaceFiles() {
        editing.writeRecovery("prompts/ask.prompt", "typed");
        assertThat(dir.resolve(".studio/recovery/prompts/ask.prompt")).hasContent("typed");
        assertThat(editing.recovery("prompts/ask.prompt")).contains("typed");
        assertThat(git(dir, "status", "--porcelain")).doesNotContain(".studio");
        editing.deleteRecovery("prompts/ask.prompt");
        assertThat(editing.recovery("prompts/ask.prompt")).isEmpty();
        assertThatThrownBy(() -> editing.writeRecovery("../outside.prompt", "x"))
                .hasMessage("../outside.prompt: not a file of the workspace");
    }
}

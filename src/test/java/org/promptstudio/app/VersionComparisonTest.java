package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.vcs.DiffRow;

/** {@link Versions#compare} and {@link Versions#hasUnsavedChanges} on the support-assistant sample in real git. */
class VersionComparisonTest {

    static final String ANSWER = "prompts/answer.prompt";
    static final String RULES = "prompts/_rules.prompt";

    @TempDir
    Path root;
    Studio studio;

    @BeforeEach
    void workspace() {
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        studio = Studio.open(root);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    void replace(String path, String from, String to) throws Exception {
        Path file = root.resolve(path);
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void aChangedPartialIsComparedAsItsOwnFileAndShowsInTheRenderedMessages() throws Exception {
        String first = Files.readAllLines(root.resolve(RULES)).stream().filter(l -> l.contains("Be accurate")).findFirst()
                .orElseThrow();
        replace(RULES, "Be accurate.", "Be exact.");
        studio.versions().save(ANSWER, "Exact");

        Versions.Comparison c = studio.versions().compare("answer", "1", "2");

        assertThat(c.files()).extracting(Versions.FileChange::path).containsExactly(ANSWER, RULES);
        assertThat(c.files().get(0).rows()).allMatch(r -> r.change() == DiffRow.Change.SAME);
        DiffRow changed = c.files().get(1).rows().stream().filter(r -> r.change() == DiffRow.Change.CHANGED)
                .findFirst().orElseThrow();
        assertThat(changed.oldText()).filteredOn(DiffRow.Span::changed).extracting(s -> s.text().strip())
                .containsExactly("accurate");
        assertThat(changed.newText()).filteredOn(DiffRow.Span::changed).extracting(s -> s.text().strip())
                .containsExactly("exact");
        assertThat(c.fromRendered().rendered()).isTrue();
        assertThat(c.fromRendered().text()).startsWith("── system ──\n").contains(first.strip());
        assertThat(c.toRendered().text()).contains("Be exact.");
        assertThat(c.renderedRows()).anyMatch(r -> r.change() == DiffRow.Change.CHANGED);
        assertThat(c.input()).containsEntry("customer_name", "there").containsEntry("question", "<question>");
    }

    @Test
    void aSideThatDoesNotRenderSaysWhereWhileTheOtherRenders() throws Exception {
        replace(ANSWER, "{{question}}", "{{#if question}}{{question}}");

        Versions.Comparison c = studio.versions().compare("answer", "latest", "working");

        assertThat(c.fromRendered().rendered()).isTrue();
        assertThat(c.toRendered().rendered()).isFalse();
        assertThat(c.toRendered().error()).startsWith(ANSWER + "@working:").doesNotContain("\n");
        assertThat(c.renderedRows()).isEmpty();
        assertThat(c.files().get(0).rows()).anyMatch(r -> r.change() == DiffRow.Change.CHANGED);
    }

    @Test
    void unsavedChangesCountThePartialsThePromptUses() throws Exception {
        assertThat(studio.versions().hasUnsavedChanges("answer")).isFalse();
        replace(RULES, "Be accurate.", "Be exact.");
        assertThat(studio.versions().hasUnsavedChanges("answer")).isTrue();
        // git sees the same: the partial is modified.
        assertThat(git(root, "status", "--porcelain")).contains(RULES);
        Files.delete(root.resolve(ANSWER));
        assertThat(studio.versions().hasUnsavedChanges(ANSWER)).isFalse();
    }
}

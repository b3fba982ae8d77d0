package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.vcs.MergeOutcome;

/**
 * A file in conflict is resolved in the editor: saving it during the merge writes it and commits nothing (git commits
 * it with the merge), so "Continue merge" can finish; checked with the {@code git} command.
 */
class EditingDuringMergeTest {

    static final String ANSWER = "prompts/answer.prompt";
    static final String WARM = "warm, friendly and direct";

    @TempDir
    Path root;
    Studio studio;

    @BeforeEach
    void conflict() throws Exception {
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        studio = Studio.open(root);
        String main = studio.branches().current();
        studio.branches().create("tone");
        studio.branches().switchTo("tone");
        replace("playful");
        studio.versions().save(ANSWER, "Playful");
        studio.branches().switchTo(main);
        replace("formal");
        studio.versions().save(ANSWER, "Formal");
        assertThat(studio.branches().merge("tone").status()).isEqualTo(MergeOutcome.Status.CONFLICTS);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    void replace(String to) throws Exception {
        Path file = root.resolve(ANSWER);
        Files.writeString(file, Files.readString(file).replace(WARM, to));
    }

    @Test
    void savingAFileInConflictWritesItAndTheMergeCommitsIt() throws Exception {
        Editing editing = new Editing(studio);
        String head = git(root, "rev-parse", "HEAD").strip();
        String conflicted = Files.readString(root.resolve(ANSWER));

        Editing.Saved stillMarked = editing.save(ANSWER, conflicted + "\n", "Resolve");
        assertThat(stillMarked.committed()).isFalse();
        assertThat(stillMarked.note()).isEqualTo(ANSWER + " written; still in conflict: " + ANSWER
                + " (the merge commits them once each is resolved)");

        String resolved = conflicted.replaceAll("(?s)<<<<<<< [^\n]*\n.*?>>>>>>> [^\n]*\n",
                "Write in a formal, playful tone.\n");
        Editing.Saved saved = editing.save(ANSWER, resolved, "Resolve");

        assertThat(saved.committed()).isFalse();
        assertThat(saved.note()).isEqualTo(ANSWER + " written; every conflict is resolved: Continue merge commits the merge");
        assertThat(Files.readString(root.resolve(ANSWER))).isEqualTo(resolved);
        assertThat(git(root, "rev-parse", "HEAD").strip()).as("nothing committed yet").isEqualTo(head);

        assertThat(studio.branches().continueMerge().status()).isEqualTo(MergeOutcome.Status.MERGED);
        assertThat(git(root, "show", "HEAD:" + ANSWER)).isEqualTo(resolved);
        assertThat(git(root, "log", "-1", "--format=%P").strip().split(" ")).hasSize(2);
    }
}

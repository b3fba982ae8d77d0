package org.promptstudio.vcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version numbers in a shallow clone (decision 0031): unknown while the clone lacks the older commits, the full
 * repository's numbers once {@code git fetch --unshallow} brought them, in the same service (no stale cache).
 */
class ShallowHistoryTest {

    private static final String ANSWER = "prompts/answer.prompt";

    @TempDir
    Path tmp;

    Path origin;
    Path clone;

    @BeforeEach
    void repositories() throws Exception {
        origin = tmp.resolve("origin");
        Files.createDirectories(origin.resolve("prompts"));
        git(origin, "init", "-q", "-b", "main");
        git(origin, "config", "user.name", "Ada Lovelace");
        git(origin, "config", "user.email", "ada@example.org");
        for (int i = 1; i <= 4; i++) {
            Files.writeString(origin.resolve(ANSWER), "answer " + i + "\n");
            git(origin, "add", ANSWER);
            git(origin, "commit", "-q", "-m", "v" + i);
        }
        clone = tmp.resolve("clone");
        git(tmp, "clone", "-q", "--depth", "2", origin.toUri().toString(), clone.toString());
    }

    @Test
    void numbersAreUnknownUntilTheHistoryIsFetchedThenTheyAreTheFullRepositorys() {
        PromptVersions versions = new PromptVersions(clone, () -> null);

        List<PromptVersion> shallow = versions.history(ANSWER);
        assertThat(shallow).extracting(PromptVersion::number).containsExactly(0, 0);
        assertThat(shallow).extracting(PromptVersion::numbered).containsExactly(false, false);
        assertThat(shallow.get(0).name()).isEqualTo("commit " + git(clone, "rev-parse", "--short=7", "HEAD").strip());
        assertThatThrownBy(() -> versions.contentAt(ANSWER, "1")).hasMessageContaining("history is shallow");

        git(clone, "fetch", "-q", "--unshallow");

        List<PromptVersion> full = versions.history(ANSWER);
        List<PromptVersion> reference = new PromptVersions(origin, () -> null).history(ANSWER);
        assertThat(full).extracting(PromptVersion::number).containsExactly(4, 3, 2, 1);
        assertThat(full).extracting(PromptVersion::commitId)
                .containsExactlyElementsOf(reference.stream().map(PromptVersion::commitId).toList());
        assertThat(versions.contentAt(ANSWER, "1")).isEqualTo("answer 1\n");
    }
}

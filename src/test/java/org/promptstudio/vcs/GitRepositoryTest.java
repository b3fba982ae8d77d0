package org.promptstudio.vcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void commitAllCommitsEveryFileAndReturnsTheShortIdGitShows() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: x\n");
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("prompts/answer.prompt"), "Hello {{name}}\n");

        String id;
        try (GitRepository repo = GitRepository.init(dir)) {
            id = repo.commitAll("First save");
        }

        assertThat(id).hasSize(7);
        assertThat(git(dir, "rev-parse", "--short=7", "HEAD").strip()).isEqualTo(id);
        assertThat(lines(git(dir, "log", "--format=%s"))).containsExactly("First save");
        assertThat(lines(git(dir, "ls-files"))).containsExactly("prompts/answer.prompt", "studio.yaml");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        git(dir, "fsck", "--strict");
    }

    @Test
    void commitAllRecordsChangesAndDeletionsAndLeavesIgnoredFilesOut() throws Exception {
        Files.writeString(dir.resolve(".gitignore"), ".studio/\n");
        Files.writeString(dir.resolve("a.txt"), "a\n");
        Files.writeString(dir.resolve("b.txt"), "b\n");
        try (GitRepository repo = GitRepository.init(dir)) {
            repo.commitAll("one");
            Files.delete(dir.resolve("a.txt"));
            Files.writeString(dir.resolve("b.txt"), "b changed\n");
            Files.createDirectories(dir.resolve(".studio"));
            Files.writeString(dir.resolve(".studio/cache.db"), "local");
            repo.commitAll("two");
        }

        assertThat(lines(git(dir, "log", "--format=%s"))).containsExactly("two", "one");
        assertThat(lines(git(dir, "ls-files"))).containsExactly(".gitignore", "b.txt");
        assertThat(git(dir, "show", "HEAD:b.txt")).isEqualTo("b changed\n");
        assertThat(git(dir, "status", "--porcelain", "--ignored")).isEqualTo("!! .studio/\n");
    }

    @Test
    void commitsAreAuthoredByWhoGitIsConfiguredAs() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a\n");
        try (GitRepository repo = GitRepository.init(dir)) {
            git(dir, "config", "user.name", "Ada Lovelace");
            git(dir, "config", "user.email", "ada@example.org");
            repo.commitAll("save");
        }

        assertThat(git(dir, "log", "--format=%an <%ae> / %cn <%ce>").strip())
                .isEqualTo("Ada Lovelace <ada@example.org> / Ada Lovelace <ada@example.org>");
    }

    @Test
    void withoutAGitIdentityTheAuthorIsPromptStudio() {
        PersonIdent author = GitRepository.author(new Config());

        assertThat(author.getName()).isEqualTo("Prompt Studio");
        assertThat(author.getEmailAddress()).isEqualTo("studio@localhost");
    }

    @Test
    void openFindsARepositoryCreatedByGit() throws Exception {
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("a.txt"), "a\n");

        try (GitRepository repo = GitRepository.open(dir)) {
            repo.commitAll("from studio");
        }

        assertThat(lines(git(dir, "log", "--format=%s"))).containsExactly("from studio");
    }

    @Test
    void openRefusesAFolderThatIsNoRepository() {
        assertThatThrownBy(() -> GitRepository.open(dir))
                .isInstanceOf(VcsException.class)
                .hasMessage(dir.toAbsolutePath().normalize() + ": not a git repository");
        assertThat(dir).isEmptyDirectory();
    }
}

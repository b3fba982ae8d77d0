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
import org.promptstudio.testsupport.NoGitIdentity;

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
    void withoutAnyIdentityTheWorkspaceCreationCommitIsByPromptStudio() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a\n");
        try (NoGitIdentity none = NoGitIdentity.install(); GitRepository repo = GitRepository.init(dir)) {
            repo.commitAll("Create workspace");
        }

        assertThat(git(dir, "log", "--format=%an <%ae>").strip()).isEqualTo("Prompt Studio <studio@localhost>");
    }

    @Test
    void gitIdentityIsReadFromConfigAndMissingOneIsEmpty() {
        Config config = new Config();
        try (NoGitIdentity none = NoGitIdentity.install()) {
            assertThat(GitRepository.configured(config)).isEmpty();
            config.setString("user", null, "name", "Ada Lovelace");
            assertThat(GitRepository.configured(config)).isEmpty();
            config.setString("user", null, "email", "ada@example.org");
            assertThat(GitRepository.configured(config)).get().extracting(PersonIdent::getName).isEqualTo("Ada Lovelace");
        }
    }

    @Test
    void aCommitOfASecretIsRefusedEvenWhenCreatingAWorkspace() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "aws_secret_access_key: " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY".repeat(1)
                + "9x8Y7z6W5v\n");

        try (GitRepository repo = GitRepository.init(dir)) {
            assertThatThrownBy(() -> repo.commitAll("Create workspace"))
                    .isInstanceOf(SecretsFoundException.class)
                    .hasMessageStartingWith("refused to commit: studio.yaml:1: AWS secret access key (...");
        }
        assertThat(git(dir, "rev-list", "--all", "--count").strip()).isEqualTo("0");
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

    @Test
    void aBareRepositoryIsRefusedWithOneLineSayingToCloneIt() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a\n");
        try (GitRepository repo = GitRepository.init(dir)) {
            repo.commitAll("one");
        }
        Path bare = dir.resolve("bare.git");
        git(dir, "clone", "-q", "--bare", dir.toString(), bare.toString());

        assertThatThrownBy(() -> GitRepository.open(bare)).hasMessage(bare + ": a bare git repository has no working "
                + "folder; clone it ('git clone " + bare + "') and open the clone");
    }
}

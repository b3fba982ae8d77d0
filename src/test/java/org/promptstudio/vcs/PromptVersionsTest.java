package org.promptstudio.vcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.guard.SecretScanner;
import org.promptstudio.testsupport.NoGitIdentity;

class PromptVersionsTest {

    static final String ANSWER = "prompts/answer.prompt";
    static final String RULES = "prompts/_rules.prompt";

    @TempDir
    Path dir;

    PromptVersions versions;

    @BeforeEach
    void repository() throws Exception {
        git(dir, "init", "-q", "-b", "main");
        git(dir, "config", "user.name", "Ada Lovelace");
        git(dir, "config", "user.email", "ada@example.org");
        Files.createDirectories(dir.resolve("prompts"));
        write("studio.yaml", "name: test\n");
        git(dir, "add", ".");
        git(dir, "commit", "-q", "-m", "Create workspace");
        versions = new PromptVersions(dir, () -> null);
    }

    void write(String path, String text) throws Exception {
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), text);
    }

    String read(String path) throws Exception {
        return Files.readString(dir.resolve(path));
    }

    SaveResult save(String text, String message) throws Exception {
        write(ANSWER, text);
        return versions.save(ANSWER, message, List.of());
    }

    @Test
    void versionsAreNumberedFromOneInTheOrderTheyWereSaved() throws Exception {
        save("one\n", "First");
        save("two\n", "Second");
        SaveResult third = save("three\n", "Third");

        assertThat(third.version().number()).isEqualTo(3);
        List<PromptVersion> history = versions.history(ANSWER);
        assertThat(history).extracting(PromptVersion::number).containsExactly(3, 2, 1);
        assertThat(history).extracting(PromptVersion::subject).containsExactly("Third", "Second", "First");
        assertThat(history).extracting(PromptVersion::commitId)
                .containsExactlyElementsOf(lines(git(dir, "log", "--format=%H", "--", ANSWER)));
        assertThat(history.get(0).authorName()).isEqualTo("Ada Lovelace");
        assertThat(history.get(0).authorEmail()).isEqualTo("ada@example.org");
        assertThat(history.get(0).path()).isEqualTo(ANSWER);
        git(dir, "fsck", "--strict");
    }

    @Test
    void saveReturnsTheShortIdGitShowsAndCommitsOnlyThePrompt() throws Exception {
        write("notes.txt", "draft\n");
        git(dir, "add", "notes.txt");
        write("studio.yaml", "name: changed\n");

        SaveResult saved = save("Hello {{name}}\n", "Greet by name");

        assertThat(saved.commitShortId()).isEqualTo(git(dir, "rev-parse", "--short=7", "HEAD").strip());
        assertThat(saved.committedPaths()).containsExactly(ANSWER);
        assertThat(lines(git(dir, "show", "--name-only", "--format=", "HEAD"))).containsExactly(ANSWER);
        assertThat(lines(git(dir, "status", "--porcelain"))).containsExactlyInAnyOrder(" M studio.yaml", "A  notes.txt");
        assertThat(git(dir, "log", "-1", "--format=%s")).isEqualTo("Greet by name\n");
    }

    @Test
    void saveCommitsTheChangedPartialsWithThePromptAndLeavesUnchangedOnesOut() throws Exception {
        write(RULES, "Be kind.\n");
        write("prompts/_tone.prompt", "Be brief.\n");
        git(dir, "add", "prompts/_tone.prompt");
        git(dir, "commit", "-q", "-m", "tone");

        write(ANSWER, "{{> rules}} {{> tone}}\n");
        SaveResult saved = versions.save(ANSWER, "With rules", List.of(RULES, "prompts/_tone.prompt"));

        assertThat(saved.committedPaths()).containsExactly(ANSWER, RULES);
        assertThat(lines(git(dir, "show", "--name-only", "--format=", "HEAD"))).containsExactly(RULES, ANSWER);
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
    }

    @Test
    void aChangedPartialAloneIsCommittedButMakesNoNewVersionOfThePrompt() throws Exception {
        write(RULES, "Be kind.\n");
        write(ANSWER, "{{> rules}}\n");
        versions.save(ANSWER, "v1", List.of(RULES));
        write(RULES, "Be very kind.\n");

        SaveResult saved = versions.save(ANSWER, "Kinder rules", List.of(RULES));

        assertThat(saved.promptChanged()).isFalse();
        assertThat(saved.committedPaths()).containsExactly(RULES);
        assertThat(saved.version().number()).isEqualTo(1);
        assertThat(git(dir, "log", "-1", "--format=%s")).isEqualTo("Kinder rules\n");
    }

    @Test
    void savingAnUnchangedPromptCommitsNothing() throws Exception {
        save("same\n", "v1");
        String before = git(dir, "rev-parse", "HEAD");

        SaveResult again = versions.save(ANSWER, "again", List.of());

        assertThat(again.nothingCommitted()).isTrue();
        assertThat(again.version().number()).isEqualTo(1);
        assertThat(git(dir, "rev-parse", "HEAD")).isEqualTo(before);
    }

    @Test
    void aSaveWithoutAMessageIsRefused() throws Exception {
        write(ANSWER, "x\n");

        assertThatThrownBy(() -> versions.save(ANSWER, " ", List.of()))
                .isInstanceOf(VcsException.class).hasMessageContaining("needs a message");
        assertThat(lines(git(dir, "log", "--oneline"))).hasSize(1);
    }

    @Test
    void aSecretIsRefusedNamingFileLineAndKindWithoutShowingItAndNothingIsCommitted() throws Exception {
        String key = "sk-" + "proj-" + "Zq3xT9bLk2Vw7Rn4Ys8Pd1Fh6Jm5Gc0Ae".repeat(2);
        write(RULES, "Rules\n");
        write(ANSWER, "---\nconfig:\n  temperature: 0\n---\nUse key " + key + " please\n");

        assertThatThrownBy(() -> versions.save(ANSWER, "oops", List.of(RULES)))
                .isInstanceOf(SecretsFoundException.class)
                .hasMessageStartingWith("refused to commit: prompts/answer.prompt:5: OpenAI API key (sk-...")
                .hasMessageNotContaining(key.substring(3, key.length() - 4))
                .satisfies(e -> assertThat(((SecretsFoundException) e).findings())
                        .extracting(SecretScanner.Finding::kind).containsExactly(SecretScanner.Kind.OPENAI_KEY));
        assertThat(lines(git(dir, "log", "--oneline"))).hasSize(1);
        assertThat(lines(git(dir, "status", "--porcelain"))).containsExactly("?? prompts/");
    }

    @Test
    void withoutAnyIdentityASaveAsksTheUserToSetOne() throws Exception {
        git(dir, "config", "--unset", "user.name");
        git(dir, "config", "--unset", "user.email");
        write(ANSWER, "x\n");

        try (NoGitIdentity none = NoGitIdentity.install()) {
            assertThatThrownBy(() -> versions.save(ANSWER, "v1", List.of()))
                    .isInstanceOf(VcsException.class)
                    .hasMessage("no author identity: run 'git config --global user.name \"Your Name\"' and user.email, "
                            + "or set author in ~/.config/prompt-studio/settings.yaml");
        }
        assertThat(lines(git(dir, "log", "--oneline"))).hasSize(1);
    }

    @Test
    void withoutAGitIdentityTheStudioSettingsAuthorSaves() throws Exception {
        git(dir, "config", "--unset", "user.name");
        git(dir, "config", "--unset", "user.email");
        write(ANSWER, "x\n");

        try (NoGitIdentity none = NoGitIdentity.install()) {
            new PromptVersions(dir, () -> new Author("Grace Hopper", "grace@example.org")).save(ANSWER, "v1", List.of());
        }

        assertThat(git(dir, "log", "-1", "--format=%an <%ae> / %cn <%ce>").strip())
                .isEqualTo("Grace Hopper <grace@example.org> / Grace Hopper <grace@example.org>");
    }

    @Test
    void gitsIdentityWinsOverTheStudioSettings() throws Exception {
        write(ANSWER, "x\n");

        new PromptVersions(dir, () -> new Author("Grace Hopper", "grace@example.org")).save(ANSWER, "v1", List.of());

        assertThat(git(dir, "log", "-1", "--format=%an").strip()).isEqualTo("Ada Lovelace");
    }

    @Test
    void resolveReadsNumbersLabelsCommitIdsAndLatest() throws Exception {
        SaveResult v1 = save("one\n", "v1");
        save("two\n", "v2");
        save("three\n", "v3");
        versions.label(ANSWER, "production", "2");

        assertThat(versions.resolve(ANSWER, "1").commitId()).isEqualTo(v1.version().commitId());
        assertThat(versions.resolve(ANSWER, "production").number()).isEqualTo(2);
        assertThat(versions.resolve(ANSWER, v1.commitShortId()).number()).isEqualTo(1);
        assertThat(versions.resolve(ANSWER, v1.version().commitId()).number()).isEqualTo(1);
        assertThat(versions.resolve(ANSWER, "latest").number()).isEqualTo(3);
        assertThat(versions.resolve(ANSWER, null).number()).isEqualTo(3);
        assertThat(versions.contentAt(ANSWER, "production")).isEqualTo("two\n");
        assertThat(versions.contentAt(ANSWER, "1")).isEqualTo("one\n");
    }

    @Test
    void theWorkingCopyIsReadFromDiskButIsNoVersion() throws Exception {
        save("one\n", "v1");
        write(ANSWER, "unsaved\n");

        assertThat(versions.contentAt(ANSWER, "working")).isEqualTo("unsaved\n");
        assertThat(versions.contentAt(ANSWER, "wc")).isEqualTo("unsaved\n");
        assertThat(versions.hasUnsavedChanges(ANSWER)).isTrue();
        assertThatThrownBy(() -> versions.resolve(ANSWER, "working"))
                .isInstanceOf(VcsException.class).hasMessageContaining("not a saved version");
    }

    @Test
    void aCommitThatDidNotChangeThePromptGivesTheVersionInEffectThen() throws Exception {
        save("one\n", "v1");
        write("studio.yaml", "name: other\n");
        git(dir, "commit", "-q", "-am", "config");
        String configCommit = git(dir, "rev-parse", "HEAD").strip();
        save("two\n", "v2");

        assertThat(versions.resolve(ANSWER, configCommit).number()).isEqualTo(1);
    }

    @Test
    void aPromptWithOneVersionSaysSoInOneClause() throws Exception {
        save("one\n", "v1");
        assertThatThrownBy(() -> versions.resolve(ANSWER, "99"))
                .hasMessage("prompts/answer.prompt has no version 99 (it has one version, 1)");
    }

    @Test
    void unknownVersionsAreRefusedSayingWhatExists() throws Exception {
        save("one\n", "v1");
        save("two\n", "v2");
        versions.label(ANSWER, "staging", "1");

        assertThatThrownBy(() -> versions.resolve(ANSWER, "7"))
                .hasMessage("prompts/answer.prompt has no version 7 (its versions are 1 to 2)");
        assertThatThrownBy(() -> versions.resolve(ANSWER, "prod"))
                .hasMessage("prompts/answer.prompt: no label or commit 'prod' (labels: staging)");
        assertThatThrownBy(() -> versions.resolve(ANSWER, "0")).hasMessageContaining("numbered from 1");
        assertThatThrownBy(() -> versions.history("prompts/none.prompt").get(0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> versions.resolve("prompts/none.prompt", "1"))
                .hasMessage("prompts/none.prompt: has no saved versions yet");
    }

    @Test
    void labelsAreAnnotatedTagsThatGitShowsAndMoving() throws Exception {
        SaveResult v1 = save("one\n", "v1");
        SaveResult v2 = save("two\n", "v2");

        LabelChange first = versions.label(ANSWER, "production", "1");
        LabelChange moved = versions.label(ANSWER, "production", null);

        assertThat(first.previous()).isNull();
        assertThat(first.version().labels()).containsExactly("production");
        assertThat(moved.moved()).isTrue();
        assertThat(moved.previous().number()).isEqualTo(1);
        assertThat(moved.version().number()).isEqualTo(2);
        assertThat(git(dir, "tag", "-l", "prompts/*")).isEqualTo("prompts/answer/production\n");
        assertThat(git(dir, "cat-file", "-t", "prompts/answer/production").strip()).isEqualTo("tag");
        assertThat(git(dir, "rev-parse", "prompts/answer/production^{commit}").strip())
                .isEqualTo(v2.version().commitId());
        assertThat(git(dir, "show", "-s", "--format=%s", "prompts/answer/production"))
                .contains("production: answer version 2 (was version 1)");
        assertThat(git(dir, "for-each-ref", "--format=%(refname) %(taggername)", "refs/tags/prompts"))
                .isEqualTo("refs/tags/prompts/answer/production Ada Lovelace\n");
        assertThat(versions.history(ANSWER)).extracting(PromptVersion::labels)
                .containsExactly(List.of("production"), List.of());
        assertThat(versions.labels(ANSWER)).extracting(l -> l.name() + "=" + l.version().number())
                .containsExactly("production=2");
        assertThat(v1.version().labels()).isEmpty();
        git(dir, "fsck", "--strict");
    }

    @Test
    void labelsThatCouldMeanSomethingElseAreRefused() throws Exception {
        save("one\n", "v1");

        assertThatThrownBy(() -> versions.label(ANSWER, "3", null)).hasMessageContaining("use a letter first");
        assertThatThrownBy(() -> versions.label(ANSWER, "working", null)).hasMessageContaining("already means a version");
        assertThatThrownBy(() -> versions.label(ANSWER, "a b", null)).hasMessageContaining("cannot be a label");
        assertThat(git(dir, "tag", "-l")).isEmpty();
    }

    @Test
    void removingALabelDeletesItsTag() throws Exception {
        save("one\n", "v1");
        versions.label(ANSWER, "staging", null);

        PromptVersion was = versions.removeLabel(ANSWER, "staging");

        assertThat(was.number()).isEqualTo(1);
        assertThat(git(dir, "tag", "-l")).isEmpty();
        assertThatThrownBy(() -> versions.removeLabel(ANSWER, "staging")).hasMessageContaining("no label 'staging'");
    }

    @Test
    void restoreWritesAnOldVersionBackAsANewVersionAndLosesNothing() throws Exception {
        save("one\n", "v1");
        save("two\n", "v2");

        SaveResult restored = versions.restore(ANSWER, "1", null);

        assertThat(restored.version().number()).isEqualTo(3);
        assertThat(read(ANSWER)).isEqualTo("one\n");
        assertThat(git(dir, "show", "HEAD:" + ANSWER)).isEqualTo("one\n");
        assertThat(lines(git(dir, "log", "--format=%s", "--", ANSWER)))
                .containsExactly("Restore answer to version 1", "v2", "v1");
        assertThat(versions.contentAt(ANSWER, "2")).isEqualTo("two\n");
    }

    @Test
    void restoreRefusesToOverwriteUnsavedChanges() throws Exception {
        save("one\n", "v1");
        save("two\n", "v2");
        write(ANSWER, "unsaved work\n");

        assertThatThrownBy(() -> versions.restore(ANSWER, "1", null))
                .isInstanceOf(VcsException.class).hasMessageContaining("unsaved changes");
        assertThat(read(ANSWER)).isEqualTo("unsaved work\n");
        assertThat(lines(git(dir, "log", "--oneline"))).hasSize(3);
    }

    @Test
    void restoringTheLatestVersionCommitsNothing() throws Exception {
        save("one\n", "v1");

        SaveResult r = versions.restore(ANSWER, "1", null);

        assertThat(r.nothingCommitted()).isTrue();
        assertThat(lines(git(dir, "log", "--oneline"))).hasSize(2);
    }

    @Test
    void renameKeepsHistoryAndNumbersContinue() throws Exception {
        save("one\n", "v1");
        save("two\n", "v2");
        versions.label(ANSWER, "production", "1");

        SaveResult moved = versions.move(ANSWER, "prompts/reply.prompt", null);
        write("prompts/reply.prompt", "three\n");
        SaveResult v4 = versions.save("prompts/reply.prompt", "v4", List.of());

        assertThat(moved.version().number()).isEqualTo(3);
        assertThat(v4.version().number()).isEqualTo(4);
        List<PromptVersion> history = versions.history("prompts/reply.prompt");
        assertThat(history).extracting(PromptVersion::path).containsExactly("prompts/reply.prompt",
                "prompts/reply.prompt", ANSWER, ANSWER);
        assertThat(history).extracting(PromptVersion::commitId).containsExactlyElementsOf(
                lines(git(dir, "log", "--follow", "--format=%H", "--", "prompts/reply.prompt")));
        assertThat(git(dir, "log", "-1", "--skip=1", "--format=%s")).isEqualTo("Rename answer to reply\n");
        assertThat(git(dir, "show", "--format=", "--name-status", "-M", "HEAD~1").strip())
                .isEqualTo("R100\tprompts/answer.prompt\tprompts/reply.prompt");
        assertThat(versions.contentAt("prompts/reply.prompt", "1")).isEqualTo("one\n");
        assertThat(versions.resolve("prompts/reply.prompt", "production").number()).isEqualTo(1);
        assertThat(git(dir, "tag", "-l")).isEqualTo("prompts/reply/production\n");
        git(dir, "fsck", "--strict");
    }

    @Test
    void renameRefusesUnsavedChangesAndTakenNames() throws Exception {
        save("one\n", "v1");
        write("prompts/other.prompt", "x\n");

        assertThatThrownBy(() -> versions.move(ANSWER, "prompts/other.prompt", null))
                .hasMessage("prompts/other.prompt: already exists");
        write(ANSWER, "changed\n");
        assertThatThrownBy(() -> versions.move(ANSWER, "prompts/new.prompt", null))
                .hasMessageContaining("unsaved changes");
        assertThat(dir.resolve(ANSWER)).exists();
        assertThat(dir.resolve("prompts/new.prompt")).doesNotExist();
    }

    @Test
    void diffBetweenTwoVersionsIsAUnifiedDiffNamingThem() throws Exception {
        SaveResult v1 = save("Hello {{name}}.\nBe brief.\n", "v1");
        SaveResult v2 = save("Hello {{name}}!\nBe brief.\n", "v2");

        PromptDiff diff = versions.diff(ANSWER, "1", "2");

        assertThat(diff.unified()).isEqualTo("--- a/prompts/answer.prompt\tversion 1 (" + v1.commitShortId() + ")\n"
                + "+++ b/prompts/answer.prompt\tversion 2 (" + v2.commitShortId() + ")\n"
                + "@@ -1,2 +1,2 @@\n"
                + "-Hello {{name}}.\n"
                + "+Hello {{name}}!\n"
                + " Be brief.\n");
        assertThat(diff.rows().get(0).change()).isEqualTo(DiffRow.Change.CHANGED);
        assertThat(diff.rows().get(0).newText()).containsExactly(new DiffRow.Span(false, "Hello {{name}}"),
                new DiffRow.Span(true, "!"));
    }

    @Test
    void diffDefaultsToTheLatestVersionAgainstTheWorkingCopy() throws Exception {
        save("one\n", "v1");
        write(ANSWER, "one\ntwo\n");

        PromptDiff diff = versions.diff(ANSWER, null, null);

        assertThat(diff.unified()).contains("+++ b/prompts/answer.prompt\tworking copy\n").endsWith(" one\n+two\n");
        assertThat(versions.diff(ANSWER, "1", "latest").identical()).isTrue();
    }

    @Test
    void pathsOutsideTheWorkspaceAreRefused() {
        assertThatThrownBy(() -> versions.history("../x.prompt")).hasMessageContaining("not a file path inside");
        assertThatThrownBy(() -> versions.history("/etc/passwd")).hasMessageContaining("not a file path inside");
    }

    @Test
    void labelsTravelWithAPlainGitPushOfTags() throws Exception {
        Path remote = dir.resolveSibling(dir.getFileName() + "-remote.git");
        git(dir.getParent(), "init", "-q", "--bare", remote.toString());
        git(dir, "remote", "add", "origin", remote.toString());
        save("one\n", "v1");
        SaveResult v2 = save("two\n", "v2");
        versions.label(ANSWER, "production", "1");
        git(dir, "push", "-q", "origin", "main", "--tags");

        versions.label(ANSWER, "production", "2");
        git(dir, "push", "-q", "--force", "origin", "--tags");

        assertThat(git(remote, "rev-parse", "prompts/answer/production^{commit}").strip())
                .isEqualTo(v2.version().commitId());
        assertThat(git(remote, "for-each-ref", "--format=%(refname)", "refs/tags"))
                .isEqualTo("refs/tags/prompts/answer/production\n");
        git(remote, "fsck", "--strict");
    }

    @Test
    void aPromptDeletedAndCreatedAgainStartsANewHistory() throws Exception {
        save("one\n", "v1");
        versions.history(ANSWER);
        git(dir, "rm", "-q", ANSWER);
        git(dir, "commit", "-q", "-m", "remove");
        versions.history(ANSWER);

        SaveResult again = save("new\n", "again");

        assertThat(again.version().number()).isEqualTo(1);
        assertThat(versions.history(ANSWER)).hasSize(1);
    }

    @Test
    void aShortCommitIdWithoutLettersIsTakenForACommitNotANumber() throws Exception {
        save("one\n", "v1");
        String id = "";
        for (int i = 0; i < 1000 && !id.matches("[0-9]{7}"); i++) {
            git(dir, "commit", "-q", "--allow-empty", "-m", "empty " + i);
            id = git(dir, "rev-parse", "--short=7", "HEAD").strip();
        }
        assertThat(id).matches("[0-9]{7}");

        assertThat(versions.resolve(ANSWER, id).number()).isEqualTo(1);
    }

    @Test
    void withoutAnIdentityRestoreAndRenameLeaveTheFilesAlone() throws Exception {
        save("one\n", "v1");
        save("two\n", "v2");
        git(dir, "config", "--unset", "user.name");
        git(dir, "config", "--unset", "user.email");

        try (NoGitIdentity none = NoGitIdentity.install()) {
            assertThatThrownBy(() -> versions.restore(ANSWER, "1", null)).hasMessageStartingWith("no author identity");
            assertThatThrownBy(() -> versions.move(ANSWER, "prompts/reply.prompt", null))
                    .hasMessageStartingWith("no author identity");
        }
        assertThat(read(ANSWER)).isEqualTo("two\n");
        assertThat(dir.resolve("prompts/reply.prompt")).doesNotExist();
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
    }
}

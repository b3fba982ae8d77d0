package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.BareRemote;
import org.promptstudio.testsupport.GitCliVersions;
import org.promptstudio.testsupport.GitDaemon;
import org.promptstudio.testsupport.PromptWorkspace;

/** {@code studio publish} and {@code studio registry list|pull}, end to end on real git repositories. */
class RegistryCommandsTest {

    static final String ANSWER = """
            ---
            description: Answer a customer question.
            model: extractive
            ---
            {{> rules}}
            {{question}}
            """;

    @TempDir
    Path tmp;
    Path remote;
    PromptWorkspace alice;

    @BeforeEach
    void setUp() throws Exception {
        remote = BareRemote.create(tmp.resolve("registry.git"));
        alice = PromptWorkspace.create(tmp.resolve("alice"), "../registry.git", "Alice Smith");
        alice.write("prompts/answer.prompt", ANSWER).write("prompts/_rules.prompt", "Be kind.\n");
        alice.save("Answer");
        alice.write("prompts/answer.prompt", ANSWER + "Thanks!\n");
        alice.save("Answer, thankful");
    }

    @Test
    void publishListAndPullEndToEnd() {
        CliRun published = studio("-w", alice.root().toString(), "publish", "answer@1");
        CliRun latest = studio("-w", alice.root().toString(), "publish", "answer", "--registry", "team");

        assertThat(published.exitCode()).as(published.err()).isZero();
        assertThat(published.out()).matches("published answer@1 to team \\(" + remote
                + "\\) \\(local version 1, registry commit [0-9a-f]{7}\\)\n");
        assertThat(latest.out()).startsWith("published answer@2 to team");
        assertThat(lines(git(remote, "log", "--format=%s", "main"))).containsExactly("Publish answer@2", "Publish answer@1");

        CliRun list = studio("-w", alice.root().toString(), "registry", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(lines(list.out())).hasSize(3);
        assertThat(lines(list.out()).get(0)).startsWith("PROMPT  VERSION  FROM              SAVED       LABELS        AUTHOR");
        assertThat(lines(list.out()).get(1)).matches("answer        1  v1 [0-9a-f]{7}        \\d{4}-\\d\\d-\\d\\d  -"
                + "             Alice Smith <alice.smith@example.org>  Answer a customer question\\.");

        PromptWorkspace carol = PromptWorkspace.create(tmp.resolve("carol"), "../registry.git", "Carol White");
        CliRun pulled = studio("-w", carol.root().toString(), "registry", "pull", "answer@1");
        assertThat(pulled.exitCode()).as(pulled.err()).isZero();
        assertThat(pulled.out()).matches("pulled answer@1 from team \\(" + remote + "\\) into prompts/answer.prompt,"
                + " prompts/_rules.prompt \\(commit [0-9a-f]{7}\\)\n");
        assertThat(carol.read("prompts/answer.prompt")).isEqualTo(ANSWER);
        assertThat(git(carol.root(), "log", "-1", "--format=%B")).contains("Pull answer@1 from registry team",
                "Registry-Version: answer@1", "Checksum: sha256:");

        CliRun again = studio("-w", carol.root().toString(), "registry", "pull", "answer@1");
        assertThat(again.out()).isEqualTo("the workspace has answer@1 from team (" + remote + ") already; nothing to commit\n");
    }

    @Test
    void publishingTwiceSaysSoAndAddsNoRegistryCommit() {
        studio("-w", alice.root().toString(), "publish", "answer@2");

        CliRun again = studio("-w", alice.root().toString(), "publish", "answer@2");

        assertThat(again.exitCode()).isZero();
        // The registry numbered it 1: the first version published there.
        assertThat(again.out()).isEqualTo("already published as answer@1 in team (" + remote + ") (same content);"
                + " nothing to publish\n");
        assertThat(BareRemote.commits(remote)).hasSize(1);
    }

    @Test
    void publishAndPullOverAGitDaemonGivenAsAUrl() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(GitDaemon.available(),
                "git daemon is not installed: the git:// command test is skipped");
        Path served = Files.createDirectories(tmp.resolve("served"));
        BareRemote.create(served.resolve("prompts.git"));
        try (GitDaemon daemon = GitDaemon.start(served)) {
            String url = daemon.url("prompts.git");

            CliRun published = studio("-w", alice.root().toString(), "publish", "answer@1", "--registry", url);
            PromptWorkspace carol = PromptWorkspace.create(tmp.resolve("carol"), null, "Carol White");
            CliRun pulled = studio("-w", carol.root().toString(), "registry", "pull", "answer", "--registry", url);

            assertThat(published.exitCode()).as(published.err()).isZero();
            assertThat(published.out()).startsWith("published answer@1 to " + url + " (local version 1, registry commit ");
            assertThat(pulled.exitCode()).as(pulled.err()).isZero();
            assertThat(carol.read("prompts/answer.prompt")).isEqualTo(ANSWER);
            assertThat(git(carol.root(), "log", "-1", "--format=%B")).contains("Registry: " + url);
        }
    }

    @Test
    void anUnknownRegistryExitsOneListingTheKnownOnes() {
        CliRun run = studio("-w", alice.root().toString(), "publish", "answer", "--registry", "tema");

        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err()).isEqualTo("error: unknown registry 'tema' (known: team; or give a URL)\n");
    }

    @Test
    void pullOverAnUncommittedPromptExitsOneAndLeavesItAlone() {
        studio("-w", alice.root().toString(), "publish", "answer@1");
        alice.write("prompts/answer.prompt", "work in progress\n");

        CliRun run = studio("-w", alice.root().toString(), "registry", "pull", "answer@1");

        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err()).isEqualTo("error: prompts/answer.prompt has uncommitted changes; save or discard them"
                + " before pulling answer@1 from team\n");
        assertThat(alice.read("prompts/answer.prompt")).isEqualTo("work in progress\n");
    }

    @Test
    void aTamperedRegistryExitsOneNamingTheRegistryAndVersion() throws Exception {
        studio("-w", alice.root().toString(), "publish", "answer@1");
        Path clone = tmp.resolve("vandal");
        git(tmp, "clone", "-q", remote.toString(), clone.toString());
        Files.writeString(clone.resolve("prompts/answer/1/_rules.prompt"), "Be rude.\n");
        git(clone, "-c", "user.name=V", "-c", "user.email=v@x", "commit", "-q", "-am", "tamper");
        git(clone, "push", "-q", "origin", "main");

        CliRun run = studio("-w", alice.root().toString(), "registry", "pull", "answer@1");

        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err()).startsWith("error: registry team: answer@1: checksum mismatch");
    }

    @Test
    void anEmptyRegistryListsNothing() {
        CliRun run = studio("-w", alice.root().toString(), "registry", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("registry team (" + remote + ") has no published prompts yet\n");
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertThat(studio("-w", alice.root().toString(), "publish").exitCode()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(studio("-w", alice.root().toString(), "registry").exitCode()).isEqualTo(StudioCommand.USAGE_ERROR);
        CliRun pull = studio("-w", alice.root().toString(), "registry", "pull");
        assertThat(pull.exitCode()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(pull.err()).contains("Missing required parameter: 'NAME[@VERSION]'");
        assertThat(BareRemote.commits(remote)).isEmpty();
    }

    private static CliRun studio(String... args) {
        return CliRun.studioWith(dir -> Studio.open(dir, new GitCliVersions(dir)), args);
    }
}

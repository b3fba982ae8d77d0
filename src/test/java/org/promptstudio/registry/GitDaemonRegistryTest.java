package org.promptstudio.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.BareRemote;
import org.promptstudio.testsupport.GitDaemon;

/** The registry over {@code git://} against a real {@code git daemon} on 127.0.0.1, pushes enabled. */
class GitDaemonRegistryTest {

    @TempDir
    static Path served;
    static GitDaemon daemon;

    @TempDir
    Path dir;
    Path remote;
    String url;

    @BeforeAll
    static void startDaemon() throws Exception {
        Assumptions.assumeTrue(GitDaemon.available(), "git daemon is not installed (git --exec-path has no git-daemon):"
                + " the git:// registry tests are skipped");
        daemon = GitDaemon.start(served);
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) daemon.close();
    }

    @BeforeEach
    void newRemote() throws Exception {
        String name = "team-" + System.nanoTime() + ".git";
        remote = BareRemote.create(served.resolve(name));
        url = daemon.url(name);
    }

    @Test
    void publishListAndPullOverGitProtocol() {
        RegistryClient client = client("a");

        PublishResult published = client.publish(
                RegistryClientTest.request("answer", 1, RegistryClientTest.ANSWER, Map.of("rules", "r\n")),
                RegistryClientTest.ADA);

        assertThat(published.published()).isTrue();
        assertThat(BareRemote.commits(remote)).containsExactly(published.registryCommit());
        assertThat(git(remote, "show", "main:prompts/answer/1/_rules.prompt")).isEqualTo("r\n");
        assertThat(client("b").index().versions()).extracting(PublishedVersion::id).containsExactly("answer@1");
        PulledPrompt pulled = client("b").pull("answer", 1);
        assertThat(pulled.promptText()).isEqualTo(RegistryClientTest.ANSWER);
        assertThat(pulled.partials()).containsExactly(Map.entry("rules", "r\n"));
    }

    @Test
    void publishingTwiceOverGitProtocolPushesOnce() {
        PublishRequest request = RegistryClientTest.request("answer", 1, RegistryClientTest.ANSWER, Map.of());
        client("a").publish(request, RegistryClientTest.ADA);

        PublishResult again = client("b").publish(request, RegistryClientTest.ADA);

        assertThat(again.published()).isFalse();
        assertThat(BareRemote.commits(remote)).hasSize(1);
    }

    @Test
    void aRejectedPushOverGitProtocolIsRetriedAndBothVersionsSurvive() throws Exception {
        RegistryClient bob = client("bob");
        RegistryClient alice = client("alice").withBeforePush(attempt -> {
            if (attempt == 1) {
                bob.publish(RegistryClientTest.request("answer", 2, "Bob's\n", Map.of()), RegistryClientTest.ADA);
            }
        });

        PublishResult result = alice.publish(
                RegistryClientTest.request("answer", 1, RegistryClientTest.ANSWER, Map.of()), RegistryClientTest.ADA);

        assertThat(result.attempts()).isEqualTo(2);
        // Bob won answer@1; Alice's retry took the next free registry number (decision 0015).
        assertThat(result.version().id()).isEqualTo("answer@2");
        assertThat(lines(git(remote, "log", "--format=%s", "main"))).containsExactly("Publish answer@2", "Publish answer@1");
        assertThat(client("carol").index().versions()).extracting(PublishedVersion::id)
                .containsExactly("answer@1", "answer@2");
        assertThat(Files.exists(dir.resolve("alice/config"))).isTrue();
        git(remote, "fsck", "--strict");
    }

    private RegistryClient client(String cache) {
        return new RegistryClient(new RegistryRemote("team", url), dir.resolve(cache))
                .withRetry(new RetryPolicy(6, Duration.ofMillis(5)));
    }
}

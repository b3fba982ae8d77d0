package org.promptstudio.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.BareRemote;

class RegistryClientTest {

    static final String ANSWER = """
            ---
            description: Answer a customer question.
            model: extractive
            ---
            {{role "system"}}
            Be kind.
            {{> rules}}
            {{role "user"}}
            {{question}}
            """;
    static final GitIdentity ADA = new GitIdentity("Ada Lovelace", "ada@example.org");

    @TempDir
    Path dir;
    Path remote;

    @BeforeEach
    void setUp() throws Exception {
        remote = BareRemote.create(dir.resolve("remote.git"));
    }

    @Test
    void publishWritesThePromptItsPartialsAndOneIndexEntryInOneCommit() throws Exception {
        PublishResult result = client("a").publish(request("answer", 3, ANSWER, Map.of("rules", "Rule one.\n")), ADA);

        assertThat(result.published()).isTrue();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(BareRemote.commits(remote)).containsExactly(result.registryCommit());
        // The registry numbers what it holds: local version 3 is the registry's answer@1 (decision 0015).
        assertThat(lines(git(remote, "ls-tree", "-r", "--name-only", "main"))).containsExactly(
                "README.md", "index.json", "prompts/answer/1/_rules.prompt", "prompts/answer/1/answer.prompt",
                "prompts/answer/1/provenance.json");
        assertThat(git(remote, "show", "main:prompts/answer/1/answer.prompt")).isEqualTo(ANSWER);
        assertThat(git(remote, "show", "main:prompts/answer/1/_rules.prompt")).isEqualTo("Rule one.\n");
        assertThat(git(remote, "log", "-1", "--format=%an <%ae>%n%s%n%b", "main")).startsWith(
                "Ada Lovelace <ada@example.org>\nPublish answer@1\nLocal-Version: 3\n"
                        + "Source-Commit: 0123456789abcdef0123456789abcdef01234567\nChecksum: sha256:");
        JsonNode provenance = new ObjectMapper().readTree(git(remote, "show", "main:prompts/answer/1/provenance.json"));
        assertThat(provenance.get("version").asInt()).isEqualTo(1);
        assertThat(provenance.get("localVersion").asInt()).isEqualTo(3);
        assertThat(provenance.get("sourceCommit").asText()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(provenance.get("publishedBy").asText()).isEqualTo("Ada Lovelace <ada@example.org>");
        git(remote, "fsck", "--strict");

        JsonNode index = new ObjectMapper().readTree(git(remote, "show", "main:index.json"));
        assertThat(index.get("formatVersion").asInt()).isEqualTo(1);
        JsonNode entry = index.at("/prompts/answer/versions/0");
        assertThat(entry.get("name").asText()).isEqualTo("answer");
        assertThat(entry.get("version").asInt()).isEqualTo(1);
        assertThat(entry.get("localVersion").asInt()).isEqualTo(3);
        assertThat(entry.get("sourceCommit").asText()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(entry.get("labels").toString()).isEqualTo("[\"prod\"]");
        assertThat(entry.get("description").asText()).isEqualTo("Answer a customer question.");
        assertThat(entry.get("model").asText()).isEqualTo("extractive");
        assertThat(entry.at("/inputSchema/properties/question/type").asText()).isEqualTo("string");
        assertThat(entry.get("author").asText()).isEqualTo("Ada Lovelace <ada@example.org>");
        assertThat(entry.get("date").asText()).isEqualTo("2026-11-20T09:30:00Z");
        assertThat(entry.get("checksum").asText())
                .isEqualTo(Checksums.of("answer.prompt", ANSWER, Map.of("rules", "Rule one.\n")))
                .matches("sha256:[0-9a-f]{64}");
        assertThat(entry.get("files").toString())
                .isEqualTo("[\"prompts/answer/1/answer.prompt\",\"prompts/answer/1/_rules.prompt\"]");
    }

    @Test
    void publishingTheSameVersionTwiceIsANoOp() {
        RegistryClient client = client("a");
        PublishResult first = client.publish(request("answer", 1, ANSWER, Map.of()), ADA);

        PublishResult again = client.publish(request("answer", 1, ANSWER, Map.of()), ADA);

        assertThat(again.published()).isFalse();
        assertThat(again.registryCommit()).isEqualTo(first.registryCommit());
        assertThat(BareRemote.commits(remote)).containsExactly(first.registryCommit());
    }

    @Test
    void publishingFromAnotherCacheFindsTheSameVersionAndPushesNothing() {
        PublishResult first = client("a").publish(request("answer", 1, ANSWER, Map.of()), ADA);

        PublishResult again = client("b").publish(request("answer", 1, ANSWER, Map.of()), ADA);

        assertThat(again.published()).isFalse();
        assertThat(BareRemote.commits(remote)).containsExactly(first.registryCommit());
    }

    @Test
    void aNewVersionKeepsTheOldOnes() throws Exception {
        RegistryClient client = client("a");
        client.publish(request("answer", 1, ANSWER, Map.of("rules", "old rule\n")), ADA);
        client.publish(request("answer", 2, ANSWER + "Thanks.\n", Map.of()), ADA);
        client.publish(request("summarise", 1, "Summarise {{text}}\n", Map.of()), ADA);

        assertThat(BareRemote.commits(remote)).hasSize(3);
        assertThat(git(remote, "show", "main:prompts/answer/1/answer.prompt")).isEqualTo(ANSWER);
        assertThat(git(remote, "show", "main:prompts/answer/1/_rules.prompt")).isEqualTo("old rule\n");
        assertThat(git(remote, "show", "main:prompts/answer/2/answer.prompt")).isEqualTo(ANSWER + "Thanks.\n");
        RegistryIndex index = client.index();
        assertThat(index.versions()).extracting(PublishedVersion::id)
                .containsExactly("answer@1", "answer@2", "summarise@1");
        assertThat(index.latest("answer")).get().extracting(PublishedVersion::version).isEqualTo(2);
    }

    @Test
    void otherContentWithTheSameLocalNumberBecomesTheNextRegistryVersion() {
        RegistryClient client = client("a");
        client.publish(request("answer", 1, ANSWER, Map.of()), ADA);

        PublishResult other = client.publish(request("answer", 1, ANSWER + "changed\n", Map.of()), ADA);

        // Before decision 0015 this was refused: "answer@1 is already published with a different checksum".
        assertThat(other.published()).isTrue();
        assertThat(other.version().id()).isEqualTo("answer@2");
        assertThat(other.version().localVersion()).isEqualTo(1);
        assertThat(BareRemote.commits(remote)).hasSize(2);
    }

    @Test
    void aFileUrlWorksLikeAPath() throws Exception {
        RegistryClient client = new RegistryClient(new RegistryRemote("team", remote.toUri().toString()),
                dir.resolve("cache-url"));
        assertThat(client.remote().url()).startsWith("file:/");

        client.publish(request("answer", 1, ANSWER, Map.of()), ADA);

        assertThat(git(remote, "show", "main:prompts/answer/1/answer.prompt")).isEqualTo(ANSWER);
        assertThat(client.pull("answer", 1).promptText()).isEqualTo(ANSWER);
    }

    @Test
    void aPushRejectedBecauseSomeoneElsePublishedFirstIsFetchedReappliedAndRetried() throws Exception {
        RegistryClient bob = client("bob");
        AtomicReference<PublishResult> bobs = new AtomicReference<>();
        List<Integer> aliceAttempts = new ArrayList<>();
        // Bob publishes after Alice fetched and built her commit, so her first push is rejected.
        RegistryClient alice = client("alice").withBeforePush(attempt -> {
            aliceAttempts.add(attempt);
            if (attempt == 1) bobs.set(bob.publish(request("answer", 2, ANSWER + "Bob's.\n", Map.of()), ADA));
        });

        PublishResult alices = alice.publish(request("answer", 1, ANSWER, Map.of("rules", "r\n")), ADA);

        assertThat(aliceAttempts).containsExactly(1, 2);
        assertThat(alices.published()).isTrue();
        assertThat(alices.attempts()).isEqualTo(2);
        assertThat(BareRemote.commits(remote)).containsExactly(alices.registryCommit(), bobs.get().registryCommit());
        // Bob got in first as answer@1; Alice's retry took the next free number.
        assertThat(bobs.get().version().id()).isEqualTo("answer@1");
        assertThat(alices.version().id()).isEqualTo("answer@2");
        assertThat(lines(git(remote, "log", "--format=%s", "main"))).containsExactly("Publish answer@2", "Publish answer@1");
        assertThat(client("carol").index().versions()).extracting(PublishedVersion::id, PublishedVersion::localVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("answer@1", 2), org.assertj.core.groups.Tuple.tuple("answer@2", 1));
        assertThat(lines(git(remote, "ls-tree", "-r", "--name-only", "main"))).contains(
                "prompts/answer/1/answer.prompt", "prompts/answer/2/_rules.prompt", "prompts/answer/2/answer.prompt");
        assertThat(git(remote, "show", "main:prompts/answer/1/answer.prompt")).isEqualTo(ANSWER + "Bob's.\n");
        git(remote, "fsck", "--strict");
    }

    @Test
    void aRaceWithTheSameLocalNumberAndOtherContentKeepsBothVersions() {
        RegistryClient bob = client("bob");
        RegistryClient alice = client("alice").withBeforePush(attempt -> {
            if (attempt == 1) bob.publish(request("answer", 1, "Bob's answer\n", Map.of()), ADA);
        });

        PublishResult alices = alice.publish(request("answer", 1, ANSWER, Map.of()), ADA);

        assertThat(alices.version().id()).isEqualTo("answer@2");
        assertThat(lines(git(remote, "show", "main:prompts/answer/1/answer.prompt"))).containsExactly("Bob's answer");
        assertThat(git(remote, "show", "main:prompts/answer/2/answer.prompt")).isEqualTo(ANSWER);
    }

    @Test
    void aRaceToPublishTheSameContentEndsInOneVersion() {
        RegistryClient bob = client("bob");
        // Bob publishes as himself: the same publisher within the same second would build the very same commit.
        GitIdentity bobJones = new GitIdentity("Bob Jones", "bob@example.org");
        RegistryClient alice = client("alice").withBeforePush(attempt -> {
            if (attempt == 1) bob.publish(request("answer", 4, ANSWER, Map.of()), bobJones);
        });

        PublishResult alices = alice.publish(request("answer", 4, ANSWER, Map.of()), ADA);

        assertThat(alices.published()).isFalse();
        assertThat(alices.attempts()).isEqualTo(2);
        assertThat(alices.version().id()).isEqualTo("answer@1");
        assertThat(BareRemote.commits(remote)).hasSize(1);
        assertThat(git(remote, "log", "-1", "--format=%an", "main").strip()).isEqualTo("Bob Jones");
    }

    @Test
    void whenOthersKeepWinningThePublishGivesUpAfterTheLastAttempt() {
        RegistryClient bob = client("bob");
        RegistryClient alice = client("alice").withRetry(new RetryPolicy(2, Duration.ofMillis(1)))
                .withBeforePush(attempt -> bob.publish(request("other", attempt, "Other " + attempt + "\n", Map.of()), ADA));

        assertThatThrownBy(() -> alice.publish(request("answer", 1, ANSWER, Map.of()), ADA))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("registry team: could not publish answer (local version 1) after 2 attempts:"
                        + " others kept publishing at the same time");
        assertThat(lines(git(remote, "log", "--format=%s", "main"))).containsExactly("Publish other@2", "Publish other@1");
    }

    @Test
    void manyPublishersAtOnceAllEndUpInTheIndex() throws Exception {
        int publishers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<PublishResult>> results = new ArrayList<>();
            for (int i = 1; i <= publishers; i++) {
                int version = i;
                RegistryClient client = client("cache-" + i).withRetry(new RetryPolicy(10, Duration.ofMillis(20)));
                Callable<PublishResult> publish = () -> {
                    start.await();
                    return client.publish(request("answer", version, ANSWER + "v" + version + "\n", Map.of()), ADA);
                };
                results.add(pool.submit(publish));
            }
            start.countDown();
            for (Future<PublishResult> r : results) assertThat(r.get(2, TimeUnit.MINUTES).published()).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(BareRemote.commits(remote)).hasSize(publishers);
        // Each got its own registry number, whichever order they won in; every local version is there once.
        assertThat(client("reader").index().versions()).extracting(PublishedVersion::id)
                .containsExactly("answer@1", "answer@2", "answer@3", "answer@4");
        assertThat(client("reader").index().versions()).extracting(PublishedVersion::localVersion)
                .containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void pullReturnsTheVersionAndItsPartialsCheckedAgainstTheChecksum() {
        client("a").publish(request("answer", 1, ANSWER, Map.of("rules", "r1\n")), ADA);
        client("a").publish(request("answer", 2, ANSWER + "two\n", Map.of("rules", "r2\n", "tone", "warm\n")), ADA);

        PulledPrompt latest = client("b").pull("answer", null);
        PulledPrompt first = client("b").pull("answer", 1);

        assertThat(latest.version().version()).isEqualTo(2);
        assertThat(latest.promptText()).isEqualTo(ANSWER + "two\n");
        assertThat(latest.partials()).containsExactly(Map.entry("rules", "r2\n"), Map.entry("tone", "warm\n"));
        assertThat(first.promptText()).isEqualTo(ANSWER);
        assertThat(first.partials()).containsExactly(Map.entry("rules", "r1\n"));
        assertThat(first.version().checksum()).isEqualTo(Checksums.of("answer.prompt", ANSWER, Map.of("rules", "r1\n")));
    }

    @Test
    void aVersionChangedInTheRegistryBehindItsIndexIsAChecksumMismatch() throws Exception {
        client("a").publish(request("answer", 1, ANSWER, Map.of("rules", "Never lie.\n")), ADA);
        Path clone = dir.resolve("vandal");
        git(dir, "clone", "-q", remote.toString(), clone.toString());
        Files.writeString(clone.resolve("prompts/answer/1/_rules.prompt"), "Always lie.\n");
        git(clone, "-c", "user.name=V", "-c", "user.email=v@x", "commit", "-q", "-am", "tamper");
        git(clone, "push", "-q", "origin", "main");

        assertThatThrownBy(() -> client("b").pull("answer", 1))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("registry team: answer@1: checksum mismatch (the index says sha256:")
                .hasMessageContaining("the files give sha256:")
                .hasMessageEndingWith("the registry was changed outside Prompt Studio");
    }

    @Test
    void anAddedFileInAVersionFolderIsAChecksumMismatchToo() throws Exception {
        client("a").publish(request("answer", 1, ANSWER, Map.of()), ADA);
        Path clone = dir.resolve("vandal");
        git(dir, "clone", "-q", remote.toString(), clone.toString());
        Files.writeString(clone.resolve("prompts/answer/1/_rules.prompt"), "Always lie.\n");
        git(clone, "add", ".");
        git(clone, "-c", "user.name=V", "-c", "user.email=v@x", "commit", "-q", "-m", "tamper");
        git(clone, "push", "-q", "origin", "main");

        assertThatThrownBy(() -> client("b").pull("answer", null)).hasMessageContaining("answer@1: checksum mismatch");
    }

    @Test
    void pullingWhatIsNotPublishedNamesWhatIs() {
        client("a").publish(request("answer", 1, ANSWER, Map.of()), ADA);
        client("a").publish(request("answer", 2, ANSWER + "2\n", Map.of()), ADA);

        assertThatThrownBy(() -> client("a").pull("answer", 7))
                .hasMessage("registry team has no answer@7 (published versions: 1, 2)");
        assertThatThrownBy(() -> client("a").pull("summarise", null))
                .hasMessage("registry team has no prompt 'summarise' (published: answer)");
    }

    @Test
    void anEmptyRegistryHasAnEmptyIndex() {
        assertThat(client("a").index().versions()).isEmpty();
        assertThatThrownBy(() -> client("a").pull("answer", null))
                .hasMessage("registry team has no prompt 'answer' (published: none yet)");
    }

    @Test
    void anIndexFromANewerStudioIsRefusedNotRewritten() throws Exception {
        client("a").publish(request("answer", 1, ANSWER, Map.of()), ADA);
        Path clone = dir.resolve("newer");
        git(dir, "clone", "-q", remote.toString(), clone.toString());
        Files.writeString(clone.resolve("index.json"), "{\"formatVersion\": 2, \"prompts\": {}}\n");
        git(clone, "-c", "user.name=V", "-c", "user.email=v@x", "commit", "-q", "-am", "format 2");
        git(clone, "push", "-q", "origin", "main");

        assertThatThrownBy(() -> client("a").publish(request("answer", 2, ANSWER, Map.of()), ADA))
                .hasMessage("registry team: index.json: formatVersion 2 is newer than this Prompt Studio reads (1);"
                        + " update Prompt Studio");
        assertThat(BareRemote.commits(remote)).hasSize(2);
    }

    @Test
    void aRemoteThatIsNotThereIsNamedInTheError() {
        RegistryClient client = new RegistryClient(new RegistryRemote("team", dir.resolve("nowhere.git").toString()),
                dir.resolve("cache"));

        assertThatThrownBy(() -> client.publish(request("answer", 1, ANSWER, Map.of()), ADA))
                .isInstanceOf(RegistryException.class)
                .hasMessage("registry team: cannot fetch from " + dir.resolve("nowhere.git") + ": no git repository there");
    }

    @Test
    void aRemoteWhoseHeadNamesAnotherBranchIsPublishedThere() throws Exception {
        Path other = dir.resolve("other.git");
        Files.createDirectories(other);
        git(other, "init", "-q", "--bare", "--initial-branch=master");
        Path work = dir.resolve("work");
        git(dir, "clone", "-q", other.toString(), work.toString());
        Files.writeString(work.resolve("x.txt"), "x\n");
        git(work, "add", ".");
        git(work, "-c", "user.name=V", "-c", "user.email=v@x", "commit", "-q", "-m", "x");
        git(work, "push", "-q", "origin", "HEAD:master");

        RegistryClient client = new RegistryClient(new RegistryRemote("team", other.toString()), dir.resolve("cache"));

        // Before, this was refused: "no branch 'main' (it has master)".
        assertThat(client.branch()).isEqualTo("master");
        client.publish(request("answer", 1, ANSWER, Map.of()), ADA);
        assertThat(git(other, "show", "master:prompts/answer/1/answer.prompt")).isEqualTo(ANSWER);
        assertThat(git(other, "show", "master:x.txt")).isEqualTo("x\n");
        assertThat(git(other, "for-each-ref", "--format=%(refname)", "refs/heads")).isEqualTo("refs/heads/master\n");
    }

    @Test
    void theCacheIsABareCloneThatNeverStoresTheUrl() throws Exception {
        client("a").publish(request("answer", 1, ANSWER, Map.of()), ADA);
        client("a").index();

        Path cache = dir.resolve("a");
        assertThat(git(cache, "rev-parse", "--is-bare-repository").strip()).isEqualTo("true");
        assertThat(git(cache, "rev-parse", "refs/remotes/registry/main").strip())
                .isEqualTo(BareRemote.commits(remote).get(0));
        assertThat(Files.readString(cache.resolve("config"))).doesNotContain("remote", remote.toString());
        assertThat(git(cache, "config", "gc.autoDetach").strip()).isEqualTo("false");
    }

    @Test
    void credentialsInTheUrlAppearInNoMessageNoCauseAndNoFile() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "http://ada:hunter2@127.0.0.1:" + closedPort + "/prompts.git";
        RegistryClient client = new RegistryClient(new RegistryRemote("team", url), dir.resolve("cache-http"));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> client.publish(request("answer", 1, ANSWER, Map.of()), ADA));

        assertThat(thrown).isInstanceOf(RegistryException.class)
                .hasMessage("registry team: cannot fetch from http://127.0.0.1:" + closedPort + "/prompts.git:"
                        + " connection failed");
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2", "ada@", "ada:");
        }
        try (var files = Files.walk(dir.resolve("cache-http"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("hunter2");
            }
        }
    }

    @Test
    void sshRemotesRunTheUsersOwnSshProgram() throws Exception {
        // A stand-in for ssh that runs the git command it is given on this machine, as sshd would on the server.
        Path fakeSsh = dir.resolve("fake-ssh");
        Path calls = dir.resolve("ssh-calls.txt");
        Files.writeString(fakeSsh, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n"
                + "for last; do :; done\nexec sh -c \"$last\"\n");
        Files.setPosixFilePermissions(fakeSsh, PosixFilePermissions.fromString("rwx------"));
        RegistryClient client = new RegistryClient(new RegistryRemote("team", "ssh://git@registry.example:2222" + remote),
                dir.resolve("cache-ssh")).withSshProgram(fakeSsh.toString());

        client.publish(request("answer", 1, ANSWER, Map.of()), ADA);

        assertThat(git(remote, "show", "main:prompts/answer/1/answer.prompt")).isEqualTo(ANSWER);
        assertThat(lines(Files.readString(calls))).contains(
                "-p 2222 git@registry.example git-upload-pack '" + remote + "'",
                "-p 2222 git@registry.example git-receive-pack '" + remote + "'");
    }

    RegistryClient client(String cache) {
        return new RegistryClient(new RegistryRemote("team", remote.toString()), dir.resolve(cache))
                .withRetry(new RetryPolicy(6, Duration.ofMillis(5)));
    }

    static PublishRequest request(String name, int version, String text, Map<String, String> partials) {
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of("question", Map.of("type", "string")));
        return new PublishRequest(name, version, "0123456789abcdef0123456789abcdef01234567", List.of("prod"),
                "Answer a customer question.", "extractive", schema, "Ada Lovelace <ada@example.org>",
                Instant.parse("2026-11-20T09:30:00Z"), text, partials);
    }
}

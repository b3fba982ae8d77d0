package org.promptstudio.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 8, section 4: a registry that starts as an empty bare repository ({@code git init --bare}, whose HEAD names
 * master or main as {@code init.defaultBranch} says) is published to on the branch its HEAD names, so a teammate's
 * plain {@code git clone} checks out what was published (decision 0015). Checked with the real git command.
 */
class RegistryBranchTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "init.defaultBranch={0}, url as {1}")
    @CsvSource({"master, path", "main, path", "master, file-url", "trunk, path"})
    void aPlainCloneOfARegistryThatStartedEmptyChecksOutWhatWasPublished(String defaultBranch, String urlForm)
            throws Exception {
        Path remote = Files.createDirectories(dir.resolve("registry.git"));
        git(remote, "-c", "init.defaultBranch=" + defaultBranch, "init", "-q", "--bare");
        git(remote, "config", "receive.autogc", "false");
        assertThat(git(remote, "symbolic-ref", "HEAD").strip()).isEqualTo("refs/heads/" + defaultBranch);
        String url = urlForm.equals("path") ? remote.toString() : remote.toUri().toString();
        RegistryClient client = new RegistryClient(new RegistryRemote("team", url), dir.resolve("cache"));

        client.publish(RegistryClientTest.request("answer", 1, RegistryClientTest.ANSWER, Map.of("rules", "r\n")),
                RegistryClientTest.ADA);
        client.publish(RegistryClientTest.request("answer", 2, RegistryClientTest.ANSWER + "2\n", Map.of()),
                RegistryClientTest.ADA);

        assertThat(git(remote, "for-each-ref", "--format=%(refname)", "refs/heads")).isEqualTo("refs/heads/" + defaultBranch + "\n");
        Path clone = dir.resolve("clone");
        // A plain clone, as a teammate would make it: before, "remote HEAD refers to nonexistent ref".
        String out = git(dir, "clone", "-q", remote.toString(), clone.toString());
        assertThat(out).doesNotContain("nonexistent");
        assertThat(git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo(defaultBranch);
        assertThat(Files.readString(clone.resolve("prompts/answer/1/answer.prompt"))).isEqualTo(RegistryClientTest.ANSWER);
        assertThat(Files.readString(clone.resolve("prompts/answer/1/_rules.prompt"))).isEqualTo("r\n");
        assertThat(Files.exists(clone.resolve("index.json"))).isTrue();
        assertThat(git(clone, "status", "--porcelain")).isEmpty();
        assertThat(new RegistryClient(new RegistryRemote("team", url), dir.resolve("other")).pull("answer", 2).promptText())
                .isEqualTo(RegistryClientTest.ANSWER + "2\n");
    }

    @ParameterizedTest(name = "configured {0}")
    @CsvSource({"prompts", "main"})
    void aConfiguredBranchWinsOverHead(String branch) throws Exception {
        Path remote = Files.createDirectories(dir.resolve("registry.git"));
        git(remote, "-c", "init.defaultBranch=master", "init", "-q", "--bare");
        git(remote, "config", "receive.autogc", "false");
        RegistryClient client = new RegistryClient(new RegistryRemote("team", remote.toString(), branch),
                dir.resolve("cache"));

        client.publish(RegistryClientTest.request("answer", 1, RegistryClientTest.ANSWER, Map.of()), RegistryClientTest.ADA);

        assertThat(client.branch()).isEqualTo(branch);
        assertThat(git(remote, "show", branch + ":prompts/answer/1/answer.prompt")).isEqualTo(RegistryClientTest.ANSWER);
        assertThat(client.pull("answer", 1).promptText()).isEqualTo(RegistryClientTest.ANSWER);
    }
}

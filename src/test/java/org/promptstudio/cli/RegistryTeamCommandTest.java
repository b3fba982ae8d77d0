package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.BareRemote;
import org.promptstudio.testsupport.PromptWorkspace;

/**
 * Issue 8, section 4: two authors, two workspaces, one registry. The registry numbers what it holds, so a teammate's
 * publish never blocks the original author (decision 0015).
 */
class RegistryTeamCommandTest {

    @TempDir
    Path tmp;
    Path remote;
    PromptWorkspace alice;
    PromptWorkspace bob;

    @BeforeEach
    void setUp() throws Exception {
        remote = BareRemote.create(tmp.resolve("registry.git"));
        alice = PromptWorkspace.create(tmp.resolve("alice"), "../registry.git", "Alice Smith");
        bob = PromptWorkspace.create(tmp.resolve("bob"), "../registry.git", "Bob Jones");
    }

    CliRun run(PromptWorkspace ws, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = ws.root().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun r = studio(all);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void aTeammatesPullEditPublishNeverBlocksTheAuthorsOwnNextVersion() throws Exception {
        alice.write("prompts/solve.prompt", "Solve {{problem}}.\n");
        run(alice, "save", "solve", "-m", "v1");
        alice.write("prompts/solve.prompt", "Solve {{problem}} step by step.\n");
        run(alice, "save", "solve", "-m", "v2");
        alice.write("prompts/solve.prompt", "Solve {{problem}} step by step. End with 'Answer:'.\n");
        run(alice, "save", "solve", "-m", "v3");
        assertThat(run(alice, "publish", "solve@3").out()).startsWith("published solve@1 to team");

        // Bob pulls it, edits, saves: in his workspace that is his version 2.
        run(bob, "registry", "pull", "solve@1");
        bob.write("prompts/solve.prompt", "Solve {{problem}} carefully.\n");
        run(bob, "save", "solve", "-m", "Bob's edit");
        CliRun bobs = run(bob, "publish", "solve");
        // Alice publishes her own version 2: before, "solve@2 is already published with a different checksum".
        CliRun alices = run(alice, "publish", "solve@2");

        assertThat(bobs.out()).startsWith("published solve@2 to team").contains("(local version 2, registry commit ");
        assertThat(alices.out()).startsWith("published solve@3 to team").contains("(local version 2, registry commit ");
        JsonNode index = new ObjectMapper().readTree(git(remote, "show", "main:index.json"));
        JsonNode versions = index.at("/prompts/solve/versions");
        assertThat(versions).hasSize(3);
        assertThat(versions.get(1).get("author").asText()).isEqualTo("Bob Jones <bob.jones@example.org>");
        assertThat(versions.get(1).get("localVersion").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("workspace").asText()).isEqualTo("bob");
        assertThat(versions.get(2).get("author").asText()).isEqualTo("Alice Smith <alice.smith@example.org>");
        assertThat(versions.get(2).get("sourceCommit").asText())
                .isEqualTo(git(alice.root(), "rev-parse", "HEAD~1").strip());
        assertThat(git(remote, "show", "main:prompts/solve/3/provenance.json")).contains("\"localVersion\" : 2")
                .contains("\"workspace\" : \"alice\"");

        List<String> list = lines(run(bob, "registry", "list").out());
        assertThat(list).hasSize(4);
        assertThat(list.get(1)).startsWith("solve         1  v3 ");
        assertThat(list.get(2)).startsWith("solve         2  v2 ").contains("Bob Jones");
        assertThat(list.get(3)).startsWith("solve         3  v2 ").contains("Alice Smith");

        // Registry numbers are what pull takes.
        run(bob, "registry", "pull", "solve@3");
        assertThat(bob.read("prompts/solve.prompt")).isEqualTo("Solve {{problem}} step by step.\n");
        assertThat(git(bob.root(), "log", "-1", "--format=%B")).contains("Registry-Version: solve@3", "Source-Version: 2",
                "Source-Workspace: alice");

        // The same content again is that registry version, not a new number.
        assertThat(run(alice, "publish", "solve@2").out())
                .isEqualTo("already published as solve@3 in team (" + remote + ") (same content); nothing to publish\n");
        assertThat(BareRemote.commits(remote)).hasSize(3);
        git(remote, "fsck", "--strict");
    }

    @Test
    void twoAuthorsPublishingAtOnceBothGetTheirOwnNumber() throws Exception {
        alice.write("prompts/solve.prompt", "Alice's solve {{problem}}\n");
        run(alice, "save", "solve", "-m", "Alice");
        bob.write("prompts/solve.prompt", "Bob's solve {{problem}}\n");
        run(bob, "save", "solve", "-m", "Bob");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<CliRun>> runs = new ArrayList<>();
            for (PromptWorkspace ws : List.of(alice, bob)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return run(ws, "publish", "solve");
                }));
            }
            start.countDown();
            List<String> outs = new ArrayList<>();
            for (Future<CliRun> f : runs) outs.add(f.get(2, TimeUnit.MINUTES).out());
            assertThat(outs).allMatch(o -> o.startsWith("published solve@"));
            assertThat(outs.stream().map(o -> o.substring(0, "published solve@1".length())).sorted().toList())
                    .containsExactly("published solve@1", "published solve@2");
        } finally {
            pool.shutdownNow();
        }

        assertThat(BareRemote.commits(remote)).hasSize(2);
        JsonNode versions = new ObjectMapper().readTree(git(remote, "show", "main:index.json")).at("/prompts/solve/versions");
        assertThat(List.of(versions.get(0).get("workspace").asText(), versions.get(1).get("workspace").asText()))
                .containsExactlyInAnyOrder("alice", "bob");
        git(remote, "fsck", "--strict");
    }

    @Test
    void theBranchNamedInStudioYamlIsTheOnePublishedTo() throws Exception {
        alice.write("studio.yaml", "name: alice\nregistries:\n  - name: team\n    url: ../registry.git\n    branch: prompts\n");
        alice.write("prompts/solve.prompt", "Solve {{problem}}\n");
        alice.save("Registry on branch prompts");
        run(alice, "save", "solve", "-m", "v1");

        run(alice, "publish", "solve");

        assertThat(git(remote, "for-each-ref", "--format=%(refname)", "refs/heads")).isEqualTo("refs/heads/prompts\n");
        assertThat(git(remote, "show", "prompts:prompts/solve/1/solve.prompt")).isEqualTo("Solve {{problem}}\n");
    }

    @Test
    void aBranchThatIsNoBranchNameIsRefusedWithItsLine() {
        alice.write("studio.yaml", "name: alice\nregistries:\n  - name: team\n    url: ../registry.git\n    branch: a..b\n");

        CliRun r = studio("-w", alice.root().toString(), "registry", "list");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).startsWith("error: studio.yaml:5:").contains("'a..b' is not a branch name").hasLineCount(1);
    }
}

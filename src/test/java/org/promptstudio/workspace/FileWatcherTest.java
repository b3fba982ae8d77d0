package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes made by something else than the studio (another editor, git) reach it as batches of paths. */
class FileWatcherTest {

    @TempDir
    Path root;

    final LinkedBlockingQueue<SortedSet<String>> batches = new LinkedBlockingQueue<>();
    FileWatcher watcher;

    @BeforeEach
    void watch() throws Exception {
        Files.createDirectories(root.resolve("prompts"));
        Files.createDirectories(root.resolve(".git/objects"));
        Files.writeString(root.resolve("prompts/a.prompt"), "Hello");
        watcher = FileWatcher.start(root, Duration.ofMillis(150), batches::add);
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    /** Collects batches until {@code path} was reported (the system may split a burst in two). */
    private SortedSet<String> until(String path) throws InterruptedException {
        SortedSet<String> all = new TreeSet<>();
        while (!all.contains(path)) {
            SortedSet<String> batch = batches.poll(1, TimeUnit.MINUTES);
            assertThat(batch).as("a batch naming " + path).isNotNull();
            all.addAll(batch);
        }
        return all;
    }

    @Test
    void anEditACreationAndADeletionAreReportedByPath() throws Exception {
        Files.writeString(root.resolve("prompts/a.prompt"), "Hello again");
        Files.writeString(root.resolve("prompts/b.prompt"), "New");
        assertThat(until("prompts/b.prompt")).contains("prompts/a.prompt");

        Files.delete(root.resolve("prompts/a.prompt"));
        assertThat(until("prompts/a.prompt")).doesNotContain("prompts/b.prompt");
    }

    @Test
    void aNewFolderIsWatchedTooAndHiddenFilesAreIgnored() throws Exception {
        Files.createDirectories(root.resolve("datasets/more"));
        Files.writeString(root.resolve("datasets/more/x.jsonl"), "{}\n");
        until("datasets/more/x.jsonl");

        Files.writeString(root.resolve(".git/objects/ab"), "blob");
        Files.writeString(root.resolve("prompts/.a.prompt.swp"), "swap");
        Files.writeString(root.resolve("datasets/more/y.jsonl"), "{}\n");
        assertThat(until("datasets/more/y.jsonl")).noneMatch(p -> p.contains(".git") || p.contains(".swp"));
        assertThat(watcher.watchedFolders()).contains("", "prompts", "datasets", "datasets/more")
                .doesNotContain(".git", ".git/objects");
    }

    /** git writes HEAD.lock and moves it onto HEAD for a switch or a commit: that one file of .git is reported. */
    @Test
    void aNewHeadIsReportedAndTheRestOfGitIsNot() throws Exception {
        Files.writeString(root.resolve(".git/index"), "index");
        Files.writeString(root.resolve(".git/HEAD.lock"), "ref: refs/heads/experiment\n");
        Files.move(root.resolve(".git/HEAD.lock"), root.resolve(".git/HEAD"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(until(FileWatcher.GIT_HEAD)).noneMatch(p -> p.startsWith(".git/") && !p.equals(FileWatcher.GIT_HEAD));
    }
}

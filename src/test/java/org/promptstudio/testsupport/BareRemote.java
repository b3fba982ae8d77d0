package org.promptstudio.testsupport;

import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A bare repository on disk made by the real {@code git}, as a team would create a registry. */
public final class BareRemote {

    private BareRemote() {
    }

    /** {@code git init --bare --initial-branch=main dir}, without auto-gc after pushes. */
    public static Path create(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        git(dir, "init", "-q", "--bare", "--initial-branch=main");
        // A push by path runs JGit's receive-pack in the test's JVM, whose auto-gc goes on in the background and
        // would race with @TempDir's cleanup.
        git(dir, "config", "receive.autogc", "false");
        return dir;
    }

    /** The remote's commits on main, newest first, as {@code git log --format=%H} prints them. */
    public static List<String> commits(Path remote) {
        String heads = git(remote, "for-each-ref", "--format=%(refname)", "refs/heads/main");
        if (heads.isBlank()) return List.of();
        return lines(git(remote, "log", "--format=%H", "main"));
    }
}

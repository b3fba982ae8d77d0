package org.promptstudio.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** The real {@code git} command, to check repositories written through JGit the way a user's git sees them. */
public final class GitCli {

    private GitCli() {
    }

    /** Runs {@code git -C dir args...}, asserts it succeeds, and returns what it printed (stdout and stderr). */
    public static String git(Path dir, String... args) {
        GitRun r = GitRun.run(dir, args);
        assertThat(r.exitCode()).as("exit code of git %s; output:%n%s", List.of(args), r.output()).isZero();
        return r.output();
    }

    /** The output's lines, without the empty last one. */
    public static List<String> lines(String output) {
        return output.lines().toList();
    }
}

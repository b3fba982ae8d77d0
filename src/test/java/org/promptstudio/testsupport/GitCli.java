package org.promptstudio.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code git} command, to check repositories written through JGit the way a user's git sees them. */
public final class GitCli {

    private GitCli() {
    }

    /** Runs {@code git -C dir args...}, asserts it succeeds, and returns what it printed (stdout and stderr). */
    public static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("git finished").isTrue();
            assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, output).isZero();
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** The output's lines, without the empty last one. */
    public static List<String> lines(String output) {
        return output.lines().toList();
    }
}

package org.promptstudio.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the real {@code git} command that may fail: its exit code and what it printed. For putting a repository
 * into the states where git itself stops (a rebase or cherry-pick that conflicts) and for checking that git refuses
 * what the studio refuses.
 */
public record GitRun(int exitCode, String output) {

    /** Runs {@code git -C dir args...} and returns how it ended, whatever it was. */
    public static GitRun run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("git finished").isTrue();
            return new GitRun(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** Runs git and asserts that it fails (git refuses too). */
    public static GitRun refused(Path dir, String... args) {
        GitRun r = run(dir, args);
        assertThat(r.exitCode()).as("git %s should fail; it printed:%n%s", List.of(args), r.output()).isNotZero();
        return r;
    }
}

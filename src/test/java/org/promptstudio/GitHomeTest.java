package org.promptstudio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trial finding: with {@code HOME=/tmp/x}, {@code studio save} committed as the identity of the account's real
 * {@code ~/.gitconfig}, because JGit reads Java's {@code user.home}. A child JVM (a new process, so JGit's user
 * configuration is read fresh) runs the launcher's Main with {@code HOME} set to a temporary folder; the commit's
 * author, read back with the {@code git} command, is the one of that folder's {@code .gitconfig}.
 */
class GitHomeTest {

    @TempDir
    Path dir;

    @Test
    void saveCommitsAsTheGitconfigUnderHomeNotUnderUserHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Home Person\n\temail = home@example.org\n");
        Path ws = dir.resolve("ws");

        assertThat(studio(home, "init", ws.toString(), "--from-sample", "support-assistant")).isZero();
        Path prompt = ws.resolve("prompts/answer.prompt");
        Files.writeString(prompt, Files.readString(prompt) + "\nOne more line.\n");
        assertThat(studio(home, "-w", ws.toString(), "save", "answer", "-m", "one more line")).isZero();

        assertThat(git(ws, "log", "-1", "--format=%an <%ae>|%s"))
                .isEqualTo("Home Person <home@example.org>|one more line");
    }

    /** Runs Main in a new JVM with HOME set to {@code home} and nothing else pointing at the user's folders. */
    private int studio(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dstudio.log.file=" + dir.resolve("studio.log"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + args[args.length > 2 ? 2 : 0].replace('/', '_') + ".txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("GIT_"));
        env.put("HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("studio " + String.join(" ", args) + " did not end");
        }
        return p.exitValue();
    }

    private static String git(Path ws, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", ws.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}

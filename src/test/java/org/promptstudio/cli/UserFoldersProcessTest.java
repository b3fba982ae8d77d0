package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point in its own JVM, since a test cannot change its own environment: {@code HOME} and
 * {@code XDG_CONFIG_HOME} decide where {@code studio credentials set} writes, not the account's home.
 */
class UserFoldersProcessTest {

    @TempDir
    Path tmp;

    private Path run(Map<String, String> env, String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), "org.promptstudio.Main"));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("XDG_CONFIG_HOME");
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write("not-a-real-value\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Path log = tmp.resolve("out.txt");
        Files.writeString(log, out);
        return log;
    }

    @Test
    void credentialsGoUnderHomeFromTheEnvironmentThenUnderXdgConfigHome() throws Exception {
        Path home = tmp.resolve("home");
        String out = Files.readString(run(Map.of("HOME", home.toString()), "credentials", "set", "STUDIO_TEST_NAME"));

        Path expected = home.resolve(".config/prompt-studio/credentials");
        assertThat(out).contains("Stored STUDIO_TEST_NAME in " + expected);
        assertThat(Files.readString(expected)).contains("STUDIO_TEST_NAME=");

        Path xdg = tmp.resolve("xdg");
        out = Files.readString(run(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()),
                "credentials", "set", "STUDIO_OTHER_NAME"));
        assertThat(out).contains("Stored STUDIO_OTHER_NAME in " + xdg.resolve("prompt-studio/credentials"));
        assertThat(new File(xdg.resolve("prompt-studio/credentials").toString())).exists();
    }
}

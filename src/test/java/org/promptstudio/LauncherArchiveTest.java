package org.promptstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code packaging/bin/studio} with a class-data sharing archive it cannot use (decision 0155): it
 * starts the studio without one and says nothing about it. The app folder is this test's class path laid out as
 * {@code target/app} is (every entry linked into {@code lib/}, the classes folder under a jar's name).
 */
class LauncherArchiveTest {

    @TempDir
    Path tmp;

    private Path app;

    @BeforeEach
    void layOutTheApp() throws Exception {
        assumeTrue(File.separatorChar == '/', "the launcher is a POSIX shell script");
        app = tmp.resolve("app");
        Files.createDirectories(app.resolve("bin"));
        Files.createDirectories(app.resolve("lib"));
        Files.copy(Path.of("packaging/bin/studio"), app.resolve("bin/studio"));
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry).toAbsolutePath();
            // a folder named *.jar is still read as a folder by the class path
            Files.createSymbolicLink(app.resolve("lib/" + String.format("%03d", i++) + "-" + p.getFileName()
                    + (Files.isDirectory(p) ? ".jar" : "")), p);
        }
    }

    /** The links go before JUnit empties the folder (it warns about each link to a file outside it). */
    @AfterEach
    void removeTheLinks() throws Exception {
        if (app == null) return;
        try (var links = Files.list(app.resolve("lib"))) {
            for (Path p : links.toList()) Files.delete(p);
        }
    }

    /** Runs {@code sh bin/studio --version}; returns stdout, after checking that stderr is empty and it ended well. */
    private String version() throws Exception {
        return studio(null, "--version");
    }

    /**
     * Runs {@code sh bin/studio ARGS} with {@code STUDIO_JAVA_OPTS} set to {@code javaOptions} (none when null);
     * returns stdout, after checking that stderr is empty and it ended well.
     */
    private String studio(String javaOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", app.resolve("bin/studio").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().remove("STUDIO_CDS");
        pb.environment().remove("STUDIO_JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        if (javaOptions != null) pb.environment().put("STUDIO_JAVA_OPTS", javaOptions);
        pb.redirectError(tmp.resolve("stderr.txt").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = Files.readString(tmp.resolve("stderr.txt"));
        assertThat(p.waitFor()).as(out + err).isZero();
        assertThat(err).isEmpty();
        return out;
    }

    @Test
    void withoutAnArchiveTheVersionIsAllThatIsPrinted() throws Exception {
        assertThat(version()).matches("Prompt Studio \\S+\\R");
    }

    /**
     * Decision 0160: a command runs with the fast compiler's smaller inlining and the one-thread collector; the window
     * keeps the JVM's own collector; a collector the user names wins, and the JVM starts (two would stop it).
     */
    @Test
    void aCommandGetsTheSerialCollectorUnlessTheUserNamesOne() throws Exception {
        String command = studio("-Xmx256m -XX:+PrintFlagsFinal", "--version");
        assertThat(command).containsPattern("bool UseSerialGC += true ")
                .containsPattern("intx C1MaxInlineSize += 20 ")
                .containsPattern("intx TieredStopAtLevel += 1 ")
                .contains("Prompt Studio ");

        String named = studio("-Xmx256m -XX:+UseParallelGC -XX:+PrintFlagsFinal", "--version");
        assertThat(named).containsPattern("bool UseParallelGC += true ")
                .containsPattern("bool UseSerialGC += false ").contains("Prompt Studio ");

        // `ui` opens the window; `ui --help` prints its usage, with the options the window would get
        String window = studio("-Xmx256m -XX:+PrintFlagsFinal", "-w", tmp.toString(), "ui", "--help");
        assertThat(window).containsPattern("bool UseSerialGC += false ")
                .containsPattern("intx C1MaxInlineSize += 20 ");
    }

    @Test
    void aDamagedArchiveIsSkippedWithoutAWord() throws Exception {
        byte[] noise = new byte[200_000];
        new Random(16).nextBytes(noise);
        Files.write(app.resolve("lib/studio.jsa"), noise);

        assertThat(version()).matches("Prompt Studio \\S+\\R");
    }

    @Test
    void aCutArchiveWithARealHeaderIsSkippedWithoutAWord() throws Exception {
        // The JDK's own archive, cut short: its header is one the JVM reads, its content is not there.
        Path base = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");
        assumeTrue(Files.isRegularFile(base), "this Java has no class-data sharing archive of its own");
        byte[] head = new byte[1 << 20];
        try (var in = Files.newInputStream(base)) {
            int n = in.readNBytes(head, 0, head.length);
            Files.write(app.resolve("lib/studio.jsa"), java.util.Arrays.copyOf(head, n));
        }

        assertThat(version()).matches("Prompt Studio \\S+\\R");
    }
}

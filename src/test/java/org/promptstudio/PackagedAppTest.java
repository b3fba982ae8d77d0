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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable app that {@code mvn -P package-app package} makes (decision 0154), as a user gets it: the .deb is
 * unpacked with {@code dpkg-deb -x} (what {@code apt install} would put in /opt) and its {@code studio} run. The
 * package takes minutes to build, so an ordinary {@code mvn verify} skips these; {@code .ci/run} builds it and runs
 * them with {@code -Dstudio.package.required=true}, which turns a missing package into a failure.
 */
class PackagedAppTest {

    private static final Path TARGET = Path.of("target");
    private static final Path IMAGE = TARGET.resolve("package-app/image/Prompt Studio");

    @TempDir
    static Path unpacked;

    private static Path deb;

    @BeforeAll
    static void unpackTheDeb() throws Exception {
        List<Path> debs = new ArrayList<>();
        Path installers = TARGET.resolve("installer");
        if (Files.isDirectory(installers)) {
            try (Stream<Path> files = Files.list(installers)) {
                files.filter(f -> f.getFileName().toString().endsWith(".deb")).forEach(debs::add);
            }
        }
        if (debs.size() != 1 && Boolean.getBoolean("studio.package.required")) {
            Assertions.fail(debs.size() + " .deb files in " + installers.toAbsolutePath()
                    + ", expected 1: mvn -P package-app -DskipTests package");
        }
        Assumptions.assumeTrue(debs.size() == 1,
                "no package built (mvn -P package-app -DskipTests package makes target/installer/*.deb)");
        deb = debs.get(0);
        Result x = run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), unpacked, 120);
        assertThat(x.status).as(x.output).isZero();
    }

    @Test
    void studioFromTheDebPrintsItsVersion() throws Exception {
        Result version = studio(unpacked, "--version");

        assertThat(version.status).as(version.output).isZero();
        assertThat(version.output).startsWith("Prompt Studio ");

        // STUDIO_JAVA_OPTS comes after the package's own -Xmx2g, so its heap size wins (a new user's trial found
        // JAVA_TOOL_OPTIONS, which the README named, could not)
        Result heap = run(List.of(unpacked.resolve("opt/prompt-studio/bin/studio").toString(), "--version"), unpacked,
                300, Map.of("STUDIO_JAVA_OPTS", "-Xmx96m -XX:+PrintFlagsFinal"));
        assertThat(heap.status).as(heap.output).isZero();
        assertThat(heap.output).containsPattern("MaxHeapSize += 100663296 ").contains("Prompt Studio ");
    }

    @Test
    void theDebPutsStudioOnThePathAndTheAppInTheMenuWithItsIcon() throws Exception {
        Result script = run(List.of("dpkg-deb", "-I", deb.toString(), "postinst"), unpacked, 60);
        Path lib = unpacked.resolve("opt/prompt-studio/lib");
        String desktop;
        try (Stream<Path> files = Files.list(lib)) {
            desktop = Files.readString(files.filter(f -> f.toString().endsWith(".desktop")).findFirst().orElseThrow());
        }

        assertThat(script.output).contains("ln -sf /opt/prompt-studio/bin/studio /usr/bin/studio",
                "sh /opt/prompt-studio/lib/app/make-archive.sh /opt/prompt-studio || true");
        assertThat(desktop).contains("Name=Prompt Studio", "Categories=Development");
        Path icon = Path.of(desktop.lines().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5));
        assertThat(unpacked.resolve(icon.toString().substring(1))).exists()
                .hasSameBinaryContentAs(Path.of("assets/icons/prompt-studio-256.png"));
    }

    @Test
    void theDebsRemovalTakesTheArchiveAwayAgain() throws Exception {
        Result prerm = run(List.of("dpkg-deb", "-I", deb.toString(), "prerm"), unpacked, 60);
        Result contents = run(List.of("dpkg-deb", "-c", deb.toString()), unpacked, 60);

        assertThat(prerm.output).contains("sh /opt/prompt-studio/lib/app/make-archive.sh --remove /opt/prompt-studio",
                "rm -f /opt/prompt-studio/lib/app/studio.jsa");
        assertThat(contents.output).as("the archive is made at install time, never shipped")
                .contains("./opt/prompt-studio/lib/app/make-archive.sh").doesNotContain("./opt/prompt-studio/lib/app/studio.jsa");
    }

    /**
     * What postinst does on installing, here on the unpacked folder (dpkg-deb -x runs no script): the archive made
     * with the app's runtime for its place, both launchers' .cfg naming it, the launcher mapping the studio's own
     * classes from it; and {@code --remove} (prerm) leaving the folder as the package had it.
     */
    @Test
    void theArchiveScriptMakesAnArchiveTheLauncherMapsAndRemoveUndoesIt() throws Exception {
        Path app = unpacked.resolve("opt/prompt-studio");
        Path appDir = app.resolve("lib/app");
        String cfgBefore = Files.readString(appDir.resolve("studio.cfg"));
        Path runRoot = unpacked.resolve("archive-run");

        Result made = run(List.of("sh", appDir.resolve("make-archive.sh").toString(), app.toString()), runRoot, 900);

        assertThat(made.status).as(made.output).isZero();
        assertThat(made.output.strip()).as("one line").doesNotContain("\n")
                .startsWith("Prompt Studio: class-data sharing archive: ").endsWith("classes in " + appDir.resolve("studio.jsa"));
        assertThat(appDir.resolve("studio.jsa")).isNotEmptyFile();
        for (String cfg : List.of("studio.cfg", "Prompt Studio.cfg")) {
            assertThat(Files.readAllLines(appDir.resolve(cfg))).as(cfg)
                    .contains("java-options=-XX:SharedArchiveFile=$APPDIR/studio.jsa", "java-options=-Xshare:auto");
        }
        try (Stream<Path> left = Files.walk(runRoot.resolve("home"))) {
            assertThat(left.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .as("the training writes nothing in the caller's home").containsExactly(".gitconfig");
        }

        Result version = studio(unpacked, "--version");
        assertThat(version.status).as(version.output).isZero();
        assertThat(version.output).startsWith("Prompt Studio ");
        Result loads = run(List.of(app.resolve("bin/studio").toString(), "--version"), unpacked, 300,
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"));
        assertThat(loads.output).contains("org.promptstudio.Main source: shared objects file");
        // The runtime's own java refuses to start (-Xshare:on) with an archive that does not fit the class path.
        List<String> java = new ArrayList<>(List.of(app.resolve("lib/runtime/bin/java").toString(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + appDir.resolve("studio.jsa"), "-cp", classPath(appDir), "org.promptstudio.Main",
                "--version"));
        Result on = run(java, unpacked, 300);
        assertThat(on.status).as(on.output).isZero();
        assertThat(on.output).startsWith("Prompt Studio ");

        Result removed = run(List.of("sh", appDir.resolve("make-archive.sh").toString(), "--remove", app.toString()),
                runRoot, 60);

        assertThat(removed.status).as(removed.output).isZero();
        assertThat(appDir.resolve("studio.jsa")).doesNotExist();
        assertThat(Files.readString(appDir.resolve("studio.cfg")).strip()).isEqualTo(cfgBefore.strip());
        assertThat(Files.readString(appDir.resolve("Prompt Studio.cfg")).strip()).isEqualTo(cfgBefore.strip());
        try (Stream<Path> files = Files.list(appDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".jsa"));
        }
    }

    @Test
    void thePackageCarriesOnlyThisPlatformsNativeLibraries() throws Exception {
        Path app = unpacked.resolve("opt/prompt-studio/lib/app");
        String os = System.getProperty("os.arch").contains("aarch64") ? "aarch64" : "x";

        assertThat(nativeFolders(app, "onnxruntime-", "ai/onnxruntime/native/"))
                .containsExactly(os.equals("x") ? "linux-x64" : "linux-aarch64");
        assertThat(nativeFolders(app, "tokenizers-", "native/lib/"))
                .containsExactly(os.equals("x") ? "linux-x86_64" : "linux-aarch64");
        try (ZipFile tokenizers = new ZipFile(jar(app, "tokenizers-").toFile())) {
            assertThat(tokenizers.getEntry("native/lib/tokenizers.properties")).as("DJL reads its version here").isNotNull();
        }
    }

    @Test
    void thePackagedAppLoadsTheEmbeddingModel() throws Exception {
        Path workspace = unpacked.resolve("a work space"); // bin/studio, a script, keeps words with spaces whole
        Result init = studio(unpacked, "init", workspace.toString());
        assertThat(init.status).as(init.output).isZero();
        Files.createDirectories(workspace.resolve("docs"));
        Files.writeString(workspace.resolve("docs/reset.md"), "# Reset\n\nHold the dial for 20 seconds to reset it.\n");

        // Indexing embeds every chunk with MiniLM (ONNX Runtime and the DJL tokenizer, both native).
        Result index = studio(unpacked, "-w", workspace.toString(), "index");

        assertThat(index.status).as(index.output).isZero();
        assertThat(index.output).contains("1 added");
    }

    @Test
    void theAppImageStartsTheSameJavaUnderBothNames() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(IMAGE), "no app image " + IMAGE);
        Path app = IMAGE.resolve("lib/app");

        assertThat(Files.readAllLines(app.resolve("studio.cfg"))).isEqualTo(Files.readAllLines(app.resolve("Prompt Studio.cfg")));
        assertThat(Files.readAllLines(app.resolve("studio.cfg")))
                .contains("app.mainclass=org.promptstudio.Main", "java-options=-Xmx2g",
                        "java-options=-XX:TieredStopAtLevel=1", "java-options=-XX:+UnlockDiagnosticVMOptions",
                        "java-options=-XX:ArchiveRelocationMode=0")
                .noneMatch(l -> l.contains("SharedArchiveFile"));
        assertThat(app.resolve("studio.jsa")).as("made where the app is installed").doesNotExist();
        assertThat(app.resolve("make-archive.sh")).isExecutable();
        // bin/studio: the script that starts the runtime's Java with studio.cfg's settings, without jpackage's
        // launcher and its package look-up (decision 0154 addendum)
        Path script = IMAGE.resolve("bin/studio");
        assertThat(script).isExecutable();
        assertThat(Files.readAllLines(script).get(0)).isEqualTo("#!/bin/sh");
        assertThat(Files.readString(script)).contains("$APPDIR/studio.cfg").contains("lib/runtime/bin/java");
    }

    /** The class path as the launcher gives it: the .cfg's {@code app.classpath} lines in order, $APPDIR filled in. */
    private static String classPath(Path appDir) throws IOException {
        return Files.readAllLines(appDir.resolve("studio.cfg")).stream()
                .filter(l -> l.startsWith("app.classpath="))
                .map(l -> l.substring("app.classpath=".length()).replace("$APPDIR", appDir.toString()))
                .collect(Collectors.joining(":"));
    }

    /** The platform folders under {@code root} in the app's jar whose name starts with {@code jarPrefix}. */
    private static List<String> nativeFolders(Path app, String jarPrefix, String root) throws IOException {
        try (ZipFile zip = new ZipFile(jar(app, jarPrefix).toFile())) {
            return zip.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(root) && n.length() > root.length() && !n.endsWith("/"))
                    .map(n -> n.substring(root.length()))
                    .filter(n -> n.contains("/"))
                    .map(n -> n.substring(0, n.indexOf('/')))
                    .distinct().sorted().collect(Collectors.toList());
        }
    }

    private static Path jar(Path app, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(app)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private static Result studio(Path root, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("opt/prompt-studio/bin/studio").toString());
        command.addAll(List.of(args));
        return run(command, root, 300);
    }

    /** Runs {@code command} with its own home folder under {@code root}, stdout and stderr together. */
    private static Result run(List<String> command, Path root, long seconds) throws Exception {
        return run(command, root, seconds, Map.of());
    }

    /** {@link #run(List, Path, long)} with {@code extra} added to the environment. */
    private static Result run(List<String> command, Path root, long seconds, Map<String, String> extra) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.putAll(extra);
        Path home = root.resolve("home");
        Files.createDirectories(home);
        env.put("HOME", home.toString());
        env.remove("XDG_CONFIG_HOME");
        env.remove("XDG_CACHE_HOME");
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Packaged App Test\n\temail = test@example.org\n");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail(String.join(" ", command) + " did not end in " + seconds + " s");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private record Result(int status, String output) {
    }
}

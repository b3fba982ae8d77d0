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
    }

    @Test
    void theDebPutsStudioOnThePathAndTheAppInTheMenuWithItsIcon() throws Exception {
        Result script = run(List.of("dpkg-deb", "-I", deb.toString(), "postinst"), unpacked, 60);
        Path lib = unpacked.resolve("opt/prompt-studio/lib");
        String desktop;
        try (Stream<Path> files = Files.list(lib)) {
            desktop = Files.readString(files.filter(f -> f.toString().endsWith(".desktop")).findFirst().orElseThrow());
        }

        assertThat(script.output).contains("ln -sf /opt/prompt-studio/bin/studio /usr/bin/studio");
        assertThat(desktop).contains("Name=Prompt Studio", "Categories=Development");
        Path icon = Path.of(desktop.lines().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5));
        assertThat(unpacked.resolve(icon.toString().substring(1))).exists()
                .hasSameBinaryContentAs(Path.of("assets/icons/prompt-studio-256.png"));
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
        Path workspace = unpacked.resolve("ws");
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
    void theAppImageHasTheSameLauncherUnderBothNames() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(IMAGE), "no app image " + IMAGE);
        Path app = IMAGE.resolve("lib/app");

        assertThat(Files.readAllLines(app.resolve("studio.cfg"))).isEqualTo(Files.readAllLines(app.resolve("Prompt Studio.cfg")));
        assertThat(Files.readAllLines(app.resolve("studio.cfg")))
                .contains("app.mainclass=org.promptstudio.Main", "java-options=-Xmx2g");
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
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

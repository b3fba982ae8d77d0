package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;
import org.promptstudio.workspace.WorkspaceException;

class SampleCatalogTest {

    @TempDir
    Path tmp;

    @Test
    void samplesAreListedAndCopiedFromInsideAJar() throws Exception {
        Path jar = Files.createDirectories(tmp.resolve("with space")).resolve("studio.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            directory(out, "samples/");
            directory(out, "samples/demo/");
            file(out, "samples/demo/studio.yaml", "name: Demo\n");
            directory(out, "samples/demo/prompts/");
            file(out, "samples/demo/prompts/a.prompt", "Hello {{name}}\n");
            directory(out, "samples/other/");
            file(out, "samples/other/studio.yaml", "name: Other\n");
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            SampleCatalog catalog = new SampleCatalog(loader);
            assertThat(catalog.names()).containsExactly("demo", "other");

            Path target = Files.createDirectories(tmp.resolve("ws"));
            catalog.copy("demo", target);

            assertThat(target.resolve("studio.yaml")).hasContent("name: Demo");
            assertThat(target.resolve("prompts/a.prompt")).hasContent("Hello {{name}}");
            try (var files = Files.walk(target)) {
                assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(2);
            }
        }
    }

    @Test
    void samplesAreListedFromEveryClassPathEntry() throws Exception {
        Path first = sample(tmp.resolve("classes-a"), "alpha", "name: A\n");
        Path second = sample(tmp.resolve("classes-b"), "beta", "name: B\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
                null)) {
            assertThat(new SampleCatalog(loader).names()).containsExactly("alpha", "beta");
        }
    }

    @Test
    void anUnknownSampleIsRefusedNamingTheKnownOnes() throws Exception {
        Path classes = sample(tmp.resolve("classes"), "alpha", "name: A\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> new SampleCatalog(loader).copy("../..", tmp))
                    .isInstanceOf(StudioException.class)
                    .hasMessage("unknown sample '../..' (known: alpha)");
        }
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> new SampleCatalog(empty).checkKnown("alpha"))
                    .hasMessage("unknown sample 'alpha' (known: none in this build)");
        }
    }

    @Test
    void aSampleThatFailsHalfWayLeavesNothingBehind() throws Exception {
        Path classes = sample(tmp.resolve("classes"), "broken", "name: x\nmodels: nope\n");
        Path target = tmp.resolve("new/ws");
        Path emptyTarget = Files.createDirectories(tmp.resolve("empty"));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            WorkspaceInitializer initializer = new WorkspaceInitializer(new SampleCatalog(loader));
            assertThatThrownBy(() -> initializer.create(target, null, "broken"))
                    .isInstanceOf(WorkspaceException.class)
                    .hasMessage("studio.yaml:2:9: 'models' must be a list");
            assertThatThrownBy(() -> initializer.create(emptyTarget, null, "broken"))
                    .isInstanceOf(WorkspaceException.class);
        }
        assertThat(tmp.resolve("new")).doesNotExist();
        assertThat(emptyTarget).isEmptyDirectory();
    }

    private static Path sample(Path classes, String name, String config) throws Exception {
        Path dir = Files.createDirectories(classes.resolve("samples").resolve(name));
        Files.writeString(dir.resolve("studio.yaml"), config);
        return classes;
    }

    private static void directory(JarOutputStream out, String name) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.closeEntry();
    }

    private static void file(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}

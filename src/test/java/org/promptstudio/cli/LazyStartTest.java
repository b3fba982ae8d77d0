package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands load only what they need (issue 16 part 2, decision 0155), read from the JVM's own class-loading log
 * ({@code -Xlog:class+load}) of the real entry point in a child JVM: {@code studio --version} loads no git, database,
 * migration, YAML, template, logging or TLS code; {@code studio test} on the sample workspace, whose experiment
 * models are all offline (replay), sets up no TLS, and once the database is up to date starts no Flyway; nor does a
 * run whose model is a local server on plain {@code http}.
 */
class LazyStartTest {

    @TempDir
    Path tmp;

    private List<String> classesLoaded(Path cwd, String name, String... args) throws Exception {
        Path log = tmp.resolve(name + ".classes");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Xlog:class+load=info:file=" + log, "-Dstudio.log.file="
                + tmp.resolve("child.log"), "-cp", System.getProperty("java.class.path"), "org.promptstudio.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return Files.readAllLines(log).stream().filter(l -> l.contains(" source: ")).map(l -> l.split(" ")[1])
                .toList();
    }

    private static List<String> under(List<String> classes, String... packages) {
        return classes.stream().filter(c -> List.of(packages).stream().anyMatch(c::startsWith)).toList();
    }

    @Test
    void versionLoadsNoneOfTheHeavyParts() throws Exception {
        List<String> classes = classesLoaded(tmp, "version", "--version");
        assertThat(classes).as("the log was read").contains("org.promptstudio.Main");
        assertThat(under(classes, "org.eclipse.jgit.", "org.h2.", "org.flywaydb.", "org.yaml.snakeyaml.",
                "com.fasterxml.jackson.dataformat.yaml.", "com.github.jknack.handlebars.", "ch.qos.logback.",
                "sun.security.ssl.", "javax.net.ssl.", "org.apache.lucene.", "ai.onnxruntime.")).isEmpty();
    }

    @Test
    void anOfflineTestSetsUpNoTlsAndAnUpToDateDatabaseStartsNoFlyway() throws Exception {
        Path ws = tmp.resolve("ws");
        classesLoaded(tmp, "init", "init", ws.toString(), "--from-sample", "support-assistant");
        classesLoaded(ws, "first", "test"); // makes the database and runs the migrations
        List<String> classes = classesLoaded(ws, "second", "test");
        assertThat(under(classes, "org.h2.")).as("the run was recorded").isNotEmpty();
        assertThat(under(classes, "sun.security.ssl.", "javax.net.ssl.")).isEmpty();
        assertThat(under(classes, "org.flywaydb.")).isEmpty();
    }

    @Test
    void callsToALocalPlainHttpServerSetUpNoTls() throws Exception {
        try (OpenAiChatServer server = OpenAiChatServer.start(reply -> reply.whole("Answer: 42", 12, 3))) {
            Path ws = tmp.resolve("lab");
            classesLoaded(tmp, "init-lab", "init", ws.toString(), "--from-sample", "reasoning-lab");
            Files.writeString(ws.resolve("studio.yaml"), Files.readString(ws.resolve("studio.yaml"))
                    + "  - id: local\n    provider: openai-compatible\n    model: local-llm\n    baseUrl: "
                    + server.url() + "/v1\n");
            List<String> classes = classesLoaded(ws, "local", "run", "cot-vs-zero-shot", "--models", "local",
                    "--limit", "2");
            assertThat(server.requests()).as("the local server answered the run's calls").isNotEmpty();
            // decision 0159: plain-http calls over the JDK's HttpURLConnection, the asynchronous client not loaded
            assertThat(under(classes, "sun.net.www.protocol.http.")).as("the calls went over HTTP").isNotEmpty();
            assertThat(under(classes, "jdk.internal.net.http.")).isEmpty();
            assertThat(under(classes, "sun.security.ssl.")).isEmpty();
        }
    }
}

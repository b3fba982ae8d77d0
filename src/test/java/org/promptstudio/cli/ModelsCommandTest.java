package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.provider.Credentials;

class ModelsCommandTest {

    private static final String SECRET = "sk-ps-test-do-not-print-0123456789";

    @TempDir
    Path tmp;

    Path ws;
    String configDirBefore;
    HttpServer ollama;

    @BeforeEach
    void workspace() throws Exception {
        ws = Studio.init(tmp.resolve("ws"), "t").root();
        configDirBefore = System.getProperty(Credentials.CONFIG_DIR_PROPERTY);
        Path config = tmp.resolve("config");
        System.setProperty(Credentials.CONFIG_DIR_PROPERTY, config.toString());
        new Credentials(java.util.Map.of(), config.resolve("credentials")).store("PS_TEST_KEY_SET", SECRET);
    }

    @AfterEach
    void restore() {
        if (configDirBefore == null) {
            System.clearProperty(Credentials.CONFIG_DIR_PROPERTY);
        } else {
            System.setProperty(Credentials.CONFIG_DIR_PROPERTY, configDirBefore);
        }
        if (ollama != null) ollama.stop(0);
    }

    private void models(String yaml) throws Exception {
        Files.writeString(ws.resolve("studio.yaml"), "name: t\nmodels:\n" + yaml);
    }

    private String startOllama(String tagsJson) throws Exception {
        ollama = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ollama.createContext("/api/tags", exchange -> {
            byte[] body = tagsJson.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ollama.start();
        return "http://127.0.0.1:" + ollama.getAddress().getPort();
    }

    @Test
    void listsEachModelWithWhetherItIsReadyAndNeverTheKey() throws Exception {
        String url = startOllama("{\"models\":[{\"name\":\"llama3.2:latest\",\"size\":2019393189}]}");
        models("""
                  - id: ready-one
                    provider: openai-compatible
                    model: qwen2.5
                    baseUrl: http://127.0.0.1:1/v1
                    options: { apiKeyEnv: PS_TEST_KEY_SET }
                    pricing: { inputPerMillion: 0.5, outputPerMillion: 1.5 }
                  - id: no-key
                    provider: anthropic
                    model: claude-3-5-haiku-latest
                    options: { apiKeyEnv: PS_TEST_KEY_MISSING }
                  - id: local
                    provider: ollama
                    model: llama3.2
                    baseUrl: %s
                  - id: echo
                    provider: echo
                """.formatted(url));

        CliRun run = studio("-w", ws.toString(), "models");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).doesNotContain(SECRET).doesNotContain("sk-ps");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).matches("ID +PROVIDER +MODEL +BASE URL +PRICE IN/OUT PER 1M +STATUS");
        assertThat(lines[1]).matches("ready-one +openai-compatible +qwen2\\.5 +http://127\\.0\\.0\\.1:1/v1 +0\\.50 / 1\\.50 +key set");
        assertThat(lines[2]).matches("no-key +anthropic +claude-3-5-haiku-latest +default +- +not ready: "
                + "PS_TEST_KEY_MISSING not set \\(environment or .*credentials\\)");
        assertThat(lines[3]).matches("local +ollama +llama3\\.2 +http://127.*  +- +server answers, model pulled");
        // The built-in offline models need nothing: always ready.
        assertThat(lines[4]).matches("echo +echo +- +default +- +ready");
        // extractive is not in studio.yaml: there all the same, marked built-in (echo above is studio.yaml's own)
        assertThat(lines[5]).matches("extractive +extractive +- +default +- +ready \\(built-in, offline\\)");
        assertThat(lines).hasSize(6);
    }

    // Trial finding: a closed port was listed as "ready". A server that is not asked is never called ready.
    @Test
    void aServerThatIsNotAskedIsShownAsKeySetOrNoKeyNeededNeverReady() throws Exception {
        models("""
                  - id: closed
                    provider: openai-compatible
                    model: x
                    baseUrl: http://127.0.0.1:1/v1
                  - id: keyed
                    provider: openai-compatible
                    model: x
                    baseUrl: http://127.0.0.1:1/v1
                    options: { apiKeyEnv: PS_TEST_KEY_SET }
                """);

        CliRun run = studio("-w", ws.toString(), "models");

        String[] lines = run.out().split("\n");
        assertThat(lines[1]).startsWith("closed ").endsWith(" no key needed");
        assertThat(lines[2]).startsWith("keyed ").endsWith(" key set");
        assertThat(studio("models", "--help").out().replaceAll("\\s+", " ")).contains("'key set' or 'no key needed' (the server is not asked");
    }

    @Test
    void aCredentialsFileOthersCanReadIsNamedAsTheReason() throws Exception {
        Path file = Credentials.configDir().resolve("credentials");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        models("""
                  - id: m
                    provider: openai-compatible
                    model: x
                    baseUrl: http://127.0.0.1:1/v1
                    options: { apiKeyEnv: PS_TEST_KEY_SET }
                """);

        CliRun run = studio("-w", ws.toString(), "models");

        assertThat(run.out()).contains("not ready: " + file + " can be read by others (rw-r--r--); not read: run chmod 600")
                .doesNotContain(SECRET);
    }

    @Test
    void ollamaListsThePulledModels() throws Exception {
        String url = startOllama("""
                {"models":[{"name":"qwen2.5:7b","modified_at":"2024-11-20T09:00:00+01:00","size":4683087332,
                  "details":{"family":"qwen2","parameter_size":"7.6B","quantization_level":"Q4_K_M"}},
                 {"name":"all-minilm:latest","modified_at":"2024-10-01T00:00:00Z","size":45960996,
                  "details":{"family":"bert","parameter_size":"23M","quantization_level":"F16"}}]}
                """);

        CliRun run = studio("models", "--ollama", url);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                NAME               SIZE    PARAMS  QUANT   FAMILY  MODIFIED
                all-minilm:latest  46 MB   23M     F16     bert    2024-10-01
                qwen2.5:7b         4.7 GB  7.6B    Q4_K_M  qwen2   2024-11-20
                """);
    }

    @Test
    void ollamaNotRunningIsOneLineAndExit1() throws Exception {
        String url = startOllama("{}");
        ollama.stop(0);
        ollama = null;

        CliRun run = studio("models", "--ollama", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: ollama at " + url + ": cannot list models (no answer: is Ollama running?)\n");
    }

    @Test
    void aBrokenModelEntryIsOneLineWithItsPlaceForModelsAndRun() throws Exception {
        // issue 11: "baseUrl: not a url" used to print URISyntaxException's "Illegal character in path"
        models("  - id: local\n    provider: openai-compatible\n    model: m\n    baseUrl: not a url\n");
        String expected = "error: studio.yaml:6:14: models[0].baseUrl 'not a url' is not an http(s) URL"
                + " (e.g. http://localhost:8000/v1)\n";
        CliRun run = studio("-w", ws.toString(), "models");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(expected);
        assertThat(studio("-w", ws.toString(), "run", "any", "--dry-run").err()).isEqualTo(expected);

        models("  - {id: local, provider: openai-compatible, model: m, pricing: {inputPerMillion: -1, outputPerMillion: 2}}\n");
        assertThat(studio("-w", ws.toString(), "models").err()).isEqualTo("error: studio.yaml:3:83: models[0].pricing"
                + ".inputPerMillion -1 must be a number of 0 or more (USD per million tokens)\n");
        models("  - {id: local, provider: openia, model: m}\n");
        assertThat(studio("-w", ws.toString(), "models").err()).startsWith("error: studio.yaml:3:27: models[0].provider"
                + " 'openia' is not a known provider (known: anthropic, ");
    }

    @Test
    void anOllamaAddressThatIsNoUrlIsNamed() {
        CliRun run = studio("-w", ws.toString(), "models", "--ollama", "not a url");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: ollama: 'not a url' is not an http(s) URL (e.g. http://localhost:11434)\n");
    }
}

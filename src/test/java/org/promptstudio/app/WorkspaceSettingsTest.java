package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.Credentials;

/**
 * studio.yaml edited in place by the settings use case: the user's comments, order and other entries stay, the
 * studio (and so the command line) reads the change, bad fields are refused with the field named, and the connection
 * test speaks to a real local server in the OpenAI wire format.
 */
class WorkspaceSettingsTest {

    @TempDir
    Path tmp;

    Path ws;
    String configDirBefore;
    HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void sample() {
        configDirBefore = System.getProperty(Credentials.CONFIG_DIR_PROPERTY);
        System.setProperty(Credentials.CONFIG_DIR_PROPERTY, tmp.resolve("config").toString());
        ws = Studio.initFromSample("support-assistant", tmp.resolve("ws")).root();
    }

    @AfterEach
    void restore() {
        release.countDown();
        if (server != null) server.stop(0);
        if (configDirBefore == null) {
            System.clearProperty(Credentials.CONFIG_DIR_PROPERTY);
        } else {
            System.setProperty(Credentials.CONFIG_DIR_PROPERTY, configDirBefore);
        }
    }

    WorkspaceSettings settings() {
        try (Studio studio = Studio.open(ws)) {
            return studio.settings();
        }
    }

    static WorkspaceSettings.ModelForm form(String id, String provider, String model, String url, String in,
                                            String out, String concurrency, String rpm) {
        return new WorkspaceSettings.ModelForm(id, provider, model, url, in, out, concurrency, rpm);
    }

    @Test
    void changingOneModelChangesOnlyItsLinesAndTheStudioReadsIt() throws Exception {
        String before = Files.readString(ws.resolve("studio.yaml"));
        WorkspaceSettings.ModelEntry gpt = settings().model("gpt-4o-mini").orElseThrow();
        WorkspaceSettings.ModelForm changed = WorkspaceSettings.ModelForm.of(gpt);
        changed = form(changed.id(), changed.provider(), changed.model(), changed.baseUrl(), "0.15", "0.60",
                changed.maxConcurrency(), "600");

        settings().saveModel("gpt-4o-mini", changed);

        String after = Files.readString(ws.resolve("studio.yaml"));
        // One line differs: the limit; the comment on the replay model and the flow-style prices stay as written.
        assertThat(changedLines(before, after)).containsExactly("    requestsPerMinute: 600");
        assertThat(after).contains("# answers recorded for gpt-4o-mini in recordings/")
                .contains("pricing: { inputPerMillion: 0.15, outputPerMillion: 0.60 }");
        try (Studio studio = Studio.open(ws)) {
            ModelRef ref = studio.models().model("gpt-4o-mini").orElseThrow();
            assertThat(ref.requestsPerMinute()).isEqualTo(600);
            assertThat(ref.maxConcurrency()).isEqualTo(4);
        }
        // Left as a working change, as the window's other file edits are (decision 0059).
        assertThat(git(ws, "status", "--porcelain")).contains(" M studio.yaml");
    }

    @Test
    void pricesBaseUrlAndModelNameAreWrittenWhereTheyAre() throws Exception {
        settings().saveModel("llama-local", form("llama-local", "ollama", "llama3.1:8b", "http://127.0.0.1:11500",
                "0", "0", "2", ""));
        String text = Files.readString(ws.resolve("studio.yaml"));
        assertThat(text).contains("    model: llama3.1:8b\n    baseUrl: http://127.0.0.1:11500\n")
                .contains("    pricing: { inputPerMillion: 0, outputPerMillion: 0 }\n    maxConcurrency: 2\n");
        try (Studio studio = Studio.open(ws)) {
            ModelRef ref = studio.models().model("llama-local").orElseThrow();
            assertThat(ref.model()).isEqualTo("llama3.1:8b");
            assertThat(ref.baseUrl()).isEqualTo("http://127.0.0.1:11500");
            assertThat(ref.inputPricePerMillion()).isEqualTo(0.0);
            assertThat(ref.maxConcurrency()).isEqualTo(2);
        }
        // Clearing the prices and the limit removes those keys and nothing else.
        settings().saveModel("gpt-4o-mini", form("gpt-4o-mini", "openai", "gpt-4o-mini", "", "", "", "", "500"));
        String cleared = Files.readString(ws.resolve("studio.yaml"));
        assertThat(cleared).contains("  - id: gpt-4o-mini\n    provider: openai\n    model: gpt-4o-mini\n"
                + "    params: { temperature: 0 }\n    requestsPerMinute: 500\n  - id: gpt-4o-mini-replay   # answers");
    }

    @Test
    void aNewModelIsAddedInTheFilesStyleAndARemovedOneLeavesNoTrace() throws Exception {
        String before = Files.readString(ws.resolve("studio.yaml"));
        settings().saveModel(null, form("local-vllm", "openai-compatible", "Qwen/Qwen2.5-7B-Instruct",
                "http://localhost:8000/v1", "0.1", "0.2", "8", "120"));
        String added = Files.readString(ws.resolve("studio.yaml"));
        assertThat(added).startsWith(before).endsWith("""
                  - id: local-vllm
                    provider: openai-compatible
                    model: Qwen/Qwen2.5-7B-Instruct
                    baseUrl: http://localhost:8000/v1
                    pricing: { inputPerMillion: 0.1, outputPerMillion: 0.2 }
                    maxConcurrency: 8
                    requestsPerMinute: 120
                """);
        try (Studio studio = Studio.open(ws)) {
            assertThat(studio.models().model("local-vllm")).isPresent();
        }
        settings().removeModel("local-vllm");
        assertThat(Files.readString(ws.resolve("studio.yaml"))).isEqualTo(before);
        settings().removeModel("gpt-4o-mini-replay");
        String removed = Files.readString(ws.resolve("studio.yaml"));
        assertThat(removed).doesNotContain("gpt-4o-mini-replay").doesNotContain("answers recorded")
                .contains("    requestsPerMinute: 500\n  - id: claude-haiku\n");
    }

    @Test
    void badFieldsAreRefusedNamingTheFieldAndNothingIsWritten() throws Exception {
        byte[] before = Files.readAllBytes(ws.resolve("studio.yaml"));
        WorkspaceSettings s = settings();
        assertThatThrownBy(() -> s.saveModel("gpt-4o-mini", form("gpt-4o-mini", "openai", "gpt-4o-mini", "htp:/x",
                "", "", "", ""))).isInstanceOf(StudioException.class)
                .hasMessage("base URL: 'htp:/x' is not an http or https URL with a host (e.g. http://localhost:8000/v1)");
        assertThatThrownBy(() -> s.saveModel("gpt-4o-mini", form("gpt-4o-mini", "openai", "gpt-4o-mini", "",
                "-1", "0.6", "", ""))).hasMessage("input price: -1 must be 0 or more (USD per million tokens)");
        assertThatThrownBy(() -> s.saveModel("gpt-4o-mini", form("gpt-4o-mini", "openai", "gpt-4o-mini", "",
                "0.1", "", "", ""))).hasMessageStartingWith("output price: give both prices");
        assertThatThrownBy(() -> s.saveModel("gpt-4o-mini", form("gpt-4o-mini", "openai", "gpt-4o-mini", "",
                "", "", "0", ""))).hasMessage("max concurrency: 0 must be 1 or more (leave it empty for no limit)");
        assertThatThrownBy(() -> s.saveModel("gpt-4o-mini", form("gpt-4o-mini", "openai", "gpt-4o-mini", "",
                "", "", "", "many"))).hasMessage("requests per minute: 'many' is not a whole number");
        assertThatThrownBy(() -> s.saveModel(null, form("echo", "echo", "", "", "", "", "", "")))
                .hasMessage("id: 'echo' is already a model of this workspace");
        assertThatThrownBy(() -> s.saveModel(null, form("x", "openia", "", "", "", "", "", "")))
                .hasMessageStartingWith("provider: 'openia' is not a provider (known: anthropic, azure-openai, echo,");
        assertThat(Files.readAllBytes(ws.resolve("studio.yaml"))).isEqualTo(before);
    }

    @Test
    void aKeyPastedIntoAFieldIsNeverWrittenToTheWorkspace() throws Exception {
        byte[] before = Files.readAllBytes(ws.resolve("studio.yaml"));
        String key = fakeKey("sk-proj-", 40);
        assertThatThrownBy(() -> settings().saveModel("gpt-4o-mini", form("gpt-4o-mini", "openai", key, "", "", "",
                "", ""))).hasMessageContaining("keys belong in the credentials file").hasMessageNotContaining(key);
        assertThat(Files.readAllBytes(ws.resolve("studio.yaml"))).isEqualTo(before);
    }

    @Test
    void registriesAreAddedChangedAndRemovedInPlace() throws Exception {
        String before = Files.readString(ws.resolve("studio.yaml"));
        WorkspaceSettings s = settings();
        s.saveRegistry(new WorkspaceSettings.RegistryEntry("team", "git@example.org:prompts.git", null));
        assertThat(Files.readString(ws.resolve("studio.yaml")))
                .isEqualTo(before + "registries:\n  - name: team\n    url: git@example.org:prompts.git\n");
        s.saveRegistry(new WorkspaceSettings.RegistryEntry("team", "git@example.org:prompts.git", "main"));
        assertThat(s.registries()).containsExactly(
                new WorkspaceSettings.RegistryEntry("team", "git@example.org:prompts.git", "main"));
        try (Studio studio = Studio.open(ws)) {
            assertThat(studio.workspace().config().registries()).hasSize(1);
        }
        assertThatThrownBy(() -> s.saveRegistry(new WorkspaceSettings.RegistryEntry("x", "a b", null)))
                .hasMessageStartingWith("URL: ");
        s.removeRegistry("team");
        assertThat(s.registries()).isEmpty();
        try (Studio studio = Studio.open(ws)) {
            assertThat(studio.workspace().config().registries()).isEmpty();
        }
    }

    @Test
    void theAuthorIsStoredInTheUserSettingsKeepingWhatElseIsThere() throws Exception {
        Path file = tmp.resolve("config").resolve("settings.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# my settings\nfuture: { keep: me }   # kept\n");
        StudioSettings.storeAuthor("Ada Lovelace", "ada@example.org");
        assertThat(Files.readString(file)).isEqualTo("# my settings\nfuture: { keep: me }   # kept\n"
                + "author:\n  name: Ada Lovelace\n  email: ada@example.org\n");
        StudioSettings.storeAuthor("Ada Lovelace", "ada@analytical.example");
        assertThat(Files.readString(file)).contains("  email: ada@analytical.example\n").contains("# kept");
        assertThat(StudioSettings.author()).contains(new org.promptstudio.vcs.Author("Ada Lovelace",
                "ada@analytical.example"));
        assertThatThrownBy(() -> StudioSettings.storeAuthor("Ada", "ada")).hasMessage("email: 'ada' is not an email"
                + " address");
    }

    @Test
    void anEditMadeOutsideBetweenTheReadAndTheWriteIsNotOverwritten() throws Exception {
        Path yaml = ws.resolve("studio.yaml");
        String outside = Files.readString(yaml) + "# added in another editor\n";
        WorkspaceSettings s = settings();
        s.afterRead = () -> {
            try {
                Files.writeString(yaml, outside);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThatThrownBy(() -> s.saveRegistry(new WorkspaceSettings.RegistryEntry("team", "/srv/prompts.git", null)))
                .hasMessage("studio.yaml changed on disk since it was read; nothing was written");
        assertThat(Files.readString(yaml)).isEqualTo(outside);
        s.afterRead = () -> { };
        // Saved again, the edit starts from the file as it is now: both the outside line and the registry stay.
        s.saveRegistry(new WorkspaceSettings.RegistryEntry("team", "/srv/prompts.git", null));
        assertThat(Files.readString(yaml)).startsWith(outside).contains("  - name: team\n");
    }

    @Test
    void twoSavesAtOnceTakeTurnsAndNeitherEditIsLost() throws Exception {
        Path yaml = ws.resolve("studio.yaml");
        WorkspaceSettings first = settings();
        WorkspaceSettings second = settings();
        Throwable[] secondFailed = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                second.saveRegistry(new WorkspaceSettings.RegistryEntry("team", "/srv/prompts.git", null));
            } catch (Throwable t) {
                secondFailed[0] = t;
            }
        });
        // The first save has read the file: the second starts now, on another thread, and must wait its turn.
        first.afterRead = () -> {
            other.start();
            while (!FileEdits.someoneWaits(yaml) && other.isAlive()) Thread.onSpinWait();
        };
        first.saveModel(null, form("local-vllm", "openai-compatible", "qwen", "http://localhost:8000/v1", "", "",
                "", ""));
        other.join();
        assertThat(secondFailed[0]).isNull();
        assertThat(first.model("local-vllm")).isPresent();
        assertThat(first.registries()).containsExactly(new WorkspaceSettings.RegistryEntry("team", "/srv/prompts.git",
                null));
    }

    @Test
    void theAuthorIsNotWrittenOverAnOutsideEditAndAReadErrorIsOneLine() throws Exception {
        Path file = tmp.resolve("config").resolve("settings.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "theme: dark\n");
        StudioSettings.afterRead = () -> {
            try {
                Files.writeString(file, "theme: light\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try {
            assertThatThrownBy(() -> StudioSettings.storeAuthor("Ada Lovelace", "ada@example.org"))
                    .hasMessage(file + " changed on disk since it was read; nothing was written");
        } finally {
            StudioSettings.afterRead = () -> { };
        }
        assertThat(Files.readString(file)).isEqualTo("theme: light\n");

        // A settings.yaml that cannot be read (here a folder) is one line naming it, without Java's words.
        Files.delete(file);
        Files.createDirectories(file);
        assertThatThrownBy(() -> StudioSettings.storeAuthor("Ada Lovelace", "ada@example.org"))
                .hasMessageStartingWith(file + ": cannot read: ").hasMessageNotContaining("Exception")
                .hasMessageNotContaining("\n");
    }

    // ---- the connection test, against a local server speaking the OpenAI wire format

    void serve(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (status == 0) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            String answer = body.replace("$AUTH", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    static final String OK = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"local\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}";

    @Test
    void aServerThatAnswersIsOkWithItsLatency() throws Exception {
        serve(200, OK);
        WorkspaceSettings.ConnectionCheck check = settings().testConnection(null,
                form("local", "openai-compatible", "local", url(), "", "", "", ""), Duration.ofSeconds(20));
        assertThat(check.ok()).isTrue();
        assertThat(check.message()).isEqualTo("ok");
        assertThat(check.latencyMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aRefusedKeyIsSaidWithTheKeyMasked() throws Exception {
        String key = fakeKey("sk-", 32);
        UserCredentials.standard().store("OPENAI_API_KEY", key);
        serve(401, "{\"error\":{\"message\":\"Incorrect API key provided: $AUTH\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}");
        WorkspaceSettings.ConnectionCheck check = settings().testConnection("gpt-4o-mini",
                form("gpt-4o-mini", "openai", "gpt-4o-mini", url(), "", "", "", ""), Duration.ofSeconds(20));
        assertThat(check.ok()).isFalse();
        assertThat(check.message()).startsWith("HTTP 401 from ").contains("(the key was refused")
                .doesNotContain(key).doesNotContain("\n");
    }

    @Test
    void anUnreachableServerAndASilentOneAreOneLineEach() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WorkspaceSettings.ConnectionCheck refused = settings().testConnection(null, form("local",
                "openai-compatible", "local", "http://127.0.0.1:" + closedPort + "/v1", "", "", "", ""),
                Duration.ofSeconds(20));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.message()).startsWith("cannot connect to http://127.0.0.1:" + closedPort);

        serve(0, "");
        WorkspaceSettings.ConnectionCheck silent = settings().testConnection(null, form("local",
                "openai-compatible", "local", url(), "", "", "", ""), Duration.ofSeconds(1));
        assertThat(silent.ok()).isFalse();
        assertThat(silent.message()).startsWith("no answer from ").endsWith("within 1 s (timeout)");
    }

    @Test
    void aModelWithoutItsKeyIsNotReadyAndNothingIsSent() throws Exception {
        serve(200, OK);
        WorkspaceSettings.ConnectionCheck check = settings().testConnection("claude-haiku",
                form("claude-haiku", "anthropic", "claude-3-5-haiku-latest", url(), "", "", "", ""),
                Duration.ofSeconds(5));
        assertThat(check.ok()).isFalse();
        assertThat(check.message()).startsWith("not ready: ANTHROPIC_API_KEY not set");
    }

    /** A key-shaped value made at run time (no key-shaped literal in the sources). */
    static String fakeKey(String prefix, int length) {
        String chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789";
        java.util.Random random = new java.util.Random(length);
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) sb.append(chars.charAt(random.nextInt(chars.length())));
        return sb.toString();
    }

    static List<String> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        assertThat(b).hasSameSizeAs(a);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) if (!a.get(i).equals(b.get(i))) changed.add(b.get(i));
        return changed;
    }

    /** An open studio (the window's) sees a model saved in the settings, and keeps the last good settings while
     *  studio.yaml is broken (another editor, half typed). */
    @Test
    void anOpenStudioSeesSavedModelsAndKeepsTheLastGoodSettingsWhileTheFileIsBroken() throws Exception {
        try (Studio studio = Studio.open(ws)) {
            assertThat(studio.models().model("local-vllm")).isEmpty();
            studio.settings().saveModel(null, form("local-vllm", "openai-compatible", "Qwen/Qwen2.5-7B-Instruct",
                    "http://127.0.0.1:9/v1", "", "", "", ""));
            assertThat(studio.models().model("local-vllm")).isPresent();

            Path file = ws.resolve("studio.yaml");
            String good = Files.readString(file);
            Files.writeString(file, good + "models: [ {id: \n");
            assertThat(studio.models().model("local-vllm")).isPresent();
            Files.writeString(file, good.replace("local-vllm", "local-vllm-2"));
            assertThat(studio.models().model("local-vllm-2")).isPresent();
            assertThat(studio.models().model("local-vllm")).isEmpty();
        }
    }
}

package org.promptstudio.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioSettings;
import org.promptstudio.model.ModelRef;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.common.Theme;
import org.promptstudio.ui.settings.SettingsViewModel.Feedback;

/**
 * The settings view model without a window: work runs on the calling thread, against the support-assistant sample
 * copied into a temporary folder (a real git repository) and a temporary user config folder.
 */
class SettingsViewModelTest {

    @TempDir
    Path tmp;

    Path ws;
    Path config;
    Studio studio;
    SettingsViewModel vm;
    String configDirBefore;
    HttpServer server;

    @BeforeEach
    void open() {
        configDirBefore = System.getProperty(StudioSettings.CONFIG_DIR_PROPERTY);
        config = tmp.resolve("config");
        System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, config.toString());
        ws = Studio.initFromSample("support-assistant", tmp.resolve("ws")).root();
        studio = Studio.open(ws);
        vm = new SettingsViewModel(studio, TaskRunner.callingThread());
        vm.onActivate();
    }

    @AfterEach
    void close() {
        if (server != null) server.stop(0);
        studio.close();
        if (configDirBefore == null) {
            System.clearProperty(StudioSettings.CONFIG_DIR_PROPERTY);
        } else {
            System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, configDirBefore);
        }
    }

    void select(String id) {
        vm.onModelSelected(vm.models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow());
    }

    @Test
    void loadsTheModelsFromStudioYamlInItsOrderWithTheirReadiness() {
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.models()).extracting(SettingsViewModel.ModelRow::id).containsExactly("echo", "extractive",
                "gpt-4o-mini", "gpt-4o-mini-replay", "claude-haiku", "llama-local");
        assertThat(vm.models().get(0).readiness()).isEqualTo("ready");
        assertThat(vm.providerKinds()).contains("openai", "openai-compatible", "anthropic", "ollama", "echo");
        // The first model is in the form, ready to edit.
        assertThat(vm.selectedModelIdProperty().get()).isEqualTo("echo");
        select("gpt-4o-mini");
        assertThat(vm.requestsPerMinuteProperty().get()).isEqualTo("500");
        assertThat(vm.inputPriceProperty().get()).isEqualTo("0.15");
        assertThat(vm.outputPriceProperty().get()).isEqualTo("0.6");
        assertThat(vm.maxConcurrencyProperty().get()).isEqualTo("4");
    }

    @Test
    void savingAModelWritesStudioYamlAndANewStudioReadsIt() throws Exception {
        select("gpt-4o-mini");
        vm.requestsPerMinuteProperty().set("900");
        vm.onSaveModel();

        assertThat(vm.modelFeedbackProperty().get()).isEqualTo(new Feedback(Feedback.Kind.OK,
                "Saved gpt-4o-mini to studio.yaml"));
        assertThat(Files.readString(ws.resolve("studio.yaml"))).contains("    requestsPerMinute: 900\n")
                .contains("# answers recorded for gpt-4o-mini");
        try (Studio again = Studio.open(ws)) {
            ModelRef ref = again.models().model("gpt-4o-mini").orElseThrow();
            assertThat(ref.requestsPerMinute()).isEqualTo(900);
        }
        // The list is read back from the file, the same model still in the form.
        assertThat(vm.selectedModelIdProperty().get()).isEqualTo("gpt-4o-mini");
        assertThat(vm.requestsPerMinuteProperty().get()).isEqualTo("900");
        select("echo");
        select("gpt-4o-mini");
        assertThat(vm.requestsPerMinuteProperty().get()).isEqualTo("900");
    }

    @Test
    void aBadFieldIsOneLineNamingItAndNothingIsWritten() throws Exception {
        byte[] before = Files.readAllBytes(ws.resolve("studio.yaml"));
        select("gpt-4o-mini");
        vm.inputPriceProperty().set("-0.5");
        vm.onSaveModel();
        assertThat(vm.modelFeedbackProperty().get()).isEqualTo(new Feedback(Feedback.Kind.ERROR,
                "input price: -0.5 must be 0 or more (USD per million tokens)"));
        vm.inputPriceProperty().set("0.15");
        vm.modelBaseUrlProperty().set("localhost:8000");
        vm.onSaveModel();
        assertThat(vm.modelFeedbackProperty().get().text()).startsWith("base URL: 'localhost:8000' is not an http");
        assertThat(Files.readAllBytes(ws.resolve("studio.yaml"))).isEqualTo(before);
    }

    @Test
    void aNewModelIsAddedThenRemoved() throws Exception {
        vm.onNewModel();
        assertThat(vm.selectedModelIdProperty().get()).isNull();
        vm.modelIdProperty().set("vllm");
        vm.modelNameProperty().set("mistral-7b");
        vm.modelBaseUrlProperty().set("http://127.0.0.1:8000/v1");
        vm.maxConcurrencyProperty().set("2");
        vm.onSaveModel();
        assertThat(vm.models()).extracting(SettingsViewModel.ModelRow::id).endsWith("vllm");
        assertThat(vm.selectedModelIdProperty().get()).isEqualTo("vllm");
        assertThat(Files.readString(ws.resolve("studio.yaml"))).endsWith("  - id: vllm\n"
                + "    provider: openai-compatible\n    model: mistral-7b\n    baseUrl: http://127.0.0.1:8000/v1\n"
                + "    maxConcurrency: 2\n");

        vm.onRemoveModel();
        assertThat(vm.models()).extracting(SettingsViewModel.ModelRow::id).doesNotContain("vllm");
        assertThat(Files.readString(ws.resolve("studio.yaml"))).doesNotContain("vllm");
        assertThat(vm.modelFeedbackProperty().get().text()).isEqualTo("Removed vllm from studio.yaml");
    }

    @Test
    void testConnectionSaysOkWithMillisecondsOrTheReasonWithTheKeyMasked() throws Exception {
        int[] status = {200};
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = status[0] == 200
                    ? "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}"
                    : "{\"error\":{\"message\":\"Incorrect API key provided: " + auth + "\"}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status[0], bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        String key = fakeKey();
        vm.credentialNameProperty().set("OPENAI_API_KEY");
        vm.credentialValueProperty().set(key);
        vm.onStoreCredential();

        select("gpt-4o-mini");
        vm.modelBaseUrlProperty().set(url);
        vm.onTestConnection();
        assertThat(vm.connectionProperty().get().kind()).isEqualTo(Feedback.Kind.OK);
        assertThat(vm.connectionProperty().get().text()).matches("ok · \\d+ ms");

        status[0] = 401;
        vm.onTestConnection();
        Feedback refused = vm.connectionProperty().get();
        assertThat(refused.kind()).isEqualTo(Feedback.Kind.ERROR);
        assertThat(refused.text()).startsWith("HTTP 401 from " + url).doesNotContain(key);
        // Testing is not saving: studio.yaml still has no base URL for the model.
        assertThat(Files.readString(ws.resolve("studio.yaml"))).doesNotContain(url);
    }

    @Test
    void theConnectionTestIsTitledWorkOnTheRunnerNotOnTheCallersThread() {
        org.promptstudio.ui.common.HeldTaskRunner held = new org.promptstudio.ui.common.HeldTaskRunner();
        SettingsViewModel heldVm = new SettingsViewModel(studio, held);
        heldVm.onActivate();
        held.complete(0);
        heldVm.onModelSelected(heldVm.models().get(0)); // echo: the built-in offline model
        heldVm.onTestConnection();
        // Handed to the runner and listed (the status bar shows it); nothing ran on this thread yet.
        assertThat(held.handedIn()).isEqualTo(2);
        assertThat(held.running()).extracting(h -> h.title()).containsExactly("Testing connection to echo");
        assertThat(heldVm.connectionProperty().get()).isEqualTo(new Feedback(Feedback.Kind.WORKING,
                "Testing echo..."));
        held.complete(1);
        assertThat(heldVm.connectionProperty().get().text()).matches("ok · \\d+ ms");
        assertThat(held.running()).isEmpty();
    }

    @Test
    void aKeyGoesOnlyToTheCredentialsFileAndIsNeverShownBack() throws Exception {
        String key = fakeKey();
        vm.credentialNameProperty().set("ANTHROPIC_API_KEY");
        vm.credentialValueProperty().set(key);
        vm.onStoreCredential();

        assertThat(vm.credentialValueProperty().get()).isEmpty();
        assertThat(vm.credentialFeedbackProperty().get().text()).isEqualTo("Stored ANTHROPIC_API_KEY in "
                + config.resolve("credentials"));
        assertThat(Files.readString(config.resolve("credentials"))).contains("ANTHROPIC_API_KEY=" + key);
        assertThat(vm.credentials()).contains(new SettingsViewModel.CredentialRow("ANTHROPIC_API_KEY",
                "set · from the credentials file"));
        assertThat(vm.credentials()).allSatisfy(row -> assertThat(row.toString()).doesNotContain(key));
        // The model that needed it is now ready.
        assertThat(vm.models().stream().filter(m -> m.id().equals("claude-haiku")).findFirst().orElseThrow()
                .readiness()).as("its key is set; its server is not asked").isEqualTo("ready: key set");
        assertThat(vm.models().stream().filter(m -> m.id().equals("claude-haiku")).findFirst().orElseThrow().ready())
                .isTrue();

        // Save everything else there is to save, commit the workspace, then look for the key everywhere.
        select("claude-haiku");
        vm.maxConcurrencyProperty().set("3");
        vm.onSaveModel();
        vm.authorNameProperty().set("Ada Lovelace");
        vm.authorEmailProperty().set("ada@example.org");
        vm.onSaveAuthor();
        git(ws, "add", "-A");
        git(ws, "-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-q", "-m", "settings");
        assertThat(git(ws, "log", "-p", "--all")).contains("maxConcurrency: 3").doesNotContain(key);
        try (Stream<Path> files = Files.walk(ws)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                            .doesNotContain(key);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertThat(Files.readString(config.resolve("settings.yaml"))).doesNotContain(key);
    }

    @Test
    void anEmptyKeyOrNameIsRefusedInOneLine() {
        vm.credentialNameProperty().set("OPENAI_API_KEY");
        vm.onStoreCredential();
        assertThat(vm.credentialFeedbackProperty().get()).isEqualTo(new Feedback(Feedback.Kind.ERROR,
                "key: paste the key to store for OPENAI_API_KEY"));
        assertThat(config.resolve("credentials")).doesNotExist();
    }

    @Test
    void theAuthorIsStoredInTheUserSettingsFile() throws Exception {
        vm.authorNameProperty().set("Grace Hopper");
        vm.authorEmailProperty().set("grace@example.org");
        vm.onSaveAuthor();
        assertThat(vm.authorFeedbackProperty().get().kind()).isEqualTo(Feedback.Kind.OK);
        assertThat(Files.readString(config.resolve("settings.yaml")))
                .isEqualTo("author:\n  name: Grace Hopper\n  email: grace@example.org\n");
        // A view opened later shows it.
        SettingsViewModel later = new SettingsViewModel(studio, TaskRunner.callingThread());
        later.onActivate();
        assertThat(later.authorEmailProperty().get()).isEqualTo("grace@example.org");

        vm.authorEmailProperty().set("grace at example");
        vm.onSaveAuthor();
        assertThat(vm.authorFeedbackProperty().get()).isEqualTo(new Feedback(Feedback.Kind.ERROR,
                "email: 'grace at example' is not an email address"));
    }

    @Test
    void registriesAreAddedAndRemovedInStudioYaml() throws Exception {
        vm.registryNameProperty().set("team");
        vm.registryUrlProperty().set(tmp.resolve("registry.git").toString());
        vm.onSaveRegistry();
        assertThat(vm.registries()).extracting(SettingsViewModel.RegistryRow::name).containsExactly("team");
        try (Studio again = Studio.open(ws)) {
            assertThat(again.workspace().config().registries()).extracting(r -> r.url())
                    .containsExactly(tmp.resolve("registry.git").toString());
        }
        vm.onRegistrySelected(vm.registries().get(0));
        vm.onRemoveRegistry();
        assertThat(vm.registries()).isEmpty();
        assertThat(Files.readString(ws.resolve("studio.yaml"))).doesNotContain("registries:\n  - name: team");
    }

    @Test
    void theThemeIsAWritablePropertyForTheShellToBind() {
        javafx.beans.property.ObjectProperty<Theme> shellTheme =
                new javafx.beans.property.SimpleObjectProperty<>(Theme.DARK);
        vm.themeProperty().bindBidirectional(shellTheme);
        assertThat(vm.themeProperty().get()).isEqualTo(Theme.DARK);
        vm.themeProperty().set(Theme.LIGHT);
        assertThat(shellTheme.get()).isEqualTo(Theme.LIGHT);
    }

    /** A key-shaped value made at run time (no key-shaped literal in the sources). */
    static String fakeKey() {
        String chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789";
        java.util.Random random = new java.util.Random(11);
        StringBuilder sb = new StringBuilder("sk-");
        for (int i = 0; i < 40; i++) sb.append(chars.charAt(random.nextInt(chars.length())));
        return sb.toString();
    }

    /**
     * Runs each job at once (it reads the files as they are when it is asked for) but holds its answer until the
     * test delivers it, in any order: a load asked for before a save can then answer after it.
     */
    static final class AnswersLater implements TaskRunner {
        final java.util.List<Runnable> answers = new java.util.ArrayList<>();
        final TaskRunner now = TaskRunner.callingThread();

        @Override
        public <T> org.promptstudio.ui.common.TaskHandle run(String title, Job<? extends T> job,
                java.util.function.Consumer<? super T> onSuccess, java.util.function.Consumer<? super Throwable> onFailure) {
            java.util.List<Runnable> mine = answers;
            return now.run(title, job, r -> mine.add(() -> onSuccess.accept(r)), e -> mine.add(() -> onFailure.accept(e)));
        }

        void deliver(int index) {
            answers.get(index).run();
        }

        @Override
        public javafx.collections.ObservableList<org.promptstudio.ui.common.TaskHandle> running() {
            return now.running();
        }
    }

    @Test
    void whatTheUserTypedButDidNotSaveStaysWhenTheViewLoadsAgainOrAKeyIsStored() throws Exception {
        select("gpt-4o-mini");
        vm.requestsPerMinuteProperty().set("999");
        vm.authorNameProperty().set("Typed Name");
        vm.authorEmailProperty().set("typed@example.org");
        assertThat(vm.modelFormEdited()).isTrue();
        assertThat(vm.authorFormEdited()).isTrue();

        vm.onDeactivate();
        vm.onActivate();
        vm.credentialNameProperty().set("OPENAI_API_KEY");
        vm.credentialValueProperty().set(fakeKey());
        vm.onStoreCredential();
        assertThat(vm.credentialFeedbackProperty().get().kind()).isEqualTo(Feedback.Kind.OK);
        assertThat(vm.selectedModelIdProperty().get()).isEqualTo("gpt-4o-mini");
        assertThat(vm.requestsPerMinuteProperty().get()).isEqualTo("999");
        assertThat(vm.authorNameProperty().get()).isEqualTo("Typed Name");
        assertThat(vm.authorEmailProperty().get()).isEqualTo("typed@example.org");

        // Saved, the form is the file's again and clean: a later load fills it from the file.
        vm.onSaveModel();
        assertThat(vm.modelFeedbackProperty().get().text()).isEqualTo("Saved gpt-4o-mini to studio.yaml");
        assertThat(vm.modelFormEdited()).isFalse();
        Path yaml = ws.resolve("studio.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("requestsPerMinute: 999", "requestsPerMinute: 321"));
        vm.onActivate();
        assertThat(vm.requestsPerMinuteProperty().get()).isEqualTo("321");
        // The author, never saved, is still as typed.
        assertThat(vm.authorNameProperty().get()).isEqualTo("Typed Name");
    }

    @Test
    void aLoadAskedForBeforeASaveCannotShowTheOldFileAfterIt() throws Exception {
        AnswersLater later = new AnswersLater();
        SettingsViewModel v = new SettingsViewModel(studio, later);
        v.onActivate();
        later.deliver(0);
        v.onModelSelected(v.models().stream().filter(m -> m.id().equals("gpt-4o-mini")).findFirst().orElseThrow());
        assertThat(v.requestsPerMinuteProperty().get()).isEqualTo("500");

        v.onActivate(); // job 1 reads studio.yaml now (500)
        v.requestsPerMinuteProperty().set("750");
        v.onSaveModel(); // job 2 writes 750 and reads the list back
        assertThat(v.savingModelProperty().get()).isTrue();
        v.onSaveModel(); // a second click while it saves does nothing
        assertThat(later.answers).hasSize(3);
        later.deliver(2);
        assertThat(v.savingModelProperty().get()).isFalse();
        assertThat(v.requestsPerMinuteProperty().get()).isEqualTo("750");
        later.deliver(1); // the older load's answer arrives last: dropped
        assertThat(v.requestsPerMinuteProperty().get()).isEqualTo("750");
        assertThat(v.modelFormEdited()).isFalse();
        assertThat(Files.readString(ws.resolve("studio.yaml"))).contains("requestsPerMinute: 750");
    }

    @Test
    void aConnectionVerdictIsShownOnlyForTheNewestTestOfTheModelAndFieldsItWasAskedFor() {
        org.promptstudio.ui.common.HeldTaskRunner held = new org.promptstudio.ui.common.HeldTaskRunner();
        SettingsViewModel v = new SettingsViewModel(studio, held);
        v.onActivate();
        held.complete(0);
        java.util.function.Consumer<String> choose = id -> v.onModelSelected(
                v.models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow());

        // Two tests of one model, answering out of order: the older verdict (a bad field) does not replace the newer.
        choose.accept("echo");
        v.maxConcurrencyProperty().set("0");
        v.onTestConnection(); // job 1: refused, 0 is not a limit
        v.maxConcurrencyProperty().set("");
        v.onTestConnection(); // job 2: ok
        held.complete(2);
        assertThat(v.connectionProperty().get().text()).matches("ok · \\d+ ms");
        held.complete(1);
        assertThat(v.connectionProperty().get().text()).matches("ok · \\d+ ms");

        // A test of gpt-4o-mini (no key: not ready) answering after echo was selected is not shown under echo.
        choose.accept("gpt-4o-mini");
        v.onTestConnection(); // job 3
        choose.accept("echo");
        held.complete(3);
        assertThat(v.connectionProperty().get()).isEqualTo(new Feedback(Feedback.Kind.NONE, ""));

        // Nor under the same model once its fields changed after the test was asked for.
        choose.accept("gpt-4o-mini");
        v.onTestConnection(); // job 4
        v.modelNameProperty().set("gpt-4o");
        held.complete(4);
        assertThat(v.connectionProperty().get()).isEqualTo(new Feedback(Feedback.Kind.NONE,
                "The fields changed while testing: test again"));
    }
}

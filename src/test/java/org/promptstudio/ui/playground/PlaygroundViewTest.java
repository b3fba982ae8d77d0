package org.promptstudio.ui.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The playground in a real window, headless under Monocle, on the support-assistant sample with its offline models
 * and a local server speaking OpenAI's streaming wire format; controls found by id.
 */
class PlaygroundViewTest extends FxRobot {

    @TempDir
    Path tmp;
    Path root;
    Studio studio;
    FxTaskRunner runner;
    PlaygroundViewModel vm;
    HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
        root = tmp.resolve("support-assistant");
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        Files.writeString(root.resolve("studio.yaml"), Files.readString(root.resolve("studio.yaml")) + """
                  - id: held
                    provider: openai-compatible
                    model: held-llm
                    baseUrl: http://127.0.0.1:%d/v1
                """.formatted(server.getAddress().getPort()));
        studio = Studio.open(root);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            vm = new PlaygroundViewModel(studio, runner);
            vm.promptProperty().set("answer");
            stage.setScene(new Scene((javafx.scene.Parent) new PlaygroundView(vm).node(), 1260, 780));
            stage.show();
            vm.onActivate();
        });
        waitUntil(() -> vm.loadedProperty().get() && vm.modelChoices().contains("held"));
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
        server.stop(0);
    }

    /**
     * The first request streams "Hello", waits for the test, then " world" and OpenAI's end chunks (API reference,
     * chat completion chunk object); later requests answer at once.
     */
    private void serve(HttpExchange exchange) throws IOException {
        requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            send(out, delta("Hello"));
            if (!release.await(60, TimeUnit.SECONDS)) return;
            send(out, delta(" world"));
            send(out, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"held-llm\",\"choices\":"
                    + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            send(out, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"held-llm\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}}\n\n");
            send(out, "data: [DONE]\n\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String delta(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"held-llm\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    String text(String id) {
        return lookup("#" + id).tryQuery().map(n -> ((Labeled) n).getText()).orElse("");
    }

    void say(String text) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> vm.draftProperty().set(text)).get();
        clickOn("#playgroundSend");
    }

    @Test
    void anAnswerGrowsAsTheLocalServerStreamsBesideAnOfflineModel() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            vm.models().setAll("held", "echo");
            vm.inputProperty().set("question: Do you ship to Norway?");
        }).get();
        say("Hi, I have a question.");

        waitUntil(() -> text("playgroundText-0-0-model").equals("Hello"));
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(text("playgroundMetrics-0-0")).isEqualTo("streaming\u2026");

        release.countDown();

        waitUntil(() -> !vm.runningProperty().get() && text("playgroundText-0-0-model").equals("Hello world"));
        assertThat(text("playgroundMetrics-0-0")).matches("\\d+ ms \u00b7 12\u21922 tok \u00b7 .+");
        // echo answers the template's last user message: the question, placed after the conversation
        waitUntil(() -> text("playgroundText-1-0-model").equals("Do you ship to Norway?"));

        say("And to Iceland?");
        waitUntil(() -> !vm.runningProperty().get() && vm.turnCountProperty().get() == 2);
        // the second request carries the first turn and the model's own answer to it (OpenAI: role assistant)
        assertThat(requests).hasSize(2);
        String second = requests.get(1).replace(" ", "");
        assertThat(second).contains("\"content\":\"Hi,Ihaveaquestion.\"")
                .contains("{\"role\":\"assistant\",\"content\":\"Helloworld\"}")
                .contains("\"content\":\"AndtoIceland?\"");
    }

    @Test
    void editSaveAndKeepFromTheWindow() throws Exception {
        release.countDown();
        WaitForAsyncUtils.asyncFx(() -> vm.models().setAll("echo", "extractive")).get();
        say("Can I return my Dial?");
        waitUntil(() -> !vm.runningProperty().get() && vm.turnCountProperty().get() == 1);
        say("How long do I have?");
        waitUntil(() -> !vm.runningProperty().get() && vm.turnCountProperty().get() == 2);

        clickOn("#playgroundEdit-0");
        assertThat(vm.draftProperty().get()).isEqualTo("Can I return my Dial?");
        say("Can I return my Valve?");
        waitUntil(() -> !vm.runningProperty().get() && vm.turnCountProperty().get() == 1
                && vm.columns().get(0).messages().size() == 2);
        assertThat(text("playgroundText-0-0-user")).isEqualTo("Can I return my Valve?");

        clickOn("#playgroundSave");
        waitUntil(() -> vm.messageProperty().get().startsWith("Saved as run "));
        long runId = Long.parseLong(vm.messageProperty().get().replaceAll("\\D+(\\d+).*", "$1"));
        assertThat(StudioParts.calls(studio).inRunWithAnswers(runId)).extracting(c -> c.model())
                .containsExactly("echo", "extractive");

        clickOn("#playgroundKeep-1-0");
        waitUntil(() -> vm.messageProperty().get().startsWith("Added to "));
        assertThat(vm.messageProperty().get()).isEqualTo("Added to datasets/playground.jsonl:1");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.call();
            });
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; the playground says '" + vm.messageProperty().get() + "', error '"
                    + vm.errorProperty().get() + "'", e);
        }
    }
}

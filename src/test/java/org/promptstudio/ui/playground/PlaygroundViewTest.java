package org.promptstudio.ui.playground;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.promptstudio.ui.ScreenshotFixture;
import org.promptstudio.testsupport.Workspaces;

/**
 * The playground in a real window, headless under Monocle, on the support-assistant sample with its offline models
 * and a local server speaking OpenAI's streaming wire format; controls found by id.
 */
class PlaygroundViewTest extends FxThreadRobot {

    @TempDir
    Path tmp;
    Path root;
    Studio studio;
    FxTaskRunner runner;
    PlaygroundViewModel vm;
    OpenAiChatServer server;
    final CountDownLatch release = new CountDownLatch(1);
    List<String> requests;

    @BeforeEach
    void open() throws Exception {
        // Streams "Hello", waits for the test, then " world" and OpenAI's end chunks; later requests answer at once.
        server = OpenAiChatServer.start(reply -> {
            reply.delta("Hello");
            if (!reply.hold(release)) return;
            reply.delta(" world");
            reply.end("stop", 12, 2);
            reply.done();
        });
        requests = server.requests();
        root = tmp.resolve("support-assistant");
        Workspaces.fromSample(root, "support-assistant", Workspaces.openAiModel("held", "held-llm", server.url()));
        studio = Studio.open(root);
        runner = new FxTaskRunner(2);
        ScreenshotFixture.show(() -> {
            vm = new PlaygroundViewModel(studio, runner);
            vm.promptProperty().set("answer");
            return new PlaygroundView(vm).node();
        }, 1260, 780, () -> vm.onActivate());
        waitUntil(() -> vm.loadedProperty().get() && vm.modelChoices().contains("held"));
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
        server.close();
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
        assertThat(vm.messageProperty().get()).isEqualTo("Added to datasets/playground.jsonl:1 (no split)");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    void waitUntil(Callable<Boolean> condition) {
        ScreenshotFixture.waitUntil(30, condition, () -> "the playground says '" + vm.messageProperty().get() + "', error '"
                + vm.errorProperty().get() + "'");
    }
}

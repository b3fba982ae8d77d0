package org.promptstudio.ui.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.playground.PlaygroundViewModel.Bubble;
import org.promptstudio.ui.playground.PlaygroundViewModel.Status;

/**
 * Stop in the playground's view model, without a window (decision 0101): each Send makes its own stop, so Stop ends
 * the turn it was pressed for and nothing else. A local server speaking OpenAI's chat completions answers "ok",
 * except to the first request saying "hold me", whose answer it holds on a latch after its first words.
 */
class PlaygroundStopViewModelTest {

    @TempDir
    Path dir;
    Studio studio;
    OpenAiChatServer server;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch held = new CountDownLatch(1);
    final HeldTaskRunner runner = new HeldTaskRunner();
    PlaygroundViewModel vm;

    @BeforeEach
    void workspace() {
        server = OpenAiChatServer.start(reply -> {
            if (reply.body().contains("hold me") && held.getCount() > 0) { // the turn itself, not a later history
                reply.delta("Hel");
                held.countDown();
                reply.hold(release);
            }
            reply.delta("ok");
            reply.end("stop", 5, 1);
            reply.done();
        });
        Workspaces.init(dir, "stop", Workspaces.openAiModel("local", "local-llm", server.url()));
        Workspaces.write(dir, "prompts/chat.prompt", Workspaces.CHAT_PROMPT);
        studio = Studio.open(dir);
        vm = new PlaygroundViewModel(studio, runner, true);
        vm.promptProperty().set("chat");
        vm.onActivate();
        runner.complete(runner.handedIn() - 1);
        vm.models().setAll("local");
        vm.inputProperty().set("topic: returns");
    }

    @AfterEach
    void close() {
        release.countDown();
        studio.close();
        server.close();
    }

    private int send(String text) {
        vm.draftProperty().set(text);
        vm.onSend();
        return runner.handedIn() - 1;
    }

    private List<String> shown() {
        return vm.columns().get(0).messages().stream().map(b -> b.status() + ": " + b.text()).toList();
    }

    @Test
    void aStopAfterTheTurnEndedLeavesTheNextTurnAlone() {
        int first = send("Can I return a lamp?");
        runner.work(first);
        // the turn has ended on the worker; the window has not heard yet, and the user presses Stop
        vm.onStop();
        runner.deliver(first);
        assertThat(vm.messageProperty().get()).isEqualTo("Turn 1 answered by 1 model");
        vm.onStop(); // and once more, with nothing running

        runner.complete(send("Within how many days?"));

        assertThat(vm.messageProperty().get()).isEqualTo("Turn 2 answered by 1 model");
        assertThat(shown()).containsExactly("DONE: Can I return a lamp?", "DONE: ok", "DONE: Within how many days?",
                "DONE: ok");
    }

    @Test
    void stopEndsTheTurnInFlightAndTheNextTurnIsAnswered() throws Exception {
        int asked = send("hold me");
        Thread worker = new Thread(() -> runner.work(asked), "playground-test-worker");
        worker.start();
        assertThat(held.await(60, TimeUnit.SECONDS)).as("the server got the turn").isTrue();

        vm.onStop();
        worker.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(worker.isAlive()).as("the stopped call ended without the server's answer").isFalse();
        runner.deliver(asked);

        assertThat(vm.messageProperty().get()).isEqualTo("Stopped");
        Bubble stopped = vm.columns().get(0).messages().get(1);
        assertThat(stopped.status()).isEqualTo(Status.FAILED);
        assertThat(stopped.error()).contains("cancel");
        release.countDown();

        runner.complete(send("Within how many days?"));

        assertThat(vm.messageProperty().get()).isEqualTo("Turn 2 answered by 1 model");
        assertThat(shown()).endsWith("DONE: Within how many days?", "DONE: ok");
    }
}

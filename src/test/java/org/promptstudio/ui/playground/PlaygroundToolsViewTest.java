package org.promptstudio.ui.playground;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.ToolCallServer;
import org.promptstudio.testsupport.Workspaces;
import org.promptstudio.ui.common.FxTaskRunner;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A tool call in the playground's window, headless under Monocle: the model of a local server speaking OpenAI's
 * chat completions ({@link ToolCallServer}) calls {@code weather}; the call shows with its arguments, the user types
 * the result in its box and clicks Send result, and the model's answer appears in the column.
 */
class PlaygroundToolsViewTest extends FxThreadRobot {

    @TempDir
    Path dir;
    Studio studio;
    FxTaskRunner runner;
    PlaygroundViewModel vm;
    ToolCallServer server;

    @BeforeEach
    void open() throws Exception {
        server = ToolCallServer.start();
        Workspaces.toolChat(dir, server);
        studio = Studio.open(dir);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            vm = new PlaygroundViewModel(studio, runner);
            vm.promptProperty().set("chat");
            stage.setScene(new Scene((javafx.scene.Parent) new PlaygroundView(vm).node(), 1100, 720));
            stage.show();
            vm.onActivate();
        });
        waitUntil(() -> vm.loadedProperty().get() && vm.modelChoices().contains("local"));
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
        server.close();
    }

    String text(String id) {
        return lookup("#" + id).tryQuery().map(n -> ((Labeled) n).getText()).orElse("");
    }

    @Test
    void theToolCallShowsItsArgumentsAndTheTypedResultBringsTheAnswer() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            vm.models().setAll("local");
            vm.draftProperty().set("Weather in Oslo?");
        }).get();
        clickOn("#playgroundSend");

        waitUntil(() -> !vm.runningProperty().get() && lookup("#playgroundSendResult-0-call_Oslo").tryQuery().isPresent());
        assertThat(text("playgroundToolCall-0-call_Oslo")).isEqualTo("{\n  \"city\": \"Oslo\"\n}");
        WaitForAsyncUtils.asyncFx(() -> lookup("#playgroundResult-0-call_Oslo").queryAs(TextArea.class)
                .setText("minus 3, snow")).get();
        clickOn("#playgroundSendResult-0-call_Oslo");

        waitUntil(() -> !vm.runningProperty().get() && text("playgroundText-0-0-model").equals("Tool said: minus 3, snow"));
        assertThat(text("playgroundToolResult-0-call_Oslo")).isEqualTo("minus 3, snow");
        assertThat(lookup("#playgroundSendResult-0-call_Oslo").tryQuery()).as("answered: no box").isEmpty();
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.call();
            });
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; the playground says '" + vm.messageProperty().get() + "', error '"
                    + vm.errorProperty().get() + "'", e);
        }
    }

    @Test
    void twoChecksOfOneTypeHaveBadgesWithIdsOfTheirOwn() throws Exception {
        Workspaces.write(dir, "prompts/twice.prompt", """
                ---
                metadata:
                  assertions:
                    - {type: contains, value: "please"}
                    - {type: contains, value: "thanks"}
                ---
                {{role "system"}}Be polite.
                {{history}}
                """);
        WaitForAsyncUtils.asyncFx(() -> {
            vm.promptProperty().set("twice");
            vm.models().setAll("echo");
            vm.draftProperty().set("please help");
        }).get();
        clickOn("#playgroundSend");

        waitUntil(() -> !vm.runningProperty().get() && lookup("#playgroundBadge-0-0-1-contains").tryQuery().isPresent());
        assertThat(text("playgroundBadge-0-0-0-contains")).isEqualTo("\u2713 contains");
        assertThat(text("playgroundBadge-0-0-1-contains")).isEqualTo("\u2717 contains");
        assertThat(text("playgroundCheckReason-0-0-1-contains")).contains("thanks");
        assertThat(lookup(n -> n.getId() != null && n.getId().startsWith("playgroundBadge-")).queryAll()).hasSize(2);
    }
}

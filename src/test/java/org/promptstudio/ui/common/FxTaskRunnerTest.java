package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class FxTaskRunnerTest {

    final FxTaskRunner runner = new FxTaskRunner(2);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void worksOffTheFxThreadAndAnswersOnIt() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        runner.run(() -> (Platform.isFxApplicationThread() ? "fx" : "worker") + " " + Thread.currentThread().isDaemon(),
                result -> answer.complete(result + " then " + (Platform.isFxApplicationThread() ? "fx" : "other")),
                answer::completeExceptionally);
        assertThat(answer.get(2, TimeUnit.MINUTES)).isEqualTo("worker true then fx");
    }

    @Test
    void aFailureReachesTheFailureHandlerOnTheFxThread() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        runner.run(() -> {
                    throw new IllegalStateException("disk gone");
                },
                result -> answer.complete("succeeded?"),
                error -> answer.complete(error.getMessage() + " on " + (Platform.isFxApplicationThread() ? "fx" : "other")));
        assertThat(answer.get(2, TimeUnit.MINUTES)).isEqualTo("disk gone on fx");
    }
}

package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

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

    @Test
    void aRunningTaskIsListedWithItsProgressAndCancellingItInterruptsTheWork() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        TaskHandle handle = runner.run("Waiting", progress -> {
            progress.update(1, 2);
            progress.message("half way");
            reported.countDown();
            try {
                new CountDownLatch(1).await(); // until cancelled
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return "never shown";
        }, result -> failure.complete(null), failure::complete);

        assertThat(reported.await(2, TimeUnit.MINUTES)).isTrue();
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> WaitForAsyncUtils.asyncFx(() ->
                runner.running().contains(handle) && handle.progressProperty().get() == 0.5
                        && handle.messageProperty().get().equals("half way")).get());

        WaitForAsyncUtils.asyncFx(handle::cancel).get(2, TimeUnit.MINUTES);

        assertThat(failure.get(2, TimeUnit.MINUTES)).isInstanceOf(CancellationException.class);
        assertThat(interrupted.get(2, TimeUnit.MINUTES)).isTrue();
        assertThat(WaitForAsyncUtils.asyncFx(() -> runner.running().contains(handle)).get()).isFalse();
        assertThat(handle.stateProperty().get()).isEqualTo(TaskHandle.State.CANCELLED);
    }
}

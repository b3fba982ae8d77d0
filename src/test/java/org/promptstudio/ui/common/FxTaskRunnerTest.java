package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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

    @Test
    void longJobsHoldingEveryPoolThreadLeaveShortWorkFreeToRunAndStayCancellable() throws Exception {
        // A grid fill, a launcher run and a playground turn at once, each held until the test lets it go: more long
        // jobs than the pool has threads (2). A page read asked for meanwhile still completes (decision 0099).
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        List<CompletableFuture<String>> ends = new ArrayList<>();
        List<TaskHandle> handles = new ArrayList<>();
        for (String title : List.of("Compare answer", "Run smoke", "Playground answer")) {
            CompletableFuture<String> end = new CompletableFuture<>();
            ends.add(end);
            handles.add(runner.runLong(title, progress -> {
                started.countDown();
                release.await();
                return Thread.currentThread().getName();
            }, end::complete, end::completeExceptionally));
        }
        assertThat(started.await(2, TimeUnit.MINUTES)).as("every long job got a thread of its own").isTrue();

        CompletableFuture<String> page = new CompletableFuture<>();
        runner.run(() -> "page 500 on " + Thread.currentThread().getName(), page::complete, page::completeExceptionally);
        assertThat(page.get(2, TimeUnit.MINUTES)).startsWith("page 500 on studio-task-");

        // still a handle like any other: listed while it runs, and a cancel interrupts it
        assertThat(WaitForAsyncUtils.asyncFx(() -> runner.running().containsAll(handles)).get()).isTrue();
        WaitForAsyncUtils.asyncFx(() -> handles.get(2).cancel()).get(2, TimeUnit.MINUTES);
        assertThatThrownBy(() -> ends.get(2).get(2, TimeUnit.MINUTES)).isInstanceOf(CancellationException.class);
        release.countDown();
        assertThat(ends.get(0).get(2, TimeUnit.MINUTES)).startsWith("studio-long-");
        assertThat(ends.get(1).get(2, TimeUnit.MINUTES)).startsWith("studio-long-");
    }
}

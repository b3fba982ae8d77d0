package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** One shell's scope of the window's runner: closing it ends the shell's work for good (issue 11, finding 6). */
class ScopedTaskRunnerTest {

    final FxTaskRunner window = new FxTaskRunner(2);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        window.close();
    }

    @Test
    void aHeldJobReleasedAfterTheCloseNeitherRunsNorReports() {
        HeldTaskRunner held = new HeldTaskRunner();
        ScopedTaskRunner scope = new ScopedTaskRunner(held);
        List<String> seen = new ArrayList<>();
        scope.run("Listing", p -> {
            seen.add("ran");
            return "tree";
        }, result -> seen.add("success " + result), error -> seen.add("failure " + error));
        assertThat(scope.running()).extracting(TaskHandle::title).containsExactly("Listing");

        CompletableFuture<Void> idle = scope.close();
        held.complete(0);

        assertThat(seen).isEmpty();
        assertThat(scope.running()).isEmpty();
        assertThat(held.running()).isEmpty();
        assertThat(idle).isCompleted();
    }

    @Test
    void workAskedForAfterTheCloseIsNotStarted() {
        HeldTaskRunner held = new HeldTaskRunner();
        ScopedTaskRunner scope = new ScopedTaskRunner(held);
        scope.close();
        List<String> seen = new ArrayList<>();
        TaskHandle handle = scope.run("Late", p -> {
            seen.add("ran");
            return 1;
        }, r -> seen.add("success"), e -> seen.add("failure"));
        if (held.handedIn() > 0) held.complete(0);

        assertThat(handle.isDone()).isTrue();
        assertThat(seen).isEmpty();
        assertThat(scope.running()).isEmpty();
    }

    @Test
    void aRunningJobIsCancelledItsResultDroppedAndTheScopeIdleOnlyWhenItReturned() throws Exception {
        ScopedTaskRunner scope = new ScopedTaskRunner(window);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        WaitForAsyncUtils.asyncFx(() -> scope.run("Reading", p -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                // A job deaf to cancellation: it goes on and returns a result, as a slow disk read would.
                interrupted.set(true);
                release.await();
            }
            return "late result";
        }, r -> seen.add("success " + r), e -> seen.add("failure " + e))).get(1, TimeUnit.MINUTES);
        assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();

        CompletableFuture<Void> idle = WaitForAsyncUtils.asyncFx(scope::close).get(1, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(idle).as("the job is still inside its work").isNotDone();
        assertThat(scope.running()).isEmpty();

        release.countDown();
        idle.get(1, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(seen).as("nothing of the closed scope's job reaches its handlers").isEmpty();
        assertThat(interrupted).as("close cancelled (interrupted) the running job").isTrue();
        assertThat(window.running()).isEmpty();
    }

    @Test
    void anOpenScopeReportsAsTheRunnerItWraps() {
        ScopedTaskRunner scope = new ScopedTaskRunner(TaskRunner.callingThread());
        List<String> seen = new ArrayList<>();
        scope.run("Adding", p -> 1 + 1, r -> seen.add("success " + r), e -> seen.add("failure " + e));
        scope.run(() -> {
            throw new IllegalStateException("disk gone");
        }, r -> seen.add("success " + r), e -> seen.add("failure " + e.getMessage()));

        assertThat(seen).containsExactly("success 2", "failure disk gone");
        assertThat(scope.isClosed()).isFalse();
    }

    @Test
    void aLongJobOfAClosedScopeIsCancelledAndReportsNothing() throws Exception {
        ScopedTaskRunner scope = new ScopedTaskRunner(window);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        WaitForAsyncUtils.asyncFx(() -> scope.runLong("Run smoke", p -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // until cancelled
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return "done";
        }, result -> seen.add("success"), error -> seen.add("failure"))).get(2, TimeUnit.MINUTES);
        assertThat(started.await(2, TimeUnit.MINUTES)).isTrue();
        assertThat(WaitForAsyncUtils.asyncFx(() -> scope.running().size()).get()).isEqualTo(1);

        CompletableFuture<Void> idle = WaitForAsyncUtils.asyncFx(scope::close).get(2, TimeUnit.MINUTES);

        assertThat(interrupted.get(2, TimeUnit.MINUTES)).isTrue();
        idle.get(2, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(seen).isEmpty();
    }
}

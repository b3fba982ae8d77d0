package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The calling-thread runner that view-model tests use: same handle, states and order of events as the window's. */
class TaskRunnerTest {

    final TaskRunner runner = TaskRunner.callingThread();

    @Test
    void aTitledJobIsListedWhileItRunsAndReportsProgressAndMessage() {
        List<String> seen = new ArrayList<>();
        TaskHandle handle = runner.run("Counting", progress -> {
            seen.add("listed " + runner.running().size() + " " + runner.running().get(0).title());
            progress.update(1, 4);
            progress.message("one of four");
            TaskHandle self = runner.running().get(0);
            seen.add(self.progressProperty().get() + " " + self.messageProperty().get());
            return 42;
        }, result -> seen.add("result " + result), error -> seen.add("failed " + error));

        assertThat(seen).containsExactly("listed 1 Counting", "0.25 one of four", "result 42");
        assertThat(runner.running()).isEmpty();
        assertThat(handle.stateProperty().get()).isEqualTo(TaskHandle.State.SUCCEEDED);
        assertThat(handle.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void untitledWorkIsNotListedAndAFailureReachesTheFailureHandler() {
        List<String> seen = new ArrayList<>();
        TaskHandle handle = runner.run(() -> {
            seen.add("listed " + runner.running().size());
            throw new IllegalStateException("disk gone");
        }, result -> seen.add("succeeded?"), error -> seen.add(error.getMessage()));

        assertThat(seen).containsExactly("listed 0", "disk gone");
        assertThat(handle.stateProperty().get()).isEqualTo(TaskHandle.State.FAILED);
    }

    @Test
    void aCancelledJobEndsCancelledAndItsSuccessHandlerIsNeverCalled() {
        List<Object> seen = new ArrayList<>();
        TaskHandle handle = runner.run("Long", progress -> {
            runner.running().get(0).cancel();
            seen.add("cancelled seen by the job: " + progress.isCancelled());
            return "done";
        }, seen::add, seen::add);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo("cancelled seen by the job: true");
        assertThat(seen.get(1)).isInstanceOf(CancellationException.class);
        assertThat(handle.stateProperty().get()).isEqualTo(TaskHandle.State.CANCELLED);
    }

    @Test
    void progressWithoutATotalIsIndeterminate() {
        List<Double> seen = new ArrayList<>();
        runner.run("Open-ended", progress -> {
            progress.update(3, 0);
            seen.add(runner.running().get(0).progressProperty().get());
            return null;
        }, r -> { }, e -> { });
        assertThat(seen).containsExactly(TaskHandle.INDETERMINATE);
    }
}

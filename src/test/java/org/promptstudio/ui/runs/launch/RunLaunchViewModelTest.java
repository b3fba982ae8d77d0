package org.promptstudio.ui.runs.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.model.RunStatus;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskRunner;

/** The run launcher without a window: the work runs on the test's thread, progress is applied on flush. */
class RunLaunchViewModelTest {

    static final int CASES = 5;

    @TempDir
    Path dir;
    Studio studio;
    final RunLaunchFixture fixture = new RunLaunchFixture();

    @BeforeEach
    void workspace() throws Exception {
        studio = fixture.open(dir);
    }

    @AfterEach
    void close() {
        fixture.release.countDown();
        studio.close();
        fixture.close();
    }

    @Test
    void theEstimateShowsPlannedCallsCacheHitsAndCostBeforeAnythingIsSent() {
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, TaskRunner.callingThread(), true);
        vm.onActivate();
        assertThat(vm.experiments()).containsExactly("dear", "held");
        vm.experimentProperty().set("dear");
        vm.limitProperty().set("3");
        vm.onEstimate();

        assertThat(vm.phaseProperty().get()).isEqualTo(RunLaunchViewModel.Phase.READY);
        assertThat(vm.plannedCallsProperty().get()).isEqualTo(3);
        assertThat(vm.cachedCallsProperty().get()).isZero();
        assertThat(vm.estimateTextProperty().get()).startsWith("3 planned calls (1 version(s) x 3 case(s)")
                .contains("0 from the cache").contains("Estimated cost: $");
        assertThat(studio.runHistory().latest(5)).isEmpty();
    }

    @Test
    void aBudgetOfCallsStopsTheRunAndResumeWithoutOneFinishesIt() {
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, TaskRunner.callingThread(), true);
        vm.onActivate();
        vm.experimentProperty().set("dear");
        vm.onEstimate();
        vm.maxCallsProperty().set("2");
        vm.onStart();

        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.BUDGET_REACHED);
        assertThat(vm.doneProperty().get()).isEqualTo(2);
        assertThat(vm.statusProperty().get()).isEqualTo("Run " + vm.runIdProperty().get()
                + ": budget of 2 calls reached (2 calls sent); stopped before call 3; 2 of " + CASES
                + " calls recorded; Resume (with a new budget, or none) makes the rest.");
        // the run list says the same (one wording, RunHistory.budgetText)
        assertThat(studio.runHistory().find(vm.runIdProperty().get()).orElseThrow().stateText())
                .startsWith("budget-reached (budget of 2 calls reached (2 calls sent); stopped before call 3)");
        assertThat(vm.resumableProperty().get()).isTrue();
        assertThat(vm.calls()).extracting(RunLaunchViewModel.CallRow::planIndex).containsExactly(0, 1);
        // the run ended: no time is left to wait for, the line says how it stopped
        assertThat(vm.etaTextProperty().get()).isEqualTo("\u2014");
        assertThat(vm.progressTextProperty().get()).startsWith("2 of " + CASES + " done, 0 failed, 0 from the cache, $")
                .endsWith(" spent; stopped at its budget").doesNotContain("ETA");
        // one prompt: the call list does not name it
        assertThat(vm.calls().get(0).text()).startsWith("#1  ").contains("  dear-echo  [ok]  ").doesNotContain("solve");

        vm.maxCallsProperty().set("");
        vm.onResume();

        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.FINISHED);
        assertThat(vm.resumableProperty().get()).isFalse();
        assertThat(vm.calls()).extracting(RunLaunchViewModel.CallRow::planIndex).containsExactly(0, 1, 2, 3, 4);
        assertThat(studio.runs().ended(vm.runIdProperty().get())).isEqualTo(CASES);
    }

    @Test
    void theCallListNamesEachCallsPromptWhenTheExperimentHasSeveral() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("prompts/solve-short.prompt"), "Sum: {{question}}\n");
        java.nio.file.Files.writeString(dir.resolve("experiments/both.yaml"),
                "prompts: [solve, solve-short]\nmodels: [dear-echo]\ndataset: sums\n");
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, TaskRunner.callingThread(), true);
        vm.onActivate();
        vm.experimentProperty().set("both");
        vm.limitProperty().set("1");
        vm.onEstimate();
        vm.onStart();

        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.FINISHED);
        assertThat(vm.calls()).extracting(RunLaunchViewModel.CallRow::prompt).containsExactly("solve", "solve-short");
        assertThat(vm.calls().get(1).text()).startsWith("#2  ").contains("  solve-short  dear-echo  [ok]  Sum: What is 1 + 1?");
        assertThat(vm.progressTextProperty().get()).endsWith(" spent; ended").doesNotContain("ETA");
        // judged and stored at its end, as `studio run` does (Runs.Outcome#scored): a scoreboard reads them back
        assertThat(org.promptstudio.app.StudioParts.database(studio).evalResults().inRun(vm.runIdProperty().get()))
                .hasSize(2);
    }

    @Test
    void aBadBudgetIsOneLineAndNothingStarts() {
        HeldTaskRunner runner = new HeldTaskRunner();
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, runner, true);
        vm.experimentProperty().set("dear");
        vm.onEstimate();
        runner.complete(0);
        vm.maxCostProperty().set("-1");
        vm.onStart();

        assertThat(vm.errorProperty().get()).isEqualTo("Budget: the cost must be an amount in US dollars, not '-1'");
        assertThat(vm.phaseProperty().get()).isEqualTo(RunLaunchViewModel.Phase.READY);
        assertThat(studio.runHistory().latest(5)).isEmpty();
        // A money cap on a model with no prices is refused by the run, before any call, in one line.
        vm.maxCostProperty().set("$0.50");
        vm.experimentProperty().set("held");
        vm.onEstimate();
        runner.complete(1);
        vm.onStart();
        runner.complete(2);
        assertThat(vm.errorProperty().get()).contains("model 'held' has no prices");
        assertThat(fixture.firstRequest.getCount()).isEqualTo(1);
    }

    @Test
    void aCancelPressedWhileTheRunWaitsForAWorkerStopsItAndABudgetFixedAfterAnErrorStarts() {
        HeldTaskRunner runner = new HeldTaskRunner();
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, runner, true);
        vm.experimentProperty().set("dear");
        vm.onEstimate();
        runner.complete(0);
        vm.maxCallsProperty().set("none");
        vm.onStart();
        assertThat(vm.errorProperty().get()).startsWith("Budget:");
        // The estimate stays: the fixed budget starts the run without estimating again.
        vm.maxCallsProperty().set("");
        vm.onStart();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.phaseProperty().get()).isEqualTo(RunLaunchViewModel.Phase.RUNNING);

        vm.onCancel(); // the run's job has not reached a worker yet: nothing to stop so far
        runner.complete(1);

        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.CANCELLED);
        assertThat(vm.doneProperty().get()).isLessThan(CASES);
        assertThat(vm.resumableProperty().get()).isTrue();
    }

    @Test
    void cancelKeepsWhatEndedAndResumeMakesTheRest() throws Exception {
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, TaskRunner.callingThread(), true);
        vm.experimentProperty().set("held");
        vm.onEstimate();
        // The run holds its first call at the server; another thread cancels it there.
        Thread canceller = new Thread(() -> {
            try {
                if (fixture.firstRequest.await(60, TimeUnit.SECONDS)) vm.onCancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        vm.onStart(); // returns when the run has ended (the calling-thread runner)
        canceller.join();

        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.CANCELLED);
        assertThat(vm.statusProperty().get()).startsWith("Run " + vm.runIdProperty().get() + " cancelled after 0 of "
                + CASES + " calls");
        assertThat(vm.resumableProperty().get()).isTrue();

        fixture.release.countDown();
        vm.onResume();
        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.FINISHED);
        assertThat(studio.runs().ended(vm.runIdProperty().get())).isEqualTo(CASES);
    }

    @Test
    void anUnfinishedRunOfTheChosenExperimentIsOfferedForResumeWhenTheLauncherOpens() {
        // A run cancelled before its first call (as after a Ctrl-C); an interrupted run (its process gone) is listed
        // resumable the same way by RunHistory.
        org.promptstudio.app.Runs.Planned planned = studio.runs().plan(new org.promptstudio.app.Runs.Request("dear",
                null, null, null, org.promptstudio.provider.CachePolicy.OFF));
        planned.cancel();
        long id = planned.start(org.promptstudio.app.Runs.Progress.NONE).outcome().runId();

        RunLaunchViewModel vm = new RunLaunchViewModel(studio, TaskRunner.callingThread(), true);
        vm.onActivate();
        vm.experimentProperty().set("dear");
        assertThat(vm.resumableProperty().get()).isTrue();
        assertThat(vm.runIdProperty().get()).isEqualTo(id);
        assertThat(vm.statusProperty().get()).isEqualTo("Run " + id + " (cancelled, 0 answered) can be resumed.");
        vm.experimentProperty().set("held");
        assertThat(vm.resumableProperty().get()).isFalse();
        vm.experimentProperty().set("dear");

        vm.onResume();
        assertThat(vm.outcomeProperty().get()).isEqualTo(RunStatus.FINISHED);
        assertThat(studio.runs().ended(id)).isEqualTo(CASES);
    }

    @Test
    void progressShowsNoEtaUntilAMadeCallEndedAndBudgetsParseAsTheCommandLineDoes() {
        assertThat(org.promptstudio.app.RunProgress.duration(null)).isEqualTo("-");
        assertThat(org.promptstudio.app.RunProgress.duration(Duration.ofSeconds(75))).isEqualTo("1m 15s");
        assertThat(RunLaunchViewModel.budget("", "")).isEqualTo(ExperimentRunner.Budget.NONE);
        assertThat(RunLaunchViewModel.budget("$0.25", "10"))
                .isEqualTo(new ExperimentRunner.Budget(new BigDecimal("0.25"), 10));
        assertThatThrownBy(() -> RunLaunchViewModel.budget("", "0"))
                .hasMessage("Budget: the calls must be a whole number of at least 1, not '0'");
    }

    @Test
    void aRunWithoutOneAnswerEndsFailedNotFinished() throws Exception {
        // every call asks an offline model to call a tool, which it refuses: each call is recorded failed, none answers
        Files.createDirectories(dir.resolve("tools"));
        Files.writeString(dir.resolve("tools/weather.yaml"), "description: the weather in a city\n"
                + "inputSchema: {type: object, properties: {city: {type: string}}}\n");
        Files.writeString(dir.resolve("prompts/ask-tool.prompt"), "---\ntools: [weather]\n---\nQ: {{question}}\n");
        Files.writeString(dir.resolve("datasets/chats.jsonl"), """
                {"id": "a", "question": "What is 1 + 1?"}
                {"id": "b", "question": "What is 2 + 2?"}
                """);
        Files.writeString(dir.resolve("experiments/chats.yaml"), "prompts: [ask-tool]\nmodels: [dear-echo]\n"
                + "dataset: chats\n");
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, TaskRunner.callingThread(), true);
        vm.onActivate();
        vm.experimentProperty().set("chats");
        vm.onEstimate();
        assertThat(vm.estimateTextProperty().get()).contains("2 planned calls");
        vm.onStart();

        long id = vm.runIdProperty().get();
        assertThat(vm.statusProperty().get()).startsWith("Run " + id + " failed: no answers (2 call(s), every one failed)");
        assertThat(studio.runHistory().find(id).orElseThrow().stateText()).isEqualTo("failed (no answers: every call failed)");
    }

    @Test
    void whileNoCallEndsTheProgressSaysWhatTheRunWaitsOnInsteadOfAStaleEta() {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        RunLaunchViewModel vm = new RunLaunchViewModel(studio, TaskRunner.callingThread(), true, clock::get);
        clock.set(Duration.ofSeconds(8).toNanos());
        // 4 of 10 ended 8 s after the start, 2 still out: 12 s left at that pace
        vm.arrived(new ExperimentRunner.Snapshot(10, 4, 0, 0, 2, new BigDecimal("0.000036"), Duration.ofSeconds(8),
                Duration.ofSeconds(12), false));
        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        vm.flush();
        assertThat(vm.etaTextProperty().get()).isEqualTo("ETA 9s");
        assertThat(vm.progressTextProperty().get())
                .isEqualTo("4 of 10 done, 0 failed, 0 from the cache, $0.000036 so far, ETA 9s");

        clock.addAndGet(Duration.ofSeconds(31).toNanos()); // a call hangs: the ETA has long passed
        vm.flush();
        assertThat(vm.etaTextProperty().get()).isEqualTo("waiting on 2 calls for 34s");
        // an older snapshot arriving late neither goes back nor resets the wait
        vm.arrived(new ExperimentRunner.Snapshot(10, 3, 0, 0, 3, BigDecimal.ZERO, Duration.ofSeconds(7),
                Duration.ofSeconds(16), false));
        vm.flush();
        assertThat(vm.progressTextProperty().get()).startsWith("4 of 10 done").endsWith("waiting on 2 calls for 34s");
    }
}

package org.promptstudio.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.promptstudio.app.ScoreboardText;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.ui.common.TaskRunner;

/** The run list, scoreboard and comparison without a window: real workspace, real git, real H2, the echo model. */
class RunsViewModelTest extends RunsFixtureBase {

    @Test
    void theListHasTheRunsNewestFirstWithTheFiguresOfStudioRunsAndSelectsTheNewest() {
        RunsViewModel vm = new RunsViewModel(studio, TaskRunner.callingThread(), null);
        vm.onActivate();

        assertThat(vm.runs()).extracting(RunsViewModel.RunRow::id).containsExactly(fixture.second, fixture.first);
        RunsViewModel.RunRow newest = vm.runs().get(0);
        assertThat(newest.what()).isEqualTo("asks");
        assertThat(newest.done()).isEqualTo(4);
        assertThat(newest.failed()).isZero();
        assertThat(newest.cost()).isEqualTo("$0");
        assertThat(newest.state()).isEqualTo("done");
        assertThat(newest.models()).containsExactly("echo");
        assertThat(newest.prompts()).containsExactly("ask");
        assertThat(vm.selectedProperty().get()).isEqualTo(fixture.second);
        assertThat(vm.modelChoices()).containsExactly(RunsViewModel.ANY, "echo");
    }

    @Test
    void filtersNarrowTheList() {
        RunsViewModel vm = new RunsViewModel(studio, TaskRunner.callingThread(), null);
        vm.onActivate();

        vm.textFilterProperty().set(String.valueOf(fixture.first));
        assertThat(vm.runs()).extracting(RunsViewModel.RunRow::id).contains(fixture.first);
        vm.textFilterProperty().set("");
        vm.modelFilterProperty().set("gpt-4o");
        assertThat(vm.runs()).isEmpty();
        vm.modelFilterProperty().set("echo");
        vm.experimentFilterProperty().set("ASK");
        vm.stateFilterProperty().set("done");
        vm.kindFilterProperty().set("experiment");
        assertThat(vm.runs()).hasSize(2);
        vm.stateFilterProperty().set("cancelled");
        assertThat(vm.runs()).isEmpty();
    }

    @Test
    void theScoreboardShowsTheFiguresStudioEvalPrints() {
        RunsViewModel vm = new RunsViewModel(studio, TaskRunner.callingThread(), fixture.first);
        vm.onActivate();

        assertThat(vm.selectedProperty().get()).isEqualTo(fixture.first);
        assertThat(vm.board()).hasSize(1);
        RunsViewModel.BoardRow row = vm.board().get(0);
        assertThat(row.model()).isEqualTo("echo");
        assertThat(row.n()).isEqualTo(4);
        // 4 of 4: Wilson score interval at 95% (z = 1.96) is [51.0%, 100%] (Wilson 1927; e.g. Newcombe 1998, table I)
        assertThat(row.passRate()).isEqualTo("100.0% [51.0, 100.0]");
        Scoreboards.ScoredRun cli = Scoreboards.of(studio).score(fixture.first);
        assertThat(vm.boardTextProperty().get()).isEqualTo(ScoreboardText.board(cli.board()));
        assertThat(vm.gridColumns()).hasSize(1).allSatisfy(c -> assertThat(c).startsWith("ask@").endsWith(" · echo"));
        assertThat(vm.grid()).extracting(RunsViewModel.CaseRow::caseLabel)
                .containsExactly("dial", "valve", "bridge", "sensor");
        assertThat(vm.grid().get(0).cells().get(0)).startsWith("pass");
    }

    @Test
    void comparingWithABaselineShowsTheCasesThatBrokeAndThePairedTest() {
        RunsViewModel vm = new RunsViewModel(studio, TaskRunner.callingThread(), fixture.second);
        vm.onActivate();
        assertThat(vm.grid().get(0).cells().get(0)).startsWith("fail (contains)");

        vm.baselineProperty().set(String.valueOf(fixture.first));

        assertThat(vm.flips()).extracting(RunsViewModel.FlipRow::direction, RunsViewModel.FlipRow::caseId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("broke", "dial"),
                        org.assertj.core.groups.Tuple.tuple("broke", "valve"));
        Scoreboards.RunDiff d = Scoreboards.of(studio).diff(String.valueOf(fixture.first),
                String.valueOf(fixture.second));
        assertThat(vm.comparisonTextProperty().get()).isEqualTo(ScoreboardText.comparison(d.comparison()));
        // McNemar's exact test with 2 discordant pairs, both one way: p = 2 * 0.5^2 = 0.5 (binomial, two-sided)
        assertThat(vm.testLineProperty().get()).contains("McNemar p = 0.5000").contains("2 broke, 0 fixed")
                .contains("not significant");
    }

    @Test
    void scoringAndComparingRunAsLongJobsOffTheSharedPool() {
        // they may judge with llm-rubric judges for minutes: decision 0099 puts such work on threads of its own
        java.util.List<String> longJobs = new java.util.ArrayList<>();
        java.util.List<String> shortJobs = new java.util.ArrayList<>();
        TaskRunner calling = TaskRunner.callingThread();
        TaskRunner recording = new TaskRunner() {
            @Override
            public javafx.collections.ObservableList<org.promptstudio.ui.common.TaskHandle> running() {
                return calling.running();
            }

            @Override
            public <T> org.promptstudio.ui.common.TaskHandle run(String title, Job<? extends T> job,
                    java.util.function.Consumer<? super T> onSuccess, java.util.function.Consumer<? super Throwable> onFailure) {
                if (!title.isEmpty()) shortJobs.add(title);
                return TaskRunner.callingThread().run(title, job, onSuccess, onFailure);
            }

            @Override
            public <T> org.promptstudio.ui.common.TaskHandle runLong(String title, Job<? extends T> job,
                    java.util.function.Consumer<? super T> onSuccess, java.util.function.Consumer<? super Throwable> onFailure) {
                longJobs.add(title);
                return TaskRunner.callingThread().run(title, job, onSuccess, onFailure);
            }
        };
        RunsViewModel vm = new RunsViewModel(studio, recording, fixture.second);
        vm.onActivate();
        vm.baselineProperty().set(String.valueOf(fixture.first));

        assertThat(longJobs).containsExactly("Scoring run " + fixture.second,
                "Comparing run " + fixture.first + " with run " + fixture.second);
        assertThat(shortJobs).noneMatch(t -> t.startsWith("Scoring") || t.startsWith("Comparing"));
        assertThat(vm.flips()).isNotEmpty();
    }
}

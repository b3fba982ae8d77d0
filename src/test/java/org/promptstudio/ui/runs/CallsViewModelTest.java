package org.promptstudio.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;
import org.promptstudio.ui.common.TaskRunner;

/** The call browser without a window: filters, paging only what is asked for, a call's record. */
class CallsViewModelTest extends RunsFixtureBase {

    @Test
    void rowsAreReadOnlyWhenAskedForAndFiltersNarrowThem() {
        CallsViewModel vm = new CallsViewModel(studio, TaskRunner.callingThread(), null);
        vm.onActivate();
        assertThat(vm.totalProperty().get()).isEqualTo(8);
        assertThat(vm.pagesReadProperty().get()).isZero();
        ObservableList<CallsViewModel.CallRow> rows = vm.rowsProperty().get();
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0).call().runId()).isEqualTo(fixture.second);
        assertThat(vm.pagesReadProperty().get()).isEqualTo(1);
        assertThat(vm.modelChoices()).containsExactly("echo");
        assertThat(vm.promptChoices()).containsExactly("ask");

        vm.runProperty().set(String.valueOf(fixture.first));
        vm.onApply();
        assertThat(vm.totalProperty().get()).isEqualTo(4);
        assertThat(vm.rowsProperty().get().get(3).call().runId()).isEqualTo(fixture.first);
        vm.promptProperty().set("nosuch");
        vm.onApply();
        assertThat(vm.totalProperty().get()).isZero();
        vm.promptProperty().set("ask");
        vm.withFeedbackProperty().set(true);
        assertThat(vm.totalProperty().get()).isZero();
    }

    @Test
    void aFilterThatCannotBeSaysWhyAndOpeningACallShowsItsRecordAsTheCommandLinePrintsIt() {
        CallsViewModel vm = new CallsViewModel(studio, TaskRunner.callingThread(), fixture.second);
        vm.onActivate();
        CallsViewModel.CallRow row = vm.rowsProperty().get().get(0);
        vm.onOpen(row);
        String expected = org.promptstudio.app.CallText.record(studio.calls().find(row.call().id()).orElseThrow(),
                ZoneId.systemDefault(), false);
        assertThat(vm.recordProperty().get()).isEqualTo(expected).contains("redacted  no\n").contains("── output ──")
                .contains("run " + fixture.second);

        vm.runProperty().set("seven");
        vm.onApply();
        assertThat(vm.errorProperty().get()).isEqualTo("run: 'seven' is not a run id (a number, see the run list)");
        vm.runProperty().set("");
        vm.versionProperty().set("main");
        vm.onApply();
        assertThat(vm.errorProperty().get()).startsWith("version: 'main' is not a commit");
    }
}

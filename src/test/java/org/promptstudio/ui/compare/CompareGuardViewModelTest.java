package org.promptstudio.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.GridWorkspace;
import org.promptstudio.ui.common.TaskRunner;

/** A grid cell a guardrail blocked shows that it was blocked and why; a cell it warned on answers and says which
 * check warned (decision 0143). */
class CompareGuardViewModelTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() {
        studio = GridWorkspace.open(dir, """
                  - id: echo
                    provider: echo
                guard:
                  blocklist: { action: block, terms: [ valves ] }
                """, """
                {"id": "dial", "question": "Can I return a Dial? Mail me at ada@example.org"}
                {"id": "valve", "question": "How do VALVES pair?"}
                """, GridWorkspace.QUESTION_THEN_Q);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void aBlockedCellFailsWithTheGuardrailsReason() {
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("ask");
        vm.onLoadChoices();
        vm.versions().setAll("working");
        vm.models().setAll("echo");
        vm.datasetProperty().set("qs");

        vm.onRun();

        CompareViewModel.CellState dial = vm.rows().get(0).cell(0).get();
        CompareViewModel.CellState valve = vm.rows().get(1).cell(0).get();
        assertThat(dial.status()).isEqualTo(CompareViewModel.Status.DONE);
        assertThat(dial.text()).isEqualTo("Q: Can I return a Dial? Mail me at ada@example.org\n");
        // the address went in and came back (echo): pii warned on both sides, the cell answers and says so
        assertThat(dial.guard()).isEqualTo("pii");
        assertThat(dial.metrics()).endsWith(" \u00b7 guard: pii");
        assertThat(valve.status()).isEqualTo(CompareViewModel.Status.FAILED);
        assertThat(valve.error()).isEqualTo("Blocked: echo: the blocklist guardrail blocked the input (term \"valves\")");
        assertThat(valve.text()).isEmpty();
    }
}

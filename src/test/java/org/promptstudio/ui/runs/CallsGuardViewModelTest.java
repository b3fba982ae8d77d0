package org.promptstudio.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.testsupport.Workspaces;
import org.promptstudio.ui.common.TaskRunner;

/** The call browser's rows name the guardrails that found something on each call, read with the page (decision 0143). */
class CallsGuardViewModelTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() throws Exception {
        Workspaces.init(dir, "guarded", "  - id: echo\n    provider: echo\n");
        Workspaces.write(dir, "studio.yaml", "name: guarded\nmodels:\n  - id: echo\n    provider: echo\n"
                + "guard:\n  blocklist: { action: warn, terms: [project falcon] }\n");
        Files.writeString(dir.resolve("prompts/ask.prompt"), "{{question}}\n");
        Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "both", "question": "Mail ada@example.org about project falcon"}
                {"id": "mail", "question": "Mail ada@example.org please"}
                {"id": "plain", "question": "Is the bridge down?"}
                """);
        Files.writeString(dir.resolve("experiments/asks.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: qs
                concurrency: 1
                """);
        studio = Studio.open(dir);
        studio.runs().plan(new Runs.Request("asks", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome();
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void eachRowOfAPageShowsTheChecksThatFoundSomethingOnItsCall() {
        CallsViewModel vm = new CallsViewModel(studio, TaskRunner.callingThread(), null);
        vm.onActivate();
        assertThat(vm.totalProperty().get()).isEqualTo(3);
        int guard = CallsViewModel.COLUMNS.indexOf("Guard");
        assertThat(guard).isPositive();
        Map<String, String> byCase = new HashMap<>();
        for (CallsViewModel.CallRow row : vm.rowsProperty().get()) {
            CallRecord call = row.call();
            byCase.put(call.caseId(), vm.cells(call).get(guard));
        }
        assertThat(vm.pagesReadProperty().get()).isEqualTo(1);
        assertThat(byCase).containsEntry("both", "pii, blocklist").containsEntry("mail", "pii")
                .containsEntry("plain", "-");
    }
}

package org.promptstudio.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.testsupport.Workspaces;

/**
 * "Run as experiment…" in the compare view: the selection (versions x models x dataset split x samples) becomes an
 * experiment file the experiment reader reads and a run makes, named so that no file is overwritten.
 */
class CompareSaveAsExperimentTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() throws Exception {
        Workspaces.init(dir, "grid", "  - id: echo\n    provider: echo\n  - id: echo-2\n    provider: echo\n");
        Files.writeString(dir.resolve("prompts/ask.prompt"), "Question: {{question}}\n");
        Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?", "split": "test"}
                {"id": "valve", "question": "How do valves pair?", "split": "test"}
                {"id": "hinge", "question": "Is a hinge included?", "split": "dev"}
                """);
        studio = Studio.open(dir);
        studio.versions().save("ask", "First");
        studio.versions().label("ask", "production", "1");
        Files.writeString(dir.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void theSelectionBecomesAnExperimentFileThatRuns() {
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("ask");
        vm.versions().setAll("production", "working");
        vm.models().setAll("echo", "echo-2");
        vm.datasetProperty().set("qs");
        vm.splitProperty().set("test");
        vm.samplesProperty().set(2);
        vm.limitProperty().set(1);
        vm.onSaveAsExperiment();

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.savedExperimentProperty().get()).isEqualTo(new CompareViewModel.SavedExperiment("ask-compare", 1));
        ExperimentSpec spec = studio.experiments().read("ask-compare");
        assertThat(spec.prompts()).extracting(ExperimentSpec.PromptSpec::version).containsExactly("production", "working");
        assertThat(spec.models()).containsExactly("echo", "echo-2");
        assertThat(spec.dataset()).isEqualTo("qs");
        assertThat(spec.split()).isEqualTo("test");
        assertThat(spec.samples()).isEqualTo(2);

        // The same selection again: a new file, the first one kept as it was.
        vm.onSaveAsExperiment();
        assertThat(vm.savedExperimentProperty().get().name()).isEqualTo("ask-compare-2");
        assertThat(studio.experiments().list()).contains("ask-compare", "ask-compare-2");

        // It runs: 2 versions x 2 test cases x 2 models x 2 samples.
        Runs.Outcome outcome = studio.runs().plan(new Runs.Request("ask-compare", null, null, null, CachePolicy.OFF))
                .start(Runs.Progress.NONE).outcome();
        assertThat(outcome.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(outcome.snapshot().done()).isEqualTo(16);
    }

    @Test
    void typedInputsAreWrittenInline() {
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("ask");
        vm.models().setAll("echo");
        vm.typedInputProperty().set("question: Where is my order?");
        vm.onSaveAsExperiment();

        ExperimentSpec spec = studio.experiments().read(vm.savedExperimentProperty().get().name());
        assertThat(spec.dataset()).isNull();
        assertThat(spec.inputs()).containsExactly(java.util.Map.of("question", "Where is my order?"));
        assertThat(spec.prompts()).extracting(ExperimentSpec.PromptSpec::version).containsExactly("working");
    }
}

package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment file left mid-merge is refused at its first conflict marker. */
class ExperimentConflictMarkersTest {

    @TempDir
    Path dir;

    @Test
    void experimentMidMergeIsRefusedWithFileAndLine() throws Exception {
        Path file = dir.resolve("sums.yaml");
        Files.writeString(file, "prompts: [solve]\n<<<<<<< HEAD\nmodels: [echo]\n=======\nmodels: [other]\n>>>>>>> b\n"
                + "inputs: [{question: x}]\n");
        assertThatThrownBy(() -> new ExperimentSpecReader().read(file, "experiments/sums.yaml"))
                .isInstanceOf(ExperimentException.class)
                .hasMessage("experiments/sums.yaml:2:1: unresolved git merge conflict (a line starting with '<<<<<<<'): keep "
                        + "the right lines, delete the markers and save; in a merge, then run 'studio merge --continue' "
                        + "(or 'studio merge --abort')");
    }
}

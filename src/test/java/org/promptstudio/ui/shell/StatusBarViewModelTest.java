package org.promptstudio.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.testsupport.GitCli;

class StatusBarViewModelTest {

    @TempDir
    Path root;

    @Test
    void showsTheBranchAndTheReadyModels() throws Exception {
        TestWorkspace.create(root);
        GitCli.git(root, "init", "-q", "-b", "trial");
        StatusBarViewModel status = new StatusBarViewModel(Studio.open(root), TaskRunner.callingThread());

        status.onRefresh();

        assertThat(status.branchProperty().get()).isEqualTo("trial");
        // The built-in offline models are in every workspace (decision 0025) and need nothing to be ready.
        assertThat(status.modelsProperty().get()).contains("echo", "extractive");
        assertThat(status.modelsDetailProperty().get()).contains("echo: ready");
    }

    @Test
    void aFolderThatIsNoGitRepositoryHasNoBranch() {
        TestWorkspace.create(root);
        StatusBarViewModel status = new StatusBarViewModel(Studio.open(root), TaskRunner.callingThread());
        status.onRefresh();
        assertThat(status.branchProperty().get()).isEqualTo("no git branch");
    }

    @Test
    void runningTasksAreListedAndCancelEndsOneWithoutItsResult() {
        TestWorkspace.create(root);
        HeldTaskRunner runner = new HeldTaskRunner();
        StatusBarViewModel status = new StatusBarViewModel(Studio.open(root), runner);
        List<Object> outcomes = new ArrayList<>();
        runner.run("Run A", p -> "a", outcomes::add, outcomes::add);
        runner.run("Run B", p -> "b", outcomes::add, outcomes::add);
        assertThat(status.tasks()).extracting(TaskHandle::title).containsExactly("Run A", "Run B");

        status.onCancel(status.tasks().get(0));
        assertThat(status.tasks()).extracting(TaskHandle::title).containsExactly("Run B");
        assertThat(outcomes).singleElement().isInstanceOf(CancellationException.class);

        runner.complete(0);
        runner.complete(1);
        assertThat(outcomes).hasSize(2).element(1).isEqualTo("b");
        assertThat(status.tasks()).isEmpty();
    }
}

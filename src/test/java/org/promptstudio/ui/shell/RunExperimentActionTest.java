package org.promptstudio.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.common.TaskRunner;

/** Run ▸ Run experiment… opens the run launcher, on the experiment selected in the tree when there is one. */
class RunExperimentActionTest {

    @TempDir
    Path root;
    @TempDir
    Path config;

    @Test
    void theRunMenuOpensTheLauncherOnTheSelectedExperiment() {
        TestWorkspace.create(root);
        Notifications notifications = new Notifications();
        ShellViewModel vm = new ShellViewModel(Studio.open(root), TaskRunner.callingThread(), notifications,
                new ShellPreferences(config.resolve("window.properties")), kind -> true);
        vm.onLoad();
        ShellAction action = vm.actions().stream().filter(a -> a.id().equals("runExperiment")).findFirst().orElseThrow();
        assertThat(action.menu()).isEqualTo("Run");
        assertThat(action.title()).isEqualTo("Run experiment\u2026");

        action.run().run();
        vm.onSelect(vm.find("experiments/compare.yaml").orElseThrow());
        action.run().run();

        // Selecting the file in the tree opens it too; the launcher picks the experiment in the active tab.
        assertThat(vm.tabs()).extracting(OpenTab::key).containsExactly("launch", "experiments/compare.yaml",
                "launch:compare");
        assertThat(vm.tabs().get(2).titleProperty().get()).isEqualTo("Launch \u2014 compare");
        assertThat(ViewKey.launch("compare", 10).id()).isEqualTo("launch:compare@10");
        assertThat(notifications.notices()).isEmpty();
    }

    @Test
    void withoutTheLauncherPluggedInItSaysSo() {
        TestWorkspace.create(root);
        Notifications notifications = new Notifications();
        ShellViewModel vm = new ShellViewModel(Studio.open(root), TaskRunner.callingThread(), notifications,
                new ShellPreferences(config.resolve("window.properties")));
        vm.onRunExperiment();
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .containsExactly("Launch is not available yet.");
        assertThat(vm.tabs()).isEmpty();
    }
}

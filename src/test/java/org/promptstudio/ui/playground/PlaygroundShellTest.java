package org.promptstudio.ui.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.shell.OpenTab;
import org.promptstudio.ui.shell.ShellAction;
import org.promptstudio.ui.shell.ShellPreferences;
import org.promptstudio.ui.shell.ShellViewModel;
import org.promptstudio.ui.shell.ViewKey;

/** Go ▸ Playground… opens the playground with the prompt of the editor or the tree, one tab per prompt. */
class PlaygroundShellTest {

    @TempDir
    Path root;
    @TempDir
    Path config;
    Studio studio;

    @AfterEach
    void close() {
        if (studio != null) studio.close();
    }

    @Test
    void goPlaygroundOpensTheActivePromptsPlaygroundOrAnEmptyOne() {
        TestWorkspace.create(root);
        studio = Studio.open(root);
        ShellViewModel vm = new ShellViewModel(studio, TaskRunner.callingThread(), new Notifications(),
                new ShellPreferences(config.resolve("window.properties")), kind -> true);
        vm.onLoad();
        ShellAction go = vm.actions().stream().filter(a -> a.id().equals("playground")).findFirst().orElseThrow();
        assertThat(go.menu() + " \u25b8 " + go.title()).isEqualTo("Go \u25b8 Playground\u2026");

        go.run().run();
        vm.onSelect(vm.findPrompt("answer").orElseThrow());
        go.run().run();

        assertThat(vm.tabs()).extracting(OpenTab::key).containsExactly("playground", "prompts/answer.prompt",
                "playground:answer");
        assertThat(vm.activeTabProperty().get().view()).isEqualTo(ViewKey.playground("answer"));
        assertThat(vm.activeTabProperty().get().titleProperty().get()).isEqualTo("Playground \u2014 answer");
    }
}

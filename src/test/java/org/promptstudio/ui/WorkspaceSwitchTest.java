package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.shell.ShellPreferences;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Opening another workspace in the window (File ▸ Open workspace): the old shell's work must not run against the
 * closed studio nor report into the new shell (issue 11, finding 6). Every job is held by a {@link HeldTaskRunner},
 * so the test says when each one runs, on the FX thread.
 */
class WorkspaceSwitchTest extends FxRobot {

    @TempDir
    Path first;
    @TempDir
    Path second;
    @TempDir
    Path config;

    final HeldTaskRunner held = new HeldTaskRunner();
    Stage stage;
    WorkspaceSwitch workspaces;
    final List<StudioApp.Window> shown = new ArrayList<>();

    @BeforeEach
    void openFirst() throws Exception {
        TestWorkspace.create(first);
        TestWorkspace.create(second);
        Files.writeString(second.resolve("prompts/only-here.prompt"), "---\nname: only-here\n---\nHello\n");
        Studio studio = Studio.open(first);
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.setupStage(s -> {
            workspaces = new WorkspaceSwitch(s, held, new ShellPreferences(config.resolve("window.properties")),
                    Studio::open, shown::add);
            workspaces.show(studio);
        });
    }

    @AfterEach
    void close() throws Exception {
        interact(() -> workspaces.close());
        FxToolkit.cleanupStages();
    }

    @Test
    void switchingCancelsTheOldShellsWorkSoNothingOfItReachesTheNewShell() throws Exception {
        StudioApp.Window old = workspaces.window();
        TaskRunner oldRunner = workspaces.shellRunner();
        AtomicBoolean touched = new AtomicBoolean();
        AtomicBoolean reported = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        interact(() -> oldRunner.run("Reading the old workspace", p -> {
            touched.set(true);
            return Files.list(first).count();
        }, n -> reported.set(true), failed::set));
        int oldJobs = held.handedIn();
        assertThat(oldJobs).as("the first shell's own reads and the test's job are held").isGreaterThan(1);
        assertThat(oldRunner.running()).extracting(TaskHandle::title).contains("Reading the old workspace");

        // File ▸ Open workspace: its check that the folder is a workspace, then the opening, each a held job.
        interact(() -> old.vm().onOpenWorkspace(second));
        interact(() -> held.complete(oldJobs));
        assertThat(held.handedIn()).as("the opening of the second workspace was asked for").isEqualTo(oldJobs + 2);
        interact(() -> held.complete(oldJobs + 1));
        assertThat(shown).hasSize(2);
        StudioApp.Window now = workspaces.window();
        assertThat(now).isNotSameAs(old);

        // The old shell's jobs are let go only now, after the switch: none runs, none reports.
        interact(() -> {
            for (int i = 0; i < oldJobs; i++) held.complete(i);
        });
        // The new shell's own reads run.
        interact(() -> {
            for (int i = oldJobs + 2; i < held.handedIn(); i++) held.complete(i);
        });

        assertThat(touched).as("the old job did not run against the closed workspace").isFalse();
        assertThat(reported).isFalse();
        assertThat(failed.get()).as("its handlers were not told either").isNull();
        assertThat(workspaces.shellRunner().running()).extracting(TaskHandle::title)
                .doesNotContain("Reading the old workspace");
        assertThat(lookup("#statusPath").queryLabeled().getText()).isEqualTo(second.toAbsolutePath().toString());
        assertThat(now.vm().findPrompt("only-here")).isPresent();
        assertThat(lookup("#notification").tryQuery()).as("no error is shown in the new window").isEmpty();
        assertThat(old.vm().titleProperty().get()).isNotEqualTo(now.vm().titleProperty().get());
        assertThat(((Parent) stage.getScene().getRoot())).isSameAs(now.view().root());
    }

    @Test
    void closingTheWindowClosesTheStudioOnlyAfterItsWorkEnded() throws Exception {
        CompletableFuture<Void>[] closed = new CompletableFuture[1];
        interact(() -> closed[0] = workspaces.close());
        assertThat(closed[0]).as("nothing of the shell was inside its work: closed at once").isCompleted();
        assertThat(workspaces.window()).isNull();
        assertThat(workspaces.shellRunner()).isNull();
    }
}

package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.store.CallQuery;
import org.promptstudio.ui.common.FxTaskRunner;
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
class WorkspaceSwitchTest extends FxThreadRobot {

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
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void closingTheWindowClosesTheStudioOnlyAfterItsWorkEnded() throws Exception {
        CompletableFuture<Void>[] closed = new CompletableFuture[1];
        interact(() -> closed[0] = workspaces.close());
        closed[0].get(); // nothing of the shell was inside its work: closed as soon as the closer thread runs
        assertThat(workspaces.window()).isNull();
        assertThat(workspaces.shellRunner()).isNull();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void closingTheWindowWhileAJobRunsClosesTheStudioAfterTheJobLeftItsWorkOnAThreadOfItsOwn() throws Exception {
        // A real worker that the cancel interrupts, as in the window (FxTaskRunner: task.cancel(true)).
        FxTaskRunner real = new FxTaskRunner(1);
        Path third = config.resolve("third");
        TestWorkspace.create(third);
        WorkspaceSwitch[] own = new WorkspaceSwitch[1];
        Studio studio = Studio.open(third);
        interact(() -> {
            own[0] = new WorkspaceSwitch(new Stage(), real, new ShellPreferences(config.resolve("own.properties")),
                    Studio::open, w -> { });
            own[0].show(studio);
        });
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        // The job stays in its work until the test has hooked the close's future: otherwise the close could end
        // before the hook, which would then run on the hooking thread and say nothing of the closer.
        CountDownLatch hooked = new CountDownLatch(1);
        CountDownLatch hookRan = new CountDownLatch(1);
        AtomicBoolean workEnded = new AtomicBoolean();
        AtomicReference<Throwable> usedTheClosedStudio = new AtomicReference<>();
        TaskRunner shell = own[0].shellRunner();
        try {
            interact(() -> shell.run("A call in flight", p -> {
                inside.countDown();
                try {
                    never.await(); // a provider call: only the cancel ends it
                } catch (InterruptedException e) {
                    // As ExperimentRunner: the interrupt is kept aside while the call's record is written.
                    try {
                        hooked.await();
                    } catch (InterruptedException notAgain) {
                        throw new IllegalStateException(notAgain);
                    }
                    try {
                        studio.calls().list(CallQuery.latest(1));
                    } catch (RuntimeException used) {
                        usedTheClosedStudio.set(used);
                    }
                    workEnded.set(true);
                    Thread.currentThread().interrupt();
                }
                return null;
            }, r -> { }, e -> { }));
            assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();

            CompletableFuture<Void>[] closed = new CompletableFuture[1];
            AtomicBoolean endedWhenClosed = new AtomicBoolean();
            AtomicReference<String> closedOn = new AtomicReference<>();
            AtomicBoolean closerInterrupted = new AtomicBoolean(true);
            interact(() -> {
                closed[0] = own[0].close();
                // Runs right after Studio.close, on the thread that closed it.
                closed[0].thenRun(() -> {
                    endedWhenClosed.set(workEnded.get());
                    closedOn.set(Thread.currentThread().getName());
                    closerInterrupted.set(Thread.currentThread().isInterrupted());
                    hookRan.countDown();
                });
                hooked.countDown();
            });
            // Wait for the hook itself, not with get(): a thread waiting in get() when the future completes runs the
            // pending hooks too (CompletableFuture.waitingGet → postComplete), which would name this thread.
            assertThat(hookRan.await(1, TimeUnit.MINUTES)).isTrue();
            closed[0].get();

            assertThat(endedWhenClosed).as("the studio was closed only after the job left its work").isTrue();
            assertThat(usedTheClosedStudio.get()).as("the job never met a closed database").isNull();
            assertThat(closedOn.get()).as("not the interrupted worker, not the FX thread").isEqualTo("workspace-closer");
            assertThat(closerInterrupted).isFalse();
            assertThatThrownBy(() -> studio.calls().list(CallQuery.latest(1))).as("the studio is closed now")
                    .hasMessageContaining("closed");
        } finally {
            real.close();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void ofTwoOpensInARowTheLastAskedIsShownAndTheStaleOneIsClosed() throws Exception {
        Path third = config.resolve("third");
        TestWorkspace.create(third);
        List<Studio> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        WorkspaceSwitch[] own = new WorkspaceSwitch[1];
        HeldTaskRunner mine = new HeldTaskRunner();
        interact(() -> own[0] = new WorkspaceSwitch(new Stage(), mine,
                new ShellPreferences(config.resolve("own.properties")), folder -> {
                    Studio s = Studio.open(folder);
                    opened.add(s);
                    return s;
                }, w -> { }));
        List<Throwable> failures = new ArrayList<>();
        interact(() -> own[0].open(second, failures::add));
        interact(() -> own[0].open(third, failures::add));

        // They finish in reverse order: the third workspace first, then the second.
        interact(() -> mine.complete(1));
        StudioApp.Window shownNow = own[0].window();
        interact(() -> mine.complete(0));

        assertThat(own[0].window()).as("the later open of the second workspace was stale").isSameAs(shownNow);
        assertThat(shownNow.vm().workspacePathProperty().get()).isEqualTo(third.toAbsolutePath().toString());
        assertThat(opened).hasSize(2);
        Studio stale = opened.get(1);
        assertThat(stale.files().root()).isEqualTo(second.toAbsolutePath());
        closedSoon(stale);
        assertThat(failures).isEmpty();

        // An open that finishes after the window closed is stale too: its studio does not stay open.
        interact(() -> own[0].open(second, failures::add));
        CompletableFuture<Void>[] closed = new CompletableFuture[1];
        interact(() -> closed[0] = own[0].close());
        int last = mine.handedIn() - 1;
        interact(() -> mine.complete(last));
        closed[0].get();
        assertThat(own[0].window()).isNull();
        closedSoon(opened.get(opened.size() - 1));
        closedSoon(opened.get(0)); // the shown one was closed with the window
    }

    /** Waits until {@code studio} is closed (the closer thread does it): its database can no longer be reached. */
    private void closedSoon(Studio studio) {
        while (true) {
            try {
                studio.calls().list(CallQuery.latest(1));
            } catch (RuntimeException e) {
                assertThat(e).hasMessageContaining("closed");
                return;
            }
            Thread.onSpinWait();
        }
    }
}

package org.promptstudio.ui;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.stage.Stage;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.ScopedTaskRunner;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.shell.FileTabs;
import org.promptstudio.ui.shell.ShellPreferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace the window shows, and the switch to another one (File ▸ Open workspace, the recent list). Each
 * shell gets its own {@link ScopedTaskRunner} over the window's runner: switching closes the old shell's scope (its
 * queued work never runs, its running work is cancelled and whatever it reports is dropped, so nothing of it reaches
 * the new shell) and closes the old {@link Studio} only once no job of the old shell is inside its work any more, on
 * a {@code workspace-closer} thread of its own (decision 0071). Only the newest {@link #open} counts: an older one
 * that finishes later, or one that finishes after {@link #close()}, has its studio closed and is never shown.
 */
public final class WorkspaceSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceSwitch.class);

    private final Stage stage;
    private final TaskRunner runner;
    private final ShellPreferences preferences;
    private final Function<Path, Studio> opener;
    private final Consumer<StudioApp.Window> onShown;
    private Studio studio;
    private ScopedTaskRunner scope;
    private StudioApp.Window window;
    /** Moves on at each {@link #open} and {@link #close()}; an open that finds it moved is stale. UI thread only. */
    private long generation;

    /**
     * @param stage       the window
     * @param runner      the window's runner; each shell works through a scope of it
     * @param preferences the user's preferences (theme, recent workspaces)
     * @param opener      opens a workspace folder (called off the UI thread): {@code Studio::open}
     * @param onShown     told each shell once it is on the stage
     */
    public WorkspaceSwitch(Stage stage, TaskRunner runner, ShellPreferences preferences, Function<Path, Studio> opener,
                           Consumer<StudioApp.Window> onShown) {
        this.stage = stage;
        this.runner = runner;
        this.preferences = preferences;
        this.opener = opener;
        this.onShown = onShown;
    }

    /**
     * Opens {@code workspace} in the background on the window's runner, then shows it ({@link #show}); a folder that
     * cannot be opened leaves the shown workspace as it is and goes to {@code onFailure}. Only the last open asked
     * for counts: an open that finishes after a later one was asked for, or after {@link #close()}, is stale, and
     * its studio is closed (on a closer thread) and never shown; a stale failure is dropped. Call on the UI thread.
     */
    public void open(Path workspace, Consumer<? super Throwable> onFailure) {
        long mine = ++generation;
        runner.run(() -> opener.apply(workspace), next -> {
            if (mine == generation) show(next);
            else closeLater(next, CompletableFuture.completedFuture(null));
        }, error -> {
            if (mine == generation) onFailure.accept(error);
        });
    }

    /**
     * Puts the shell of {@code next} on the stage, closing the workspace shown before (see the class comment).
     * Its shell asks for another workspace through its open request, which comes back here.
     */
    public StudioApp.Window show(Studio next) {
        close();
        studio = next;
        scope = new ScopedTaskRunner(runner);
        window = StudioApp.window(stage, next, scope, preferences, new FileTabs(next, scope),
                StudioApp.viewTabs(next, scope));
        // The shell asked every tab with unsaved changes before it asks for another workspace.
        ScopedTaskRunner mine = scope;
        window.vm().openRequestProperty().addListener((obs, old, folder) -> {
            if (folder != null && !mine.isClosed()) open(folder, error -> {
                LOG.warn("cannot open workspace {}", folder, error);
                if (!mine.isClosed()) window.vm().onOpenFailed(folder, error);
            });
        });
        onShown.accept(window);
        return window;
    }

    /** The shell shown now; null before the first {@link #show} and after {@link #close}. */
    public StudioApp.Window window() {
        return window;
    }

    /** The runner of the shell shown now (a scope of the window's runner); null when none is shown. */
    public TaskRunner shellRunner() {
        return scope;
    }

    /**
     * Closes the workspace shown: the shell stops watching, its work is cancelled and dropped, and the studio is
     * closed once none of that work runs any more.
     *
     * @return completes once the studio was closed (on a closer thread, as soon as nothing of the shell runs)
     */
    public CompletableFuture<Void> close() {
        generation++; // an open still under way is stale now
        if (window != null) window.vm().onClose();
        window = null;
        Studio old = studio;
        studio = null;
        CompletableFuture<Void> idle = scope == null ? CompletableFuture.completedFuture(null) : scope.close();
        scope = null;
        if (old == null) return idle;
        return closeLater(old, idle);
    }

    /**
     * Closes {@code old} once {@code idle} completed, on a thread of its own: not on the worker of the last job (its
     * interrupt flag may be set by the cancel) nor on the UI thread. The thread is not a daemon, so an exit waits
     * for the database to be closed.
     */
    private static CompletableFuture<Void> closeLater(Studio old, CompletableFuture<Void> idle) {
        return idle.thenRunAsync(() -> {
            try {
                old.close(); // the database, when it was opened
            } catch (RuntimeException e) {
                LOG.warn("closing the workspace {}", old, e);
            }
        }, CLOSER);
    }

    /** Starts one thread per studio to close. */
    private static final java.util.concurrent.Executor CLOSER = work -> {
        Thread t = new Thread(work, "workspace-closer");
        t.setDaemon(false);
        t.start();
    };
}

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
 * the new shell) and closes the old {@link Studio} only once no job of the old shell is inside its work any more.
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
     * cannot be opened leaves the shown workspace as it is and goes to {@code onFailure}.
     */
    public void open(Path workspace, Consumer<? super Throwable> onFailure) {
        runner.run(() -> opener.apply(workspace), this::show, onFailure);
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
     * @return completes once the studio was closed (at once when nothing was running)
     */
    public CompletableFuture<Void> close() {
        if (window != null) window.vm().onClose();
        window = null;
        Studio old = studio;
        studio = null;
        CompletableFuture<Void> idle = scope == null ? CompletableFuture.completedFuture(null) : scope.close();
        scope = null;
        if (old == null) return idle;
        return idle.thenRun(() -> {
            try {
                old.close(); // the database, when it was opened
            } catch (RuntimeException e) {
                LOG.warn("closing the workspace {}", old, e);
            }
        });
    }
}

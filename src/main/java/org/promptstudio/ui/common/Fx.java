package org.promptstudio.ui.common;

import javafx.application.Platform;

/**
 * The one door to the JavaFX thread from elsewhere (ARCHITECTURE.md: {@code Platform.runLater} only in
 * {@code ui.common}). Work from other threads (a file watcher, a task's handle) reaches the window through here.
 */
public final class Fx {

    private Fx() {
    }

    /**
     * Runs {@code action} on the JavaFX thread: at once when called on it, else as soon as the thread is free
     * (in the order of the calls). Without a running toolkit (view-model tests) it runs at once on the caller.
     */
    public static void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
            return;
        }
        try {
            Platform.runLater(action);
        } catch (IllegalStateException toolkitNotRunning) {
            action.run();
        }
    }

    /**
     * Runs {@code action} on the JavaFX thread once {@code frames} more frames have been drawn (a pulse renders the
     * scene after its animation timers run, so the second timer call comes after the first frame was drawn). For
     * work that must not delay what the user sees first, and for timing the first frame.
     */
    public static void afterFrames(int frames, Runnable action) {
        run(() -> new javafx.animation.AnimationTimer() {
            private int seen;

            @Override
            public void handle(long now) {
                if (++seen <= frames) return;
                stop();
                action.run();
            }
        }.start());
    }
}

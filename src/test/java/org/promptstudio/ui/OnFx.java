package org.promptstudio.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.api.FxRobotInterface;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Reads a window's nodes on the JavaFX thread, for window tests. The scene graph is not thread safe: even a read
 * such as {@code getBoundsInLocal()} or {@code prefWidth(-1)} recomputes and caches state in the node and its
 * children (a parent's dirty-children list and count), so a test thread doing it while the JavaFX thread lays out
 * or draws the same nodes corrupts that state and the next pulse fails in {@code Parent.updateCachedBounds}.
 * TestFX's {@code clickOn(query)} reads the node's bounds on the calling thread; {@link #click} works the point out
 * on the JavaFX thread instead.
 */
public final class OnFx {

    private OnFx() {
    }

    /** {@code query}'s answer, worked out on the JavaFX thread (within 30 s); what it throws is thrown here. */
    public static <T> T get(Callable<T> query) {
        if (javafx.application.Platform.isFxApplicationThread()) {
            try {
                return query.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return WaitForAsyncUtils.asyncFx(query).get(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the JavaFX thread", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the JavaFX thread did not answer within 30 s", e);
        }
    }

    /**
     * Clicks the middle of the shown node {@code query} finds (as TestFX's {@code clickOn(query)} does), its place on
     * the screen read on the JavaFX thread.
     *
     * @return the robot, to go on typing
     */
    public static FxRobotInterface click(FxRobot robot, String query) {
        Point2D at = get(() -> {
            // As TestFX does: the first node the query finds that is shown (it and all its parents visible).
            Node node = robot.lookup(query).queryAll().stream().filter(OnFx::shown).findFirst()
                    .orElseThrow(() -> new AssertionError("no shown node " + query + " in the window"));
            Scene scene = node.getScene();
            if (scene == null || scene.getWindow() == null) throw new AssertionError(query + " is not in a window");
            // As TestFX does: the part of the node inside the scene, so a node partly scrolled out is hit where seen.
            Bounds b = node.localToScene(node.getBoundsInLocal());
            double minX = Math.max(b.getMinX(), 0);
            double minY = Math.max(b.getMinY(), 0);
            double maxX = Math.min(b.getMaxX(), scene.getWidth());
            double maxY = Math.min(b.getMaxY(), scene.getHeight());
            if (maxX < minX || maxY < minY) throw new AssertionError(query + " lies outside the window");
            Window w = scene.getWindow();
            return new Point2D(w.getX() + scene.getX() + (minX + maxX) / 2, w.getY() + scene.getY() + (minY + maxY) / 2);
        });
        return robot.clickOn(at);
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return true;
    }
}

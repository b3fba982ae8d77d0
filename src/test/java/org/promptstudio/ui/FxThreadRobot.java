package org.promptstudio.ui;

import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import org.testfx.api.FxRobot;
import org.testfx.robot.Motion;
import org.testfx.service.query.PointQuery;

/**
 * TestFX's robot, working out where to click, double-click, right-click, move or drag on the JavaFX thread
 * (decision 0151). Every TestFX pointer action on a query, a node, a matcher or a predicate goes through a
 * {@link PointQuery} whose {@code query()} reads the node's bounds; a bounds read recomputes and caches state in the
 * node's parents, so done on the test thread while the JavaFX thread lays the same nodes out it corrupts that state
 * and a later pulse fails in {@code Parent.updateCachedBounds}. Here the point is read through {@link OnFx#get} and
 * the robot moves to that fixed point. Window tests extend this class (or use {@link #robot()}) instead of
 * {@link FxRobot}.
 */
public class FxThreadRobot extends FxRobot {

    /** A robot for code that cannot extend this class. */
    public static FxThreadRobot robot() {
        return new FxThreadRobot();
    }

    /** {@code query}'s point on the screen, read on the JavaFX thread, as a query that reads nothing more. */
    private PointQuery onFx(PointQuery query) {
        Point2D at = OnFx.get(query::query);
        return point(at);
    }

    @Override
    public FxRobot clickOn(PointQuery pointQuery, Motion motion, MouseButton... buttons) {
        return super.clickOn(onFx(pointQuery), motion, buttons);
    }

    @Override
    public FxRobot doubleClickOn(PointQuery pointQuery, Motion motion, MouseButton... buttons) {
        return super.doubleClickOn(onFx(pointQuery), motion, buttons);
    }

    @Override
    public FxRobot rightClickOn(PointQuery pointQuery, Motion motion) {
        return super.rightClickOn(onFx(pointQuery), motion);
    }

    @Override
    public FxRobot moveTo(PointQuery pointQuery, Motion motion) {
        return super.moveTo(onFx(pointQuery), motion);
    }

    @Override
    public FxRobot drag(PointQuery pointQuery, MouseButton... buttons) {
        return super.drag(onFx(pointQuery), buttons);
    }
}

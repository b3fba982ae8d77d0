package org.promptstudio.ui;

import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import org.testfx.api.FxRobot;
import org.testfx.robot.Motion;
import org.testfx.service.query.PointQuery;

/**
 * TestFX's robot, working out where to click, double-click, right-click, move or drag on the JavaFX thread
 * (decision 0151). Every TestFX pointer action on a query, a node, a matcher or a predicate goes through a
 * {@link PointQuery} whose {@code query()} reads the node's bounds; a bounds read recomputes and caches state in the
 * node's parents, so done on the test thread while the JavaFX thread lays the same nodes out it corrupts that state
 * and a later pulse fails in {@code Parent.updateCachedBounds}. Here every read of the point goes through
 * {@link OnFx#get}. Window tests extend this class (or use {@link #robot()}) instead of
 * {@link FxRobot}.
 */
public class FxThreadRobot extends FxRobot {

    /**
     * How long a window test waits for a condition before it fails (s): generous, because a wait ends as soon as its
     * condition holds, so passing runs never pay it, while a loaded CI machine (two cores, other builds) can take tens
     * of seconds over what is a fraction of a second when idle. Every condition wait of the window tests uses it.
     */
    public static final int PATIENCE_SECONDS = 180;

    /** A robot for code that cannot extend this class. */
    public static FxThreadRobot robot() {
        return new FxThreadRobot();
    }

    /**
     * {@code query}, answering on the JavaFX thread each time it is asked: TestFX asks it when the pointer starts to
     * move and again when it arrives (the node may have moved meanwhile), so the point is read each time, never kept.
     */
    private static PointQuery onFx(PointQuery query) {
        return query instanceof OnFxPointQuery ? query : new OnFxPointQuery(query);
    }

    /** A point query whose every read of the scene runs on the JavaFX thread. */
    private record OnFxPointQuery(PointQuery inner) implements PointQuery {
        @Override
        public Point2D query() {
            return OnFx.get(inner::query);
        }

        @Override
        public Point2D getPosition() {
            return inner.getPosition();
        }

        @Override
        public Point2D getOffset() {
            return inner.getOffset();
        }

        @Override
        public PointQuery atPosition(Point2D position) {
            return onFx(inner.atPosition(position));
        }

        @Override
        public PointQuery atPosition(double x, double y) {
            return onFx(inner.atPosition(x, y));
        }

        @Override
        public PointQuery atPosition(Pos position) {
            return onFx(inner.atPosition(position));
        }

        @Override
        public PointQuery atOffset(Point2D offset) {
            return onFx(inner.atOffset(offset));
        }

        @Override
        public PointQuery atOffset(double x, double y) {
            return onFx(inner.atOffset(x, y));
        }

        @Override
        public PointQuery onNode(Node node) {
            return onFx(inner.onNode(node));
        }

        @Override
        public Optional<Motion> queryMotion() {
            return inner.queryMotion();
        }
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

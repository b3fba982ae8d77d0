package org.promptstudio.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * Calls an {@link Activatable}'s {@code onActivate} when its node is shown and {@code onDeactivate} when it is
 * hidden. Shown means: the node is in a scene whose window is showing, and the extra condition (a tab being the
 * selected one, say) holds. It lives as long as its node (the node holds it), until {@link #unbind()}.
 */
public final class ViewLifecycle {

    private final BooleanBinding shown;
    private final ChangeListener<Boolean> listener;
    private boolean active;
    private final Activatable target;
    private final Node node;

    private ViewLifecycle(Node node, ObservableValue<Boolean> also, Activatable target) {
        this.target = target;
        this.node = node;
        ObservableValue<Boolean> inShowingWindow = node.sceneProperty().flatMap(Scene::windowProperty)
                .flatMap(Window::showingProperty).orElse(false);
        shown = Bindings.createBooleanBinding(() -> Boolean.TRUE.equals(inShowingWindow.getValue())
                && Boolean.TRUE.equals(also.getValue()), inShowingWindow, also);
        listener = (obs, was, is) -> update(is);
        shown.addListener(listener);
        // The binding listens to the node's window and to {@code also} only weakly: the node keeps this alive, so a
        // caller that drops the returned object does not lose its activations to the garbage collector.
        node.getProperties().put(ViewLifecycle.class, this);
        update(shown.get());
    }

    /** Follows {@code node}: {@code target} is active while the node is in a showing window. */
    public static ViewLifecycle bind(Node node, Activatable target) {
        return new ViewLifecycle(node, new javafx.beans.property.SimpleBooleanProperty(true), target);
    }

    /** As {@link #bind(Node, Activatable)}, and only while {@code also} is true (the tab is selected). */
    public static ViewLifecycle bind(Node node, ObservableValue<Boolean> also, Activatable target) {
        return new ViewLifecycle(node, also, target);
    }

    /** True between an activation and the next deactivation. */
    public boolean isActive() {
        return active;
    }

    /** Stops following; deactivates the target when it is active (the view is closed for good). */
    public void unbind() {
        if (node.getProperties().get(ViewLifecycle.class) == this) node.getProperties().remove(ViewLifecycle.class);
        shown.removeListener(listener);
        shown.dispose();
        update(false);
    }

    private void update(boolean show) {
        if (show == active) return;
        active = show;
        if (show) target.onActivate();
        else target.onDeactivate();
    }
}

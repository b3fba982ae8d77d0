package org.promptstudio.ui.common;

import javafx.scene.Node;

/**
 * The part every view bound to an {@link Activatable} view model shares: it holds the view model and the root node,
 * hands the node out for a tab or a pane, and passes its shown/hidden calls (from {@link ViewLifecycle} or the
 * shell's tab) on to the view model, which then reads what may have changed while it was hidden.
 *
 * @param <M> the view model
 * @param <N> the root node's type, so the view lays out into it without a cast
 */
public abstract class ActivatableView<M extends Activatable, N extends Node> implements Activatable {

    /** The view model this view binds to; never null. */
    protected final M vm;
    /** The view's root node; never null. */
    protected final N root;

    protected ActivatableView(M vm, N root) {
        this.vm = java.util.Objects.requireNonNull(vm, "vm");
        this.root = java.util.Objects.requireNonNull(root, "root");
    }

    /** Shown (its tab selected, the window showing): the view model reads what may have changed. */
    @Override
    public final void onActivate() {
        vm.onActivate();
    }

    /** Hidden: the view model stops listening. */
    @Override
    public final void onDeactivate() {
        vm.onDeactivate();
    }

    /** The node to put in a tab or a pane. */
    public final Node node() {
        return root;
    }

    /** The view model this view shows. */
    public final M viewModel() {
        return vm;
    }
}

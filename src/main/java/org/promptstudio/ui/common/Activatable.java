package org.promptstudio.ui.common;

/**
 * A view or view model that listens only while it is shown (Bisq 2's activate/deactivate): it adds its listeners in
 * {@link #onActivate()} and removes them in {@link #onDeactivate()}, so a hidden tab costs nothing and leaks nothing.
 */
public interface Activatable {

    /** Now shown: add listeners, refresh what may have changed while hidden. */
    void onActivate();

    /** Now hidden: remove the listeners added in {@link #onActivate()}. */
    void onDeactivate();
}

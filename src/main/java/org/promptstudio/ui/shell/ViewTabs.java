package org.promptstudio.ui.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The views besides files that the shell opens in tabs, by kind: a prompt's history, a diff of two versions, the
 * settings (and part 2's views). A feature plugs in with one line where the window is composed ({@code StudioApp}):
 * <pre>
 * views.add(ViewKey.SETTINGS, (key, nav) -&gt; {
 *     SettingsViewModel vm = new SettingsViewModel(studio, runner);
 *     return TabContent.of(new SettingsView(vm).node(), vm);
 * });
 * </pre>
 * A kind nobody added is "not available yet": its menu action says so and opens nothing.
 */
public final class ViewTabs {

    /** Makes the content of a view's tab; called on the UI thread, so it must not do slow work itself. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param key which view, about which prompt and versions
         * @param nav what the view may ask of the shell (open a file in the editor, open another view)
         */
        TabContent create(ViewKey key, ShellNavigation nav);
    }

    private final Map<String, Factory> factories = new LinkedHashMap<>();

    /** Adds (or replaces) the factory of view {@code kind}; returns this, for chaining. */
    public ViewTabs add(String kind, Factory factory) {
        factories.put(new ViewKey(kind, "", List.of()).kind(), factory);
        return this;
    }

    /** Whether view {@code kind} can be opened. */
    public boolean has(String kind) {
        return factories.containsKey(new ViewKey(kind, "", List.of()).kind());
    }

    /** The kinds that can be opened, in the order they were added. */
    public List<String> kinds() {
        return List.copyOf(factories.keySet());
    }

    /** A new content for {@code key}, or empty when its kind was not added. */
    public Optional<TabContent> create(ViewKey key, ShellNavigation nav) {
        Factory f = factories.get(key.kind());
        return f == null ? Optional.empty() : Optional.of(f.create(key, nav));
    }
}

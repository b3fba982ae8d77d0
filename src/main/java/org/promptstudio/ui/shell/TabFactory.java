package org.promptstudio.ui.shell;

/**
 * Makes what a tab shows for a workspace file. The shell opens every file through one factory, so a feature (the
 * template editor, a dataset viewer) plugs in by giving the shell another factory, without the shell knowing it.
 */
@FunctionalInterface
public interface TabFactory {

    /** A new content for {@code document}; called on the UI thread, so it must not read the file itself. */
    TabContent create(OpenDocument document);
}

package org.promptstudio.app;

import org.promptstudio.model.StudioException;

/**
 * A filter of a read (a prompt, version, label, model, run or rating schema given to {@code studio monitor} or the
 * Dashboards view) that names nothing in the workspace. Its message is one line that names the value and lists the
 * ones there are ({@code no label 'nosuch' in this workspace; labels: production, staging}); the command line exits
 * with its usage code (2) on it, as for any other bad option.
 */
public final class UnknownFilterException extends StudioException {
    private static final long serialVersionUID = 1L;

    public UnknownFilterException(String message) {
        super(message);
    }

    public UnknownFilterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code names} joined for a message ({@code a, b, c}), the first {@code max} of them and "and N more". */
    static String list(java.util.Collection<String> names, int max) {
        java.util.List<String> all = new java.util.ArrayList<>(names);
        if (all.size() <= max) return String.join(", ", all);
        return String.join(", ", all.subList(0, max)) + " and " + (all.size() - max) + " more";
    }
}

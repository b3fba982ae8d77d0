package org.promptstudio.vcs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two versions of a prompt compared: the prompt and the partials it uses (decision 0014).
 *
 * @param from         how the old side was named ({@code 2}, {@code production}, {@code working})
 * @param to           how the new side was named
 * @param unified      a unified diff of the prompt and of every partial that differs, empty when the sources are the same
 * @param rows         every line of the prompt side by side, with word-level changes
 * @param changed      the files that differ, the prompt first, then partials by path
 * @param fromFiles    the old side's prompt and partials, by path, the prompt first
 * @param toFiles      the new side's
 * @param rendered     a unified diff of the two sides rendered with the same example input; empty when they render the
 *                     same or were not rendered
 * @param renderNote   why the sides could not be rendered, or null
 */
public record PromptDiff(String path, String from, String to, String unified, List<DiffRow> rows, List<String> changed,
                         Map<String, String> fromFiles, Map<String, String> toFiles, String rendered,
                         String renderNote) {

    public PromptDiff {
        rows = List.copyOf(rows);
        changed = List.copyOf(changed);
        fromFiles = Collections.unmodifiableMap(new LinkedHashMap<>(fromFiles));
        toFiles = Collections.unmodifiableMap(new LinkedHashMap<>(toFiles));
        rendered = rendered == null ? "" : rendered;
    }

    /** Whether the sources are the same (the prompt and every partial either side uses). */
    public boolean identical() {
        return unified.isEmpty();
    }

    /** This diff with the rendered comparison added. */
    public PromptDiff withRendered(String renderedDiff, String note) {
        return new PromptDiff(path, from, to, unified, rows, changed, fromFiles, toFiles, renderedDiff, note);
    }
}

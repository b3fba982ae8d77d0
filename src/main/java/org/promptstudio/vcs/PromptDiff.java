package org.promptstudio.vcs;

import java.util.List;

/**
 * Two versions of a prompt compared.
 *
 * @param from    how the old side was named ({@code 2}, {@code production}, {@code working})
 * @param to      how the new side was named
 * @param unified a unified diff, empty when the two are the same
 * @param rows    every line side by side, with word-level changes
 */
public record PromptDiff(String path, String from, String to, String unified, List<DiffRow> rows) {

    public PromptDiff {
        rows = List.copyOf(rows);
    }

    public boolean identical() {
        return unified.isEmpty();
    }
}

package org.promptstudio.vcs;

import java.util.List;

/**
 * One line of a side-by-side diff, with word-level changes marked.
 *
 * @param oldLine 1-based line number in the old text, or 0 when the line was added
 * @param newLine 1-based line number in the new text, or 0 when the line was removed
 * @param oldText the old line as spans (changed spans are words removed or replaced); empty when added
 * @param newText the new line as spans (changed spans are words added or replacing); empty when removed
 */
public record DiffRow(Change change, int oldLine, int newLine, List<Span> oldText, List<Span> newText) {

    public enum Change { SAME, ADDED, REMOVED, CHANGED }

    /** A run of text on one side; {@code changed} marks words that differ from the other side. */
    public record Span(boolean changed, String text) {
    }

    public DiffRow {
        oldText = List.copyOf(oldText);
        newText = List.copyOf(newText);
    }
}

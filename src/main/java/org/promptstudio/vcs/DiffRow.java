package org.promptstudio.vcs;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a diff, with word-level changes.
 *
 * @param oldLine 1-based line number in the old text, or 0 when the line was added
 * @param newLine 1-based line number in the new text, or 0 when the line was removed
 * @param pieces  the line's words in order, each kept, removed or added; an added line is one added piece
 */
public record DiffRow(Change change, int oldLine, int newLine, List<Piece> pieces) {

    public enum Change { SAME, ADDED, REMOVED, CHANGED }

    /** A run of text that both sides share ({@code KEPT}), or that only the old or only the new side has. */
    public record Piece(Kind kind, String text) {
        public enum Kind { KEPT, REMOVED, ADDED }
    }

    /** A run of text on one side; {@code changed} marks words the other side does not have. */
    public record Span(boolean changed, String text) {
    }

    public DiffRow {
        pieces = List.copyOf(pieces);
    }

    /** The old line as spans (removed words are changed); empty for an added line. */
    public List<Span> oldText() {
        return side(Piece.Kind.REMOVED);
    }

    /** The new line as spans (added words are changed); empty for a removed line. */
    public List<Span> newText() {
        return side(Piece.Kind.ADDED);
    }

    private List<Span> side(Piece.Kind changedKind) {
        if (change == Change.ADDED && changedKind == Piece.Kind.REMOVED) return List.of();
        if (change == Change.REMOVED && changedKind == Piece.Kind.ADDED) return List.of();
        List<Span> spans = new ArrayList<>();
        for (Piece p : pieces) {
            if (p.kind() != Piece.Kind.KEPT && p.kind() != changedKind) continue;
            boolean changed = p.kind() != Piece.Kind.KEPT;
            if (!spans.isEmpty() && spans.get(spans.size() - 1).changed() == changed) {
                Span last = spans.remove(spans.size() - 1);
                spans.add(new Span(changed, last.text() + p.text()));
            } else {
                spans.add(new Span(changed, p.text()));
            }
        }
        return spans;
    }
}

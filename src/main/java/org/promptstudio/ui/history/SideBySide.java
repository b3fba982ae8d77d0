package org.promptstudio.ui.history;

import java.util.ArrayList;
import java.util.List;
import org.promptstudio.vcs.DiffRow;

/**
 * A diff laid out in two aligned columns, as the diff view draws it: line {@code i} of {@link #left()} sits beside
 * line {@code i} of {@link #right()}; a line that only one side has faces a {@link Kind#FILLER} on the other.
 *
 * @param title a heading for the block ({@code prompts/_rules.prompt}), or empty
 * @param left  the older side's lines
 * @param right the newer side's lines, as many as {@code left}
 */
public record SideBySide(String title, List<Line> left, List<Line> right) {

    /** How a line differs from the other side. */
    public enum Kind { SAME, CHANGED, REMOVED, ADDED, FILLER }

    /** A run of text in a line; {@code changed} marks the words the other side does not have. */
    public record Segment(String text, boolean changed) {
    }

    /**
     * One line of one side.
     *
     * @param number 1-based line number in that side's text, 0 for a filler
     */
    public record Line(int number, Kind kind, List<Segment> segments) {
        public Line {
            segments = List.copyOf(segments);
        }

        /** The line's text. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            segments.forEach(s -> sb.append(s.text()));
            return sb.toString();
        }
    }

    public SideBySide {
        left = List.copyOf(left);
        right = List.copyOf(right);
        if (left.size() != right.size()) throw new IllegalArgumentException("the sides are not aligned");
    }

    /** Whether any line differs. */
    public boolean hasChanges() {
        return left.stream().anyMatch(l -> l.kind() != Kind.SAME) || right.stream().anyMatch(l -> l.kind() != Kind.SAME);
    }

    /** Lays out {@code rows} (from the app's comparison) side by side. */
    static SideBySide of(String title, List<DiffRow> rows) {
        List<Line> left = new ArrayList<>();
        List<Line> right = new ArrayList<>();
        Line filler = new Line(0, Kind.FILLER, List.of());
        for (DiffRow row : rows) {
            switch (row.change()) {
                case SAME -> {
                    List<Segment> text = segments(row.oldText());
                    left.add(new Line(row.oldLine(), Kind.SAME, text));
                    right.add(new Line(row.newLine(), Kind.SAME, text));
                }
                case CHANGED -> {
                    left.add(new Line(row.oldLine(), Kind.CHANGED, segments(row.oldText())));
                    right.add(new Line(row.newLine(), Kind.CHANGED, segments(row.newText())));
                }
                case REMOVED -> {
                    left.add(new Line(row.oldLine(), Kind.REMOVED, segments(row.oldText())));
                    right.add(filler);
                }
                case ADDED -> {
                    left.add(filler);
                    right.add(new Line(row.newLine(), Kind.ADDED, segments(row.newText())));
                }
            }
        }
        return new SideBySide(title, left, right);
    }

    /** One side's text alone (the other side has nothing to show, e.g. it did not render), facing fillers. */
    static SideBySide oneSide(String title, String text, boolean left) {
        List<Line> lines = new ArrayList<>();
        List<Line> fillers = new ArrayList<>();
        int n = 0;
        for (String l : text.lines().toList()) {
            lines.add(new Line(++n, Kind.SAME, List.of(new Segment(l, false))));
            fillers.add(new Line(0, Kind.FILLER, List.of()));
        }
        return left ? new SideBySide(title, lines, fillers) : new SideBySide(title, fillers, lines);
    }

    private static List<Segment> segments(List<DiffRow.Span> spans) {
        return spans.stream().map(s -> new Segment(s.text(), s.changed())).toList();
    }
}

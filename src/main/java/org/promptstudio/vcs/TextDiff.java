package org.promptstudio.vcs;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.vcs.DiffRow.Piece;

/** Line and word diffs of two texts (java-diff-utils): unified text for the command line, rows for the window. */
public final class TextDiff {

    private static final String NO_NEWLINE = "\\ No newline at end of file";
    /** A word or a punctuation mark with the spaces after it, or the indentation at the start of a line. */
    private static final Pattern TOKEN = Pattern.compile("\\s+|(?:\\w+|[^\\w\\s])\\s*", Pattern.UNICODE_CHARACTER_CLASS);

    private TextDiff() {
    }

    /**
     * A unified diff as {@code diff -u} and {@code git diff} print it, or an empty string when the texts are equal.
     * The names follow {@code ---} and {@code +++} as given.
     */
    public static String unified(String oldName, String newName, String oldText, String newText, int context) {
        List<String> oldLines = linesForPatch(oldText);
        List<String> newLines = linesForPatch(newText);
        Patch<String> patch = DiffUtils.diff(oldLines, newLines);
        if (patch.getDeltas().isEmpty()) return "";
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff(oldName, newName, oldLines, patch, context);
        StringBuilder sb = new StringBuilder();
        for (String line : out) sb.append(line).append('\n');
        return sb.toString();
    }

    /** Every line of both texts in order; a changed line pairs its old and new words. */
    public static List<DiffRow> rows(String oldText, String newText) {
        List<String> oldLines = oldText.lines().toList();
        List<String> newLines = newText.lines().toList();
        Patch<String> patch = DiffUtils.diff(oldLines, newLines);
        List<DiffRow> rows = new ArrayList<>();
        int o = 0;
        int n = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int oStart = delta.getSource().getPosition();
            while (o < oStart) {
                rows.add(same(oldLines.get(o), o + 1, n + 1));
                o++;
                n++;
            }
            List<String> removed = delta.getSource().getLines();
            List<String> added = delta.getTarget().getLines();
            int paired = delta.getType() == DeltaType.CHANGE ? Math.min(removed.size(), added.size()) : 0;
            for (int i = 0; i < paired; i++) {
                rows.add(changed(removed.get(i), added.get(i), o + 1, n + 1));
                o++;
                n++;
            }
            for (int i = paired; i < removed.size(); i++) {
                rows.add(new DiffRow(DiffRow.Change.REMOVED, ++o, 0, List.of(new Piece(Piece.Kind.REMOVED, removed.get(i)))));
            }
            for (int i = paired; i < added.size(); i++) {
                rows.add(new DiffRow(DiffRow.Change.ADDED, 0, ++n, List.of(new Piece(Piece.Kind.ADDED, added.get(i)))));
            }
        }
        while (o < oldLines.size()) {
            rows.add(same(oldLines.get(o), o + 1, n + 1));
            o++;
            n++;
        }
        return rows;
    }

    /** Rows as {@code git diff --word-diff} prints them: {@code [-removed-]{+added+}} inside the lines. */
    public static String wordDiff(List<DiffRow> rows) {
        StringBuilder sb = new StringBuilder();
        for (DiffRow row : rows) {
            for (Piece p : row.pieces()) {
                switch (p.kind()) {
                    case KEPT -> sb.append(p.text());
                    case REMOVED -> sb.append("[-").append(p.text()).append("-]");
                    case ADDED -> sb.append("{+").append(p.text()).append("+}");
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static DiffRow same(String line, int oldLine, int newLine) {
        return new DiffRow(DiffRow.Change.SAME, oldLine, newLine, List.of(new Piece(Piece.Kind.KEPT, line)));
    }

    /** Two lines diffed word by word: a word or punctuation mark with its following spaces is the unit. */
    private static DiffRow changed(String oldLine, String newLine, int oldNumber, int newNumber) {
        List<String> a = tokens(oldLine);
        List<String> b = tokens(newLine);
        List<Piece> pieces = pieces(a, b);
        return new DiffRow(DiffRow.Change.CHANGED, oldNumber, newNumber, pieces);
    }

    /**
     * Two free texts (answers) diffed word by word across their lines: a word or punctuation mark with its following
     * spaces (line breaks included) is the unit, as in {@link #rows}' changed lines, and the spaces after a word do
     * not make it differ. Joined, the kept and added pieces are {@code newText}; the kept and removed pieces are
     * {@code oldText} but for the spaces after a kept word.
     */
    public static List<Piece> words(String oldText, String newText) {
        List<String> a = tokens(oldText == null ? "" : oldText);
        List<String> b = tokens(newText == null ? "" : newText);
        return pieces(a, b);
    }

    /**
     * The word diff of two token lists. Tokens are equal when they differ only in the spaces after them ("answer"
     * at the end of a line is "answer " before the next word), so "answer." against "answer" marks the "." alone;
     * a kept piece is drawn as the new text has it. Joined, kept and added pieces are the new text; kept and removed
     * pieces the old one but for spaces after a kept word.
     */
    private static List<Piece> pieces(List<String> a, List<String> b) {
        Patch<String> patch = DiffUtils.diff(a, b, (x, y) -> x.stripTrailing().equals(y.stripTrailing()));
        List<Piece> pieces = new ArrayList<>();
        int j = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            while (j < d.getTarget().getPosition()) add(pieces, Piece.Kind.KEPT, b.get(j++));
            for (String t : d.getSource().getLines()) add(pieces, Piece.Kind.REMOVED, t);
            for (String t : d.getTarget().getLines()) add(pieces, Piece.Kind.ADDED, t);
            j += d.getTarget().size();
        }
        while (j < b.size()) add(pieces, Piece.Kind.KEPT, b.get(j++));
        return pieces;
    }


    /** Appends, joining with the previous piece of the same kind. */
    private static void add(List<Piece> pieces, Piece.Kind kind, String text) {
        if (!pieces.isEmpty() && pieces.get(pieces.size() - 1).kind() == kind) {
            Piece last = pieces.remove(pieces.size() - 1);
            pieces.add(new Piece(kind, last.text() + text));
        } else {
            pieces.add(new Piece(kind, text));
        }
    }

    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** Lines as a patch sees them: a last line without a newline carries git's marker, so that difference shows. */
    private static List<String> linesForPatch(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        } else {
            int last = lines.size() - 1;
            lines.set(last, lines.get(last) + "\n" + NO_NEWLINE);
        }
        return lines;
    }
}

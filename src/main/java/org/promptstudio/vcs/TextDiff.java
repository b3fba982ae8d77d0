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

/** Line and word diffs of two texts (java-diff-utils): unified text for the command line, rows for the window. */
public final class TextDiff {

    private static final String NO_NEWLINE = "\\ No newline at end of file";
    private static final Pattern TOKEN = Pattern.compile("\\w+|\\s+|[^\\w\\s]", Pattern.UNICODE_CHARACTER_CLASS);

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

    /** Every line of both texts, paired side by side; changed lines carry word-level spans. */
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
                rows.add(new DiffRow(DiffRow.Change.REMOVED, ++o, 0, List.of(new DiffRow.Span(true, removed.get(i))), List.of()));
            }
            for (int i = paired; i < added.size(); i++) {
                rows.add(new DiffRow(DiffRow.Change.ADDED, 0, ++n, List.of(), List.of(new DiffRow.Span(true, added.get(i)))));
            }
        }
        while (o < oldLines.size()) {
            rows.add(same(oldLines.get(o), o + 1, n + 1));
            o++;
            n++;
        }
        return rows;
    }

    private static DiffRow same(String line, int oldLine, int newLine) {
        List<DiffRow.Span> spans = List.of(new DiffRow.Span(false, line));
        return new DiffRow(DiffRow.Change.SAME, oldLine, newLine, spans, spans);
    }

    /** Two lines diffed word by word: words, runs of spaces and single punctuation marks are the units. */
    private static DiffRow changed(String oldLine, String newLine, int oldNumber, int newNumber) {
        List<String> a = tokens(oldLine);
        List<String> b = tokens(newLine);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<DiffRow.Span> left = new ArrayList<>();
        List<DiffRow.Span> right = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            while (i < d.getSource().getPosition()) {
                add(left, false, a.get(i++));
                add(right, false, b.get(j++));
            }
            for (String t : d.getSource().getLines()) add(left, true, t);
            for (String t : d.getTarget().getLines()) add(right, true, t);
            i += d.getSource().size();
            j += d.getTarget().size();
        }
        while (i < a.size()) add(left, false, a.get(i++));
        while (j < b.size()) add(right, false, b.get(j++));
        return new DiffRow(DiffRow.Change.CHANGED, oldNumber, newNumber, left, right);
    }

    /** Appends, joining with the previous span when both are changed or both unchanged. */
    private static void add(List<DiffRow.Span> spans, boolean changed, String text) {
        if (!spans.isEmpty() && spans.get(spans.size() - 1).changed() == changed) {
            DiffRow.Span last = spans.remove(spans.size() - 1);
            spans.add(new DiffRow.Span(changed, last.text() + text));
        } else {
            spans.add(new DiffRow.Span(changed, text));
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

package org.promptstudio.ui.editor;

import java.util.Locale;

/** Finding and replacing plain text, ignoring case, for the editor's find bar. */
final class TextSearch {

    private TextSearch() {
    }

    /**
     * The start of the next match of {@code needle} at or after {@code from}, wrapping to the start of the text;
     * -1 when there is none (or the needle is empty).
     */
    static int next(String text, String needle, int from) {
        if (needle.isEmpty()) return -1;
        String t = text.toLowerCase(Locale.ROOT);
        String n = needle.toLowerCase(Locale.ROOT);
        int at = t.indexOf(n, Math.max(0, Math.min(from, t.length())));
        return at >= 0 ? at : t.indexOf(n);
    }

    /** How many times {@code needle} occurs, not overlapping. */
    static int count(String text, String needle) {
        if (needle.isEmpty()) return 0;
        String t = text.toLowerCase(Locale.ROOT);
        String n = needle.toLowerCase(Locale.ROOT);
        int count = 0;
        for (int at = t.indexOf(n); at >= 0; at = t.indexOf(n, at + n.length())) count++;
        return count;
    }

    /** {@code text} with every occurrence of {@code needle} (any case) replaced by {@code replacement}. */
    static String replaceAll(String text, String needle, String replacement) {
        if (needle.isEmpty()) return text;
        String t = text.toLowerCase(Locale.ROOT);
        String n = needle.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (int at = t.indexOf(n); at >= 0; at = t.indexOf(n, at + n.length())) {
            out.append(text, last, at).append(replacement);
            last = at + n.length();
        }
        return out.append(text.substring(last)).toString();
    }
}

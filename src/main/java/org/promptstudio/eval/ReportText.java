package org.promptstudio.eval;

/**
 * Text from a model, a dataset or a file name made fit for a report: every character XML 1.0 forbids is replaced by
 * U+FFFD (the replacement character, so the reader sees that something was there). XML 1.0 (Fifth Edition), section
 * 2.2, production [2]: {@code Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]}; so the
 * C0 controls but tab, line feed and carriage return, U+FFFE, U+FFFF, and every UTF-16 surrogate that is not half of
 * a pair (a model cut mid-emoji) go. The same text goes into the HTML report: HTML forbids the same controls, and a
 * lone surrogate cannot be encoded in UTF-8 at all.
 */
public final class ReportText {

    /** U+FFFD REPLACEMENT CHARACTER, what a forbidden character becomes. */
    public static final char REPLACEMENT = '\uFFFD';

    private ReportText() {
    }

    /** {@code s} with each character XML 1.0 forbids replaced by U+FFFD; null gives "". */
    public static String legal(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok;
            int width = 1;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) width = 2;
            } else if (Character.isLowSurrogate(c)) {
                ok = false; // a low surrogate not preceded by a high one
            } else {
                ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xFFFD);
            }
            if (ok) {
                if (b != null) b.append(s, i, i + width);
            } else {
                if (b == null) b = new StringBuilder(n).append(s, 0, i);
                b.append(REPLACEMENT);
            }
            i += width - 1;
        }
        return b == null ? s : b.toString();
    }
}

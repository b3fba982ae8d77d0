package org.promptstudio.template;

import java.util.ArrayList;
import java.util.List;

/**
 * A template rewritten so that Handlebars.java prints what handlebars.js prints, with a map from every offset of
 * the rewritten text back to the written one (so errors name the file's own line and column).
 *
 * <p>Handlebars.java 4.5 gets escapes wrong ({@code \{{{x}}}} does not parse, {@code \\{{x}}} prints
 * {@code \{{x}}}) and fails on raw blocks without a helper. The template is therefore split by
 * {@link HandlebarsScanner} as handlebars.js splits it, and every piece of text that handlebars.js prints as
 * written but that Handlebars.java would read as a tag or an escape is given to Handlebars.java as a helper call
 * instead: a run of braces becomes {@value #OPEN} {@code n}, a run of backslashes before a tag becomes {@value #BACKSLASHES}
 * {@code n}. A raw block {@code {{{{name}}}}...{{{{/name}}}}} becomes {@code {{#name}}...{{/name}}} around its
 * text so treated, which is what handlebars.js runs for it. Lines are never added or removed.
 */
final class PreparedSource {

    /** Helper that prints its argument's number of {@code {}. */
    static final String OPEN = "__hbs_open";
    /** Helper that prints its argument's number of backslashes. */
    static final String BACKSLASHES = "__hbs_backslashes";

    private final String text;
    private final String original;
    /** Segment starts in the rewritten text, their starts in the original, and whether the segment is a copy. */
    private final List<int[]> segments;

    private PreparedSource(String text, String original, List<int[]> segments) {
        this.text = text;
        this.original = original;
        this.segments = segments;
    }

    /** The text to give Handlebars.java. */
    String text() {
        return text;
    }

    /** Prepares a template that {@link HandlebarsScanner} split without problems. */
    static PreparedSource of(String original, HandlebarsScanner.Scan scan) {
        StringBuilder out = new StringBuilder();
        List<int[]> segs = new ArrayList<>();
        List<HandlebarsScanner.Token> tokens = scan.tokens();
        for (int k = 0; k < tokens.size(); k++) {
            HandlebarsScanner.Token tok = tokens.get(k);
            switch (tok.kind()) {
                case TEXT -> {
                    boolean followed = false;
                    for (int m = k + 1; m < tokens.size(); m++) {
                        if (tokens.get(m).kind() != HandlebarsScanner.Kind.DROP) {
                            followed = true;
                            break;
                        }
                    }
                    literal(original, tok.start(), tok.end(), followed, out, segs);
                }
                case DROP -> segs.add(new int[] {out.length(), tok.start(), 0});
                case RAW_OPEN -> {
                    replaced(out, segs, "{{#", tok.start());
                    copy(original, tok.start() + 4, tok.end() - 4, out, segs);
                    replaced(out, segs, "}}", tok.end() - 4);
                }
                case RAW_CLOSE -> {
                    replaced(out, segs, "{{/", tok.start());
                    copy(original, tok.start() + 5, tok.end() - 4, out, segs);
                    replaced(out, segs, "}}", tok.end() - 4);
                }
                default -> copy(original, tok.start(), tok.end(), out, segs);
            }
        }
        return new PreparedSource(out.toString(), original, segs);
    }

    /**
     * Text printed as written: runs of {@code {} that Handlebars.java could read as an opening (two or more, or one
     * at the end before a tag) and runs of backslashes before a brace or a tag go through helpers.
     */
    private static void literal(String src, int start, int end, boolean followedByTag, StringBuilder out,
                                List<int[]> segs) {
        int from = start;
        int i = start;
        while (i < end) {
            char c = src.charAt(i);
            if (c != '{' && c != '\\') {
                i++;
                continue;
            }
            int j = i;
            while (j < end && src.charAt(j) == c) j++;
            boolean risky = c == '{'
                    ? j - i >= 2 || j == end && followedByTag
                    : j == end ? followedByTag : src.charAt(j) == '{';
            if (risky) {
                copy(src, from, i, out, segs);
                replaced(out, segs, "{{" + (c == '{' ? OPEN : BACKSLASHES) + " " + (j - i) + "}}", i);
                from = j;
            }
            i = j;
        }
        copy(src, from, end, out, segs);
    }

    private static void copy(String src, int start, int end, StringBuilder out, List<int[]> segs) {
        if (end <= start) return;
        segs.add(new int[] {out.length(), start, 1});
        out.append(src, start, end);
    }

    private static void replaced(StringBuilder out, List<int[]> segs, String with, int originalStart) {
        segs.add(new int[] {out.length(), originalStart, 0});
        out.append(with);
    }

    /** The offset in the written template of {@code offset} in the rewritten one. */
    int originalOffset(int offset) {
        int[] seg = null;
        for (int[] s : segments) {
            if (s[0] > offset) break;
            seg = s;
        }
        if (seg == null) return Math.min(offset, original.length());
        return seg[2] == 1 ? Math.min(seg[1] + (offset - seg[0]), original.length()) : seg[1];
    }

    /**
     * The 1-based line and column in the written template of a 1-based line and 0-based column that
     * Handlebars.java reports in the rewritten one.
     */
    int[] originalPosition(int line, int column) {
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++) {
            offset = text.indexOf('\n', offset);
            if (offset >= 0) offset++;
        }
        if (offset < 0) offset = text.length();
        int at = originalOffset(Math.min(text.length(), offset + Math.max(0, column)));
        return position(original, at);
    }

    /** The 1-based line and column of {@code offset} in {@code text}. */
    static int[] position(String text, int offset) {
        int line = PromptParser.lineOf(text, offset);
        int lineStart = offset;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') lineStart--;
        return new int[] {line, offset - lineStart + 1};
    }
}

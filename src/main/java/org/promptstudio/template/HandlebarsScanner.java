package org.promptstudio.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Handlebars template into text and tags the way handlebars.js's lexer does ({@code src/handlebars.l} of
 * handlebars.js 4.7): content up to {@code {{}; a backslash before {@code {{} escapes it (the content then runs to
 * the next {@code {{}, {@code \{{} or {@code \\{{}); two backslashes print one and the mustache is real; raw blocks
 * {@code {{{{name}}}} ... {{{{/name}}}}} keep their content unparsed (nested raw blocks counted); comments
 * {@code {{!-- --}}} and {@code {{! }}} end at their own closers. Offsets are into the scanned text.
 */
final class HandlebarsScanner {

    enum Kind {
        /** Text printed as written (may contain {@code {{} when it came from an escape or a raw block). */
        TEXT,
        /** A backslash handlebars.js drops (the escape character). */
        DROP,
        /** A comment, printed as nothing. */
        COMMENT,
        /** A mustache: {@code {{x}}}, {@code {{{x}}}}, {@code {{#x}}}, {@code {{/x}}}, {@code {{> p}}}, ... */
        TAG,
        /** {@code {{{{name params}}}}}: {@code inner} is {@code name params}. */
        RAW_OPEN,
        /** {@code {{{{/name}}}}}: {@code inner} is {@code name}. */
        RAW_CLOSE
    }

    /**
     * One piece of the template.
     *
     * @param start offset of the first character
     * @param end   offset after the last character
     * @param inner for tags, the text between the delimiters ({@code #if x} for {@code {{~#if x~}}} keeps the
     *              {@code ~}); for raw tags, the name and parameters
     */
    record Token(Kind kind, int start, int end, String inner) {
    }

    /** The tokens, or the first place where the template cannot be split (an unclosed tag or raw block). */
    record Scan(List<Token> tokens, int problemOffset, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private static final Pattern RAW_END = Pattern.compile("\\{\\{\\{\\{/([^\\s!\"#%-,./;->@\\[-^`{-~]+)}}}}");

    private HandlebarsScanner() {
    }

    static Scan scan(String t) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = t.length();
        while (i < n) {
            int open = t.indexOf("{{", i);
            if (open < 0) {
                tokens.add(new Token(Kind.TEXT, i, n, null));
                break;
            }
            int slashes = 0;
            while (open - slashes - 1 >= i && t.charAt(open - slashes - 1) == '\\') slashes++;
            if (slashes == 1) {
                // "\{{": the escape character goes, and the content runs to the next {{, \{{ or \\{{ (at least 2 chars).
                if (open - 1 > i) tokens.add(new Token(Kind.TEXT, i, open - 1, null));
                tokens.add(new Token(Kind.DROP, open - 1, open, null));
                int end = open + 2;
                while (end < n && !t.startsWith("{{", end) && !t.startsWith("\\{{", end) && !t.startsWith("\\\\{{", end)) {
                    end++;
                }
                tokens.add(new Token(Kind.TEXT, open, end, null));
                i = end;
                continue;
            }
            if (slashes >= 2) {
                // "\\{{": one backslash is printed, the mustache is real.
                if (open - 1 > i) tokens.add(new Token(Kind.TEXT, i, open - 1, null));
                tokens.add(new Token(Kind.DROP, open - 1, open, null));
            } else if (open > i) {
                tokens.add(new Token(Kind.TEXT, i, open, null));
            }
            int after = tagAt(t, open, tokens);
            if (after < 0) {
                return new Scan(tokens, open, t.startsWith("{{{{", open)
                        ? "unclosed raw block: expected {{{{/name}}}} after it" : "unclosed tag: expected '}}'");
            }
            i = after;
        }
        return new Scan(tokens, -1, null);
    }

    /** Adds the tag (or raw block) at {@code open}; returns the offset after it, or -1 when it is not closed. */
    private static int tagAt(String t, int open, List<Token> tokens) {
        if (t.startsWith("{{{{", open) && !t.startsWith("{{{{/", open)) {
            int close = t.indexOf("}}}}", open + 4);
            if (close < 0) return -1;
            String inner = t.substring(open + 4, close);
            tokens.add(new Token(Kind.RAW_OPEN, open, close + 4, inner));
            int depth = 1;
            int p = close + 4;
            int contentStart = p;
            while (true) {
                int next = t.indexOf("{{{{", p);
                if (next < 0) return -1;
                Matcher end = RAW_END.matcher(t).region(next, t.length());
                if (end.lookingAt()) {
                    depth--;
                    if (depth == 0) {
                        if (next > contentStart) tokens.add(new Token(Kind.TEXT, contentStart, next, null));
                        tokens.add(new Token(Kind.RAW_CLOSE, next, end.end(), end.group(1)));
                        return end.end();
                    }
                    p = end.end();
                } else {
                    if (!t.startsWith("{{{{/", next)) depth++;
                    p = next + 4;
                }
            }
        }
        int p = open + 2;
        if (p < t.length() && t.charAt(p) == '~') p++;
        if (t.startsWith("!--", p)) {
            int end = t.indexOf("--", p + 3);
            while (end >= 0) {
                int q = end + 2;
                if (q < t.length() && t.charAt(q) == '~') q++;
                if (t.startsWith("}}", q)) {
                    tokens.add(new Token(Kind.COMMENT, open, q + 2, t.substring(open + 2, q)));
                    return q + 2;
                }
                end = t.indexOf("--", end + 1);
            }
            return -1;
        }
        if (t.startsWith("!", p)) {
            int end = t.indexOf("}}", p);
            if (end < 0) return -1;
            tokens.add(new Token(Kind.COMMENT, open, end + 2, t.substring(open + 2, end)));
            return end + 2;
        }
        boolean triple = t.startsWith("{", p);
        while (p < t.length()) {
            char c = t.charAt(p);
            if (c == '"' || c == '\'') {
                p = stringEnd(t, p, c);
                if (p < 0) return -1;
                continue;
            }
            if (c == '[') {
                int q = p + 1;
                while (q < t.length() && t.charAt(q) != ']') q += t.charAt(q) == '\\' && q + 1 < t.length() ? 2 : 1;
                if (q >= t.length()) return -1;
                p = q + 1;
                continue;
            }
            if (triple && c == '}') {
                int q = p + 1;
                if (q < t.length() && t.charAt(q) == '~') q++;
                if (t.startsWith("}}", q)) {
                    tokens.add(new Token(Kind.TAG, open, q + 2, t.substring(open + 2, p)));
                    return q + 2;
                }
            }
            if (!triple && t.startsWith("}}", p)) {
                tokens.add(new Token(Kind.TAG, open, p + 2, t.substring(open + 2, p)));
                return p + 2;
            }
            p++;
        }
        return -1;
    }

    private static int stringEnd(String t, int p, char quote) {
        int q = p + 1;
        while (q < t.length()) {
            char c = t.charAt(q);
            if (c == '\\' && q + 1 < t.length() && t.charAt(q + 1) == quote) {
                q += 2;
            } else if (c == quote) {
                return q + 1;
            } else {
                q++;
            }
        }
        return -1;
    }
}

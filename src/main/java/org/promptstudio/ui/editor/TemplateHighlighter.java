package org.promptstudio.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.ui.common.HighlightedText;
import org.promptstudio.ui.common.HighlightedText.Range;

/**
 * Colours a {@code .prompt} source for the editor: the YAML front matter (keys, comments, the rest) and, inside
 * each Handlebars tag of the body, its parts: delimiters, block and helper names, partial names, variables,
 * {@code @data} variables, literals and hash keys. A scan by regular expressions and by hand, cheap enough to run
 * after every pause in typing; it never fails, since a broken template is when the colours help most.
 */
final class TemplateHighlighter {

    static final String FRONT_MATTER = "front-matter";
    static final String FM_DELIMITER = "fm-delimiter";
    static final String FM_KEY = "fm-key";
    static final String FM_COMMENT = "fm-comment";
    static final String DELIM = "hb-delim";
    static final String VARIABLE = "hb-variable";
    static final String HELPER = "hb-helper";
    static final String BLOCK = "hb-block";
    static final String PARTIAL = "hb-partial";
    static final String ROLE = "hb-role";
    static final String DATA = "hb-data";
    static final String LITERAL = "hb-literal";
    static final String HASH_KEY = "hb-hash-key";
    static final String COMMENT = "hb-comment";

    /** Dotprompt's message helpers, coloured apart because they split the prompt into messages. */
    private static final Set<String> ROLE_HELPERS = Set.of("role", "history", "section");

    private static final Pattern FRONT = Pattern.compile(
            "\\A(---)[ \\t]*(?:\\r\\n|\\r|\\n)(?:([\\s\\S]*?)(?:\\r\\n|\\r|\\n))??(---)[ \\t]*(?=\\r\\n|\\r|\\n|\\z)");
    private static final Pattern KEY = Pattern.compile("(?m)^[ \\t]*(?:- )?([^\\s:#\"'][^:#\\r\\n]*?):(?=[ \\t]|$)");
    private static final Pattern YAML_COMMENT = Pattern.compile("(?m)(?:^|[ \\t])(#[^\\r\\n]*)");
    private static final Pattern TAG = Pattern.compile(
            "\\{\\{!--[\\s\\S]*?--~?}}|\\{\\{~?![\\s\\S]*?}}|\\{\\{\\{\\{[\\s\\S]*?}}}}|\\{\\{\\{?[\\s\\S]*?}}}?");
    private static final Pattern LITERAL_WORD = Pattern.compile("-?\\d+(?:\\.\\d+)?|true|false|null|undefined");

    private TemplateHighlighter() {
    }

    static HighlightedText highlight(String text) {
        List<Range> out = new ArrayList<>();
        int body = frontMatter(text, out);
        Matcher tag = TAG.matcher(text).region(body, text.length());
        while (tag.find()) {
            int start = tag.start();
            if (escaped(text, start)) continue;
            String t = tag.group();
            if (t.startsWith("{{!") || t.startsWith("{{~!")) {
                out.add(new Range(start, tag.end(), COMMENT));
            } else {
                tagParts(text, start, tag.end(), out);
            }
        }
        return new HighlightedText(text, out);
    }

    /** {@code \{{x}}} is text in Handlebars; {@code \\{{x}}} is a backslash and then a tag. */
    private static boolean escaped(String text, int at) {
        int slashes = 0;
        for (int i = at - 1; i >= 0 && text.charAt(i) == '\\'; i--) slashes++;
        return slashes % 2 == 1;
    }

    private static int frontMatter(String text, List<Range> out) {
        Matcher m = FRONT.matcher(text);
        if (!m.lookingAt()) return 0;
        out.add(new Range(m.start(1), m.end(1), FM_DELIMITER));
        if (m.group(2) != null) {
            List<Range> inner = new ArrayList<>();
            Matcher key = KEY.matcher(text).region(m.start(2), m.end(2));
            while (key.find()) inner.add(new Range(key.start(1), key.end(1), FM_KEY));
            Matcher comment = YAML_COMMENT.matcher(text).region(m.start(2), m.end(2));
            while (comment.find()) {
                Range c = new Range(comment.start(1), comment.end(1), FM_COMMENT);
                if (inner.stream().noneMatch(r -> r.start() < c.end() && c.start() < r.end())) inner.add(c);
            }
            inner.sort(java.util.Comparator.comparingInt(Range::start));
            int at = m.start(2);
            for (Range r : inner) {
                if (r.start() > at) out.add(new Range(at, r.start(), FRONT_MATTER));
                out.add(r);
                at = r.end();
            }
            if (m.end(2) > at) out.add(new Range(at, m.end(2), FRONT_MATTER));
        }
        out.add(new Range(m.start(3), m.end(3), FM_DELIMITER));
        return m.end();
    }

    /** The parts of one tag {@code [start, end)}: opening delimiter and sigil, words, closing delimiter. */
    private static void tagParts(String text, int start, int end, List<Range> out) {
        int s = start;
        while (s < end && (text.charAt(s) == '{' || text.charAt(s) == '~')) s++;
        int e = end;
        while (e > s && (text.charAt(e - 1) == '}' || text.charAt(e - 1) == '~')) e--;
        char sigil = s < e ? text.charAt(s) : ' ';
        String role = null;
        if (sigil == '#' || sigil == '/' || sigil == '^' || sigil == '>' || sigil == '&' || sigil == '*') {
            s++;
            if (sigil == '#' && s < e && text.charAt(s) == '>') s++; // partial block {{#> layout}}
            role = switch (sigil) {
                case '>' -> PARTIAL;
                case '&' -> VARIABLE;
                default -> BLOCK;
            };
            if (sigil == '#' && text.charAt(s - 1) == '>') role = PARTIAL;
        }
        out.add(new Range(start, s, DELIM));
        words(text, s, e, role, out);
        out.add(new Range(e, end, DELIM));
    }

    /** Words of a tag's inside: the first names the helper, block or partial when {@code headRole} says so. */
    private static void words(String text, int s, int e, String headRole, List<Range> out) {
        int i = s;
        boolean first = true;
        boolean subExpressionHead = false;
        boolean afterElse = false;
        while (i < e) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '(' || c == ')') {
                subExpressionHead = c == '(';
                i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                int j = text.indexOf(c, i + 1);
                j = j < 0 || j >= e ? e : j + 1;
                out.add(new Range(i, j, LITERAL));
                i = j;
                first = false;
                subExpressionHead = false;
                continue;
            }
            if (c == '|') {
                int j = text.indexOf('|', i + 1);
                j = j < 0 || j >= e ? e : j + 1;
                out.add(new Range(i, j, BLOCK));
                i = j;
                continue;
            }
            int j = i;
            while (j < e && !Character.isWhitespace(text.charAt(j)) && "()=\"'|".indexOf(text.charAt(j)) < 0) j++;
            if (j < e && text.charAt(j) == '=') {
                out.add(new Range(i, j + 1, HASH_KEY));
                i = j + 1;
                first = false;
                continue;
            }
            if (j == i) {
                i++;
                continue;
            }
            String word = text.substring(i, j);
            boolean more = hasMore(text, j, e);
            String style;
            if (first && headRole != null) {
                style = headRole;
            } else if (first && word.equals("else") || afterElse) {
                style = BLOCK;
            } else if (subExpressionHead || first && more && !word.startsWith("@")) {
                style = ROLE_HELPERS.contains(word) ? ROLE : HELPER;
            } else if (first && Completions.HELPERS.containsKey(word) && !word.equals("log")) {
                style = ROLE_HELPERS.contains(word) ? ROLE : HELPER;
            } else if (word.equals("as")) {
                style = BLOCK;
            } else if (word.startsWith("@")) {
                style = DATA;
            } else if (LITERAL_WORD.matcher(word).matches()) {
                style = LITERAL;
            } else {
                style = VARIABLE;
            }
            out.add(new Range(i, j, style));
            afterElse = first && word.equals("else");
            first = false;
            subExpressionHead = false;
            i = j;
        }
    }

    private static boolean hasMore(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            if (!Character.isWhitespace(text.charAt(i))) return true;
        }
        return false;
    }
}

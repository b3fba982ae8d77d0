package org.promptstudio.template.prompty;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Jinja2 template into text, {@code {{ expression }}}, {@code {% statement %}}, {@code {# comment #}} and
 * {@code {% raw %}} pieces, with Jinja's default delimiters, each with the line it starts on.
 */
final class JinjaLexer {

    enum Kind { TEXT, EXPRESSION, STATEMENT, COMMENT, RAW, UNCLOSED }

    /**
     * One piece. For tags {@code inner} is what stands between the delimiters with the whitespace-control signs
     * taken off; {@code source} is the piece as written.
     */
    record Token(Kind kind, String inner, String source, boolean trimLeft, boolean trimRight, int line) {
    }

    private static final Pattern END_RAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%}");

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int line;

    private JinjaLexer(String text, int firstLine) {
        this.text = text;
        this.line = firstLine;
    }

    /** The pieces of {@code body}, whose first character is on line {@code firstLine} of the file. */
    static List<Token> lex(String body, int firstLine) {
        JinjaLexer lexer = new JinjaLexer(body, firstLine);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        int i = 0;
        while (i < text.length()) {
            int open = nextOpening(i);
            if (open < 0) {
                add(Kind.TEXT, text.substring(i), text.substring(i), false, false);
                return;
            }
            if (open > i) add(Kind.TEXT, text.substring(i, open), text.substring(i, open), false, false);
            char type = text.charAt(open + 1);
            int end = type == '#' ? commentEnd(open) : tagEnd(open, type == '{' ? "}}" : "%}");
            if (end < 0) {
                add(Kind.UNCLOSED, text.substring(open), text.substring(open), false, false);
                return;
            }
            String source = text.substring(open, end);
            String inner = source.substring(2, source.length() - 2);
            boolean trimLeft = inner.startsWith("-");
            boolean trimRight = inner.endsWith("-") && inner.length() > 1;
            if (inner.startsWith("-") || inner.startsWith("+")) inner = inner.substring(1);
            if (inner.endsWith("-") || inner.endsWith("+")) inner = inner.substring(0, inner.length() - 1);
            if (type == '%' && inner.strip().equals("raw")) {
                i = raw(open, end, trimLeft, trimRight);
                if (i < 0) return;
                continue;
            }
            Kind kind = type == '{' ? Kind.EXPRESSION : type == '%' ? Kind.STATEMENT : Kind.COMMENT;
            add(kind, inner.strip(), source, trimLeft, trimRight);
            i = end;
        }
    }

    private int nextOpening(int from) {
        for (int i = from; i + 1 < text.length(); i++) {
            if (text.charAt(i) == '{') {
                char c = text.charAt(i + 1);
                if (c == '{' || c == '%' || c == '#') return i;
            }
        }
        return -1;
    }

    private int commentEnd(int open) {
        int end = text.indexOf("#}", open + 2);
        return end < 0 ? -1 : end + 2;
    }

    /** The index after the closing delimiter, skipping delimiters inside string literals; -1 when unclosed. */
    private int tagEnd(int open, String close) {
        char quote = 0;
        for (int i = open + 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (text.startsWith(close, i)) {
                return i + 2;
            }
        }
        return -1;
    }

    /** {@code {% raw %}...{% endraw %}}: the content is text, whatever it holds. */
    private int raw(int open, int openEnd, boolean trimBefore, boolean trimContentStart) {
        Matcher m = END_RAW.matcher(text);
        if (!m.find(openEnd)) {
            add(Kind.UNCLOSED, text.substring(open), text.substring(open), false, false);
            return -1;
        }
        String content = text.substring(openEnd, m.start());
        String stored = content;
        if (trimContentStart) stored = stored.stripLeading();
        if (m.group(1).equals("-")) stored = stored.stripTrailing();
        add(Kind.RAW, stored, text.substring(open, m.end()), trimBefore, m.group(2).equals("-"));
        return m.end();
    }

    private void add(Kind kind, String inner, String source, boolean trimLeft, boolean trimRight) {
        tokens.add(new Token(kind, inner, source, trimLeft, trimRight, line));
        line += (int) source.chars().filter(c -> c == '\n').count();
    }
}

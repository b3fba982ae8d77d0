package org.promptstudio.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader (RFC 8259) for label values, which are flat objects of texts, integers and lists: {@code model}
 * uses the JDK only. Objects read as {@link LinkedHashMap} (in their order), arrays as {@link List}, integers as
 * {@link Long}, other numbers as {@link Double}.
 */
final class LabelJson {

    private final String text;
    private int at;

    private LabelJson(String text) {
        this.text = text;
    }

    /**
     * Reads {@code text} as one JSON value.
     *
     * @throws IllegalArgumentException naming the character position (1 first) of the first problem
     */
    static Object read(String text) {
        LabelJson r = new LabelJson(text);
        r.space();
        Object v = r.value();
        r.space();
        if (r.at < text.length()) throw r.problem("unexpected text after the value");
        return v;
    }

    private Object value() {
        if (at >= text.length()) throw problem("a value is missing");
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw problem("unexpected '" + c + "'");
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        at++;
        space();
        if (peek() == '}') {
            at++;
            return out;
        }
        while (true) {
            space();
            if (peek() != '"') throw problem("a key in double quotes is expected");
            String key = string();
            space();
            if (peek() != ':') throw problem("':' is expected after a key");
            at++;
            space();
            out.put(key, value());
            space();
            char c = peek();
            at++;
            if (c == '}') return out;
            if (c != ',') throw problem("',' or '}' is expected");
        }
    }

    private List<Object> array() {
        List<Object> out = new ArrayList<>();
        at++;
        space();
        if (peek() == ']') {
            at++;
            return out;
        }
        while (true) {
            space();
            out.add(value());
            space();
            char c = peek();
            at++;
            if (c == ']') return out;
            if (c != ',') throw problem("',' or ']' is expected");
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length()) throw problem("the text is not closed with '\"'");
            char c = text.charAt(at++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) throw problem("the text is not closed with '\"'");
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) throw problem("a \\u escape needs four hex digits");
                    try {
                        sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw problem("a \\u escape needs four hex digits");
                    }
                    at += 4;
                }
                default -> throw problem("unknown escape '\\" + e + "'");
            }
        }
    }

    private Object number() {
        int start = at;
        if (peek() == '-') at++;
        while (at < text.length() && "0123456789.eE+-".indexOf(text.charAt(at)) >= 0) at++;
        String n = text.substring(start, at);
        try {
            if (n.matches("-?\\d+")) return Long.parseLong(n);
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            at = start;
            throw problem("'" + n + "' is not a number");
        }
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, at)) throw problem("unexpected '" + text.charAt(at) + "'");
        at += word.length();
        return value;
    }

    private char peek() {
        if (at >= text.length()) throw problem("the JSON ends too early");
        return text.charAt(at);
    }

    private void space() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) at++;
    }

    private IllegalArgumentException problem(String reason) {
        return new IllegalArgumentException("not JSON at character " + (Math.min(at, text.length()) + 1) + ": " + reason);
    }
}

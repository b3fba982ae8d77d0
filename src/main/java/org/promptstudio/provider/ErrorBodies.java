package org.promptstudio.provider;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The provider's own words from an error body, on one short line: JSON error fields, the title (or first text) of an
 * HTML page, else the body's start; at most {@value #MAX} characters, control and non-printable characters replaced.
 */
final class ErrorBodies {

    /** Characters of a body kept on the error line. */
    static final int MAX = 200;

    private static final java.util.regex.Pattern TITLE = java.util.regex.Pattern.compile(
            "<title[^>]*>(.*?)</title>", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern HIDDEN = java.util.regex.Pattern.compile(
            "<(script|style|head)[^>]*>.*?</\\1>", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);

    private ErrorBodies() {
    }

    /**
     * {@code error.message} (OpenAI, Anthropic, Gemini), {@code error} as a string (Ollama), {@code message}, the
     * {@code <title>} (else the first text) of an HTML page (a web server or proxy answering, not the provider), or the
     * start of a body that is not JSON; empty for an empty body.
     */
    static String detail(String body) {
        if (body == null || body.isBlank()) return "";
        JsonNode json = WireJson.tryParse(body);
        String text = null;
        if (json != null) {
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                text = error.asText();
            } else if (error.path("message").isTextual()) {
                text = error.path("message").asText();
            } else if (json.path("message").isTextual()) {
                text = json.path("message").asText();
            } else if (json.isArray() && json.size() > 0) {
                return detail(json.get(0).toString());
            }
        } else if (isHtml(body)) {
            text = htmlText(body);
        }
        if (text == null) text = body;
        return shorten(text);
    }

    private static boolean isHtml(String body) {
        String start = body.stripLeading().toLowerCase(java.util.Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml")
                && start.contains("<html");
    }

    /** The page's title, else its text without tags; entities for &lt; &gt; &amp; &quot; &#39; are read. */
    private static String htmlText(String body) {
        java.util.regex.Matcher title = TITLE.matcher(body);
        String text = title.find() && !title.group(1).isBlank() ? title.group(1)
                : HIDDEN.matcher(body).replaceAll(" ").replaceAll("(?s)<!--.*?-->|<[^>]*>", " ");
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    /**
     * {@code text} on one line of at most {@value #MAX} characters (then "..."): runs of white space become one space,
     * and what a terminal must not get raw is made visible by {@link #visible}.
     */
    static String shorten(String text) {
        String s = visible(text.replaceAll("[\\s\\p{Zs}]+", " ")).strip();
        return s.codePointCount(0, s.length()) <= MAX ? s : s.substring(0, s.offsetByCodePoints(0, MAX)) + "...";
    }

    /**
     * {@code text} with every character a terminal or the window must not get raw written as a visible escape: control
     * characters (NUL is {@code &#92;u0000}; line breaks and tabs too), format, private-use, unassigned and lone surrogate
     * characters as {@code &#92;uXXXX}, and a run of U+FFFD (bytes that were no UTF-8) as one {@code &#92;uFFFD}. The one
     * helper for every error that quotes what a provider sent.
     */
    public static String visible(String text) {
        if (text == null) return null;
        StringBuilder b = new StringBuilder(text.length());
        int[] last = {-1};
        text.codePoints().forEach(c -> {
            if (c == 0xFFFD) {
                if (last[0] != 0xFFFD) b.append("\\uFFFD");
            } else if (Character.isISOControl(c) || !Character.isDefined(c)
                    || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.PRIVATE_USE
                    || Character.getType(c) == Character.SURROGATE) {
                if (c > 0xFFFF) b.append(String.format(java.util.Locale.ROOT, "\\U%08X", c));
                else b.append(String.format(java.util.Locale.ROOT, "\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
            last[0] = c;
        });
        return b.toString();
    }
}

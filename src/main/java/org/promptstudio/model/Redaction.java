package org.promptstudio.model;

import java.util.regex.Pattern;

/**
 * The shapes of secrets that text shown or logged must not carry: key-like query parameters ({@code key=},
 * {@code api_key=}, {@code access_token=}, {@code token=}, {@code sig=}) and strings shaped like provider keys
 * ({@code sk-...}, {@code AIza...}, {@code ya29....}). The providers' redactor and the studio.yaml reader (which
 * echoes a bad {@code baseUrl}) both use it, so one rule decides what is hidden.
 */
public final class Redaction {

    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&](?:key|api[-_]?key|access[-_]?token|token|sig|signature)=)[^&#\\s]*");
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "\\b(sk-(?:ant-|proj-)?)[A-Za-z0-9_\\-*]{8,}|\\bAIza[0-9A-Za-z_\\-]{20,}|\\bya29\\.[0-9A-Za-z_\\-.]{10,}");

    private Redaction() {
    }

    /**
     * {@code text} with the value of every key-like query parameter and every key-shaped string replaced by
     * {@code ***} (a key's known prefix, such as {@code sk-}, is kept); null stays null.
     */
    public static String clean(String text) {
        if (text == null) return null;
        String out = QUERY_SECRET.matcher(text).replaceAll("$1***");
        return KEY_SHAPED.matcher(out).replaceAll(m -> m.group(1) != null ? m.group(1) + "***" : "***");
    }
}

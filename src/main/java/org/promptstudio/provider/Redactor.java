package org.promptstudio.provider;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text that may be shown or logged: the values sent with a call, key-like query parameters
 * ({@code key=}, {@code api_key=}, {@code access_token=}) and strings shaped like provider keys.
 */
final class Redactor {

    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&](?:key|api[-_]?key|access[-_]?token|token|sig|signature)=)[^&#\\s]*");
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "\\b(sk-(?:ant-|proj-)?)[A-Za-z0-9_\\-*]{8,}|\\bAIza[0-9A-Za-z_\\-]{20,}|\\bya29\\.[0-9A-Za-z_\\-.]{10,}");

    static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    static Redactor of(Secret... secrets) {
        return new Redactor(java.util.Arrays.stream(secrets).filter(Objects::nonNull).map(Secret::reveal)
                .filter(s -> s.length() >= 4).toList());
    }

    String clean(String text) {
        if (text == null) return null;
        String out = text;
        for (String s : secrets) out = out.replace(s, "***");
        out = QUERY_SECRET.matcher(out).replaceAll("$1***");
        return KEY_SHAPED.matcher(out).replaceAll(m -> m.group(1) != null ? m.group(1) + "***" : "***");
    }
}

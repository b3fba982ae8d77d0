package org.promptstudio.provider;

import java.util.List;
import java.util.Objects;

/**
 * Takes secrets out of text that may be shown or logged: the values sent with a call, key-like query parameters
 * ({@code key=}, {@code api_key=}, {@code access_token=}) and strings shaped like provider keys
 * ({@link org.promptstudio.model.Redaction}).
 */
final class Redactor {

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
        return org.promptstudio.model.Redaction.clean(out); // key-like query parameters, key-shaped strings
    }
}

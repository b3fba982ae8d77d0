package org.promptstudio.model;

import java.net.URI;
import java.net.URISyntaxException;

/** What a base URL of a model server must be, checked the same way wherever one is read. */
public final class HttpUrl {

    private HttpUrl() {
    }

    /**
     * Whether {@code url} (surrounding spaces ignored) is an absolute {@code http} or {@code https} URL with a host,
     * as RFC 3986 parses it ({@link URI}); false for null, for {@code not a url}, {@code ftp://x}, {@code http:/v1}.
     */
    public static boolean isValid(String url) {
        if (url == null) return false;
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

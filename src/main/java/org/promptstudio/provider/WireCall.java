package org.promptstudio.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP request of an adapter: where, which headers (they may carry the key, so they are never logged), the JSON
 * body, how long to wait, and how to show the URL and errors without secrets.
 */
record WireCall(String modelId, URI uri, Map<String, String> headers, String body, Duration timeout,
                Cancellation cancellation, Redactor redactor) {

    WireCall {
        headers = Map.copyOf(headers);
    }

    /** The URL as it may be shown: query secrets masked. */
    String shownUrl() {
        return redactor.clean(uri.toString());
    }
}

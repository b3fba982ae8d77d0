package org.promptstudio.provider;

/**
 * Assembles Server-Sent Events from body lines ({@code event:}, {@code data:}, {@code id:}, {@code retry:},
 * comments) and hands each complete event on. Any other line is garbage and fails the call: a provider that
 * streams SSE never sends one, and a proxy's error page must not pass for an empty answer.
 */
final class SseLines {

    /** Receives one event; returns false when the answer is complete. */
    @FunctionalInterface
    interface EventSink {
        boolean onEvent(String event, String data);
    }

    private final WireCall call;
    private final EventSink sink;
    private String event;
    private StringBuilder data;

    SseLines(WireCall call, EventSink sink) {
        this.call = call;
        this.sink = sink;
    }

    boolean onLine(String line) {
        if (line.isEmpty()) return dispatch();
        if (line.startsWith(":")) return true;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "id", "retry" -> {
                // not needed: calls are not resumed
            }
            default -> throw new ProviderException(call.modelId() + ": malformed stream from " + call.shownUrl()
                    + ": unexpected line '" + WireJson.snippet(line) + "'", false, -1, 0, null);
        }
        return true;
    }

    /** At the end of the body: an event not closed by a blank line still counts. */
    void endOfBody() {
        dispatch();
    }

    private boolean dispatch() {
        if (data == null) {
            event = null;
            return true;
        }
        String e = event == null ? "message" : event;
        String d = data.toString();
        event = null;
        data = null;
        return sink.onEvent(e, d);
    }
}

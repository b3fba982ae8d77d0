package org.promptstudio.provider;

/**
 * An API key or token. It prints as {@code ***} everywhere (toString, logs, exceptions); only the adapters of this
 * package read the value, to put it in a request header.
 */
public final class Secret {

    private final String value;
    private final String source;

    Secret(String value, String source) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("empty secret from " + source);
        this.value = value.strip();
        this.source = source;
    }

    String reveal() {
        return value;
    }

    /** Where it came from, e.g. {@code environment OPENAI_API_KEY}: safe to show. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "*** (" + source + ")";
    }
}

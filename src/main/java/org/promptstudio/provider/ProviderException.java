package org.promptstudio.provider;

import org.promptstudio.model.StudioException;

/**
 * A call that failed. {@code retryable} is true for rate limits, server errors, timeouts and broken connections;
 * {@code retryAfterMillis} carries the provider's {@code Retry-After} when it sent one (else -1).
 */
public class ProviderException extends StudioException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final long retryAfterMillis;
    private final int status;
    private final boolean sent;
    private final String partialText;

    public ProviderException(String message, boolean retryable, long retryAfterMillis, int status, Throwable cause) {
        this(message, retryable, retryAfterMillis, status, cause, true);
    }

    /**
     * @param sent false when the call failed before its request left (a missing credential, a request the provider
     *             cannot take): nothing reached the provider, nothing is billed
     */
    public ProviderException(String message, boolean retryable, long retryAfterMillis, int status, Throwable cause,
                             boolean sent) {
        this(message, retryable, retryAfterMillis, status, cause, sent, null);
    }

    private ProviderException(String message, boolean retryable, long retryAfterMillis, int status, Throwable cause,
                              boolean sent, String partialText) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfterMillis = retryAfterMillis;
        this.status = status;
        this.sent = sent;
        this.partialText = partialText;
    }

    /** This failure, marked as one that happened before the request was sent. */
    public ProviderException notSent() {
        return new ProviderException(getMessage(), retryable, retryAfterMillis, status, getCause(), false,
                partialText);
    }

    /**
     * This failure with {@code message} in place of its own; everything else (retryable, status, sent, the text that
     * arrived) kept. A subclass (a cancellation) is returned as it is.
     */
    public ProviderException withMessage(String message) {
        if (getClass() != ProviderException.class) return this;
        return new ProviderException(message, retryable, retryAfterMillis, status, getCause(), sent, partialText);
    }

    /**
     * This failure carrying {@code text}, the part of the answer that streamed in before it (a stream cut mid-way),
     * so the record keeps it. Returns this unchanged when {@code text} is null or empty, or for a subclass (a
     * cancellation).
     */
    public ProviderException withPartialText(String text) {
        if (text == null || text.isEmpty() || getClass() != ProviderException.class) return this;
        return new ProviderException(getMessage(), retryable, retryAfterMillis, status, getCause(), sent, text);
    }

    /** The answer's text that arrived before the call failed (a stream cut mid-way), or null when none did. */
    public String partialText() {
        return partialText;
    }

    /** Whether the request may have reached the provider; false when the call failed before sending anything. */
    public boolean sent() {
        return sent;
    }

    public ProviderException(String message) {
        this(message, false, -1, 0, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** The HTTP status when there was one, else 0. */
    public int status() {
        return status;
    }
}

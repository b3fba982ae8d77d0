package org.promptstudio.provider;

import java.util.Optional;

/**
 * The one port through which the studio calls a model. An adapter turns a {@link ChatRequest} into its provider's
 * wire format and back; it calls the listener with text as it streams, when it streams. Adapters are safe to call
 * from several threads; retries, rate limits, caching and recording wrap them from outside.
 */
public interface ModelProvider {

    /**
     * Makes one call and returns its result. Blocks until the answer is complete, the call fails, or
     * {@code request.cancellation()} is cancelled.
     *
     * @throws ProviderException with a one-line message naming the model and what went wrong; {@link
     *                           ProviderException#retryable()} says whether trying again may help
     */
    ChatResult chat(ChatRequest request, StreamListener listener);

    /**
     * Makes one call as {@link #chat} does and says how it was answered: from the response cache or not, and what
     * the guardrails found. A plain adapter answers with neither (this default); the caching and guarding wrappers
     * say more.
     *
     * @throws ProviderException as {@link #chat} does; {@link CallBlockedException} when a guardrail blocked it
     */
    default CallOutcome call(ChatRequest request, StreamListener listener) {
        return new CallOutcome(chat(request, listener), false, null);
    }

    /** Whether this adapter can make a call now (credentials present, server configured), and if not, why. */
    default Readiness readiness() {
        return Readiness.ready();
    }

    /** What this model is, when the adapter describes itself (the built-in offline models do). */
    default Optional<ModelCard> card() {
        return Optional.empty();
    }
}

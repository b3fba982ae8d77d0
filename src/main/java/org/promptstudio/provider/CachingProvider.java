package org.promptstudio.provider;

import java.util.Optional;

/**
 * Puts the response cache in front of a model: a hit returns the recorded result (its latency is the recording's)
 * and sends its text to the listener in one piece; a miss calls the model and records the answer when the policy
 * says so. Failed calls are never recorded. The built-in offline models pass straight through: they answer
 * locally, and replay reads the cache itself. {@link #call} tells the runner whether the answer came from the cache.
 */
public final class CachingProvider implements ModelProvider {

    private final ModelProvider delegate;
    private final ResponseCache cache;
    private final CachePolicy policy;

    public CachingProvider(ModelProvider delegate, ResponseCache cache, CachePolicy policy) {
        this.delegate = delegate;
        this.cache = cache;
        this.policy = policy;
    }

    @Override
    public CallOutcome call(ChatRequest request, StreamListener listener) {
        boolean reads = policy.reads(request.params());
        boolean writes = policy.writes(request.params());
        if (BuiltInModels.isBuiltIn(request.model().provider()) || !reads && !writes) {
            return new CallOutcome(delegate.chat(request, listener), false, null);
        }
        String key = CacheKey.of(request);
        if (reads) {
            Optional<ChatResult> hit = cache.get(key);
            if (hit.isPresent()) {
                if (request.cancellation().isCancelled()) {
                    throw new ProviderException("model '" + request.model().id() + "': call cancelled");
                }
                if (!hit.get().text().isEmpty()) listener.onText(hit.get().text());
                return new CallOutcome(hit.get(), true, key);
            }
        }
        ChatResult result = delegate.chat(request, listener);
        if (writes) cache.put(key, request, result);
        return new CallOutcome(result, false, key);
    }

    /**
     * Whether a call of {@code model} with {@code messages}, {@code params} and the tools offered would be answered from the cache now
     * (the policy reads it and a readable recording is there); the built-in offline models never are. Calls nothing.
     */
    public boolean hits(org.promptstudio.model.ModelRef model, java.util.List<org.promptstudio.model.Message> messages,
                        org.promptstudio.model.GenerationParams params,
                        java.util.List<org.promptstudio.model.ToolDefinition> tools) {
        if (BuiltInModels.isBuiltIn(model.provider()) || !policy.reads(params)) return false;
        return cache.get(CacheKey.of(model, params, messages, tools)).isPresent();
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        return call(request, listener).result();
    }

    @Override
    public Readiness readiness() {
        return delegate.readiness();
    }

    @Override
    public Optional<ModelCard> card() {
        return delegate.card();
    }
}

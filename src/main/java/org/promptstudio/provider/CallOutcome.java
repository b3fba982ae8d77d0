package org.promptstudio.provider;

/**
 * A call's result and whether it came from the response cache. {@code cacheKey} is the request's {@link CacheKey}
 * when the cache took part (read or written), else null; the recorder may store both.
 */
public record CallOutcome(ChatResult result, boolean cached, String cacheKey) {
}

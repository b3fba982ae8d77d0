package org.promptstudio.provider;

import java.util.List;
import org.promptstudio.model.GuardFinding;

/**
 * A call's result and whether it came from the response cache. {@code cacheKey} is the request's {@link CacheKey}
 * when the cache took part (read or written), else null; the recorder may store both. {@code guard} lists what the
 * guardrails found on the call and let pass (warnings), in the order they ran; empty when none ran or none found
 * anything (never null).
 */
public record CallOutcome(ChatResult result, boolean cached, String cacheKey, List<GuardFinding> guard) {

    public CallOutcome {
        guard = guard == null ? List.of() : List.copyOf(guard);
    }

    /** An outcome no guardrail looked at. */
    public CallOutcome(ChatResult result, boolean cached, String cacheKey) {
        this(result, cached, cacheKey, List.of());
    }

    /** This outcome with {@code findings} as what the guardrails found. */
    public CallOutcome withGuard(List<GuardFinding> findings) {
        return new CallOutcome(result, cached, cacheKey, findings);
    }
}

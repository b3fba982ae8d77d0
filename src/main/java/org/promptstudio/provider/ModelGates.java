package org.promptstudio.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.promptstudio.model.ModelRef;

/**
 * One {@link ModelGate} per model id, made from the model's {@code maxConcurrency} (default 4; 1 for Ollama, which
 * runs one answer at a time) and {@code requestsPerMinute} (default: no limit).
 */
public final class ModelGates {

    public static final int DEFAULT_CONCURRENCY = 4;

    private final Map<String, ModelGate> gates = new ConcurrentHashMap<>();
    private final Sleeper sleeper;

    public ModelGates(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    public ModelGates() {
        this(Sleeper.system());
    }

    public ModelGate gate(ModelRef ref) {
        return gates.computeIfAbsent(ref.id(), id -> {
            int concurrency = ref.maxConcurrency() != null ? ref.maxConcurrency()
                    : "ollama".equals(ref.provider()) ? 1 : DEFAULT_CONCURRENCY;
            RateLimiter limiter = ref.requestsPerMinute() == null ? null
                    : new RateLimiter(ref.requestsPerMinute(), Math.max(1, (int) Math.ceil(ref.requestsPerMinute() / 60.0)),
                            System::nanoTime, sleeper);
            return new ModelGate(id, concurrency, limiter);
        });
    }
}

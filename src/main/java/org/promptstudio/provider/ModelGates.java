package org.promptstudio.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.promptstudio.model.ModelRef;

/**
 * One {@link ModelGate} per model, made from the model's {@code maxConcurrency} (default 4; 1 for Ollama, which runs
 * one answer at a time) and {@code requestsPerMinute} (default: no limit). A model is its id with the provider, base
 * URL and model name it calls: the same model asked for again (by a catalog made after a change of studio.yaml) gets
 * the same gate, its limits changed in place when studio.yaml changed them, so a run already going and a new one
 * together stay within the limit. Keep one instance for the life of a workspace (see {@code app.Studio}).
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

    /** The gate of {@code ref}, with its limits as {@code ref} says now. */
    public ModelGate gate(ModelRef ref) {
        int concurrency = ref.maxConcurrency() != null ? ref.maxConcurrency()
                : "ollama".equals(ref.provider()) ? 1 : DEFAULT_CONCURRENCY;
        Integer rpm = ref.requestsPerMinute();
        boolean[] made = {false};
        ModelGate gate = gates.computeIfAbsent(key(ref), k -> {
            made[0] = true;
            RateLimiter limiter = rpm == null ? null
                    : new RateLimiter(rpm, RateLimiter.burstFor(rpm), System::nanoTime, sleeper);
            return new ModelGate(ref.id(), concurrency, limiter);
        });
        if (!made[0]) {
            RateLimiter limiter = gate.limiter();
            Integer now = limiter == null ? null : limiter.requestsPerMinute();
            if (gate.maxConcurrency() != concurrency || !java.util.Objects.equals(now, rpm)) {
                gate.limit(concurrency, rpm, sleeper);
            }
        }
        return gate;
    }

    private static String key(ModelRef ref) {
        return String.join("\u0000", ref.id(), String.valueOf(ref.provider()), String.valueOf(ref.baseUrl()),
                String.valueOf(ref.model()));
    }
}

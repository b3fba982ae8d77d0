package org.promptstudio.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.promptstudio.model.ModelRef;

/**
 * One {@link ModelGate} per model, made from the model's {@code maxConcurrency} (default 4; 1 for Ollama, which runs
 * one answer at a time) and {@code requestsPerMinute} (default: no limit). A model is its id with the provider, base
 * URL and model name it calls: the same model asked for again (by a catalog made after a change of studio.yaml, or
 * by one made before it) gets the same gate. Only {@link #configure}, called when a catalog is built from
 * studio.yaml, changes a gate's limits (in place), so a run already going and a new one together stay within the
 * limit of the newest studio.yaml, and an old catalog never puts old limits back. Keep one instance for the life of a workspace (see {@code app.Studio}).
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

    /**
     * The gate of {@code ref}: the one already made for its model, whatever limits {@code ref} carries (a catalog
     * made before an edit of studio.yaml must not put the old limits back), or a new one with {@code ref}'s limits
     * when there is none yet. Only {@link #configure} changes the limits of a gate that exists.
     *
     * @param ref the model (its id, provider, base URL and model name pick the gate)
     * @return the model's gate, shared by every caller for the life of this instance
     */
    public ModelGate gate(ModelRef ref) {
        return gates.computeIfAbsent(key(ref), k -> {
            Integer rpm = ref.requestsPerMinute();
            RateLimiter limiter = rpm == null ? null
                    : new RateLimiter(rpm, RateLimiter.burstFor(rpm), System::nanoTime, sleeper);
            return new ModelGate(ref.id(), concurrency(ref), limiter);
        });
    }

    /**
     * Puts the limits of studio.yaml as read now in force: each model of {@code refs} gets a gate (made when absent)
     * whose concurrency and rate are changed in place to what its ref says. Call it once per catalog build, with the
     * models of that catalog ({@code app.Studio} does, under its lock), so the newest studio.yaml always wins.
     *
     * @param refs the models of the catalog just built
     */
    public synchronized void configure(java.util.Collection<ModelRef> refs) {
        for (ModelRef ref : refs) {
            ModelGate gate = gate(ref);
            int concurrency = concurrency(ref);
            Integer rpm = ref.requestsPerMinute();
            RateLimiter limiter = gate.limiter();
            Integer now = limiter == null ? null : limiter.requestsPerMinute();
            if (gate.maxConcurrency() != concurrency || !java.util.Objects.equals(now, rpm)) {
                gate.limit(concurrency, rpm, sleeper);
            }
        }
    }

    /** The concurrency {@code ref} asks for: its own, else 1 for Ollama and {@link #DEFAULT_CONCURRENCY} for others. */
    private static int concurrency(ModelRef ref) {
        return ref.maxConcurrency() != null ? ref.maxConcurrency()
                : "ollama".equals(ref.provider()) ? 1 : DEFAULT_CONCURRENCY;
    }

    private static String key(ModelRef ref) {
        return String.join("\u0000", ref.id(), String.valueOf(ref.provider()), String.valueOf(ref.baseUrl()),
                String.valueOf(ref.model()));
    }
}

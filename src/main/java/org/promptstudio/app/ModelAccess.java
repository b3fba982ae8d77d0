package org.promptstudio.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.CachingProvider;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.ResponseCache;
import org.promptstudio.provider.StreamListener;

/**
 * The workspace's models for one run: each model's provider (adapter, shared limits, retries) wrapped in the
 * response cache with the run's policy, and that in the workspace's guardrails, built once and shared by the run's
 * threads. The cache sits outside the limits, so a cached answer uses no request of the rate limit; the guardrails sit
 * outside the cache, so a blocked request reaches neither (decision 0143).
 */
public final class ModelAccess implements ExperimentRunner.Models {

    private final ModelCatalog catalog;
    private final ResponseCache cache;
    private final CachePolicy policy;
    private final Guardrails guardrails;
    private final Map<String, ModelProvider> providers = new HashMap<>();

    ModelAccess(ModelCatalog catalog, ResponseCache cache, CachePolicy policy) {
        this(catalog, cache, policy, Guardrails.NONE);
    }

    ModelAccess(ModelCatalog catalog, ResponseCache cache, CachePolicy policy, Guardrails guardrails) {
        this.catalog = catalog;
        this.cache = cache;
        this.policy = policy;
        this.guardrails = guardrails;
    }

    /** The workspace's model ids, in studio.yaml's order, then the built-in ones it does not list. */
    public List<String> ids() {
        return catalog.models().stream().map(ModelRef::id).toList();
    }

    @Override
    public ModelRef ref(String id) {
        return catalog.model(id).orElseThrow(() -> catalog.unknown(id));
    }

    @Override
    public synchronized ModelProvider provider(String id) {
        return providers.computeIfAbsent(id, k -> new GuardedProvider(
                new CachingProvider(catalog.provider(k), cache, policy), guardrails));
    }

    @Override
    public boolean servedFromCache(ModelRef ref, ExperimentRunner.Prepared prepared) {
        return provider(ref.id()) instanceof GuardedProvider guarded
                && guarded.delegate() instanceof CachingProvider caching
                && caching.hits(ref, prepared.rendered().messages(), prepared.params(), prepared.tools());
    }

    /**
     * These models with each cell's answer streamed as it is written to the listener {@code listeners} gives for
     * the cell (the compare grid, the playground); {@link StreamListener#NONE} for a cell nobody watches.
     */
    public ExperimentRunner.Models streamingTo(
            java.util.function.Function<org.promptstudio.experiment.RunPlan.Cell, StreamListener> listeners) {
        ModelAccess self = this;
        return new ExperimentRunner.Models() {
            @Override
            public ModelRef ref(String id) {
                return self.ref(id);
            }

            @Override
            public ModelProvider provider(String id) {
                return self.provider(id);
            }

            @Override
            public StreamListener listener(org.promptstudio.experiment.RunPlan.Cell cell) {
                return listeners.apply(cell);
            }

            @Override
            public boolean servedFromCache(ModelRef ref, ExperimentRunner.Prepared prepared) {
                return self.servedFromCache(ref, prepared);
            }
        };
    }
}

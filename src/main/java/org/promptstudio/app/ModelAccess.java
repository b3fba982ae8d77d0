package org.promptstudio.app;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.promptstudio.experiment.ExperimentException;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.BuiltInModels;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.CachingProvider;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.ResponseCache;
import org.promptstudio.workspace.ModelConfig;
import org.promptstudio.workspace.Workspace;

/**
 * The models of a workspace, ready to call: {@code studio.yaml}'s entries as {@link ModelRef}s, each behind its
 * adapter, wrapped in the response cache with the run's policy. One instance per run, so each model's adapter (and
 * its limits) is built once and shared by the run's threads.
 */
public final class ModelAccess implements ExperimentRunner.Models {

    private final Map<String, ModelRef> refs = new LinkedHashMap<>();
    private final Map<String, Function<ModelRef, ModelProvider>> factories = new HashMap<>();
    private final Map<String, ModelProvider> providers = new HashMap<>();
    private final ResponseCache cache;
    private final CachePolicy policy;

    ModelAccess(Workspace workspace, CachePolicy policy) {
        for (ModelConfig m : workspace.config().models()) refs.put(m.id(), toRef(m));
        this.cache = new ResponseCache(workspace.stateDir().resolve("cache"));
        this.policy = policy;
        new BuiltInModels(cache, id -> Optional.ofNullable(refs.get(id))).register(factories);
    }

    /** The workspace's model ids, in studio.yaml's order. */
    public List<String> ids() {
        return List.copyOf(refs.keySet());
    }

    @Override
    public ModelRef ref(String id) {
        ModelRef ref = refs.get(id);
        if (ref == null) {
            throw new ExperimentException("no model '" + id + "' in studio.yaml (known: " + String.join(", ", refs.keySet()) + ")");
        }
        return ref;
    }

    @Override
    public synchronized ModelProvider provider(String id) {
        return providers.computeIfAbsent(id, k -> {
            ModelRef ref = ref(k);
            Function<ModelRef, ModelProvider> factory = factories.get(ref.provider());
            if (factory == null) {
                throw new ExperimentException("model '" + k + "': unknown provider '" + ref.provider() + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(factories.keySet())) + ")");
            }
            return new CachingProvider(factory.apply(ref), cache, policy);
        });
    }

    static ModelRef toRef(ModelConfig m) {
        GenerationParams params = GenerationParams.fromConfig(m.params());
        Map<String, Object> options = new LinkedHashMap<>(params.extra());
        return new ModelRef(m.id(), m.provider(), m.model() == null ? m.id() : m.model(), m.baseUrl(),
                params, m.pricing() == null ? null : m.pricing().inputPerMillion(),
                m.pricing() == null ? null : m.pricing().outputPerMillion(), m.maxConcurrency(),
                m.requestsPerMinute(), m.timeoutSeconds(), options);
    }
}

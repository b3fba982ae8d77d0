package org.promptstudio.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.BuiltInModels;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.OllamaCatalog;
import org.promptstudio.provider.ProviderFactory;
import org.promptstudio.provider.Readiness;
import org.promptstudio.workspace.ModelConfig;

/**
 * The models of a workspace as the providers see them: {@code studio.yaml}'s {@link ModelConfig}s turned into
 * {@link ModelRef}s, then the built-in offline models ({@link BuiltInModels#alwaysThere()}: echo, extractive) that
 * studio.yaml does not list under their ids, so a new workspace can run with no key and no network; whether each can
 * be called now, and the {@link ModelProvider} to call it through.
 */
public final class ModelCatalog {

    /**
     * A model, its base URL as it may be shown (key-like query parameters masked; null for the provider's default),
     * whether it can be called now (the reason says what is missing, never a key), and whether it is a built-in
     * model that studio.yaml does not list.
     */
    public record ModelStatus(ModelRef model, String shownBaseUrl, Readiness readiness, boolean builtIn) {
    }

    private final List<ModelRef> models;
    private final Set<String> builtIn;
    private final ProviderFactory factory;

    public ModelCatalog(List<ModelConfig> configs, ProviderFactory factory) {
        List<ModelRef> all = new ArrayList<>(configs.stream().map(ModelCatalog::toRef).toList());
        Set<String> added = new LinkedHashSet<>();
        for (ModelRef b : BuiltInModels.alwaysThere()) {
            if (all.stream().noneMatch(m -> m.id().equals(b.id()))) {
                all.add(b);
                added.add(b.id());
            }
        }
        this.models = List.copyOf(all);
        this.builtIn = Set.copyOf(added);
        this.factory = factory;
    }

    /** The model as the provider package takes it; {@code params} are read as Dotprompt {@code config} keys. */
    public static ModelRef toRef(ModelConfig c) {
        GenerationParams params;
        try {
            params = GenerationParams.fromConfig(c.params());
        } catch (IllegalArgumentException e) {
            throw new StudioException("studio.yaml: model '" + c.id() + "': " + e.getMessage(), e);
        }
        return new ModelRef(c.id(), c.provider(), c.model(), c.baseUrl(), params,
                c.pricing() == null ? null : c.pricing().inputPerMillion(),
                c.pricing() == null ? null : c.pricing().outputPerMillion(),
                c.maxConcurrency(), c.requestsPerMinute(), c.timeoutSeconds(), c.options());
    }

    /** studio.yaml's models in its order, then the built-in ones it does not list. */
    public List<ModelRef> models() {
        return models;
    }

    /** Whether {@code id} is a built-in model that studio.yaml does not list (nor override). */
    public boolean isBuiltIn(String id) {
        return builtIn.contains(id);
    }

    /**
     * The error for a model id that is neither in studio.yaml nor built in, listing the known ids: {@code no model
     * 'gtp' in studio.yaml or built in (known: gpt, echo, extractive)}.
     */
    public StudioException unknown(String id) {
        return new StudioException("no model '" + id + "' in studio.yaml or built in (known: "
                + String.join(", ", models.stream().map(ModelRef::id).toList()) + ")");
    }

    public Optional<ModelRef> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * Each model with its readiness, in the order of {@code studio.yaml}, then the built-in ones. Ollama models ask
     * their server briefly.
     */
    public List<ModelStatus> statuses() {
        return models.stream()
                .map(m -> new ModelStatus(m, ProviderFactory.shownUrl(m.baseUrl()), factory.readiness(m),
                        isBuiltIn(m.id())))
                .toList();
    }

    /** What a run calls: the adapter behind the model's shared limits, with retries. */
    public ModelProvider provider(String id) {
        ModelRef ref = model(id).orElseThrow(() -> unknown(id));
        return factory.provider(ref);
    }

    public ProviderFactory factory() {
        return factory;
    }

    /** The models a local Ollama server has pulled; {@code baseUrl} null means {@code http://localhost:11434}. */
    public static List<OllamaCatalog.LocalModel> ollamaModels(String baseUrl) {
        return new OllamaCatalog().list(baseUrl, Duration.ofSeconds(5));
    }
}

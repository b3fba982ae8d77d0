package org.promptstudio.app;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.OllamaCatalog;
import org.promptstudio.provider.ProviderFactory;
import org.promptstudio.provider.Readiness;
import org.promptstudio.workspace.ModelConfig;

/**
 * The models of a workspace as the providers see them: {@code studio.yaml}'s {@link ModelConfig}s turned into
 * {@link ModelRef}s, whether each can be called now, and the {@link ModelProvider} to call it through.
 */
public final class ModelCatalog {

    /**
     * A model, its base URL as it may be shown (key-like query parameters masked; null for the provider's default),
     * and whether it can be called now (the reason says what is missing, never a key).
     */
    public record ModelStatus(ModelRef model, String shownBaseUrl, Readiness readiness) {
    }

    private final List<ModelRef> models;
    private final ProviderFactory factory;

    public ModelCatalog(List<ModelConfig> configs, ProviderFactory factory) {
        this.models = configs.stream().map(ModelCatalog::toRef).toList();
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

    public List<ModelRef> models() {
        return models;
    }

    public Optional<ModelRef> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Each model with its readiness, in the order of {@code studio.yaml}. Ollama models ask their server briefly. */
    public List<ModelStatus> statuses() {
        return models.stream()
                .map(m -> new ModelStatus(m, ProviderFactory.shownUrl(m.baseUrl()), factory.readiness(m)))
                .toList();
    }

    /** What a run calls: the adapter behind the model's shared limits, with retries. */
    public ModelProvider provider(String id) {
        ModelRef ref = model(id).orElseThrow(() -> new StudioException("no model '" + id + "' in studio.yaml (known: "
                + String.join(", ", models.stream().map(ModelRef::id).toList()) + ")"));
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

package org.promptstudio.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.promptstudio.model.ModelRef;

/**
 * The models that work with no key and no network: {@code echo}, {@code extractive} and {@code replay}. The app
 * adds them to the provider factories by kind; they share one MiniLM ({@link Embeddings#shared()}), one token
 * counter, and the workspace's response cache (for replay, which finds the model it replays by workspace id).
 */
public final class BuiltInModels {

    public static final Set<String> KINDS = Set.of(EchoModel.KIND, ExtractiveModel.KIND, ReplayModel.KIND);

    private final Embeddings embeddings;
    private final TokenCounter tokens;
    private final ResponseCache cache;
    private final Function<String, Optional<ModelRef>> workspaceModels;
    private ResponseCache committed;

    /** {@code workspaceModels} finds a workspace model by id. */
    public BuiltInModels(ResponseCache cache, Function<String, Optional<ModelRef>> workspaceModels) {
        this(Embeddings.shared(), new TokenCounter(), cache, workspaceModels);
    }

    public BuiltInModels(Embeddings embeddings, TokenCounter tokens, ResponseCache cache,
                         Function<String, Optional<ModelRef>> workspaceModels) {
        this.embeddings = embeddings;
        this.tokens = tokens;
        this.cache = cache;
        this.workspaceModels = workspaceModels;
    }

    /**
     * Replay models also read the recordings in {@code recordings} (the workspace's committed {@code recordings/}
     * folder) after the response cache; null: the cache only.
     *
     * @return this
     */
    public BuiltInModels alsoReading(ResponseCache recordings) {
        this.committed = recordings;
        return this;
    }

    /**
     * The offline models every workspace has, whatever studio.yaml lists: {@code echo} and {@code extractive}, each
     * with the id of its kind and the kind's defaults. A studio.yaml entry with the same id takes its place. Replay is
     * not among them: it needs to be told which model's recordings it plays ({@code model: ID}).
     */
    public static List<ModelRef> alwaysThere() {
        return List.of(ModelRef.of(EchoModel.KIND, EchoModel.KIND, null),
                ModelRef.of(ExtractiveModel.KIND, ExtractiveModel.KIND, null));
    }

    public static boolean isBuiltIn(String provider) {
        return provider != null && KINDS.contains(provider);
    }

    /** Adds a factory for each built-in kind to {@code factories} (kind → model for a workspace entry). */
    public void register(Map<String, Function<ModelRef, ModelProvider>> factories) {
        factories.put(EchoModel.KIND, ref -> new EchoModel(ref, tokens));
        factories.put(ExtractiveModel.KIND, ref -> new ExtractiveModel(ref, embeddings, tokens));
        factories.put(ReplayModel.KIND, ref -> new ReplayModel(ref, replayed(ref),
                committed == null ? List.of(cache) : List.of(cache, committed)));
    }

    private ModelRef replayed(ModelRef replay) {
        if (replay.model() == null || replay.model().isBlank()) return null;
        return workspaceModels.apply(replay.model().trim()).orElse(null);
    }

    /**
     * The offline models cannot call tools: a request that declares some is refused with one line naming the model
     * and the tools (decision 0084), rather than answered as if there were none.
     *
     * @throws ProviderException (not retryable) when {@code request} has tools
     */
    static void refuseTools(String modelId, ChatRequest request) {
        if (request.tools().isEmpty()) return;
        String names = request.tools().stream().map(org.promptstudio.model.ToolDefinition::name)
                .collect(java.util.stream.Collectors.joining(", "));
        throw new ProviderException(modelId + ": this offline model cannot call tools (the prompt declares " + names
                + "); choose a model that can, or remove 'tools'", false, -1, 0, null);
    }
}

package org.promptstudio.provider;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;

/**
 * Answers with the response recorded earlier for the identical request to another workspace model, from the
 * response cache; never calls anything. {@code provider: replay, model: gpt-4o-mini} replays the recordings of
 * the workspace model whose id is {@code gpt-4o-mini}: the key is built with that model's provider, model name
 * and base URL. The runner lays a model's own params over the prompt's when it calls it; a replay model should
 * have no params of its own, and replay looks the request up both as sent and with the replayed model's params
 * laid over it, so either way it finds what that model recorded. No recording is a clear failure, not a guess.
 */
public final class ReplayModel implements ModelProvider {

    public static final String KIND = "replay";
    /** The words of the error for a request with no recording (the grid shows such a cell as "no recording"). */
    public static final String NO_RECORDING = "no recording for this request";

    private final ModelRef model;
    private final ModelRef replayed;
    private final List<ResponseCache> caches;

    /** {@code replayed} is the workspace model {@code model.model()} names, or null when there is none. */
    public ReplayModel(ModelRef model, ModelRef replayed, ResponseCache cache) {
        this(model, replayed, List.of(cache));
    }

    /**
     * As above, reading the recordings in {@code caches} in order (the response cache in use, then the workspace's
     * committed {@code recordings/} folder), so that a replay model plays in {@code studio run}, {@code compare}
     * and the window what {@code studio test} plays.
     */
    public ReplayModel(ModelRef model, ModelRef replayed, List<ResponseCache> caches) {
        this.model = model;
        this.replayed = replayed;
        this.caches = List.copyOf(caches);
    }

    @Override
    public Readiness readiness() {
        String problem = problem();
        return problem == null ? Readiness.ready() : Readiness.notReady(problem);
    }

    @Override
    public Optional<ModelCard> card() {
        String of = replayed == null ? "another workspace model" : "model " + replayed.id();
        return Optional.of(new ModelCard(model.id(), KIND,
                "Offline: answers with the response recorded earlier for the identical request to " + of
                        + " (from the response cache), with that call's tokens and latency.",
                "Answers only requests recorded before; a changed prompt, input or setting has no recording. "
                        + "Calls above temperature 0 are recorded only when caching is asked for."));
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        String problem = problem();
        if (problem != null) throw new ProviderException("model '" + model.id() + "': " + problem);
        if (request.cancellation().isCancelled()) throw new ProviderException("model '" + model.id() + "': call cancelled");
        Set<String> keys = new LinkedHashSet<>();
        // As the replayed model's provider was sent them (ProviderSettings): this model passes settings as given.
        GenerationParams sent = ProviderSettings.forModel(request.params(), replayed, false);
        // The tools offered are part of what was recorded (CacheKey), as the caching provider keyed it.
        java.util.List<org.promptstudio.model.ToolDefinition> tools = request.tools();
        keys.add(CacheKey.of(replayed, sent, request.messages(), tools));
        keys.add(CacheKey.of(replayed, sent.overriddenBy(ProviderSettings.forModel(replayed.params(), replayed, false)),
                request.messages(), tools));
        keys.add(CacheKey.of(replayed, request.params(), request.messages(), tools));
        keys.add(CacheKey.of(replayed, request.params().overriddenBy(replayed.params()), request.messages(), tools));
        for (ResponseCache cache : caches) {
            for (String key : keys) {
                Optional<ChatResult> hit = cache.get(key);
                if (hit.isPresent()) {
                    if (!hit.get().text().isEmpty()) listener.onText(hit.get().text());
                    return hit.get();
                }
            }
        }
        throw new ProviderException("model '" + model.id() + "': replay: " + NO_RECORDING + " (prompt changed? "
                + "record it first with model " + replayed.id() + ")");
    }

    private String problem() {
        if (replayed == null) {
            return model.model() == null || model.model().isBlank()
                    ? "a replay model names the workspace model it replays in 'model'"
                    : "replay: there is no workspace model '" + model.model() + "' to replay";
        }
        if (BuiltInModels.isBuiltIn(replayed.provider())) {
            return "replay: model '" + replayed.id() + "' is a built-in offline model; only remote models are recorded";
        }
        return null;
    }
}

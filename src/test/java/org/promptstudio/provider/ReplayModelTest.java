package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class ReplayModelTest {

    @TempDir
    Path dir;

    private static final ModelRef REPLAY = ModelRef.of("mini-replay", "replay", "gpt-4o-mini");
    /** The prompt's own settings; the recording model laid temperature 0 over them. */
    private static final GenerationParams PROMPT_CONFIG = new GenerationParams(0.1, null, null, 300, null, null, null, null, null);

    private ModelProvider replay(ResponseCache cache) {
        Map<String, Function<ModelRef, ModelProvider>> factories = new HashMap<>();
        Map<String, ModelRef> workspace = Map.of(CacheKeyTest.MINI.id(), CacheKeyTest.MINI,
                "echo", ModelRef.of("echo", "echo", null));
        new BuiltInModels(Embeddings.shared(), new TokenCounter(), cache, id -> Optional.ofNullable(workspace.get(id)))
                .register(factories);
        return factories.get("replay").apply(REPLAY);
    }

    private static ChatResult record(ResponseCache cache) {
        GenerationParams sent = PROMPT_CONFIG.overriddenBy(CacheKeyTest.MINI.params());   // as the runner builds it
        return new CachingProvider(new CountingModel(), cache, CachePolicy.AUTO)
                .chat(new ChatRequest(CacheKeyTest.MINI, CacheKeyTest.PROMPT, sent), StreamListener.NONE);
    }

    @Test
    void answersWithTheRecordingOfTheIdenticalRequest() {
        ResponseCache cache = new ResponseCache(dir);
        ChatResult recorded = record(cache);
        List<String> deltas = new ArrayList<>();

        // The runner lays the replay model's (empty) params over the prompt's: replay adds the replayed model's.
        ChatResult replayed = replay(cache).chat(new ChatRequest(REPLAY, CacheKeyTest.PROMPT, PROMPT_CONFIG), deltas::add);

        assertThat(replayed).isEqualTo(recorded);
        assertThat(deltas).containsExactly("answer 1");
        // Also when the app gave the replay model the replayed model's params, so the request is sent as recorded.
        assertThat(replay(cache).chat(new ChatRequest(REPLAY, CacheKeyTest.PROMPT,
                PROMPT_CONFIG.overriddenBy(CacheKeyTest.MINI.params())), StreamListener.NONE)).isEqualTo(recorded);
    }

    @Test
    void aRecordingMadeWithToolsIsReplayedAndTheCacheLooksAheadWithTheTools() {
        ResponseCache cache = new ResponseCache(dir);
        List<org.promptstudio.model.ToolDefinition> tools = List.of(new org.promptstudio.model.ToolDefinition(
                "weather", "The weather in a city", Map.of("type", "object", "properties",
                Map.of("city", Map.of("type", "string"))), null, "tools/weather.yaml"));
        GenerationParams sent = PROMPT_CONFIG.overriddenBy(CacheKeyTest.MINI.params());
        CachingProvider caching = new CachingProvider(new CountingModel(), cache, CachePolicy.AUTO);
        ChatResult recorded = caching.chat(new ChatRequest(CacheKeyTest.MINI, CacheKeyTest.PROMPT, sent,
                new Cancellation(), tools), StreamListener.NONE);

        // The estimate's look-ahead finds it only with the same tools (the key has them).
        assertThat(caching.hits(CacheKeyTest.MINI, CacheKeyTest.PROMPT, sent, tools)).isTrue();
        assertThat(caching.hits(CacheKeyTest.MINI, CacheKeyTest.PROMPT, sent, List.of())).isFalse();
        ChatResult replayed = replay(cache).chat(new ChatRequest(REPLAY, CacheKeyTest.PROMPT, PROMPT_CONFIG,
                new Cancellation(), tools), StreamListener.NONE);
        assertThat(replayed).isEqualTo(recorded);
        // Without the tools it is another request: not recorded.
        assertThatThrownBy(() -> replay(cache).chat(new ChatRequest(REPLAY, CacheKeyTest.PROMPT, PROMPT_CONFIG),
                StreamListener.NONE)).isInstanceOf(ProviderException.class).hasMessageContaining("no recording");
    }

    @Test
    void aRequestNeverRecordedFailsClearly() {
        ResponseCache cache = new ResponseCache(dir);
        record(cache);
        List<Message> changed = List.of(CacheKeyTest.PROMPT.get(0), Message.text(Message.USER, "And to Rotterdam?"));

        assertThatThrownBy(() -> replay(cache).chat(new ChatRequest(REPLAY, changed, PROMPT_CONFIG), StreamListener.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessage("model 'mini-replay': replay: no recording for this request (prompt changed? "
                        + "record it first with model gpt-4o-mini)");
    }

    @Test
    void aReplayOfAnUnknownOrBuiltInModelIsNotReady() {
        ResponseCache cache = new ResponseCache(dir);
        Map<String, Function<ModelRef, ModelProvider>> factories = new HashMap<>();
        new BuiltInModels(Embeddings.shared(), new TokenCounter(), cache,
                id -> id.equals("echo") ? Optional.of(ModelRef.of("echo", "echo", null)) : Optional.empty())
                .register(factories);

        ModelProvider unknown = factories.get("replay").apply(ModelRef.of("r", "replay", "gpt-5"));
        assertThat(unknown.readiness().isReady()).isFalse();
        assertThat(unknown.readiness().reason()).isEqualTo("replay: there is no workspace model 'gpt-5' to replay");
        assertThatThrownBy(() -> unknown.chat(new ChatRequest(REPLAY, CacheKeyTest.PROMPT, null), StreamListener.NONE))
                .hasMessage("model 'r': replay: there is no workspace model 'gpt-5' to replay");
        assertThat(factories.get("replay").apply(ModelRef.of("r", "replay", null)).readiness().reason())
                .contains("names the workspace model it replays in 'model'");
        assertThat(factories.get("replay").apply(ModelRef.of("r", "replay", "echo")).readiness().reason())
                .contains("built-in");
        assertThat(replay(cache).readiness().isReady()).isTrue();
        assertThat(replay(cache).card()).get().satisfies(card -> assertThat(card.description()).contains("gpt-4o-mini"));
    }
}

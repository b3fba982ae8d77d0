package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/** A non-answer's reason survives the response cache and replay, so a replayed refusal is still a refusal. */
class NonAnswerCacheTest {

    @TempDir
    Path dir;

    @Test
    void theCacheKeepsTheFinishReasonAndTheRefusalText() {
        ResponseCache cache = new ResponseCache(dir.resolve("cache"));
        ModelRef model = WireTestSupport.ref("gemini", "gemini-2.0-flash", "http://127.0.0.1:9", java.util.Map.of());
        for (ChatResult result : List.of(
                new ChatResult("I'm sorry, I can't help with that.", "refusal", new ChatResult.Usage(9, 8, false), 40L, null, "gpt-4o"),
                new ChatResult("", "content_filter:SAFETY", new ChatResult.Usage(5, 0, false), 30L, null, "gemini-2.0-flash"),
                new ChatResult("Once upon", "length", new ChatResult.Usage(5, 2, false), 30L, 10L, "gemini-2.0-flash"))) {
            ChatRequest request = new ChatRequest(model, List.of(Message.text("user", result.finishReason())),
                    GenerationParams.NONE);
            String key = CacheKey.of(request);
            cache.put(key, request, result);
            assertThat(new ResponseCache(dir.resolve("cache")).get(key)).as(result.finishReason()).contains(result);
        }
    }
}

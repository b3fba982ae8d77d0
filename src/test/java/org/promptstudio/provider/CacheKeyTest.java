package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

class CacheKeyTest {

    static final ModelRef MINI = new ModelRef("gpt-4o-mini", "openai", "gpt-4o-mini", null,
            new GenerationParams(0.0, null, null, null, null, null, null, null, null), 0.15, 0.6, 4, 500, null, Map.of());
    static final List<Message> PROMPT = List.of(
            Message.text(Message.SYSTEM, "Answer briefly."),
            Message.text(Message.USER, "How long does delivery to Amsterdam take?"));

    static GenerationParams temperature(Double t) {
        return new GenerationParams(t, null, null, 300, null, null, null, null, null);
    }

    @Test
    void theSameRequestHasTheSameKeyEveryTime() {
        String key = CacheKey.of(MINI, temperature(0.0), PROMPT);
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(CacheKey.of(MINI, temperature(0.0), List.copyOf(PROMPT))).isEqualTo(key);
        // Pinned: a change to the recipe must bump CacheKey.VERSION, or old recordings would be misread.
        assertThat(CacheKey.canonicalJson(MINI, temperature(0.0), PROMPT)).isEqualTo(
                "{\"baseUrl\":\"\",\"messages\":[{\"content\":[{\"text\":\"Answer briefly.\"}],\"role\":\"system\"},"
                        + "{\"content\":[{\"text\":\"How long does delivery to Amsterdam take?\"}],\"role\":\"user\"}],"
                        + "\"model\":\"gpt-4o-mini\",\"params\":{\"maxOutputTokens\":300,\"temperature\":0},"
                        + "\"provider\":\"openai\",\"v\":1}");
    }

    @Test
    void whatTheModelDoesNotSeeDoesNotChangeTheKey() {
        String key = CacheKey.of(MINI, temperature(0.0), PROMPT);
        ModelRef otherEntry = new ModelRef("mini-fast", "openai", "gpt-4o-mini", null, GenerationParams.NONE,
                null, null, 8, null, 30, Map.of());
        assertThat(CacheKey.of(otherEntry, temperature(0.0), PROMPT)).as("workspace id, limits, prices").isEqualTo(key);
        List<Message> withMetadata = List.of(PROMPT.get(0), new Message(Message.USER,
                PROMPT.get(1).content(), Map.of("purpose", "input")));
        assertThat(CacheKey.of(MINI, temperature(0.0), withMetadata)).as("message metadata").isEqualTo(key);
        ModelRef slash = new ModelRef("gpt-4o-mini", "openai", "gpt-4o-mini", "https://api.example/v1/",
                GenerationParams.NONE, null, null, null, null, null, Map.of());
        ModelRef noSlash = new ModelRef("gpt-4o-mini", "openai", "gpt-4o-mini", "https://api.example/v1",
                GenerationParams.NONE, null, null, null, null, null, Map.of());
        assertThat(CacheKey.of(slash, temperature(0.0), PROMPT)).isEqualTo(CacheKey.of(noSlash, temperature(0.0), PROMPT));
    }

    @Test
    void numbersAndMapsAreCanonical() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("reasoning", Map.of("effort", "low"));
        a.put("n", 1);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("n", 1.0);
        b.put("reasoning", Map.of("effort", "low"));
        assertThat(CacheKey.of(MINI, new GenerationParams(0.0, null, null, null, null, null, null, null, a), PROMPT))
                .isEqualTo(CacheKey.of(MINI, new GenerationParams(0.0, null, null, null, null, null, null, null, b), PROMPT));
    }

    @Test
    void aChangedMessageParamOrModelChangesTheKey() {
        String key = CacheKey.of(MINI, temperature(0.0), PROMPT);
        List<String> others = List.of(
                CacheKey.of(MINI, temperature(0.0), List.of(PROMPT.get(0), Message.text(Message.USER, "How long does delivery to Utrecht take?"))),
                CacheKey.of(MINI, temperature(0.0), List.of(Message.text(Message.USER, "Answer briefly."), PROMPT.get(1))),
                CacheKey.of(MINI, temperature(0.0), List.of(PROMPT.get(1))),
                CacheKey.of(MINI, temperature(0.0), List.of(PROMPT.get(0), new Message(Message.USER, List.of(
                        new Part.Text("How long does delivery to Amsterdam take?"), new Part.Media("https://x.example/a.png", "image/png"))))),
                CacheKey.of(MINI, temperature(0.2), PROMPT),
                CacheKey.of(MINI, temperature(null), PROMPT),
                CacheKey.of(MINI, new GenerationParams(0.0, null, null, 301, null, null, null, null, null), PROMPT),
                CacheKey.of(MINI, new GenerationParams(0.0, null, null, 300, List.of("\n"), null, null, null, null), PROMPT),
                CacheKey.of(MINI, new GenerationParams(0.0, null, null, 300, null, 7L, null, null, null), PROMPT),
                CacheKey.of(ModelRef.of("gpt-4o-mini", "openai", "gpt-4o"), temperature(0.0), PROMPT),
                CacheKey.of(ModelRef.of("gpt-4o-mini", "azure-openai", "gpt-4o-mini"), temperature(0.0), PROMPT),
                CacheKey.of(new ModelRef("gpt-4o-mini", "openai", "gpt-4o-mini", "http://localhost:8080/v1",
                        GenerationParams.NONE, null, null, null, null, null, Map.of()), temperature(0.0), PROMPT));
        assertThat(others).doesNotContain(key).doesNotHaveDuplicates();
    }
}

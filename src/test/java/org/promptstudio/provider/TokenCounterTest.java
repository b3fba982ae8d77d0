package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class TokenCounterTest {

    private final TokenCounter tokens = new TokenCounter();

    @Test
    void countsTextAsTiktokenDoes() {
        // Figures from OpenAI's cookbook "How to count tokens with tiktoken".
        assertThat(tokens.count("gpt-4", "tiktoken is great!")).isEqualTo(6);
        assertThat(tokens.count("gpt-4", "2 + 2 = 4")).isEqualTo(7);
        assertThat(tokens.count("gpt-4", "お誕生日おめでとう")).isEqualTo(9);
        assertThat(tokens.count("gpt-4o", "お誕生日おめでとう")).isEqualTo(8);
    }

    @Test
    void picksO200kForNewOpenAiModelsAndCl100kOtherwise() {
        assertThat(tokens.encodingFor("gpt-4o-mini")).isEqualTo("o200k_base");
        assertThat(tokens.encodingFor("gpt-4.1-nano")).isEqualTo("o200k_base");
        assertThat(tokens.encodingFor("o3-mini")).isEqualTo("o200k_base");
        assertThat(tokens.encodingFor("openai/gpt-4o")).isEqualTo("o200k_base");
        assertThat(tokens.encodingFor("gpt-4-turbo")).isEqualTo("cl100k_base");
        assertThat(tokens.encodingFor("claude-3-5-haiku-latest")).isEqualTo("cl100k_base");
        assertThat(tokens.encodingFor(null)).isEqualTo("cl100k_base");
        assertThat(tokens.isExact("gpt-4o")).isTrue();
        assertThat(tokens.isExact("llama3.2")).isFalse();
        assertThat(tokens.isExact("ollama")).isFalse();
    }

    @Test
    void countsMessagesWithOpenAiChatFraming() {
        List<Message> messages = List.of(
                Message.text(Message.SYSTEM, "tiktoken is great!"),
                Message.text(Message.USER, "2 + 2 = 4"),
                Message.text(Message.MODEL, ""));
        // 3 per message + 1 per role + text, and 3 to prime the reply.
        assertThat(tokens.countMessages("gpt-4", messages)).isEqualTo(3 + (4 + 6) + (4 + 7) + (4 + 0));
        assertThat(tokens.countMessages("gpt-4", List.of())).isEqualTo(3);
    }

    @Test
    void estimatedUsageIsFlaggedAndFillsOnlyMissingUsage() {
        ModelRef model = ModelRef.of("m", "openai", "gpt-4o");
        ChatRequest request = new ChatRequest(model, List.of(Message.text(Message.USER, "2 + 2 = 4")), null);

        ChatResult.Usage usage = tokens.estimateUsage(model, request.messages(), "tiktoken is great!");
        assertThat(usage).isEqualTo(new ChatResult.Usage(3 + 4 + 7, 6, true));

        ChatResult reported = new ChatResult("4", "stop", new ChatResult.Usage(20, 1, false), 5, 3L, "gpt-4o");
        assertThat(tokens.withUsage(request, reported)).isSameAs(reported);
        ChatResult bare = new ChatResult("tiktoken is great!", "stop", null, 5, 3L, "gpt-4o");
        assertThat(tokens.withUsage(request, bare).usage()).isEqualTo(usage);
    }

    @Test
    void truncatesToATokenBudget() {
        assertThat(tokens.truncate("gpt-4", "tiktoken is great!", 3)).isEqualTo("tiktoken");
        assertThat(tokens.truncate("gpt-4", "tiktoken is great!", 6)).isEqualTo("tiktoken is great!");
        assertThat(tokens.truncate("gpt-4", "お誕生日おめでとう", 2)).doesNotContain("\uFFFD");
    }

    @Test
    void tokenBoundariesCutBetweenTokensAndNeverInsideACharacter() {
        TokenCounter counter = new TokenCounter();
        assertThat(counter.tokenBoundaries("cl100k_base", "")).isEmpty();
        // "tiktoken is great!" is 6 cl100k tokens: t|ik|token| is| great|!
        assertThat(counter.tokenBoundaries("gpt-4", "tiktoken is great!")).containsExactly(1, 3, 8, 11, 17, 18);
        String text = "お誕生日おめでとう𠀀😀";
        int[] ends = counter.tokenBoundaries("gpt-4", text);
        assertThat(ends[ends.length - 1]).isEqualTo(text.length());
        int from = 0;
        StringBuilder joined = new StringBuilder();
        for (int end : ends) {
            assertThat(end).isGreaterThan(from);
            assertThat(Character.isHighSurrogate(text.charAt(end - 1))).isFalse();
            joined.append(text, from, end);
            from = end;
        }
        assertThat(joined.toString()).isEqualTo(text);
        assertThat(ends.length).isLessThanOrEqualTo(counter.count("gpt-4", text));
    }
}

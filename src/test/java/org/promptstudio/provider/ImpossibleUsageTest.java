package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * Token counts are read whole (longs, never cut to 32 bits) in every provider's wire format, and counts that cannot be
 * true are flagged and not priced (docs/decisions/0114-impossible-token-counts-have-no-cost.md). Whole answers from a
 * local server on 127.0.0.1.
 *
 * <p>Reference values: the trial's server said {@code completion_tokens: 99999999999}; cut to 32 bits that is
 * 99,999,999,999 mod 2^32 = 1,215,752,191 (what the studio showed), and priced at $2/M out it made up $2431.50.
 * Field names: OpenAI "The chat completion object" ({@code usage.prompt_tokens}, {@code completion_tokens});
 * Anthropic Messages API ({@code usage.input_tokens}, {@code output_tokens}); Gemini generateContent
 * ({@code usageMetadata.promptTokenCount}, {@code candidatesTokenCount}); Ollama /api/chat ({@code prompt_eval_count},
 * {@code eval_count}).
 */
class ImpossibleUsageTest {

    static final long HUGE = 99_999_999_999L;

    @RegisterExtension
    final LocalWire wire = new LocalWire();

    private ModelRef model(String kind, String name) {
        return new ModelRef("m-" + kind, kind, name, wire.url(), GenerationParams.NONE, 1.0, 2.0, null,
                null, null, Map.of());
    }

    private ChatResult whole(ModelRef ref, String body, GenerationParams params) {
        return wire.whole(ref, List.of(Message.text("user", "2+2?")), params, body);
    }

    private static void assertImpossible(ModelRef ref, ChatResult r, String figure) {
        assertThat(r.usage().outputTokens()).isEqualTo(HUGE);
        assertThat(r.usage().plausible()).isFalse();
        assertThat(r.usage().implausible()).contains(ref.id()).contains(figure).doesNotContain("\n");
        assertThat(Pricing.of(ref).cost(r.usage())).isNull();
    }

    @Test
    void openAiCountsAreReadWholeAndAnImpossibleOneHasNoCost() {
        ModelRef ref = model("openai-compatible", "local");
        ChatResult r = whole(ref, """
                {"id":"c","object":"chat.completion","model":"local","choices":[{"index":0,
                 "message":{"role":"assistant","content":"4"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":99999999999}}""", null);

        assertThat(r.usage().inputTokens()).isEqualTo(10);
        assertImpossible(ref, r, "99,999,999,999 output tokens");
    }

    @Test
    void anthropicCountsAreReadWhole() {
        ModelRef ref = model("anthropic", "claude-x");
        ChatResult r = whole(ref, """
                {"id":"m","type":"message","role":"assistant","model":"claude-x",
                 "content":[{"type":"text","text":"4"}],"stop_reason":"end_turn",
                 "usage":{"input_tokens":10,"output_tokens":99999999999}}""", null);

        assertImpossible(ref, r, "99,999,999,999");
    }

    @Test
    void geminiCountsAreReadWhole() {
        ModelRef ref = model("gemini", "gemini-x");
        ChatResult r = whole(ref, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"4"}]},"finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":99999999999}}""", null);

        assertImpossible(ref, r, "99,999,999,999");
    }

    @Test
    void ollamaCountsAreReadWhole() {
        ModelRef ref = model("ollama", "llama-x");
        ChatResult r = whole(ref, """
                {"model":"llama-x","message":{"role":"assistant","content":"4"},"done":true,"done_reason":"stop",
                 "prompt_eval_count":10,"eval_count":99999999999}""", null);

        assertImpossible(ref, r, "99,999,999,999");
    }

    @Test
    void aNegativeCountIsImpossibleNotUnreported() {
        ModelRef ref = model("openai-compatible", "local");
        ChatResult r = whole(ref, """
                {"id":"c","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"4"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":-5,"completion_tokens":1}}""", null);

        assertThat(r.usage().inputTokens()).isEqualTo(-5);
        assertThat(r.usage().estimated()).isFalse();
        assertThat(r.usage().implausible()).contains("-5 input tokens");
        assertThat(Pricing.of(ref).cost(r.usage())).isNull();
    }

    @Test
    void moreThanTwiceTheMaxOutputTokensIsImpossible() {
        ModelRef ref = model("openai-compatible", "local");
        // 2 × 120 + 64 = 304 is the most a limit of 120 allows; the text is long enough to hold 400 tokens
        String text = "word ".repeat(400);
        ChatResult r = whole(ref, """
                {"id":"c","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"%s"},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":400}}""".formatted(text),
                new GenerationParams(null, null, null, 120, null, null, null, null, null));

        assertThat(r.usage().implausible()).contains("400 output tokens for a limit of 120");
    }

    @Test
    void moreOutputTokensThanTheTextHasBytesIsImpossibleButAPlausibleCountIsPriced() {
        ModelRef ref = model("openai-compatible", "local");
        ChatResult r = whole(ref, """
                {"id":"c","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"4"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5000}}""", null);
        // "4" is 1 byte: at most 1 + 64 tokens
        assertThat(r.usage().implausible()).contains("5,000 output tokens for an answer of 1 bytes");

        ChatResult fine = whole(ref, """
                {"id":"c","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"four"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":3000000000,"completion_tokens":2}}""", null);
        // 3e9 input tokens is more than 2^31 (read whole, not cut) and more than any model takes (1e8): impossible
        assertThat(fine.usage().inputTokens()).isEqualTo(3_000_000_000L);
        assertThat(fine.usage().implausible()).contains("3,000,000,000 input tokens");

        ChatResult priced = whole(ref, """
                {"id":"c","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"four"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000000,"completion_tokens":2}}""", null);
        // 1e6 × $1/M + 2 × $2/M = $1.000004
        assertThat(priced.usage().plausible()).isTrue();
        assertThat(Pricing.of(ref).cost(priced.usage())).isCloseTo(1.000004, org.assertj.core.data.Offset.offset(1e-12));
    }
}

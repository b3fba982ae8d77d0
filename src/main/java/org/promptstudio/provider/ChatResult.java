package org.promptstudio.provider;

/**
 * The answer of one call. {@code finishReason} is normalised to a {@link org.promptstudio.model.FinishReason} word
 * ({@code stop}, {@code length}, {@code content_filter}, {@code refusal}, {@code tool_calls}, {@code stopped},
 * {@code empty} or {@code other}), with the provider's own word after a colon where it says more
 * ({@code content_filter:SAFETY}). For a refusal, {@code text} is the model's explanation (OpenAI's
 * {@code message.refusal}). {@code usage.estimated()} is true when the provider reported no usage and tokens were
 * counted locally. {@code toolCalls} are the tools the model asked to call, in the order it wrote them (empty when
 * none; then {@code finishReason} is usually {@code tool_calls}).
 */
public record ChatResult(String text, String finishReason, Usage usage, long latencyMillis, Long firstTokenMillis,
                         String providerModel, java.util.List<org.promptstudio.model.Part.ToolRequest> toolCalls) {

    public ChatResult {
        toolCalls = toolCalls == null ? java.util.List.of() : java.util.List.copyOf(toolCalls);
    }

    /** A result without tool calls. */
    public ChatResult(String text, String finishReason, Usage usage, long latencyMillis, Long firstTokenMillis,
                      String providerModel) {
        this(text, finishReason, usage, latencyMillis, firstTokenMillis, providerModel, java.util.List.of());
    }

    /**
     * Token counts of one call. {@code outputTokens} is every token the model generated, its reasoning ("thinking")
     * tokens included, since providers bill them as output; {@code reasoningTokens} is how many of those were
     * reasoning (0 when none or not reported), never more than {@code outputTokens}.
     */
    public record Usage(int inputTokens, int outputTokens, boolean estimated, int reasoningTokens) {

        public Usage {
            reasoningTokens = Math.max(0, Math.min(reasoningTokens, Math.max(0, outputTokens)));
        }

        /** Usage without reasoning tokens. */
        public Usage(int inputTokens, int outputTokens, boolean estimated) {
            this(inputTokens, outputTokens, estimated, 0);
        }
    }
}

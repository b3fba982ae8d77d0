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
     * Token counts of one call, whole as the provider reported them (longs: never cut to 32 bits).
     * {@code outputTokens} is every token the model generated, its reasoning ("thinking") tokens included, since
     * providers bill them as output; {@code reasoningTokens} is how many of those were reasoning (0 when none or not
     * reported), never more than {@code outputTokens}. {@code implausible} is null for counts that can be true; else
     * one line naming the impossible figure (see {@link UsageCheck} and docs/decisions/0114-*.md): such counts are
     * kept as reported but priced at nothing known (the cost is unknown, never invented).
     */
    public record Usage(long inputTokens, long outputTokens, boolean estimated, long reasoningTokens,
                        String implausible) {

        public Usage {
            reasoningTokens = Math.max(0, Math.min(reasoningTokens, Math.max(0, outputTokens)));
        }

        /** Plausible usage with reasoning tokens. */
        public Usage(long inputTokens, long outputTokens, boolean estimated, long reasoningTokens) {
            this(inputTokens, outputTokens, estimated, reasoningTokens, null);
        }

        /** Usage without reasoning tokens. */
        public Usage(long inputTokens, long outputTokens, boolean estimated) {
            this(inputTokens, outputTokens, estimated, 0);
        }

        /** Whether these counts can be true (no {@link #implausible()} note). */
        public boolean plausible() {
            return implausible == null;
        }

        /** These counts flagged as impossible, {@code note} saying why. */
        public Usage flagged(String note) {
            return new Usage(inputTokens, outputTokens, estimated, reasoningTokens, note);
        }
    }
}

package org.promptstudio.provider;

/**
 * The answer of one call. {@code finishReason} is normalised to {@code stop}, {@code length},
 * {@code content_filter}, {@code tool_calls} or {@code other}. {@code usage.estimated()} is true when the provider
 * reported no usage and tokens were counted locally.
 */
public record ChatResult(String text, String finishReason, Usage usage, long latencyMillis, Long firstTokenMillis,
                         String providerModel) {

    /** Token counts of one call. */
    public record Usage(int inputTokens, int outputTokens, boolean estimated) {
    }
}

package org.promptstudio.provider;

import org.promptstudio.model.Message;

/**
 * Counts tokens locally when a provider reports no usage. The default is a rough four characters per token; a
 * tokenizer-based one can replace it through {@link ProviderFactory.Builder#estimator}.
 */
@FunctionalInterface
public interface UsageEstimator {

    /** The usage of a call that sent {@code request} and got {@code outputText}; always {@code estimated}. */
    ChatResult.Usage estimate(ChatRequest request, String outputText);

    /** About four characters a token, rounded up, for input (all text parts) and output. */
    static UsageEstimator charsPerToken() {
        return (request, outputText) -> {
            long chars = request.messages().stream().map(Message::text).mapToLong(String::length).sum();
            return new ChatResult.Usage(tokens(chars), tokens(outputText == null ? 0 : outputText.length()), true);
        };
    }

    private static int tokens(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
    }
}

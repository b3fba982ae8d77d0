package org.promptstudio.provider;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.promptstudio.model.Part;

/**
 * Whether a provider's token counts can be true (docs/decisions/0114-impossible-token-counts-have-no-cost.md). A
 * count is impossible when it is negative; when the input is above {@link #MAX_INPUT} or the output above
 * {@link #MAX_OUTPUT} (ten times the largest context window and output limit any model has had); when the output is
 * more than twice the request's {@code maxOutputTokens} plus {@link #SLACK}; or when the output tokens that are not
 * reasoning are more than the answer could hold: every token the model writes is at least one byte of its text, so
 * an answer without reasoning has at most as many output tokens as the UTF-8 bytes of its text and tool calls, plus
 * {@link #SLACK} for end and formatting tokens. Estimated counts are never flagged (the studio counted them itself).
 */
public final class UsageCheck {

    /** Input tokens no model has ever taken in one request: ten times the largest window (10 M, Llama 4 Scout). */
    public static final long MAX_INPUT = 100_000_000L;
    /** Output tokens no model has ever written in one answer: well above the largest output limit (128 k). */
    public static final long MAX_OUTPUT = 10_000_000L;
    /** Tokens a model may spend beside the text it shows: end markers, tool-call framing, role tokens. */
    public static final long SLACK = 64;

    private UsageCheck() {
    }

    /**
     * {@code usage} as it is when it can be true, else flagged with one line naming the model and the figure.
     *
     * @param modelId   the model's id, as the user wrote it (e.g. {@code openai:gpt-4o-mini})
     * @param request   the request that was sent (its {@code maxOutputTokens}, if any)
     * @param text      the answer's text (may be null)
     * @param thinking  the reasoning text sent apart from the answer (may be null)
     * @param toolCalls the tools the model asked to call
     */
    public static ChatResult.Usage check(String modelId, ChatRequest request, ChatResult.Usage usage, String text,
                                         String thinking, java.util.List<Part.ToolRequest> toolCalls) {
        if (usage == null || usage.estimated()) return usage;
        String why = reason(request, usage, text, thinking, toolCalls);
        return why == null ? usage : usage.flagged(modelId + " reported " + why + "; cost unknown");
    }

    private static String reason(ChatRequest request, ChatResult.Usage u, String text, String thinking,
                                 java.util.List<Part.ToolRequest> toolCalls) {
        if (u.inputTokens() < 0) return figure(u.inputTokens()) + " input tokens (negative)";
        if (u.outputTokens() < 0) return figure(u.outputTokens()) + " output tokens (negative)";
        if (u.inputTokens() > MAX_INPUT) return figure(u.inputTokens()) + " input tokens (more than any model takes)";
        if (u.outputTokens() > MAX_OUTPUT) {
            return figure(u.outputTokens()) + " output tokens (more than any model writes)";
        }
        Integer max = request == null ? null : request.params().maxOutputTokens();
        if (max != null && max > 0 && u.outputTokens() > 2L * max + SLACK) {
            return figure(u.outputTokens()) + " output tokens for a limit of " + figure(max);
        }
        // Reasoning the provider bills but shows only in part (Claude's summarised thinking) is not bounded by text.
        if (u.reasoningTokens() > 0 || bytes(thinking) > 0) return null;
        long bytes = bytes(text);
        for (Part.ToolRequest t : toolCalls == null ? java.util.List.<Part.ToolRequest>of() : toolCalls) {
            bytes += bytes(t.name()) + bytes(String.valueOf(t.input()));
        }
        long shown = u.outputTokens() - u.reasoningTokens();
        if (shown > bytes + SLACK) {
            return figure(u.outputTokens()) + " output tokens for an answer of " + figure(bytes) + " bytes";
        }
        return null;
    }

    private static long bytes(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String figure(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

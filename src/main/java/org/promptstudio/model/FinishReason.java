package org.promptstudio.model;

import java.util.Locale;

/**
 * Why a model stopped, as the studio records it on a call ({@code calls.finish_reason}): one of the words below,
 * optionally followed by {@code :} and the provider's own word when it says more than ours
 * ({@code content_filter:SAFETY}, {@code stopped:OTHER}). Rows recorded before the studio kept details hold the bare
 * word and read the same. Source of the vocabulary: OpenAI's {@code finish_reason} values ({@code stop},
 * {@code length}, {@code content_filter}, {@code tool_calls}), plus {@code refusal} (OpenAI's {@code message.refusal},
 * Anthropic's {@code stop_reason: "refusal"}), {@code stopped} (the provider ended the answer for a reason of its
 * own, e.g. Gemini {@code OTHER}, {@code LANGUAGE}) and {@code empty} (the answer has no text). See
 * docs/decisions/0039-non-answers-recorded-with-their-reason.md.
 */
public final class FinishReason {

    /** The model ended its answer (or hit a stop sequence). */
    public static final String STOP = "stop";
    /** The answer was cut off at the output token limit (or the context window). */
    public static final String LENGTH = "length";
    /** The provider's content filter blocked the answer or the prompt. */
    public static final String CONTENT_FILTER = "content_filter";
    /** The model declined to answer. */
    public static final String REFUSAL = "refusal";
    /** The model stopped to call a tool. */
    public static final String TOOL_CALLS = "tool_calls";
    /** The provider stopped the answer for a reason of its own, named in the detail. */
    public static final String STOPPED = "stopped";
    /** The answer has no text (only white space or nothing) although the provider said it ended normally. */
    public static final String EMPTY = "empty";
    /** A reason the provider did not give, or one we do not know. */
    public static final String OTHER = "other";

    private FinishReason() {
    }

    /** {@code kind} with the provider's own word after a colon, or {@code kind} alone when {@code detail} is blank. */
    public static String of(String kind, String detail) {
        return detail == null || detail.isBlank() ? kind : kind + ":" + detail.strip();
    }

    /** The word before the colon, lower-cased ({@code content_filter} of {@code content_filter:SAFETY}); null for null. */
    public static String kind(String reason) {
        if (reason == null) return null;
        int colon = reason.indexOf(':');
        return (colon < 0 ? reason : reason.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }

    /** What follows the colon ({@code SAFETY} of {@code content_filter:SAFETY}), or null when nothing does. */
    public static String detail(String reason) {
        if (reason == null) return null;
        int colon = reason.indexOf(':');
        if (colon < 0) return null;
        String d = reason.substring(colon + 1).strip();
        return d.isEmpty() ? null : d;
    }

    /**
     * The reason to record for an answer with {@code text} that ended with {@code reason}: {@link #EMPTY} (keeping the
     * provider's word as detail) when the text is blank and the provider gave a normal end ({@code stop}, {@code other},
     * {@code tool_calls} or none), else {@code reason} as it is. A cut-off, a filter or a refusal stays what it is
     * even with no text: it says more than "empty". Applying it twice changes nothing.
     */
    public static String recorded(String reason, String text) {
        if (text != null && !text.isBlank()) return reason;
        String kind = kind(reason);
        if (kind == null || kind.isEmpty()) return EMPTY;
        return switch (kind) {
            case STOP, OTHER, TOOL_CALLS -> of(EMPTY, kind);
            default -> reason;
        };
    }
}

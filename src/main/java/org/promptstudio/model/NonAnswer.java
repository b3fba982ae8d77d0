package org.promptstudio.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call that ended without error but did not give a full answer: the model refused, the provider's content filter
 * blocked it, it was cut off at the token limit, the provider stopped it for another reason, or it is empty. Such a
 * call is shown as what it is everywhere an answer is shown, and a case it answers fails unless an assertion asks
 * for exactly that (docs/decisions/0039 and 0040).
 *
 * @param kind         what kind of non-answer
 * @param finishReason the call's recorded finish reason ({@link FinishReason})
 * @param text         the text that came with it (a refusal's explanation, a cut-off answer's start); may be empty
 * @param maxTokens    the output token limit the call asked for, or null when it set none (for the message)
 */
public record NonAnswer(Kind kind, String finishReason, String text, Integer maxTokens) {

    /** The kinds of non-answer, each with the finish reason word that marks it. */
    public enum Kind {
        REFUSAL(FinishReason.REFUSAL),
        CONTENT_FILTER(FinishReason.CONTENT_FILTER),
        CUT_OFF(FinishReason.LENGTH),
        STOPPED(FinishReason.STOPPED),
        EMPTY(FinishReason.EMPTY);

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** The finish reason word of this kind ({@code refusal}, {@code length}, ...). */
        public String reason() {
            return reason;
        }
    }

    private static final Pattern MAX_TOKENS = Pattern.compile("\"maxOutputTokens\"\\s*:\\s*(\\d+)");

    public NonAnswer {
        text = text == null ? "" : text;
    }

    /**
     * The non-answer an answered call with {@code finishReason} and {@code text} is, or empty when it is a full answer
     * (or when the call did not answer at all: {@code status} other than {@code OK} is an error, not a non-answer).
     * {@code text} null means "not read" (a listing without texts): only the finish reason decides then.
     */
    public static Optional<NonAnswer> of(CallStatus status, String finishReason, String text, Integer maxTokens) {
        if (status != CallStatus.OK) return Optional.empty();
        String reason = text == null ? finishReason : FinishReason.recorded(finishReason, text);
        String kind = FinishReason.kind(reason);
        if (kind == null) return Optional.empty();
        for (Kind k : Kind.values()) {
            if (k.reason.equals(kind)) return Optional.of(new NonAnswer(k, reason, text, maxTokens));
        }
        return Optional.empty();
    }

    /** {@link #of(CallStatus, String, String, Integer)} for a recorded call; its texts may be null (a listing). */
    public static Optional<NonAnswer> of(CallRecord call) {
        String text = call.texts() == null ? null : call.texts().output() == null ? "" : call.texts().output();
        return of(call.status(), call.finishReason(), text, maxTokens(call.paramsJson()));
    }

    /** The {@code maxOutputTokens} a call's recorded parameters (JSON) set, or null. */
    static Integer maxTokens(String paramsJson) {
        if (paramsJson == null) return null;
        Matcher m = MAX_TOKENS.matcher(paramsJson);
        if (!m.find()) return null;
        try {
            return Integer.valueOf(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The provider's own word, if the finish reason carries one ({@code SAFETY}). */
    public String detail() {
        return FinishReason.detail(finishReason);
    }

    /**
     * What happened, in one line a user reads: {@code refused: <the model's explanation>},
     * {@code blocked by the provider's content filter (SAFETY)}, {@code cut off at the token limit (max 256 tokens)},
     * {@code stopped by the provider (OTHER)}, {@code empty answer}. The refusal text is cut to 200 characters.
     */
    public String describe() {
        String detail = detail();
        return switch (kind) {
            case REFUSAL -> text.isBlank() ? "refused" : "refused: " + oneLine(text, 200);
            case CONTENT_FILTER -> "blocked by the provider's content filter" + (detail == null ? "" : " (" + detail + ")");
            case CUT_OFF -> "cut off at the token limit" + (maxTokens != null ? " (max " + maxTokens + " tokens)"
                    : detail != null ? " (" + detail + ")" : "");
            case STOPPED -> "stopped by the provider before the answer ended" + (detail == null ? "" : " (" + detail + ")");
            // A model that stopped to call a tool and got no result has written no answer yet (decision 0085).
            case EMPTY -> FinishReason.TOOL_CALLS.equals(detail) ? "no answer: it called a tool and got no result"
                    : "empty answer";
        };
    }

    /** A short word for tables: {@code refused}, {@code filtered}, {@code cut off}, {@code stopped}, {@code empty}. */
    public String word() {
        return switch (kind) {
            case REFUSAL -> "refused";
            case CONTENT_FILTER -> "filtered";
            case CUT_OFF -> "cut off";
            case STOPPED -> "stopped";
            case EMPTY -> "empty";
        };
    }

    /**
     * The short form for a table column: {@link #word()} with the provider's word or the limit, e.g.
     * {@code filtered (SAFETY)}, {@code cut off (max 256 tokens)}, {@code refused}, {@code empty}.
     */
    public String brief() {
        String detail = detail();
        if (kind == Kind.CUT_OFF && maxTokens != null) return word() + " (max " + maxTokens + " tokens)";
        return detail == null || kind == Kind.EMPTY ? word() : word() + " (" + detail + ")";
    }

    /**
     * The call's state as every list and the run table count it (one source of wording): {@code cut-off} for an
     * answer cut at the token limit, {@code no-answer} for every other non-answer (refused, filtered, stopped, empty,
     * a tool called without a result).
     */
    public String state() {
        return kind == Kind.CUT_OFF ? "cut-off" : "no-answer";
    }

    /**
     * The state with what it was, for a list's state column: {@code cut-off (max 120 tokens)},
     * {@code no-answer: refused}, {@code no-answer: filtered (SAFETY)}, {@code no-answer: tool called, no result}.
     */
    public String listed() {
        if (kind == Kind.CUT_OFF) return maxTokens != null ? state() + " (max " + maxTokens + " tokens)" : state();
        if (kind == Kind.EMPTY && FinishReason.TOOL_CALLS.equals(detail())) return state() + ": tool called, no result";
        return state() + ": " + brief();
    }

    private static String oneLine(String s, int max) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 3) + "...";
    }
}

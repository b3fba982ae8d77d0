package org.promptstudio.eval;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.FinishReason;
import org.promptstudio.model.NonAnswer;

/**
 * Assertions on how an answer ended, named as promptfoo names them (promptfoo src/assertions/refusal.ts and
 * src/assertions/finishReason.ts): {@code is-refusal} passes when the model declined: the provider marked a
 * refusal, its content filter blocked the answer, the answer is empty (promptfoo counts an empty answer as a
 * refusal), or the text opens with a refusal statement ("I'm sorry, but I can't ...", "I cannot help with ...").
 * {@code finish-reason} (value: {@code stop}, {@code length}, {@code content_filter}, {@code refusal},
 * {@code stopped}, {@code empty}, ...) passes when the call's finish reason has that word, compared without case
 * as promptfoo does; {@code content_filter:SAFETY} matches {@code content_filter} and {@code content_filter:SAFETY}.
 * These are the only assertions that let a non-answer pass its case (decision 0040).
 */
final class AnswerEndChecks {

    static final String IS_REFUSAL = "is-refusal";
    static final String FINISH_REASON = "finish-reason";

    /** Finish reason words {@code is-refusal} accepts as a refusal. */
    private static final Set<NonAnswer.Kind> REFUSING = Set.of(NonAnswer.Kind.REFUSAL, NonAnswer.Kind.CONTENT_FILTER,
            NonAnswer.Kind.EMPTY);

    /**
     * How an answer that refuses in words opens: an apology or a statement that the model cannot or will not do it.
     * Our own short list of the common English forms; a judge ({@code llm-rubric}) catches subtler ones.
     */
    private static final Pattern REFUSAL_TEXT = Pattern.compile("^(?:(?:i'?m|i am) sorry[,.!]?\\s*(?:but\\s*)?"
            + "(?:i\\s*)?(?:can(?:'|no)?t|cannot|won'?t|am not able|'?m not able|am unable|'?m unable)"
            + "|i (?:can(?:'|no)?t|cannot|won'?t|will not|am (?:not able|unable)|'m (?:not able|unable)) "
            + "(?:help|assist|provide|comply|do that|answer|share|create|write|fulfil)"
            + "|(?:sorry|i apologi[sz]e)[,.!]? (?:but )?i (?:can(?:'|no)?t|cannot|won'?t))",
            Pattern.CASE_INSENSITIVE);

    private AnswerEndChecks() {
    }

    static void register(Map<String, Check> into) {
        into.put(IS_REFUSAL, (s, c) -> {
            NonAnswer na = NonAnswer.of(CallStatus.OK, c.finishReason(), c.output(), null).orElse(null);
            if (na != null && REFUSING.contains(na.kind())) return Specs.yesNo(s, true, na.describe());
            if (refusesInWords(c.output())) return Specs.yesNo(s, true, "the answer is a refusal in words");
            return Specs.yesNo(s, false, na != null ? na.describe() + ", not a refusal"
                    : "the model answered (no refusal)");
        });
        into.put(FINISH_REASON, new Check() {
            @Override
            public AssertionResult run(AssertionSpec spec, EvalContext ctx) {
                String wanted = wanted(spec);
                String actual = ctx.finishReason() == null ? null
                        : FinishReason.recorded(ctx.finishReason(), ctx.output());
                if (actual == null) return Specs.yesNo(spec, false, "the provider gave no finish reason");
                return Specs.yesNo(spec, matches(wanted, actual), "finish reason " + actual
                        + (matches(wanted, actual) ? "" : ", expected " + wanted));
            }

            @Override
            public void validate(AssertionSpec spec) {
                wanted(spec);
            }
        });
    }

    /** Whether an assertion of weight above 0 asks for exactly the non-answer {@code na}. */
    static boolean asksFor(AssertionSpec spec, NonAnswer na) {
        if (spec.weight() <= 0) return false;
        if (spec.type().equals(IS_REFUSAL)) return REFUSING.contains(na.kind());
        if (spec.type().equals(FINISH_REASON)) {
            Object v = spec.value();
            return v != null && matches(v.toString().strip(), na.finishReason());
        }
        return false;
    }

    static boolean refusesInWords(String text) {
        return text != null && REFUSAL_TEXT.matcher(text.strip().replace('\u2019', '\'')).lookingAt();
    }

    private static boolean matches(String wanted, String actual) {
        String w = wanted.toLowerCase(Locale.ROOT);
        String a = actual.toLowerCase(Locale.ROOT);
        return w.contains(":") ? a.equals(w) : w.equals(FinishReason.kind(a));
    }

    private static String wanted(AssertionSpec spec) {
        Object v = spec.value();
        if (v == null || v.toString().isBlank()) {
            throw new EvalException("finish-reason needs a value: stop, length, content_filter, refusal, stopped, "
                    + "empty, tool_calls or other");
        }
        return v.toString().strip();
    }
}

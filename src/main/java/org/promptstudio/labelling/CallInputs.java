package org.promptstudio.labelling;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.promptstudio.model.CallRecord;

/**
 * Whether the calls of a pairwise or ranking label can be compared: different calls that answer one input (README:
 * "pairs of answers to one input"). Labels made in queues are built that way ({@link QueueBuilder}); labels given by
 * call id ({@code studio labels add --call --call-b}, {@code studio labels import}) are checked here.
 */
public final class CallInputs {

    private CallInputs() {
    }

    /**
     * The input call {@code c} answered, named for a message: {@code case C} for a dataset case (whatever run or
     * model answered it), else {@code the input of run R} for a call outside a dataset (a compare run has one input);
     * null when neither is known.
     */
    public static String inputOf(CallRecord c) {
        if (c.caseId() != null) return "case " + c.caseId();
        return c.runId() == null ? null : "the input of run " + c.runId();
    }

    /**
     * What is wrong with comparing {@code calls}, in one line, or null: a call given twice, or two calls that answer
     * different inputs (only where both inputs are known).
     *
     * @param inputOf the input of a call id, as {@link #inputOf(CallRecord)} names it; null when not known
     */
    public static String problem(List<Long> calls, LongFunction<String> inputOf) {
        Set<Long> seen = new HashSet<>();
        for (long id : calls) {
            if (!seen.add(id)) {
                return "call " + id + " is given twice: a pair or ranking compares different answers to one input";
            }
        }
        for (int i = 1; i < calls.size(); i++) {
            String a = inputOf.apply(calls.get(0));
            String b = inputOf.apply(calls.get(i));
            if (a != null && b != null && !a.equals(b)) {
                return "calls " + calls.get(0) + " and " + calls.get(i) + " answer different inputs (" + a + ", " + b
                        + "): a pair or ranking compares answers to one input";
            }
        }
        return null;
    }
}

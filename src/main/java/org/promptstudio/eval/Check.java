package org.promptstudio.eval;

/** One assertion type: judges an answer against a spec. Throws {@link EvalException} for a bad spec. */
@FunctionalInterface
interface Check {

    AssertionResult run(AssertionSpec spec, EvalContext ctx);

    /** A bad value or option, found before any answer is judged; nothing by default. */
    default void validate(AssertionSpec spec) {
    }
}

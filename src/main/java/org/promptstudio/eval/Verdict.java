package org.promptstudio.eval;

/**
 * What the evaluation of one case says as a whole. {@link #UNCHECKED} is neither a pass nor a fail: the call
 * answered but nothing could fail it (no assertion, or only weight-0 assertions, which are figures to watch). Pass
 * rates count {@link #PASS} over {@link #PASS} + {@link #FAIL}; unchecked cases are counted and shown apart
 * (decision 0020).
 */
public enum Verdict {
    PASS("pass"),
    FAIL("fail"),
    UNCHECKED("unchecked");

    private final String id;

    Verdict(String id) {
        this.id = id;
    }

    /** The lower-case word reports print: {@code pass}, {@code fail}, {@code unchecked}. */
    public String id() {
        return id;
    }
}

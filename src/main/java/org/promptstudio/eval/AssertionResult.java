package org.promptstudio.eval;

/**
 * The outcome of one assertion on one answer: whether it passed, a score in [0, 1] (1 or 0 for yes/no checks), and
 * a reason a person can read ("expected to contain '30 days'", "similarity 0.62 < 0.75").
 */
public record AssertionResult(String type, boolean pass, double score, String reason) {
}

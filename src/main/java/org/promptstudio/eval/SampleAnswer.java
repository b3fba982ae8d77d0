package org.promptstudio.eval;

/**
 * One sample of a self-consistency case, as the case shows it under its voted answer: the call that made it, its
 * sample number (0 first, the plan's order), how the call ended ({@code ok}, {@code error}, {@code cancelled}), the
 * answer extracted from it (null when it gave none: it did not vote), and whether that answer is the one that won.
 */
public record SampleAnswer(long callId, int sample, String status, String answer, boolean agreed) {

    /** Whether this sample voted: its call answered and an answer could be extracted from it. */
    public boolean voted() {
        return answer != null;
    }
}

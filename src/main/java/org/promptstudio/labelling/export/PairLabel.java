package org.promptstudio.labelling.export;

/**
 * The settled pairwise preference between two calls on the same input: {@code preference} holds
 * {@code {"preference":"A"|"B"|"tie"}} where A is {@code callA} (the true order, never the order shown).
 */
public record PairLabel(long callA, long callB, ConsensusLabel preference) {

    public PairLabel {
        if (callA == callB) throw new IllegalArgumentException("a pair needs two calls");
        if (preference == null) throw new IllegalArgumentException("preference is null");
    }
}

package org.promptstudio.labelling.preference;

import java.util.Objects;

/**
 * One pairwise comparison between two contestants (prompt versions, models, ...).
 *
 * @param first   one contestant's name
 * @param second  the other's name, different from {@code first}
 * @param outcome which of them won, or a tie
 * @param group   the judgement this comparison came from with others, or null when it stands alone: the pairwise
 *                outcomes one ranking implies share a group, so the bootstrap resamples them together (they are one
 *                annotator's one judgement, not independent comparisons)
 * @throws IllegalArgumentException when both names are the same
 */
public record Comparison(String first, String second, Outcome outcome, String group) {

    /** A comparison that stands alone (its own group). */
    public Comparison(String first, String second, Outcome outcome) {
        this(first, second, outcome, null);
    }

    public Comparison {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(outcome, "outcome");
        if (first.equals(second)) {
            throw new IllegalArgumentException("a comparison needs two different contestants; found " + first + " twice");
        }
    }
}

package org.promptstudio.labelling.preference;

import java.util.Objects;

/**
 * One pairwise comparison between two contestants (prompt versions, models, ...).
 *
 * @param first   one contestant's name
 * @param second  the other's name, different from {@code first}
 * @param outcome which of them won, or a tie
 * @throws IllegalArgumentException when both names are the same
 */
public record Comparison(String first, String second, Outcome outcome) {

    public Comparison {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(outcome, "outcome");
        if (first.equals(second)) {
            throw new IllegalArgumentException("a comparison needs two different contestants; found " + first + " twice");
        }
    }
}

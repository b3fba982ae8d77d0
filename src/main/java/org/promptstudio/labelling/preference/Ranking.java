package org.promptstudio.labelling.preference;

import java.util.List;

/**
 * Contestants ranked by their Bradley-Terry score from pairwise comparisons.
 *
 * @param standings               best first (highest score; without scores, highest share of wins), then by name
 * @param comparisons             the number of comparisons used
 * @param prior                   the virtual ties each contestant was given against a reference contestant of average
 *                                strength (0 = the plain maximum-likelihood estimate)
 * @param resamples               the bootstrap resamples behind the intervals
 * @param seed                    the seed of the resampling (the same comparisons and seed give the same intervals)
 * @param undefinedReason         why there are no scores, null when there are
 * @param intervalUndefinedReason why there are no intervals, null when there are
 */
public record Ranking(List<Standing> standings, int comparisons, double prior, int resamples, long seed,
                      String undefinedReason, String intervalUndefinedReason) {

    public Ranking {
        standings = List.copyOf(standings);
    }

    /** Whether the standings carry scores. */
    public boolean defined() {
        return undefinedReason == null;
    }
}

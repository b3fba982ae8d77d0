package org.promptstudio.labelling.preference;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One contestant's place in a {@link Ranking}.
 *
 * @param contestant  the name
 * @param score       the Bradley-Terry strength on the Elo scale ({@code 400 log10} of the strength, shifted so the
 *                    contestants' mean is 1000), empty when the ranking has no scores
 * @param low         the 2.5th percentile of the bootstrapped scores, empty when there is no interval
 * @param high        the 97.5th percentile, empty when there is no interval
 * @param comparisons the number of comparisons the contestant took part in
 * @param wins        comparisons it won
 * @param losses      comparisons it lost
 * @param ties        comparisons that ended in a tie
 */
public record Standing(String contestant, OptionalDouble score, OptionalDouble low, OptionalDouble high,
                       int comparisons, int wins, int losses, int ties) {

    /** The score rounded to a whole number ({@code 1095}), or {@code -} when there is none. */
    public String scoreText() {
        return score.isPresent() ? String.format(Locale.ROOT, "%.0f", score.getAsDouble()) : "-";
    }

    /** The 95% interval as {@code [1012, 1170]}, or {@code -} when there is none. */
    public String intervalText() {
        return low.isPresent() && high.isPresent()
                ? String.format(Locale.ROOT, "[%.0f, %.0f]", low.getAsDouble(), high.getAsDouble()) : "-";
    }
}

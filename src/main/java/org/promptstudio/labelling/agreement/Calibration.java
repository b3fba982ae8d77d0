package org.promptstudio.labelling.agreement;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How well a judge agrees with the people on the same units. The people's value is the truth: the true positive rate
 * is the share of units people called {@code positive} that the judge called positive too, the true negative rate the
 * same for {@code negative}; units people gave another value (a pairwise tie) count in the kappa only.
 *
 * @param units          the number of units compared ({@code n})
 * @param positive       the value counted as positive (e.g. {@code pass}, {@code A})
 * @param negative       the value counted as negative
 * @param truePositives  people positive, judge positive
 * @param falseNegatives people positive, judge not
 * @param trueNegatives  people negative, judge negative
 * @param falsePositives people negative, judge not
 * @param tpr            {@code TP / (TP + FN)}, empty when people called no unit positive
 * @param tnr            {@code TN / (TN + FP)}, empty when people called no unit negative
 * @param kappa          Cohen's kappa between the judge and the people over all compared units
 * @param leftOut        units not compared, by reason
 */
public record Calibration(int units, String positive, String negative, int truePositives, int falseNegatives,
                          int trueNegatives, int falsePositives, OptionalDouble tpr, OptionalDouble tnr,
                          Coefficient kappa, List<LeftOut> leftOut) {

    /** Below this many units a calibration warns that its figures are too uncertain to rely on. */
    public static final int FEW_UNITS = 50;

    public Calibration {
        leftOut = List.copyOf(leftOut);
    }

    /** Whether there are fewer than {@link #FEW_UNITS} units. */
    public boolean fewUnits() {
        return units < FEW_UNITS;
    }

    /** A rate as a percentage with one decimal ({@code 87.5%}), or {@code -} when it is undefined. */
    public static String percent(OptionalDouble rate) {
        return rate.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * rate.getAsDouble()) : "-";
    }
}

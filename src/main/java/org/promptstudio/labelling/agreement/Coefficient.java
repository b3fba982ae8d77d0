package org.promptstudio.labelling.agreement;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One agreement coefficient as computed, with what it rests on. A coefficient is either a number or undefined with a
 * reason (no units, only one category so agreement by chance is already total, ...): an undefined figure is never
 * shown as a number, so read {@link #value()} or {@link #valueText()}, not a NaN.
 *
 * @param measure         which coefficient
 * @param level           the level of measurement it used ({@link Level#NOMINAL} for both kappas)
 * @param value           the coefficient (1 = perfect agreement, 0 = agreement as by chance, below 0 = worse than
 *                        chance), empty when undefined
 * @param undefinedReason why there is no value, null when there is one
 * @param units           the number of units (items) the coefficient used
 * @param values          the number of values (labels) it used; for alpha the pairable values {@code n}
 * @param annotators      the number of distinct annotators among the values used
 * @param observed        for the kappas the observed share of agreement (0..1); for alpha the observed disagreement
 *                        {@code D_o}; NaN when nothing was computed
 * @param expected        for the kappas the share of agreement expected by chance; for alpha the expected disagreement
 *                        {@code D_e}; NaN when nothing was computed
 * @param leftOut         the units not used, grouped by reason
 */
public record Coefficient(Measure measure, Level level, OptionalDouble value, String undefinedReason, int units,
                          int values, int annotators, double observed, double expected, List<LeftOut> leftOut) {

    public Coefficient {
        leftOut = List.copyOf(leftOut);
        if (value.isPresent() == (undefinedReason != null)) {
            throw new IllegalArgumentException("a coefficient has either a value or a reason it has none");
        }
    }

    /** Whether the coefficient has a value. */
    public boolean defined() {
        return value.isPresent();
    }

    /** The number of units left out, over all reasons. */
    public int leftOutCount() {
        int count = 0;
        for (LeftOut group : leftOut) count += group.units().size();
        return count;
    }

    /** The title with the level where it matters: {@code Krippendorff's alpha (ordinal)}, {@code Fleiss' kappa}. */
    public String title() {
        return measure == Measure.KRIPPENDORFF_ALPHA ? measure.title() + " (" + level.id() + ")" : measure.title();
    }

    /** The value with three decimals ({@code 0.743}, {@code -0.100}), or {@code undefined} when there is none. */
    public String valueText() {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "undefined";
    }

    /**
     * One line for a report: {@code Krippendorff's alpha (nominal) = 0.743 over 11 units, 40 values; left out 1 (fewer
     * than 2 values: 12)}, or with {@code undefined (REASON)} in place of the number.
     */
    public String summary() {
        StringBuilder line = new StringBuilder(title()).append(" = ").append(valueText());
        if (!defined()) line.append(" (").append(undefinedReason).append(')');
        line.append(" over ").append(units).append(units == 1 ? " unit, " : " units, ")
                .append(values).append(values == 1 ? " value" : " values");
        if (!leftOut.isEmpty()) {
            line.append("; left out ").append(leftOutCount()).append(" (");
            for (int i = 0; i < leftOut.size(); i++) {
                LeftOut group = leftOut.get(i);
                if (i > 0) line.append("; ");
                line.append(group.reason()).append(": ").append(shortList(group.units()));
            }
            line.append(')');
        }
        return line.toString();
    }

    private static String shortList(List<String> ids) {
        int shown = Math.min(5, ids.size());
        String text = String.join(", ", ids.subList(0, shown));
        return ids.size() > shown ? text + " and " + (ids.size() - shown) + " more" : text;
    }
}

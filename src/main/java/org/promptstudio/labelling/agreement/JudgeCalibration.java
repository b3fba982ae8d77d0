package org.promptstudio.labelling.agreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Compares a judge's values with the people's on the same units: true positive and true negative rates with the
 * people as the truth, and Cohen's kappa between the two (the judge as one annotator, the people's consensus as the
 * other), so agreement by chance on a lopsided set does not look like skill.
 */
public final class JudgeCalibration {

    /** The annotator name the judge gets in the kappa. */
    public static final String JUDGE = "judge";
    /** The annotator name the people's consensus gets in the kappa. */
    public static final String PEOPLE = "people";

    private JudgeCalibration() {
    }

    /**
     * @param units    the units both the judge and the people gave a value
     * @param positive the value counted as positive
     * @param negative the value counted as negative
     * @param leftOut  units the caller could not compare, by reason (carried into the result)
     * @return the rates (empty where their denominator is 0), the kappa and {@code n}
     * @throws IllegalArgumentException when {@code positive} equals {@code negative}
     */
    public static Calibration calibrate(List<JudgedUnit> units, String positive, String negative,
                                        List<LeftOut> leftOut) {
        if (positive.equals(negative)) throw new IllegalArgumentException("positive and negative must differ");
        int tp = 0;
        int fn = 0;
        int tn = 0;
        int fp = 0;
        List<Unit<String>> pairs = new ArrayList<>();
        for (JudgedUnit unit : units) {
            if (unit.human().equals(positive)) {
                if (unit.judge().equals(positive)) tp++;
                else fn++;
            } else if (unit.human().equals(negative)) {
                if (unit.judge().equals(negative)) tn++;
                else fp++;
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put(JUDGE, unit.judge());
            values.put(PEOPLE, unit.human());
            pairs.add(new Unit<>(unit.id(), values));
        }
        Coefficient kappa = AgreementStatistics.cohenKappa(pairs, JUDGE, PEOPLE);
        return new Calibration(units.size(), positive, negative, tp, fn, tn, fp, rate(tp, tp + fn), rate(tn, tn + fp),
                kappa, leftOut);
    }

    private static OptionalDouble rate(int hits, int of) {
        return of == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) hits / of);
    }
}

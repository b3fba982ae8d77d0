package org.promptstudio.labelling.agreement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Agreement between annotators beyond chance, on units (items) that each carry a value per annotator, missing values
 * allowed: Cohen's kappa for two annotators, Fleiss' kappa for a fixed number of ratings per unit, and Krippendorff's
 * alpha for any number of annotators at the nominal, ordinal, interval or ratio level. Each result says how many units
 * and values it used and which units it left out and why; a coefficient that cannot be computed (fewer than 2 units,
 * only one value in the data so chance agreement is already total) is undefined with a reason, never a NaN.
 *
 * <p>Definitions (decision 0125):
 * <ul>
 *   <li>Cohen's kappa: J. Cohen, "A coefficient of agreement for nominal scales", Educational and Psychological
 *   Measurement 20(1), 1960: {@code (p_o - p_e) / (1 - p_e)} with {@code p_e} from each annotator's own marginals,
 *   over the units both annotators rated.</li>
 *   <li>Fleiss' kappa: J. L. Fleiss, "Measuring nominal scale agreement among many raters", Psychological Bulletin
 *   76(5), 1971: {@code (P - P_e) / (1 - P_e)} with {@code P} the mean share of agreeing rater pairs per unit and
 *   {@code P_e} the sum of squared pooled category shares; every unit needs the same number of ratings {@code m}, and
 *   different units may be rated by different annotators.</li>
 *   <li>Krippendorff's alpha: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability", University of
 *   Pennsylvania, 2011 (https://repository.upenn.edu/asc_papers/43): {@code 1 - D_o / D_e} from the coincidence
 *   matrix of pairable values, units with fewer than 2 values left out, with the paper's difference functions per
 *   {@link Level}.</li>
 * </ul>
 */
public final class AgreementStatistics {

    static final String ONE_OF_TWO = "rated by only one of the two annotators";
    static final String FEWER_THAN_TWO_VALUES = "fewer than 2 values";

    private AgreementStatistics() {
    }

    /**
     * Cohen's kappa when the units carry values of exactly two annotators; otherwise undefined, saying how many
     * annotators there are (use Fleiss' kappa or Krippendorff's alpha then).
     *
     * @param units units with nominal values (category names); missing values allowed
     * @return the coefficient over the units both annotators rated
     */
    public static Coefficient cohenKappa(List<Unit<String>> units) {
        List<String> annotators = annotators(units);
        if (annotators.size() != 2) {
            return undefined(Measure.COHEN_KAPPA, Level.NOMINAL, "Cohen's kappa compares exactly 2 annotators; found "
                    + annotators.size(), 0, 0, annotators.size(), List.of());
        }
        return cohenKappa(units, annotators.get(0), annotators.get(1));
    }

    /**
     * Cohen's kappa between annotators {@code first} and {@code second}, over the units both rated (values of other
     * annotators are ignored; units rated by only one of the two are left out).
     *
     * @param units  units with nominal values (category names); missing values allowed
     * @param first  one annotator's name
     * @param second the other annotator's name
     * @return the coefficient; undefined when fewer than 2 units were rated by both, or when both annotators used one
     *         and the same category throughout (chance agreement 1)
     * @throws IllegalArgumentException when {@code first} equals {@code second}
     */
    public static Coefficient cohenKappa(List<Unit<String>> units, String first, String second) {
        if (first.equals(second)) throw new IllegalArgumentException("Cohen's kappa needs two different annotators");
        Map<String, List<String>> leftOut = new LinkedHashMap<>();
        Map<String, long[]> marginals = new TreeMap<>();
        long n = 0;
        long agreeing = 0;
        for (Unit<String> unit : units) {
            String a = unit.values().get(first);
            String b = unit.values().get(second);
            if (a == null || b == null) {
                leftOut.computeIfAbsent(a == null && b == null ? "rated by neither annotator" : ONE_OF_TWO,
                        k -> new ArrayList<>()).add(unit.id());
                continue;
            }
            n++;
            if (a.equals(b)) agreeing++;
            marginals.computeIfAbsent(a, k -> new long[2])[0]++;
            marginals.computeIfAbsent(b, k -> new long[2])[1]++;
        }
        List<LeftOut> groups = groups(leftOut);
        int unitCount = (int) n;
        int annotators = n == 0 ? 0 : 2;
        if (n < 2) {
            return undefined(Measure.COHEN_KAPPA, Level.NOMINAL, fewerThanTwoUnits(n, "rated by both annotators"),
                    unitCount, 2 * unitCount, annotators, groups);
        }
        // In whole numbers: p_o = agreeing / n and p_e = sum(row * column) / n^2, so the kappa is exact when the
        // table is: (agreeing * n - chance) / (n^2 - chance).
        long chance = 0;
        for (long[] counts : marginals.values()) chance += counts[0] * counts[1];
        double observed = (double) agreeing / n;
        double expected = (double) chance / ((double) n * n);
        if (chance == n * n) {
            return new Coefficient(Measure.COHEN_KAPPA, Level.NOMINAL, OptionalDouble.empty(),
                    "both annotators gave every unit the same value (" + marginals.keySet().iterator().next()
                            + "), so agreement expected by chance is total", unitCount, 2 * unitCount, annotators,
                    observed, expected, groups);
        }
        double kappa = ((double) agreeing * n - chance) / ((double) n * n - chance);
        return new Coefficient(Measure.COHEN_KAPPA, Level.NOMINAL, OptionalDouble.of(kappa), null, unitCount,
                2 * unitCount, annotators, observed, expected, groups);
    }

    /**
     * Fleiss' kappa over the units with the same number of ratings {@code m >= 2}. When units differ in their number of
     * ratings, {@code m} is the number most units have (the larger on a tie) and the others are left out, saying so.
     *
     * @param units units with nominal values; missing values allowed, different annotators per unit allowed
     * @return the coefficient; undefined when fewer than 2 units remain or only one category was used
     */
    public static Coefficient fleissKappa(List<Unit<String>> units) {
        Map<String, List<String>> leftOut = new LinkedHashMap<>();
        Map<Integer, Integer> unitsPerCount = new HashMap<>();
        for (Unit<String> unit : units) {
            int m = unit.valueCount();
            if (m >= 2) unitsPerCount.merge(m, 1, Integer::sum);
        }
        int m = 0;
        int most = 0;
        for (Map.Entry<Integer, Integer> entry : unitsPerCount.entrySet()) {
            if (entry.getValue() > most || (entry.getValue() == most && entry.getKey() > m)) {
                m = entry.getKey();
                most = entry.getValue();
            }
        }
        List<Map<String, Integer>> kept = new ArrayList<>();
        Set<String> annotators = new TreeSet<>();
        Map<String, Long> categoryTotals = new TreeMap<>();
        for (Unit<String> unit : units) {
            int count = unit.valueCount();
            if (count < 2) {
                leftOut.computeIfAbsent(FEWER_THAN_TWO_VALUES, k -> new ArrayList<>()).add(unit.id());
                continue;
            }
            if (count != m) {
                leftOut.computeIfAbsent(count + " ratings where most units have " + m
                        + " (Fleiss' kappa needs the same number per unit)", k -> new ArrayList<>()).add(unit.id());
                continue;
            }
            Map<String, Integer> perCategory = new TreeMap<>();
            unit.values().forEach((annotator, value) -> {
                if (value == null) return;
                annotators.add(annotator);
                perCategory.merge(value, 1, Integer::sum);
                categoryTotals.merge(value, 1L, Long::sum);
            });
            kept.add(perCategory);
        }
        List<LeftOut> groups = groups(leftOut);
        int n = kept.size();
        if (n < 2) {
            return undefined(Measure.FLEISS_KAPPA, Level.NOMINAL, fewerThanTwoUnits(n, "with at least 2 ratings"),
                    n, n * m, annotators.size(), groups);
        }
        double agreementSum = 0;
        for (Map<String, Integer> perCategory : kept) {
            long squares = 0;
            for (int count : perCategory.values()) squares += (long) count * count;
            agreementSum += (double) (squares - m) / ((double) m * (m - 1));
        }
        double observed = agreementSum / n;
        double expected = 0;
        double ratings = (double) n * m;
        for (long total : categoryTotals.values()) expected += (total / ratings) * (total / ratings);
        if (categoryTotals.size() == 1) {
            return new Coefficient(Measure.FLEISS_KAPPA, Level.NOMINAL, OptionalDouble.empty(), oneValue(
                    categoryTotals.keySet().iterator().next()), n, n * m, annotators.size(), observed, expected, groups);
        }
        double kappa = (observed - expected) / (1 - expected);
        return new Coefficient(Measure.FLEISS_KAPPA, Level.NOMINAL, OptionalDouble.of(kappa), null, n, n * m,
                annotators.size(), observed, expected, groups);
    }

    /**
     * Krippendorff's alpha at {@code level} over the units with at least 2 values (the pairable values).
     *
     * @param units units with their values; for {@link Level#NOMINAL} any values compared by equality (numbers by their
     *              double value), for the other levels {@link Number}s, finite, and for {@link Level#RATIO} not
     *              negative
     * @param level the level of measurement, which fixes the difference function
     * @param <V>   the value type
     * @return the coefficient; undefined when fewer than 2 units have 2 values or the expected disagreement is 0 (all
     *         pairable values are the same)
     * @throws IllegalArgumentException when a value does not fit the level (not a number, infinite, negative for ratio)
     */
    public static <V> Coefficient krippendorffAlpha(List<Unit<V>> units, Level level) {
        Map<String, List<String>> leftOut = new LinkedHashMap<>();
        // Distinct values get an index: numbers in ascending order (the ordinal difference needs their rank).
        Map<Object, Integer> index = new HashMap<>();
        List<Object> distinct = new ArrayList<>();
        List<Map<Object, Integer>> pairable = new ArrayList<>();
        Set<String> annotators = new TreeSet<>();
        for (Unit<V> unit : units) {
            if (unit.valueCount() < 2) {
                leftOut.computeIfAbsent(FEWER_THAN_TWO_VALUES, k -> new ArrayList<>()).add(unit.id());
                continue;
            }
            Map<Object, Integer> counts = new LinkedHashMap<>();
            unit.values().forEach((annotator, value) -> {
                if (value == null) return;
                Object key = key(unit.id(), value, level);
                annotators.add(annotator);
                counts.merge(key, 1, Integer::sum);
                if (!index.containsKey(key)) {
                    index.put(key, -1);
                    distinct.add(key);
                }
            });
            pairable.add(counts);
        }
        if (level != Level.NOMINAL) distinct.sort((x, y) -> Double.compare((Double) x, (Double) y));
        for (int i = 0; i < distinct.size(); i++) index.put(distinct.get(i), i);
        List<LeftOut> groups = groups(leftOut);

        int size = distinct.size();
        double[][] coincidences = new double[size][size];
        int pairableValues = 0;
        for (Map<Object, Integer> counts : pairable) {
            int m = 0;
            for (int count : counts.values()) m += count;
            pairableValues += m;
            for (Map.Entry<Object, Integer> c : counts.entrySet()) {
                for (Map.Entry<Object, Integer> k : counts.entrySet()) {
                    int pairs = c.getKey().equals(k.getKey()) ? c.getValue() * (c.getValue() - 1)
                            : c.getValue() * k.getValue();
                    coincidences[index.get(c.getKey())][index.get(k.getKey())] += (double) pairs / (m - 1);
                }
            }
        }
        int unitCount = pairable.size();
        if (unitCount < 2) {
            return undefined(Measure.KRIPPENDORFF_ALPHA, level, fewerThanTwoUnits(unitCount, "with at least 2 values"),
                    unitCount, pairableValues, annotators.size(), groups);
        }
        double[] marginals = new double[size];
        for (int c = 0; c < size; c++) for (int k = 0; k < size; k++) marginals[c] += coincidences[c][k];
        double n = pairableValues;
        double observedSum = 0;
        double expectedSum = 0;
        for (int c = 0; c < size; c++) {
            for (int k = 0; k < size; k++) {
                if (c == k) continue;
                double delta = difference(level, distinct, marginals, c, k);
                observedSum += coincidences[c][k] * delta;
                expectedSum += marginals[c] * marginals[k] * delta;
            }
        }
        double observed = observedSum / n;
        double expected = expectedSum / (n * (n - 1));
        if (expectedSum == 0) {
            String reason = size == 1 ? oneValue(String.valueOf(text(distinct.get(0))))
                    : "the expected disagreement is 0";
            return new Coefficient(Measure.KRIPPENDORFF_ALPHA, level, OptionalDouble.empty(), reason, unitCount,
                    pairableValues, annotators.size(), observed, expected, groups);
        }
        double alpha = 1 - (n - 1) * observedSum / expectedSum;
        return new Coefficient(Measure.KRIPPENDORFF_ALPHA, level, OptionalDouble.of(alpha), null, unitCount,
                pairableValues, annotators.size(), observed, expected, groups);
    }

    /** The squared difference {@code delta^2(c, k)} of Krippendorff (2011), section E, for values of rank c and k. */
    private static double difference(Level level, List<Object> values, double[] marginals, int c, int k) {
        switch (level) {
            case NOMINAL:
                return 1;
            case ORDINAL: {
                int low = Math.min(c, k);
                int high = Math.max(c, k);
                double between = 0;
                for (int g = low; g <= high; g++) between += marginals[g];
                between -= (marginals[low] + marginals[high]) / 2;
                return between * between;
            }
            case INTERVAL: {
                double d = (Double) values.get(c) - (Double) values.get(k);
                return d * d;
            }
            case RATIO: {
                double x = (Double) values.get(c);
                double y = (Double) values.get(k);
                if (x + y == 0) return 0;
                double d = (x - y) / (x + y);
                return d * d;
            }
            default:
                throw new IllegalStateException("unknown level " + level);
        }
    }

    /** The key a value is counted under: numbers as doubles (so 4 and 4.0 are one value), others as they are. */
    private static Object key(String unit, Object value, Level level) {
        if (value instanceof Number number) {
            double x = number.doubleValue() + 0.0;
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("unit " + unit + ": value " + value + " is not a finite number");
            }
            if (level == Level.RATIO && x < 0) {
                throw new IllegalArgumentException("unit " + unit + ": value " + value
                        + " is negative, which the ratio level does not allow");
            }
            return x;
        }
        if (level != Level.NOMINAL) {
            throw new IllegalArgumentException("unit " + unit + ": value '" + value + "' is not a number, which the "
                    + level.id() + " level needs");
        }
        return value;
    }

    private static String text(Object value) {
        if (value instanceof Double x && x == Math.rint(x) && Math.abs(x) < 1e15) return String.valueOf(x.longValue());
        return String.valueOf(value);
    }

    private static String oneValue(String value) {
        return "every value is the same (" + value + "), so agreement expected by chance is total";
    }

    private static String fewerThanTwoUnits(long found, String which) {
        return "needs at least 2 units " + which + "; found " + found;
    }

    private static Coefficient undefined(Measure measure, Level level, String reason, int units, int values,
                                         int annotators, List<LeftOut> leftOut) {
        return new Coefficient(measure, level, OptionalDouble.empty(), reason, units, values, annotators, Double.NaN,
                Double.NaN, leftOut);
    }

    private static List<LeftOut> groups(Map<String, List<String>> leftOut) {
        List<LeftOut> groups = new ArrayList<>();
        leftOut.forEach((reason, ids) -> groups.add(new LeftOut(reason, ids)));
        return groups;
    }

    /** The annotators who gave any value in {@code units}, sorted. */
    public static List<String> annotators(List<? extends Unit<?>> units) {
        Set<String> names = new LinkedHashSet<>();
        for (Unit<?> unit : units) {
            unit.values().forEach((annotator, value) -> {
                if (value != null) names.add(annotator);
            });
        }
        return names.stream().sorted().toList();
    }
}

package org.promptstudio.labelling.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coefficients on published worked examples, and what they say when they cannot be computed. */
class AgreementStatisticsTest {

    /** The Wikipedia article "Fleiss' kappa": 10 subjects x 5 categories, the number of the 14 raters per cell. */
    private static final int[][] FLEISS_ARTICLE = {{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0},
        {2, 2, 8, 1, 1}, {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};

    /**
     * Cohen's kappa, the 2x2 example of the Wikipedia article "Cohen's kappa" (also in many textbooks): 50 items,
     * both yes 20, A yes B no 5, A no B yes 10, both no 15; p_o = 0.7, p_e = 0.5, kappa = 0.40.
     */
    @Test
    void cohenKappaOnTheTextbookTwoByTwoTableIsPointFour() {
        List<Unit<String>> units = twoAnnotators(new String[][] {{"yes", "yes"}, {"yes", "no"}, {"no", "yes"},
            {"no", "no"}}, new int[] {20, 5, 10, 15});

        Coefficient kappa = AgreementStatistics.cohenKappa(units);

        assertThat(kappa.value()).hasValueCloseTo(0.40, within(1e-12));
        assertThat(kappa.observed()).isCloseTo(0.70, within(1e-12));
        assertThat(kappa.expected()).isCloseTo(0.50, within(1e-12));
        assertThat(kappa.units()).isEqualTo(50);
        assertThat(kappa.values()).isEqualTo(100);
        assertThat(kappa.annotators()).isEqualTo(2);
        assertThat(kappa.leftOut()).isEmpty();
        assertThat(kappa.summary()).isEqualTo("Cohen's kappa = 0.400 over 50 units, 100 values");
    }

    /**
     * The same article's pair of tables with the same 60% observed agreement but different marginals: 45/15/25/15 gives
     * kappa 0.1304 and 25/35/5/35 gives 0.2593.
     */
    @Test
    void cohenKappaDependsOnTheMarginalsAsTheArticleShows() {
        String[][] cells = {{"yes", "yes"}, {"yes", "no"}, {"no", "yes"}, {"no", "no"}};

        assertThat(AgreementStatistics.cohenKappa(twoAnnotators(cells, new int[] {45, 15, 25, 15})).value())
                .hasValueCloseTo(0.1304, within(1e-4));
        assertThat(AgreementStatistics.cohenKappa(twoAnnotators(cells, new int[] {25, 35, 5, 35})).value())
                .hasValueCloseTo(0.2593, within(1e-4));
    }

    /**
     * Three categories, 50 units (rows annotator A, columns annotator B): psychotic 10/4/1, borderline 6/16/2, neither
     * 0/3/8. By hand: p_o = 34/50 = 0.68; marginals A 15/24/11, B 16/23/11, so p_e = (240 + 552 + 121) / 2500 =
     * 0.3652 and kappa = (0.68 - 0.3652) / (1 - 0.3652) = 0.4959.
     */
    @Test
    void cohenKappaOnThreeCategories() {
        String[] c = {"psychotic", "borderline", "neither"};
        int[][] table = {{10, 4, 1}, {6, 16, 2}, {0, 3, 8}};
        List<String[]> cells = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                cells.add(new String[] {c[a], c[b]});
                counts.add(table[a][b]);
            }
        }

        Coefficient kappa = AgreementStatistics.cohenKappa(twoAnnotators(cells.toArray(String[][]::new),
                counts.stream().mapToInt(Integer::intValue).toArray()));

        assertThat(kappa.value()).hasValueCloseTo((0.68 - 0.3652) / (1 - 0.3652), within(1e-12));
        assertThat(kappa.valueText()).isEqualTo("0.496");
        assertThat(kappa.expected()).isCloseTo(0.3652, within(1e-12));
    }

    @Test
    void cohenKappaLeavesOutUnitsOnlyOneAnnotatorRatedAndSaysWhich() {
        List<Unit<String>> units = new ArrayList<>(twoAnnotators(new String[][] {{"yes", "yes"}, {"yes", "no"},
            {"no", "yes"}, {"no", "no"}}, new int[] {20, 5, 10, 15}));
        units.add(new Unit<>("only-a", Map.of("A", "yes")));
        Map<String, String> onlyB = new LinkedHashMap<>();
        onlyB.put("A", null);
        onlyB.put("B", "no");
        units.add(new Unit<>("only-b", onlyB));

        Coefficient kappa = AgreementStatistics.cohenKappa(units);

        assertThat(kappa.value()).hasValueCloseTo(0.40, within(1e-12));
        assertThat(kappa.units()).isEqualTo(50);
        assertThat(kappa.leftOut()).containsExactly(new LeftOut("rated by only one of the two annotators",
                List.of("only-a", "only-b")));
        assertThat(kappa.summary()).endsWith("; left out 2 (rated by only one of the two annotators: only-a, only-b)");
    }

    @Test
    void cohenKappaIsUndefinedUnlessThereAreExactlyTwoAnnotators() {
        List<Unit<String>> units = List.of(new Unit<>("1", Map.of("A", "x", "B", "x", "C", "y")),
                new Unit<>("2", Map.of("A", "y", "B", "y", "C", "y")));

        Coefficient kappa = AgreementStatistics.cohenKappa(units);

        assertThat(kappa.defined()).isFalse();
        assertThat(kappa.undefinedReason()).isEqualTo("Cohen's kappa compares exactly 2 annotators; found 3");
        assertThat(kappa.valueText()).isEqualTo("undefined");
        assertThat(AgreementStatistics.cohenKappa(units, "A", "C").value()).isPresent();
    }

    /**
     * The worked example of the Wikipedia article "Fleiss' kappa": 10 subjects, 14 raters each, 5 categories;
     * P = 0.378, P_e = 0.213, kappa = 0.210.
     */
    @Test
    void fleissKappaOnTheTenByFourteenTableIsPointTwoOneZero() {
        Coefficient kappa = AgreementStatistics.fleissKappa(fromCounts(FLEISS_ARTICLE));

        assertThat(kappa.valueText()).isEqualTo("0.210");
        assertThat(kappa.observed()).isCloseTo(0.378, within(5e-4));
        assertThat(kappa.expected()).isCloseTo(0.213, within(5e-4));
        assertThat(kappa.units()).isEqualTo(10);
        assertThat(kappa.values()).isEqualTo(140);
    }

    /**
     * Fleiss (1971), Table 1: 30 patients, 6 psychiatric diagnoses each (depression, personality disorder,
     * schizophrenia, neurosis, other); the paper's kappa is 0.430 (also the R package irr's {@code kappam.fleiss} on
     * its {@code diagnoses} data). Counts as transcribed in the quadagree R package (data_raw/fleiss1971.csv).
     */
    @Test
    void fleissKappaOnFleissOwnTableIsPointFourThree() {
        int[][] table = {{0, 0, 0, 6, 0}, {0, 3, 0, 0, 3}, {0, 1, 4, 0, 1}, {0, 0, 0, 0, 6}, {0, 3, 0, 3, 0},
            {2, 0, 4, 0, 0}, {0, 0, 4, 0, 2}, {2, 0, 3, 1, 0}, {2, 0, 0, 4, 0}, {0, 0, 0, 0, 6}, {1, 0, 0, 5, 0},
            {1, 1, 0, 4, 0}, {0, 3, 3, 0, 0}, {1, 0, 0, 5, 0}, {0, 2, 0, 3, 1}, {0, 0, 5, 0, 1}, {3, 0, 0, 1, 2},
            {5, 1, 0, 0, 0}, {0, 2, 0, 4, 0}, {1, 0, 2, 0, 3}, {0, 0, 0, 0, 6}, {0, 1, 0, 5, 0}, {0, 2, 0, 1, 3},
            {2, 0, 0, 4, 0}, {1, 0, 0, 4, 1}, {0, 5, 0, 1, 0}, {4, 0, 0, 0, 2}, {0, 2, 0, 4, 0}, {1, 0, 5, 0, 0},
            {0, 0, 0, 0, 6}};

        Coefficient kappa = AgreementStatistics.fleissKappa(fromCounts(table));

        assertThat(kappa.valueText()).isEqualTo("0.430");
        assertThat(kappa.units()).isEqualTo(30);
    }

    @Test
    void fleissKappaKeepsTheMostCommonNumberOfRatingsAndSaysWhatItLeftOut() {
        List<Unit<String>> units = new ArrayList<>(fromCounts(FLEISS_ARTICLE));
        units.add(new Unit<>("three", Map.of("r1", "c1", "r2", "c1", "r3", "c2")));
        units.add(new Unit<>("lonely", Map.of("r1", "c3")));

        Coefficient kappa = AgreementStatistics.fleissKappa(units);

        assertThat(kappa.valueText()).isEqualTo("0.210");
        assertThat(kappa.leftOut()).containsExactly(
                new LeftOut("3 ratings where most units have 14 (Fleiss' kappa needs the same number per unit)",
                        List.of("three")),
                new LeftOut("fewer than 2 values", List.of("lonely")));
    }

    /**
     * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12 units with missing
     * values (unit 12 has one value and is not pairable); alpha nominal 0.743, ordinal 0.815, interval 0.849, ratio
     * 0.797 over 11 units and 40 pairable values.
     */
    @Test
    void krippendorffAlphaOnTheWorkedExampleWithMissingValues() {
        List<Unit<Double>> units = krippendorff2011();

        Coefficient nominal = AgreementStatistics.krippendorffAlpha(units, Level.NOMINAL);
        Coefficient ordinal = AgreementStatistics.krippendorffAlpha(units, Level.ORDINAL);
        Coefficient interval = AgreementStatistics.krippendorffAlpha(units, Level.INTERVAL);
        Coefficient ratio = AgreementStatistics.krippendorffAlpha(units, Level.RATIO);

        assertThat(nominal.valueText()).isEqualTo("0.743");
        assertThat(ordinal.valueText()).isEqualTo("0.815");
        assertThat(interval.valueText()).isEqualTo("0.849");
        assertThat(ratio.valueText()).isEqualTo("0.797");
        for (Coefficient alpha : List.of(nominal, ordinal, interval, ratio)) {
            assertThat(alpha.units()).isEqualTo(11);
            assertThat(alpha.values()).isEqualTo(40);
            assertThat(alpha.annotators()).isEqualTo(4);
            assertThat(alpha.leftOut()).containsExactly(new LeftOut("fewer than 2 values", List.of("12")));
        }
        assertThat(ordinal.summary()).isEqualTo("Krippendorff's alpha (ordinal) = 0.815 over 11 units, 40 values; "
                + "left out 1 (fewer than 2 values: 12)");
    }

    @Test
    void krippendorffAlphaTakesTheSameExampleAsCategoryNames() {
        List<Unit<String>> named = new ArrayList<>();
        for (Unit<Double> unit : krippendorff2011()) {
            Map<String, String> values = new LinkedHashMap<>();
            unit.values().forEach((observer, value) -> values.put(observer, "v" + value.intValue()));
            named.add(new Unit<>(unit.id(), values));
        }

        assertThat(AgreementStatistics.krippendorffAlpha(named, Level.NOMINAL).valueText()).isEqualTo("0.743");
        assertThatThrownBy(() -> AgreementStatistics.krippendorffAlpha(named, Level.ORDINAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unit 1: value 'v1' is not a number, which the ordinal level needs");
    }

    /** Krippendorff (2011), section A: binary data, two observers, 10 units; alpha = 1 - 19 * 4 / (14 * 6) = 0.095. */
    @Test
    void krippendorffAlphaOnTheBinaryTwoObserverExample() {
        int[] a = {0, 1, 0, 0, 0, 0, 0, 0, 1, 0};
        int[] b = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
        List<Unit<Integer>> units = new ArrayList<>();
        for (int i = 0; i < a.length; i++) units.add(new Unit<>(String.valueOf(i + 1), Map.of("A", a[i], "B", b[i])));

        Coefficient alpha = AgreementStatistics.krippendorffAlpha(units, Level.NOMINAL);

        assertThat(alpha.value()).hasValueCloseTo(1 - 19.0 * 4 / (14 * 6), within(1e-12));
        assertThat(alpha.valueText()).isEqualTo("0.095");
    }

    @Test
    void perfectAgreementIsOneForEveryCoefficient() {
        List<Unit<String>> units = List.of(new Unit<>("1", Map.of("A", "x", "B", "x")),
                new Unit<>("2", Map.of("A", "y", "B", "y")), new Unit<>("3", Map.of("A", "x", "B", "x")));
        List<Unit<Integer>> ratings = List.of(new Unit<>("1", Map.of("A", 1, "B", 1)),
                new Unit<>("2", Map.of("A", 5, "B", 5)), new Unit<>("3", Map.of("A", 3, "B", 3)));

        assertThat(AgreementStatistics.cohenKappa(units).value()).hasValue(1.0);
        assertThat(AgreementStatistics.fleissKappa(units).value()).hasValue(1.0);
        for (Level level : Level.values()) {
            assertThat(AgreementStatistics.krippendorffAlpha(ratings, level).value()).hasValue(1.0);
        }
    }

    @Test
    void allOneCategoryIsUndefinedNotANumber() {
        List<Unit<String>> units = List.of(new Unit<>("1", Map.of("A", "up", "B", "up")),
                new Unit<>("2", Map.of("A", "up", "B", "up")), new Unit<>("3", Map.of("A", "up", "B", "up")));
        List<Unit<Integer>> ratings = List.of(new Unit<>("1", Map.of("A", 4, "B", 4)),
                new Unit<>("2", Map.of("A", 4, "B", 4)));

        Coefficient cohen = AgreementStatistics.cohenKappa(units);
        Coefficient fleiss = AgreementStatistics.fleissKappa(units);
        Coefficient alpha = AgreementStatistics.krippendorffAlpha(ratings, Level.INTERVAL);

        assertThat(cohen.value()).isEmpty();
        assertThat(cohen.undefinedReason()).isEqualTo(
                "both annotators gave every unit the same value (up), so agreement expected by chance is total");
        assertThat(fleiss.value()).isEmpty();
        assertThat(fleiss.undefinedReason()).isEqualTo(
                "every value is the same (up), so agreement expected by chance is total");
        assertThat(alpha.value()).isEmpty();
        assertThat(alpha.undefinedReason()).isEqualTo(
                "every value is the same (4), so agreement expected by chance is total");
        assertThat(alpha.summary()).isEqualTo("Krippendorff's alpha (interval) = undefined (every value is the same (4),"
                + " so agreement expected by chance is total) over 2 units, 4 values");
        assertThat(cohen.units()).isEqualTo(3);
        assertThat(alpha.units()).isEqualTo(2);
    }

    @Test
    void fewerThanTwoUnitsIsUndefined() {
        List<Unit<String>> one = List.of(new Unit<>("1", Map.of("A", "x", "B", "y")));

        Coefficient cohen = AgreementStatistics.cohenKappa(one);
        Coefficient fleiss = AgreementStatistics.fleissKappa(one);
        Coefficient alpha = AgreementStatistics.krippendorffAlpha(one, Level.NOMINAL);
        Coefficient none = AgreementStatistics.krippendorffAlpha(List.<Unit<String>>of(), Level.NOMINAL);

        assertThat(cohen.undefinedReason()).isEqualTo("needs at least 2 units rated by both annotators; found 1");
        assertThat(fleiss.undefinedReason()).isEqualTo("needs at least 2 units with at least 2 ratings; found 1");
        assertThat(alpha.undefinedReason()).isEqualTo("needs at least 2 units with at least 2 values; found 1");
        assertThat(none.undefinedReason()).isEqualTo("needs at least 2 units with at least 2 values; found 0");
        assertThat(none.units()).isZero();
        assertThat(List.of(cohen, fleiss, alpha, none)).allSatisfy(c -> assertThat(c.valueText()).isEqualTo("undefined"));
    }

    @Test
    void systematicDisagreementIsBelowZero() {
        List<Unit<String>> units = List.of(new Unit<>("1", Map.of("A", "x", "B", "y")),
                new Unit<>("2", Map.of("A", "y", "B", "x")), new Unit<>("3", Map.of("A", "x", "B", "y")),
                new Unit<>("4", Map.of("A", "y", "B", "x")));

        assertThat(AgreementStatistics.cohenKappa(units).value()).hasValue(-1.0);
        assertThat(AgreementStatistics.krippendorffAlpha(units, Level.NOMINAL).value().getAsDouble()).isNegative();
    }

    @Test
    void ratioLevelRejectsNegativeValues() {
        List<Unit<Integer>> units = List.of(new Unit<>("u7", Map.of("A", -1, "B", 2)),
                new Unit<>("u8", Map.of("A", 1, "B", 2)));

        assertThatThrownBy(() -> AgreementStatistics.krippendorffAlpha(units, Level.RATIO))
                .hasMessage("unit u7: value -1 is negative, which the ratio level does not allow");
    }

    /** Krippendorff (2011), section C: observers A-D, units 1-12, null where an observer gave no value. */
    static List<Unit<Double>> krippendorff2011() {
        Double[][] rows = {
            {1d, 2d, 3d, 3d, 2d, 1d, 4d, 1d, 2d, null, null, null},
            {1d, 2d, 3d, 3d, 2d, 2d, 4d, 1d, 2d, 5d, null, 3d},
            {null, 3d, 3d, 3d, 2d, 3d, 4d, 2d, 2d, 5d, 1d, null},
            {1d, 2d, 3d, 3d, 2d, 4d, 4d, 1d, 2d, 5d, 1d, null}};
        String[] observers = {"A", "B", "C", "D"};
        List<Unit<Double>> units = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int o = 0; o < 4; o++) if (rows[o][u] != null) values.put(observers[o], rows[o][u]);
            units.add(new Unit<>(String.valueOf(u + 1), values));
        }
        return units;
    }

    /** Units from a contingency table: {@code counts[i]} units where annotator A said cells[i][0] and B cells[i][1]. */
    private static List<Unit<String>> twoAnnotators(String[][] cells, int[] counts) {
        List<Unit<String>> units = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            for (int k = 0; k < counts[i]; k++) {
                units.add(new Unit<>("u" + units.size(), Map.of("A", cells[i][0], "B", cells[i][1])));
            }
        }
        return units;
    }

    /** Units from a subjects x categories table of counts; raters are numbered per unit (r1, r2, ...). */
    private static List<Unit<String>> fromCounts(int[][] table) {
        List<Unit<String>> units = new ArrayList<>();
        for (int s = 0; s < table.length; s++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < table[s].length; c++) {
                for (int k = 0; k < table[s][c]; k++) values.put("r" + (values.size() + 1), "c" + (c + 1));
            }
            units.add(new Unit<>(String.valueOf(s + 1), values));
        }
        return units;
    }
}

package org.promptstudio.labelling.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeCalibrationTest {

    /**
     * 50 units: people pass 25 (judge pass 20, fail 5), people fail 25 (judge pass 10, fail 15): the textbook 2x2 table
     * of Cohen's kappa with the judge as one annotator, so TPR 20/25, TNR 15/25 and kappa 0.40.
     */
    @Test
    void ratesAndKappaOfAJudgeAgainstThePeople() {
        List<JudgedUnit> units = new ArrayList<>();
        add(units, 20, "pass", "pass");
        add(units, 5, "fail", "pass");
        add(units, 10, "pass", "fail");
        add(units, 15, "fail", "fail");

        Calibration calibration = JudgeCalibration.calibrate(units, "pass", "fail", List.of());

        assertThat(calibration.units()).isEqualTo(50);
        assertThat(calibration.tpr()).hasValueCloseTo(0.8, within(1e-12));
        assertThat(calibration.tnr()).hasValueCloseTo(0.6, within(1e-12));
        assertThat(calibration.kappa().value()).hasValueCloseTo(0.40, within(1e-12));
        assertThat(calibration.fewUnits()).isFalse();
        assertThat(Calibration.percent(calibration.tpr())).isEqualTo("80.0%");
    }

    @Test
    void tiesCountInTheKappaOnlyAndAnEmptyClassHasNoRate() {
        List<JudgedUnit> units = new ArrayList<>();
        add(units, 3, "A", "A");
        add(units, 1, "tie", "A");
        add(units, 2, "tie", "tie");
        add(units, 1, "A", "tie");

        Calibration calibration = JudgeCalibration.calibrate(units, "A", "B",
                List.of(new LeftOut("no judge verdict", List.of("9"))));

        assertThat(calibration.tpr()).hasValueCloseTo(0.75, within(1e-12));
        assertThat(calibration.tnr()).isEmpty();
        assertThat(Calibration.percent(calibration.tnr())).isEqualTo("-");
        assertThat(calibration.kappa().units()).isEqualTo(7);
        assertThat(calibration.fewUnits()).isTrue();
        assertThat(calibration.leftOut()).hasSize(1);
    }

    private static void add(List<JudgedUnit> units, int n, String judge, String human) {
        for (int i = 0; i < n; i++) units.add(new JudgedUnit("u" + units.size(), judge, human));
    }
}

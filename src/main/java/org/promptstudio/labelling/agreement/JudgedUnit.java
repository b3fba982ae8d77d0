package org.promptstudio.labelling.agreement;

import java.util.Objects;

/**
 * One unit on which a judge and the people gave a value, for {@link JudgeCalibration}.
 *
 * @param id    how reports name the unit (a call id, an item id)
 * @param judge the judge's value (e.g. {@code pass} / {@code fail}, {@code A} / {@code B} / {@code tie})
 * @param human the people's consensus value on the same scale
 */
public record JudgedUnit(String id, String judge, String human) {

    public JudgedUnit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(human, "human");
    }
}

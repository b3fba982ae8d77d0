package org.promptstudio.labelling.agreement;

import java.util.List;

/**
 * Units a coefficient did not use, for one reason.
 *
 * @param reason why, in words a report can print (e.g. {@code fewer than 2 values})
 * @param units  the ids of the units left out for that reason, in input order
 */
public record LeftOut(String reason, List<String> units) {

    public LeftOut {
        units = List.copyOf(units);
    }
}

package org.promptstudio.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a sum of money in US dollars is written wherever a user reads it per call or per cell: rounded half up to at
 * most six decimals (a millionth of a dollar, the precision of per-token prices quoted per million tokens), trailing
 * zeros dropped, at least two decimals: {@code $0.000345}, {@code $0.12}, {@code $0.00}.
 */
public final class Usd {

    private Usd() {
    }

    /**
     * The amount as text.
     *
     * @param usd an amount in USD, or null when it is not known
     * @return {@code $0.000345}, {@code $1.50}, {@code $0.00}; {@code "-"} for null
     */
    public static String text(BigDecimal usd) {
        if (usd == null) return "-";
        BigDecimal rounded = usd.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return "$" + (rounded.scale() < 2 ? rounded.setScale(2, RoundingMode.UNNECESSARY) : rounded).toPlainString();
    }

    /**
     * As {@link #text(BigDecimal)} for a double amount in USD.
     *
     * @param usd an amount in USD; NaN or infinite gives {@code "-"}
     * @return the amount as text
     */
    public static String text(double usd) {
        return Double.isFinite(usd) ? text(BigDecimal.valueOf(usd)) : "-";
    }
}

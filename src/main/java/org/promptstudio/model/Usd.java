package org.promptstudio.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How a sum of money in US dollars is written wherever a user reads it, the command line and the window alike
 * (decision 0118): unknown is {@code ?} (never blank, never {@code $0}); a known zero (a free or offline model, an
 * answer from the cache) is {@code $0}; any other amount is rounded half up to two significant digits or to the cent,
 * whichever is finer, trailing zeros kept: {@code $0.000036}, {@code $0.0012}, {@code $0.50}, {@code $1.50},
 * {@code $123.46}.
 */
public final class Usd {

    /** What an unknown amount reads as. */
    public static final String UNKNOWN = "?";

    private static final MathContext TWO_DIGITS = new MathContext(2, RoundingMode.HALF_UP);

    private Usd() {
    }

    /**
     * The amount as text.
     *
     * @param usd an amount in USD, or null when it is not known
     * @return {@code $0.000036}, {@code $0.12}, {@code $1.50}, {@code $0}; {@code ?} for null
     */
    public static String text(BigDecimal usd) {
        if (usd == null) return UNKNOWN;
        if (usd.signum() == 0) return "$0";
        BigDecimal v = usd.round(TWO_DIGITS);
        if (v.precision() < 2) v = v.setScale(v.scale() + 2 - v.precision(), RoundingMode.UNNECESSARY);
        if (v.scale() < 2) v = usd.setScale(2, RoundingMode.HALF_UP); // a dollar or more (or 0.995 and up): to the cent
        return (v.signum() < 0 ? "-$" + v.negate().toPlainString() : "$" + v.toPlainString());
    }

    /**
     * As {@link #text(BigDecimal)} for a double amount in USD.
     *
     * @param usd an amount in USD; NaN or infinite is unknown ({@code ?})
     * @return the amount as text
     */
    public static String text(double usd) {
        return Double.isFinite(usd) ? text(BigDecimal.valueOf(usd)) : UNKNOWN;
    }

    /**
     * As {@link #text(BigDecimal)} for an amount that is only known when {@code known} is true (a total with a call of
     * unknown cost in it is unknown).
     *
     * @param usd   the amount in USD (may be null)
     * @param known whether the amount is known
     * @return the amount as text, {@code ?} when it is not known
     */
    public static String text(BigDecimal usd, boolean known) {
        return known ? text(usd) : UNKNOWN;
    }
}

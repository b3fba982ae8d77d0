package org.promptstudio.template;

import com.github.jknack.handlebars.Formatter;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * How handlebars.js prints a value with {{@code {{x}}}}: JavaScript's {@code String(x)} (ECMAScript 2023, 7.1.17
 * ToString; Array.prototype.join for arrays, 23.1.3.18; Number::toString, 6.1.6.1.20), not Java's
 * {@code toString()}. Takes the value a template printed, returns its text:
 * <ul>
 *   <li>a list is its elements' texts joined by {@code ,}, with null elements empty and nested lists flattened
 *       the same way ({@code [[1, 2], [3]]} prints {@code 1,2,3});</li>
 *   <li>an object (a map) prints {@code [object Object]};</li>
 *   <li>a number prints as JavaScript does: {@code 1.2345678901234567E19} is {@code 12345678901234567000},
 *       {@code 2.0} is {@code 2}, {@code 1e-7} is {@code 1e-7}, {@code 1e21} is {@code 1e+21}, NaN and Infinity
 *       by name, {@code -0} as {@code 0}.</li>
 * </ul>
 * Strings, booleans and helpers' safe strings pass through unchanged.
 */
final class JsText implements Formatter {

    @Override
    public Object format(Object value, Formatter.Chain next) {
        if (value instanceof Collection<?> || value instanceof Object[] || value instanceof Map<?, ?>
                || value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return of(value);
        }
        return next.format(value);
    }

    /** {@code value} as JavaScript's {@code String(value)} prints it; null is the empty string. */
    static String of(Object value) {
        if (value == null) return "";
        if (value instanceof Map<?, ?>) return "[object Object]";
        if (value instanceof Object[] array) return join(java.util.Arrays.asList(array).iterator());
        if (value instanceof Collection<?> list) return join(list.iterator());
        if (value instanceof Double || value instanceof Float) return number(((Number) value).doubleValue());
        if (value instanceof BigDecimal d) return number(d.doubleValue());
        return String.valueOf(value);
    }

    private static String join(Iterator<?> items) {
        StringBuilder out = new StringBuilder();
        while (items.hasNext()) {
            out.append(of(items.next())); // Array.prototype.join: null and undefined print empty
            if (items.hasNext()) out.append(',');
        }
        return out.toString();
    }

    /** Number::toString(x) with radix 10: plain digits for 1e-7 < |x| < 1e21, else JavaScript's exponent form. */
    static String number(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
        if (x == 0) return "0";
        // Java's Double.toString gives the shortest digits that read back as x, as JavaScript does.
        BigDecimal shortest = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        double abs = Math.abs(x);
        if (abs >= 1e-6 && abs < 1e21) return shortest.toPlainString();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (x < 0 ? "-" : "") + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
    }
}

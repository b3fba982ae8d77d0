package org.promptstudio.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one rule for "is this answer the expected one" and for reading numbers out of answers, used by the
 * experiment runner (answer extraction, self-consistency votes, the run summary) and by the evaluator
 * ({@code answer-equals}, {@code answer-number}); see docs/decisions/0021.
 *
 * <p>Numbers are read as people and models write them and kept as exact {@link BigDecimal}s:
 * <ul>
 *   <li>digits of any script (Unicode category Nd: ASCII, fullwidth, Arabic-Indic, Devanagari ...);</li>
 *   <li>a sign {@code -}, {@code +}, U+2212 minus, U+FE63, U+FF0D or U+2013 en dash, only when directly before the
 *       digits (or a currency sign and the digits) and not after a letter or digit, so {@code 10–12} is a range and
 *       {@code COVID-19} is 19;</li>
 *   <li>thousands grouped by {@code ,} (or U+066C) or by U+00A0, U+2007, U+2009, U+202F (SI Brochure, 9th ed.,
 *       5.4.4: "digits may be divided into groups of three by a thin space"); a separator groups only when exactly
 *       three digits follow it and the first group has one to three digits, one kind of separator per number, so
 *       {@code 72 clips, altogether} is 72 and {@code 1,5} is the two numbers 1 and 5. The ASCII space groups only
 *       in a short answer that is one number ({@code 12 500}), never in running text, where {@code 3 4 5} or
 *       {@code 12 500} may be a list;</li>
 *   <li>a decimal point {@code .} (or U+066B, {@code .5} = 0.5); a decimal comma only after space-grouped digits
 *       ({@code 12 500,5}, the SI/French form), because elsewhere {@code 1,5} or {@code (3,4)} is as likely a list
 *       or a pair as a decimal;</li>
 *   <li>scientific notation {@code 1.5e3}, {@code 1.5E-3}, {@code 1.5 × 10^3}, {@code 1.5·10³}, {@code 1.5 * 10^-3},
 *       and a bare power of ten {@code 10^3}, {@code 10³} (exponents up to ±1000; other powers such as {@code 2^10}
 *       are not worked out);</li>
 *   <li>a percent sign after the number ({@code 45%}, {@code 45 %}, U+066A, U+FF05) is kept apart: the number reads
 *       as written (45), and {@link Reading#asFraction()} gives 0.45 for checks that ask for it;</li>
 *   <li>LaTeX: the content of the last {@code \boxed{...}} is the answer when there is one; {@code {,}} is a
 *       thousands separator, {@code \frac{a}{b}} ({@code \dfrac}, {@code \tfrac}) is a / b, {@code \$} and
 *       {@code \%} are the signs, {@code \,} {@code \:} {@code \;} {@code \ } are thin spaces, {@code \times} and
 *       {@code \cdot} multiply, {@code \text{...}} is its text.</li>
 * </ul>
 * Currency (any Unicode currency sign, or an ISO 4217 code such as {@code USD}) may stand before or after a number.
 *
 * <p>Not read: dots as thousands separators ({@code 1.234.567}), Indian grouping ({@code 1,00,000}), a slash in
 * running text ({@code 12/25} may be a date; a short answer {@code 3/4} is 0.75), vulgar fraction characters.
 */
public final class AnswerText {

    /** A number read from a text: its exact value, and whether a percent sign followed it. */
    public record Reading(BigDecimal value, boolean percent) {

        /** The value, divided by 100 when it was written as a percentage ({@code 45%} gives 0.45). */
        public BigDecimal asFraction() {
            return percent ? value.movePointLeft(2) : value;
        }

        /** The number written canonically ({@link #plain}), with {@code %} after it when it was a percentage. */
        public String text() {
            return plain(value) + (percent ? "%" : "");
        }
    }

    /** A number found in a text, at code point indices [start, end). */
    private record Found(BigDecimal value, boolean percent, int start, int end) {
    }

    private static final int MAX_EXPONENT = 1000;
    private static final int MAX_LATEX_DEPTH = 20;
    /** Sentence punctuation that ends an answer without being part of it. */
    private static final String TRAILING_PUNCTUATION = ".!?;:,…。";
    /** Marks wrapped around an answer: Markdown emphasis and code, quotation marks. */
    private static final String WRAPPERS = "*`\"“”«»";
    private static final Set<String> CURRENCY_CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private AnswerText() {
    }

    // ---------------------------------------------------------------- comparing answers

    /**
     * The form two answers are compared in. A short answer that is one number (see {@link #numberOf}) becomes its
     * canonical number ({@code $1,234.50} and {@code 1234.5} both give {@code 1234.5}; {@code 45%} gives 45, as
     * written). Any other answer: the last {@code \boxed{}} content when there is one, LaTeX text commands
     * unwrapped, Unicode NFKC, case-folded (upper then lower case, Locale.ROOT: {@code ß} = {@code ss}), runs of
     * white space made one space, trimmed, Markdown emphasis and quotation marks around it removed, and trailing
     * sentence punctuation ({@code . ! ? ; : , …}) dropped, so {@code Paris.} and {@code paris} are the same.
     *
     * @param answer an answer, may be null
     * @return the comparison form; null for null
     */
    public static String normalise(String answer) {
        if (answer == null) return null;
        Reading r = readShort(answer);
        if (r != null) return plain(r.value());
        String boxed = boxed(answer);
        String t = delatex(boxed != null ? boxed : answer, 0);
        t = Normalizer.normalize(t, Normalizer.Form.NFKC);
        t = t.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        t = t.replaceAll("[\\s\\p{Z}]+", " ").strip();
        String cut = trimEnds(t);
        // An answer that is only punctuation ("?") keeps it rather than becoming empty.
        return cut.isEmpty() ? t : cut;
    }

    /**
     * Whether two answers are the same after {@link #normalise}; false when either is null.
     *
     * @param answer   the answer given, may be null
     * @param expected the expected answer, may be null
     */
    public static boolean same(String answer, String expected) {
        if (answer == null || expected == null) return false;
        return normalise(answer).equals(normalise(expected));
    }

    /**
     * The form an extracted answer is stored and shown in: the canonical number when the answer is one number
     * ({@link Reading#text()}: {@code $1,234.50} gives {@code 1234.5}, {@code 45 %} gives {@code 45%}), else the
     * answer trimmed (its case and wording kept, for people to read).
     *
     * @param answer an answer, may be null
     * @return null for null
     */
    public static String canonical(String answer) {
        if (answer == null) return null;
        Reading r = readShort(answer);
        return r != null ? r.text() : answer.strip();
    }

    // ---------------------------------------------------------------- reading numbers

    /**
     * The number a short answer is: the whole answer (or the content of its last {@code \boxed{}}) must be one
     * number, with only currency signs or ISO 4217 codes around it, a percent sign after it, trailing sentence
     * punctuation, and Markdown emphasis or quotation marks around the whole. Two numbers joined by {@code /} are a
     * fraction ({@code 3/4} is 0.75). The ASCII space groups thousands here ({@code 12 500}).
     *
     * @param answer a short answer, may be null
     * @return the reading, or null when the answer is not one number
     */
    public static Reading readShort(String answer) {
        if (answer == null) return null;
        String boxed = boxed(answer);
        return shortOf(delatex(boxed != null ? boxed : answer, 0));
    }

    /** {@link #readShort} of a text already rewritten from LaTeX. */
    private static Reading shortOf(String plainText) {
        String t = trimEnds(plainText.strip());
        int[] cp = t.codePoints().toArray();
        List<Found> found = scan(cp, true);
        if (found.size() == 1) {
            Found f = found.get(0);
            if (onlyCurrency(cp, 0, f.start()) && onlyCurrency(cp, f.end(), cp.length)) {
                return new Reading(f.value(), f.percent());
            }
        } else if (found.size() == 2) {
            Found a = found.get(0);
            Found b = found.get(1);
            String between = new String(cp, a.end(), b.start() - a.end()).strip();
            if ((between.equals("/") || between.equals("⁄")) && !a.percent() && !b.percent()
                    && b.value().signum() != 0 && onlyCurrency(cp, 0, a.start()) && onlyCurrency(cp, b.end(), cp.length)) {
                return new Reading(divide(a.value(), b.value()), false);
            }
        }
        return null;
    }

    /**
     * The last number of a text, the way a chain-of-thought answer ends: within the last {@code \boxed{}} when the
     * text has one (null when the box holds no number), else in the whole text.
     *
     * @param text any text, may be null
     * @return the reading, or null when there is no number
     */
    public static Reading readLast(String text) {
        if (text == null) return null;
        String boxed = boxed(text);
        List<Found> found = scan(delatex(boxed != null ? boxed : text, 0).codePoints().toArray(), false);
        if (found.isEmpty()) return null;
        Found f = found.get(found.size() - 1);
        return new Reading(f.value(), f.percent());
    }

    /**
     * The number an answer stands for: {@link #readShort} when the answer is one number, else {@link #readLast}.
     *
     * @param answer an answer or a longer text, may be null
     * @return the reading, or null when there is no number
     */
    public static Reading read(String answer) {
        Reading r = readShort(answer);
        return r != null ? r : readLast(answer);
    }

    /** {@link #readShort}'s value, or null. */
    public static BigDecimal numberOf(String answer) {
        Reading r = readShort(answer);
        return r == null ? null : r.value();
    }

    /** {@link #readLast}'s value, or null. */
    public static BigDecimal lastNumber(String text) {
        Reading r = readLast(text);
        return r == null ? null : r.value();
    }

    /**
     * A number written canonically: plain digits (never an exponent), no trailing zeros, {@code 0} for zero.
     * {@code 1234.50} gives {@code 1234.5}, {@code 1.5E+3} gives {@code 1500}.
     */
    public static String plain(BigDecimal value) {
        if (value.signum() == 0) return "0";
        BigDecimal v = value.stripTrailingZeros();
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    /**
     * The content of the last {@code \boxed{...}} (or {@code \fbox{...}}) of a text, braces balanced; null when
     * there is none.
     */
    public static String boxed(String text) {
        if (text == null) return null;
        for (String command : new String[] {"\\boxed", "\\fbox"}) {
            int at = text.length();
            while ((at = text.lastIndexOf(command, at - 1)) >= 0) {
                int open = skipSpaces(text, at + command.length());
                if (open < text.length() && text.charAt(open) == '{') {
                    int close = closingBrace(text, open);
                    if (close > 0) return text.substring(open + 1, close);
                }
                if (at == 0) break;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- scanning

    /** Every number of a text, left to right. */
    private static List<Found> scan(int[] cp, boolean asciiSpaceGroups) {
        List<Found> out = new ArrayList<>();
        int i = 0;
        while (i < cp.length) {
            Found f = startsNumber(cp, i) ? parse(cp, i, asciiSpaceGroups) : null;
            if (f != null) {
                out.add(f);
                i = f.end();
            } else {
                i++;
            }
        }
        return out;
    }

    private static boolean startsNumber(int[] cp, int i) {
        if (digit(cp, i) >= 0) return true;
        if (isPoint(at(cp, i))) return digit(cp, i + 1) >= 0 && digit(cp, i - 1) < 0;
        if (isSign(at(cp, i))) {
            int before = at(cp, i - 1);
            if (before >= 0 && Character.isLetterOrDigit(before)) return false;
            int next = i + 1;
            if (isCurrency(at(cp, next))) next++;
            return digit(cp, next) >= 0 || (isPoint(at(cp, next)) && digit(cp, next + 1) >= 0);
        }
        return false;
    }

    private static Found parse(int[] cp, int start, boolean asciiSpaceGroups) {
        int j = start;
        boolean negative = false;
        if (isSign(cp[j])) {
            negative = cp[j] != '+';
            j++;
            if (isCurrency(at(cp, j))) j++;
        }
        StringBuilder digits = new StringBuilder();
        int groupKind = 0; // 0 none, 1 comma, 2 space
        if (digit(cp, j) >= 0) {
            int first = j;
            while (digit(cp, j) >= 0) digits.append((char) ('0' + digit(cp, j++)));
            if (j - first <= 3) {
                while (true) {
                    int kind = separatorKind(at(cp, j), asciiSpaceGroups);
                    if (kind == 0 || (groupKind != 0 && kind != groupKind) || !threeDigits(cp, j + 1)) break;
                    groupKind = kind;
                    for (int k = j + 1; k <= j + 3; k++) digits.append((char) ('0' + digit(cp, k)));
                    j += 4;
                }
            }
        } else {
            digits.append('0');
        }
        StringBuilder fraction = new StringBuilder();
        int mark = at(cp, j);
        if ((isPoint(mark) || (mark == ',' && groupKind == 2)) && digit(cp, j + 1) >= 0) {
            j++;
            while (digit(cp, j) >= 0) fraction.append((char) ('0' + digit(cp, j++)));
        }
        BigDecimal value = new BigDecimal(fraction.isEmpty() ? digits.toString() : digits + "." + fraction);
        int[] exponent = exponent(cp, j);
        if (exponent == null && fraction.isEmpty() && digits.toString().equals("10") && groupKind == 0) {
            // A bare power of ten: 10^3, 10^{-3}, 10³.
            exponent = power(cp, j);
            if (exponent != null) {
                value = BigDecimal.ONE;
            }
        }
        if (exponent != null) {
            value = value.scaleByPowerOfTen(exponent[0]);
            j = exponent[1];
        }
        if (negative) value = value.negate();
        boolean percent = false;
        int k = j;
        if (isSpace(at(cp, k), true)) k++;
        if (at(cp, k) == '%' || at(cp, k) == '٪' || at(cp, k) == '％') {
            percent = true;
            j = k + 1;
        }
        return new Found(value, percent, start, j);
    }

    /** The exponent after a mantissa ending at {@code j} and the index after it, or null when none follows. */
    private static int[] exponent(int[] cp, int j) {
        int c = at(cp, j);
        if (c == 'e' || c == 'E') {
            int[] e = signedDigits(cp, j + 1, false);
            return e != null && Character.isLetter(Math.max(at(cp, e[1]), 0)) ? null : e;
        }
        int k = j;
        while (isSpace(at(cp, k), true)) k++;
        int times = at(cp, k);
        if (times != '×' && times != '·' && times != '⋅' && times != '*' && times != 'x' && times != 'X'
                && times != '✕') {
            return null;
        }
        k++;
        while (isSpace(at(cp, k), true)) k++;
        if (at(cp, k) != '1' || at(cp, k + 1) != '0') return null;
        return power(cp, k + 2);
    }

    /**
     * [exponent, index after it] of the power written at {@code k} after a 10: {@code ^3}, {@code ^{-3}},
     * {@code ^(-3)} or {@code ³}; null when none is written there.
     */
    private static int[] power(int[] cp, int k) {
        if (at(cp, k) == '^') {
            k++;
            boolean braced = at(cp, k) == '{' || at(cp, k) == '(';
            if (braced) k++;
            int[] e = signedDigits(cp, k, false);
            if (e == null) return null;
            if (braced) {
                if (at(cp, e[1]) != '}' && at(cp, e[1]) != ')') return null;
                e[1]++;
            }
            return e;
        }
        return signedDigits(cp, k, true);
    }

    /** [value, end] of an optionally signed run of digits (superscript digits when asked), or null. */
    private static int[] signedDigits(int[] cp, int k, boolean superscript) {
        boolean negative = false;
        int c = at(cp, k);
        if (superscript ? (c == '⁻' || c == '⁺') : (isSign(c))) {
            negative = c == '⁻' || (!superscript && c != '+');
            k++;
        }
        long v = 0;
        int first = k;
        while (true) {
            int d = superscript ? superscriptDigit(at(cp, k)) : digit(cp, k);
            if (d < 0) break;
            v = v * 10 + d;
            if (v > MAX_EXPONENT) return null;
            k++;
        }
        if (k == first) return null;
        return new int[] {(int) (negative ? -v : v), k};
    }

    private static int superscriptDigit(int c) {
        return switch (c) {
            case '⁰' -> 0;
            case '¹' -> 1;
            case '²' -> 2;
            case '³' -> 3;
            case '⁴' -> 4;
            case '⁵' -> 5;
            case '⁶' -> 6;
            case '⁷' -> 7;
            case '⁸' -> 8;
            case '⁹' -> 9;
            default -> -1;
        };
    }

    private static boolean threeDigits(int[] cp, int k) {
        return digit(cp, k) >= 0 && digit(cp, k + 1) >= 0 && digit(cp, k + 2) >= 0 && digit(cp, k + 3) < 0;
    }

    /** 1 for a comma-like group separator, 2 for a space-like one, 0 for anything else. */
    private static int separatorKind(int c, boolean asciiSpaceGroups) {
        if (c == ',' || c == '٬') return 1;
        return isSpace(c, asciiSpaceGroups) ? 2 : 0;
    }

    /** A space that may group digits: no-break, figure, thin and narrow no-break spaces; the ASCII one if asked. */
    private static boolean isSpace(int c, boolean ascii) {
        return c == '\u00A0' || c == '\u2007' || c == '\u2009' || c == '\u202F' || (ascii && c == ' ');
    }

    private static boolean isPoint(int c) {
        return c == '.' || c == '٫';
    }

    private static boolean isSign(int c) {
        return c == '-' || c == '+' || c == '\u2212' || c == '\uFE63' || c == '\uFF0D' || c == '\u2013';
    }

    private static boolean isCurrency(int c) {
        return c >= 0 && Character.getType(c) == Character.CURRENCY_SYMBOL;
    }

    /** The value of a decimal digit of any script at {@code i}, or -1. */
    private static int digit(int[] cp, int i) {
        int c = at(cp, i);
        return c >= 0 && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(c, 10) : -1;
    }

    private static int at(int[] cp, int i) {
        return i >= 0 && i < cp.length ? cp[i] : -1;
    }

    /** Whether cp[from, to) holds only spaces, currency signs, ISO 4217 codes and sentence punctuation. */
    private static boolean onlyCurrency(int[] cp, int from, int to) {
        String rest = new String(cp, from, to - from);
        for (String word : rest.split("[\\s\\p{Z}]+")) {
            String w = word.codePoints().filter(c -> !isCurrency(c) && TRAILING_PUNCTUATION.indexOf(c) < 0)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            if (!w.isEmpty() && !CURRENCY_CODES.contains(w)) return false;
        }
        return true;
    }

    private static BigDecimal divide(BigDecimal a, BigDecimal b) {
        try {
            return a.divide(b);
        } catch (ArithmeticException nonTerminating) {
            return a.divide(b, MathContext.DECIMAL128);
        }
    }

    /** Strips wrappers (Markdown emphasis, quotes) and trailing sentence punctuation, repeatedly. */
    private static String trimEnds(String s) {
        String t = s.strip();
        while (true) {
            String before = t;
            while (!t.isEmpty() && TRAILING_PUNCTUATION.indexOf(t.charAt(t.length() - 1)) >= 0) {
                t = t.substring(0, t.length() - 1).strip();
            }
            while (!t.isEmpty() && WRAPPERS.indexOf(t.charAt(t.length() - 1)) >= 0) {
                t = t.substring(0, t.length() - 1).strip();
            }
            while (!t.isEmpty() && WRAPPERS.indexOf(t.charAt(0)) >= 0) t = t.substring(1).strip();
            if (t.equals(before)) return t;
        }
    }

    // ---------------------------------------------------------------- LaTeX

    /** Rewrites the LaTeX that numbers and short answers are written in as plain text (class comment). */
    static String delatex(String s, int depth) {
        if (depth > MAX_LATEX_DEPTH || (s.indexOf('\\') < 0 && s.indexOf('{') < 0 && s.indexOf('^') < 0)) return s;
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '{' && (s.startsWith("{,}", i) || s.startsWith("{.}", i))) {
                out.append(s.charAt(i + 1));
                i += 3;
            } else if (c == '^' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int close = closingBrace(s, i + 1);
                if (close < 0) {
                    out.append(c);
                    i++;
                } else {
                    out.append('^').append(delatex(s.substring(i + 2, close), depth + 1));
                    i = close + 1;
                }
            } else if (c == '\\' && i + 1 < s.length()) {
                i = command(s, i, out, depth);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Rewrites the command at {@code s[i] == '\\'} into {@code out}; returns the index after it. */
    private static int command(String s, int i, StringBuilder out, int depth) {
        int end = i + 1;
        while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
        if (end == i + 1) { // a one-symbol command: \$ \% \, \: \; \  \!
            char symbol = s.charAt(i + 1);
            switch (symbol) {
                case '$', '%', '{', '}', '#', '&' -> out.append(symbol);
                case ',', ':', ';', ' ' -> out.append('\u2009');
                case '!' -> { }
                default -> out.append('\\').append(symbol);
            }
            return i + 2;
        }
        String name = s.substring(i + 1, end);
        switch (name) {
            case "frac", "dfrac", "tfrac", "cfrac" -> {
                int[] first = argument(s, end);
                int[] second = first == null ? null : argument(s, first[1]);
                if (second == null) break;
                String a = delatex(s.substring(first[0], first[2]), depth + 1);
                String b = delatex(s.substring(second[0], second[2]), depth + 1);
                Reading ra = shortOf(a);
                Reading rb = shortOf(b);
                BigDecimal na = ra == null || ra.percent() ? null : ra.value();
                BigDecimal nb = rb == null || rb.percent() ? null : rb.value();
                // "1\frac{1}{2}" must not read as 10.5: keep a space after a digit.
                if (out.length() > 0 && Character.isDigit(out.charAt(out.length() - 1))) out.append(' ');
                if (na != null && nb != null && nb.signum() != 0) out.append(plain(divide(na, nb)));
                else out.append('(').append(a).append(")/(").append(b).append(')');
                return second[1];
            }
            case "text", "textbf", "textit", "textrm", "textnormal", "mathrm", "mathbf", "mathit", "mbox",
                    "boxed", "fbox", "operatorname" -> {
                int[] arg = argument(s, end);
                if (arg == null) break;
                out.append(delatex(s.substring(arg[0], arg[2]), depth + 1));
                return arg[1];
            }
            case "times" -> {
                out.append('×');
                return end;
            }
            case "cdot" -> {
                out.append('·');
                return end;
            }
            case "thinspace" -> {
                out.append('\u2009');
                return end;
            }
            case "left", "right", "displaystyle", "textstyle" -> {
                return end;
            }
            default -> {
            }
        }
        out.append(s, i, end);
        return end;
    }

    /** [content start, index after, content end] of a command argument at {@code from}: {@code {...}} or one char. */
    private static int[] argument(String s, int from) {
        int k = skipSpaces(s, from);
        if (k >= s.length()) return null;
        if (s.charAt(k) == '{') {
            int close = closingBrace(s, k);
            return close < 0 ? null : new int[] {k + 1, close + 1, close};
        }
        if (s.charAt(k) == '\\' || s.charAt(k) == '}') return null;
        return new int[] {k, k + 1, k + 1};
    }

    private static int skipSpaces(String s, int k) {
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) k++;
        return k;
    }

    /** The index of the brace closing the one at {@code open}, escaped braces skipped; -1 when unbalanced. */
    private static int closingBrace(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }
}

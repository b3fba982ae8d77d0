package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Numbers as people and models write them (issue 9, section 4) and the one comparison rule (section 3). Each
 * expected value names where its written form comes from.
 */
class AnswerTextTest {

    private static String last(String text) {
        BigDecimal n = AnswerText.lastNumber(text);
        return n == null ? null : AnswerText.plain(n);
    }

    private static String shortNumber(String answer) {
        BigDecimal n = AnswerText.numberOf(answer);
        return n == null ? null : AnswerText.plain(n);
    }

    // ------------------------------------------------------------ what worked before stays

    @Test
    void formsThatWorkedBeforeStillRead() {
        // The earlier AnswerExtractor/AnswerChecks tests and issue 9's "keep what works today" list.
        assertThat(last("so the answer is \\boxed{8,000}")).isEqualTo("8000");
        assertThat(last("She earns $70,000 a year")).isEqualTo("70000");
        // GSM8K's first training problem (Natalia's clips): "72 clips, altogether" is 72, not 72 + a group.
        assertThat(last("Natalia sold 48+24 = 72 clips, altogether")).isEqualTo("72");
        assertThat(last("1,200 + 34.50 = 1,234.50")).isEqualTo("1234.5");
        assertThat(last("It drops to -3")).isEqualTo("-3");
        assertThat(last("about .5 of it")).isEqualTo("0.5");
        assertThat(last("48 / 4 = 12, then 36 + 7 = 43.")).isEqualTo("43");
        assertThat(last("no number here")).isNull();
    }

    // ------------------------------------------------------------ LaTeX

    @Test
    void latexThousandsSeparatorAndTheLastBoxIsTheAnswer() {
        // {,} is how LaTeX math writes a thousands comma without the space after a punctuation comma (MATH dataset
        // answers, Hendrycks et al. 2021); issue 9: this read as 500.
        assertThat(last("The profit is $\\boxed{9{,}500}$ dollars")).isEqualTo("9500");
        // MATH's last_boxed_only_string (hendrycks/math, math_equivalence): the last \boxed is the answer.
        assertThat(last("First \\boxed{12}, then corrected: \\boxed{14}. Checked 3 times.")).isEqualTo("14");
        assertThat(last("I guessed \\boxed{7} but 3 + 5 = 8")).isEqualTo("7");
        assertThat(last("\\boxed{\\text{no solution}} after 3 tries")).isNull();
        assertThat(AnswerText.boxed("x \\boxed{\\frac{1}{2}} y")).isEqualTo("\\frac{1}{2}");
        assertThat(AnswerText.boxed("\\fbox{5}")).isEqualTo("5");
        assertThat(AnswerText.boxed("\\boxed{unclosed")).isNull();
    }

    @Test
    void latexFractionsSignsAndSpaces() {
        // MATH's _strip_string treats \dfrac and \tfrac as \frac and drops \$ and \% (hendrycks/math).
        assertThat(last("so $x = \\frac{3}{4}$")).isEqualTo("0.75");
        assertThat(last("$\\dfrac{1}{8}$")).isEqualTo("0.125");
        assertThat(last("$\\tfrac12$")).isEqualTo("0.5");
        assertThat(last("$-\\frac{5}{2}$")).isEqualTo("-2.5");
        assertThat(shortNumber("\\frac{1}{3}")).isEqualTo("0.3333333333333333333333333333333333");
        assertThat(last("It costs \\$12.50 in total")).isEqualTo("12.5");
        assertThat(AnswerText.readLast("a rise of 45\\%").percent()).isTrue();
        // \, is TeX's thin space (The TeXbook, ch. 18), the SI thousands separator in LaTeX.
        assertThat(last("$12\\,500$ people")).isEqualTo("12500");
        assertThat(last("$12\\ 500$ people")).isEqualTo("12500");
        assertThat(last("$1.5 \\times 10^{3}$")).isEqualTo("1500");
        assertThat(last("$2.5 \\cdot 10^{-2}$")).isEqualTo("0.025");
        // A mixed number is not glued into one: 1\frac{1}{2} is not 10.5.
        assertThat(last("1\\frac{1}{2}")).isEqualTo("0.5");
    }

    // ------------------------------------------------------------ spaces that group digits

    @Test
    void unicodeSpacesGroupThousandsInGroupsOfThree() {
        // SI Brochure, 9th ed. (2019), 5.4.4: digits may be divided into groups of three by a thin space.
        // CLDR (fr) writes the group separator as U+202F; U+00A0 and U+2009 are its older and typographic forms.
        assertThat(last("The population is 12\u202F500.")).isEqualTo("12500");
        assertThat(last("The population is 12\u00A0500.")).isEqualTo("12500");
        assertThat(last("The population is 12\u2009500.")).isEqualTo("12500");
        assertThat(last("It is 1\u202F234\u202F567.5 m")).isEqualTo("1234567.5");
        // Only a group of exactly three digits after the separator groups.
        assertThat(last("rows 12\u00A050")).isEqualTo("50");
        assertThat(last("rows 12\u00A05000")).isEqualTo("5000");
        // SI decimal comma after space-grouped digits (French: 12 500,5).
        assertThat(last("soit 12\u202F500,5 habitants")).isEqualTo("12500.5");
    }

    @Test
    void theAsciiSpaceGroupsOnlyAShortAnswer() {
        // In running text an ASCII space separates list items ("3 4 5", "rolls 12 500"): it never groups there.
        assertThat(last("The population is 12 500.")).isEqualTo("500");
        assertThat(last("the sides are 3 4 5")).isEqualTo("5");
        // A whole answer that is digits in groups of three is one number (SI 5.4.4 allows a plain space).
        assertThat(shortNumber("12 500")).isEqualTo("12500");
        assertThat(shortNumber("1 000 000")).isEqualTo("1000000");
        assertThat(shortNumber("3 4 5")).isNull();
    }

    @Test
    void commasGroupOnlyBeforeExactlyThreeDigits() {
        assertThat(last("In 1,5 cases")).isEqualTo("5");
        assertThat(shortNumber("1,5")).isNull();
        assertThat(last("the point (3,4)")).isEqualTo("4");
        assertThat(last("1,234,5678")).isEqualTo("5678");
        assertThat(last("2023,500")).isEqualTo("500");
        assertThat(last("1,234,567")).isEqualTo("1234567");
        // Arabic thousands separator U+066C and decimal separator U+066B (Unicode chart U+0600).
        assertThat(last("\u0661\u066C\u0662\u0663\u0664\u066B\u0665")).isEqualTo("1234.5");
    }

    // ------------------------------------------------------------ signs and digits outside ASCII

    @Test
    void signsAndDigitsOutsideAscii() {
        // U+2212 MINUS SIGN is the minus of typeset mathematics (Unicode Standard, 22.2 "Mathematical Symbols").
        assertThat(last("It drops to \u22126 degrees")).isEqualTo("-6");
        assertThat(last("fullwidth \uFF0D7")).isEqualTo("-7");
        assertThat(last("en dash \u20138 °C")).isEqualTo("-8");
        // A dash between digits or after a letter is a range or a hyphen, not a sign.
        assertThat(last("pages 10\u201312")).isEqualTo("12");
        assertThat(last("COVID-19")).isEqualTo("19");
        assertThat(last("10-3")).isEqualTo("3");
        assertThat(last("+5 points")).isEqualTo("5");
        // Fullwidth digits (U+FF10..) and Arabic-Indic digits (U+0660..), both Unicode category Nd.
        assertThat(last("合計は１２３４円")).isEqualTo("1234");
        assertThat(last("\u0664\u0665")).isEqualTo("45");
        // Devanagari digits U+0966.. and a negative Arabic-Indic number
        assertThat(last("\u0967\u0968")).isEqualTo("12");
        assertThat(last("= \u2212\u0663")).isEqualTo("-3");
    }

    // ------------------------------------------------------------ percent, currency, scientific notation

    @Test
    void percentagesReadAsWritten() {
        AnswerText.Reading r = AnswerText.readShort("45%");
        assertThat(AnswerText.plain(r.value())).isEqualTo("45");
        assertThat(r.percent()).isTrue();
        assertThat(AnswerText.plain(r.asFraction())).isEqualTo("0.45");
        assertThat(r.text()).isEqualTo("45%");
        // French writes a (no-break) space before % (CLDR fr percentFormat "#,##0 %").
        assertThat(AnswerText.readShort("45\u00A0%").percent()).isTrue();
        assertThat(AnswerText.readShort("12.5 \\%").text()).isEqualTo("12.5%");
        // Compared as written: 45% is the answer 45, not 0.45.
        assertThat(AnswerText.same("45%", "45")).isTrue();
        assertThat(AnswerText.same("45%", "0.45")).isFalse();
    }

    @Test
    void currencyBeforeOrAfter() {
        // Currency signs are Unicode category Sc; codes are ISO 4217.
        assertThat(shortNumber("$70,000")).isEqualTo("70000");
        assertThat(shortNumber("70 000 €")).isEqualTo("70000");
        assertThat(shortNumber("70\u202F000\u00A0€")).isEqualTo("70000");
        assertThat(shortNumber("€1.5")).isEqualTo("1.5");
        assertThat(shortNumber("USD 12")).isEqualTo("12");
        assertThat(shortNumber("12 USD")).isEqualTo("12");
        assertThat(shortNumber("-$5")).isEqualTo("-5");
        assertThat(shortNumber("£1,250.00.")).isEqualTo("1250");
        assertThat(shortNumber("12 apples")).isNull();
        assertThat(last("Total: 70 000 €")).isEqualTo("0");
        assertThat(last("Total: 70\u00A0000 €")).isEqualTo("70000");
    }

    @Test
    void scientificNotation() {
        // Java/JSON number grammar (RFC 8259, section 6) for e-notation; SI Brochure 5.4.4 for "× 10^n".
        assertThat(last("1.5e3")).isEqualTo("1500");
        assertThat(last("about 1.5E-3 mol")).isEqualTo("0.0015");
        assertThat(last("1.5 × 10^3")).isEqualTo("1500");
        assertThat(last("1.5 x 10^-3")).isEqualTo("0.0015");
        assertThat(last("1.5·10³")).isEqualTo("1500");
        assertThat(last("6.02 × 10²³")).isEqualTo("602000000000000000000000");
        assertThat(last("2.5×10⁻²")).isEqualTo("0.025");
        assertThat(last("a factor of 10^3")).isEqualTo("1000");
        assertThat(last("a factor of 10^{-2}")).isEqualTo("0.01");
        assertThat(last("10³ metres")).isEqualTo("1000");
        assertThat(last("2^10")).isEqualTo("10");
        // Multiplying by ten is not an exponent.
        assertThat(last("3 × 10 = 30")).isEqualTo("30");
        assertThat(last("3 × 10 apples")).isEqualTo("10");
        // A letter after the e: a word, not an exponent; an absurd exponent is not read as one.
        assertThat(last("3eggs")).isEqualTo("3");
        assertThat(last("1e99999")).isEqualTo("99999");
    }

    @Test
    void valuesAreExactAndPrintedPlain() {
        // BigDecimal keeps decimal fractions exact: 0.1 + 0.2 written by a model is 0.3, not 0.30000000000000004.
        assertThat(AnswerText.numberOf("0.1").add(AnswerText.numberOf("0.2"))).isEqualByComparingTo("0.3");
        assertThat(shortNumber("1234.50")).isEqualTo("1234.5");
        assertThat(shortNumber("1.0E+3")).isEqualTo("1000");
        assertThat(shortNumber("-0.0")).isEqualTo("0");
        assertThat(shortNumber("3/4")).isEqualTo("0.75");
        assertThat(shortNumber("12345678901234567890.123456789")).isEqualTo("12345678901234567890.123456789");
    }

    // ------------------------------------------------------------ comparison

    @Test
    void normaliseIsOneRuleForNumbersAndText() {
        assertThat(AnswerText.normalise("1,234.50")).isEqualTo("1234.5");
        assertThat(AnswerText.normalise("$\\boxed{9{,}500}$")).isEqualTo("9500");
        assertThat(AnswerText.normalise("  Paris. ")).isEqualTo("paris");
        assertThat(AnswerText.normalise("New   York")).isEqualTo("new york");
        assertThat(AnswerText.normalise("Straße")).isEqualTo("strasse");
        assertThat(AnswerText.normalise("**Paris**")).isEqualTo("paris");
        assertThat(AnswerText.normalise("\"Yes!\"")).isEqualTo("yes");
        assertThat(AnswerText.normalise("The answer is \\boxed{\\text{Paris}}")).isEqualTo("paris");
        assertThat(AnswerText.normalise("?")).isEqualTo("?");
        assertThat(AnswerText.normalise(null)).isNull();
        assertThat(AnswerText.same("Paris.", "Paris")).isTrue();
        assertThat(AnswerText.same("9,500", "9500")).isTrue();
        assertThat(AnswerText.same("９５００", "9500")).isTrue();
        assertThat(AnswerText.same("Lyon", "Paris")).isFalse();
        assertThat(AnswerText.same(null, "Paris")).isFalse();
        assertThat(AnswerText.canonical(" $1,234.50 ")).isEqualTo("1234.5");
        assertThat(AnswerText.canonical(" Paris. ")).isEqualTo("Paris.");
    }

    @Test
    void malformedOrDeeplyNestedLatexNeverBreaksReading() {
        assertThat(last("\\frac{\\frac{1}{2}}{4}")).isEqualTo("0.125");
        assertThat(AnswerText.normalise("\\frac{1}{0}")).isEqualTo("(1)/(0)");
        assertThat(last("\\boxed{unclosed 5")).isEqualTo("5");
        assertThat(last("1 × 10^{3")).isEqualTo("3");
        String deep = "\\frac{".repeat(3000) + "1" + "}{2}".repeat(3000);
        assertThat(AnswerText.normalise(deep)).isNotNull();
        assertThat(last("\\frac{".repeat(2000) + "7")).isEqualTo("7");
    }

    @Test
    void readTakesTheShortNumberFirst() {
        assertThat(AnswerText.plain(AnswerText.read("12 500").value())).isEqualTo("12500");
        assertThat(AnswerText.plain(AnswerText.read("we get 12 500").value())).isEqualTo("500");
        assertThat(AnswerText.read("none")).isNull();
    }
}

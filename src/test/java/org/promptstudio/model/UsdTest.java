package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** One rule for every cost a user reads (decision 0118). */
class UsdTest {

    @Test
    void amountsShowTwoSignificantDigitsOrCentsWhicheverIsFiner() {
        // 10 × $1/M + 982 × $10/M (ReasoningTokensTest's call) = $0.00983
        assertThat(Usd.text(new BigDecimal("0.00983"))).isEqualTo("$0.0098");
        assertThat(Usd.text(new BigDecimal("0.0000355"))).isEqualTo("$0.000036");
        assertThat(Usd.text(new BigDecimal("0.0000004"))).isEqualTo("$0.00000040");
        assertThat(Usd.text(new BigDecimal("0.0001"))).isEqualTo("$0.00010");
        assertThat(Usd.text(new BigDecimal("0.5"))).isEqualTo("$0.50");
        assertThat(Usd.text(new BigDecimal("0.996"))).isEqualTo("$1.00");
        assertThat(Usd.text(new BigDecimal("1.5"))).isEqualTo("$1.50");
        assertThat(Usd.text(new BigDecimal("123.456"))).isEqualTo("$123.46");
        assertThat(Usd.text(new BigDecimal("1E+3"))).isEqualTo("$1000.00");
        assertThat(Usd.text(0.000123)).isEqualTo("$0.00012");
    }

    @Test
    void aKnownZeroIsZeroDollarsNotAFractionOfACent() {
        assertThat(Usd.text(BigDecimal.ZERO)).isEqualTo("$0");
        assertThat(Usd.text(new BigDecimal("0.0000"))).isEqualTo("$0");
        assertThat(Usd.text(0.0)).isEqualTo("$0");
    }

    @Test
    void anUnknownAmountIsAQuestionMarkNeverBlankNorZero() {
        assertThat(Usd.text((BigDecimal) null)).isEqualTo("?");
        assertThat(Usd.text(Double.NaN)).isEqualTo("?");
        assertThat(Usd.text(Double.POSITIVE_INFINITY)).isEqualTo("?");
        assertThat(Usd.text(BigDecimal.ONE, false)).isEqualTo("?");
        assertThat(Usd.text(BigDecimal.ONE, true)).isEqualTo("$1.00");
    }
}

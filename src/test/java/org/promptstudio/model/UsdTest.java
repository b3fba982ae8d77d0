package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsdTest {

    @Test
    void amountsAreRoundedHalfUpToAMillionthWithAtLeastTwoDecimals() {
        // 10 × $1/M + 982 × $10/M (ReasoningTokensTest's call) = $0.00983
        assertThat(Usd.text(new BigDecimal("0.00983"))).isEqualTo("$0.00983");
        assertThat(Usd.text(new BigDecimal("0.0000005"))).isEqualTo("$0.000001");
        assertThat(Usd.text(new BigDecimal("0.0000004"))).isEqualTo("$0.00");
        assertThat(Usd.text(BigDecimal.ZERO)).isEqualTo("$0.00");
        assertThat(Usd.text(new BigDecimal("1.5"))).isEqualTo("$1.50");
        assertThat(Usd.text(new BigDecimal("12"))).isEqualTo("$12.00");
        assertThat(Usd.text(new BigDecimal("1E+3"))).isEqualTo("$1000.00");
        assertThat(Usd.text(0.000123)).isEqualTo("$0.000123");
    }

    @Test
    void anUnknownAmountIsADash() {
        assertThat(Usd.text((BigDecimal) null)).isEqualTo("-");
        assertThat(Usd.text(Double.NaN)).isEqualTo("-");
        assertThat(Usd.text(Double.POSITIVE_INFINITY)).isEqualTo("-");
    }
}

package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.promptstudio.eval.Results.result;
import static org.promptstudio.eval.Results.unchecked;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void pairsTheSameCasesAndTestsTheFlipsWithMcNemar() {
        List<CaseResult> before = new ArrayList<>();
        List<CaseResult> after = new ArrayList<>();
        // 30 cases: 10 pass both, 6 fail both, 12 broke (pass -> fail), 2 fixed (fail -> pass)
        for (int i = 0; i < 30; i++) {
            boolean a = i < 10 || (i >= 16 && i < 28);
            boolean b = i < 10 || i >= 28;
            before.add(result(i, "c" + i, "v1", "gpt", a, a ? 1 : 0, 10, "0"));
            after.add(result(100 + i, "c" + i, "v2", "gpt", b, b ? 1 : 0, 10, "0"));
        }
        after.add(result(999, "new-case", "v2", "gpt", true, 1, 10, "0"));
        Comparison c = Comparison.of(before, after);
        assertThat(c.paired()).isEqualTo(30);
        assertThat(c.onlyAfter()).isEqualTo(1);
        assertThat(c.broke()).hasSize(12).first().satisfies(f -> {
            assertThat(f.caseId()).isEqualTo("c16");
            assertThat(f.reason()).isEqualTo("contains: expected 'refund'");
            assertThat(f.beforeCallId()).isEqualTo(16);
            assertThat(f.afterCallId()).isEqualTo(116);
        });
        assertThat(c.fixed()).extracting(Comparison.Flip::caseId).containsExactly("c28", "c29");
        assertThat(c.passRateChange().value()).isCloseTo(-10 / 30.0, within(1e-12));
        assertThat(c.passRateChange().high()).isNegative();
        // b = 12, c = 2, n = 14: 2 * (1 + 14 + 91) / 2^14 = 212 / 16384 = 0.01294
        assertThat(c.mcnemar().p()).isCloseTo(212.0 / 16384, within(1e-12));
        assertThat(c.significant()).isTrue();
        assertThat(c.metricChanges()).containsOnlyKeys("contains");
        assertThat(c.metricChanges().get("contains").excludesZero()).isTrue();
    }

    @Test
    void identicalResultsShowNoChange() {
        List<CaseResult> rs = List.of(result(1, "a", "v", "m", true, 1, 1, "0"), result(2, "b", "v", "m", false, 0, 1, "0"));
        Comparison c = Comparison.of(rs, rs);
        assertThat(c.broke()).isEmpty();
        assertThat(c.fixed()).isEmpty();
        assertThat(c.mcnemar().p()).isEqualTo(1.0);
        assertThat(c.significant()).isFalse();
        assertThat(c.passRateChange().value()).isZero();
    }

    @Test
    void twoResultsForOneCaseOnOneSideAreRefused() {
        List<CaseResult> rs = List.of(result(1, "a", "v", "m1", true, 1, 1, "0"), result(2, "a", "v", "m2", true, 1, 1, "0"));
        assertThatThrownBy(() -> Comparison.of(rs, rs)).hasMessageContaining("two results for the same case 'a#0'");
        assertThat(Comparison.ofRuns(rs, rs).paired()).isEqualTo(2);
    }

    // Decision 0020: an unchecked case is neither a pass nor a fail, so it cannot flip; it is counted as left out.
    @Test
    void onlyCasesCheckedInBothRunsArePairedAndTheRestAreCounted() {
        List<CaseResult> before = new ArrayList<>();
        List<CaseResult> after = new ArrayList<>();
        before.add(result(1, "a", "v1", "gpt", true, 1, 10, "0"));
        after.add(result(101, "a", "v2", "gpt", false, 0, 10, "0"));
        before.add(unchecked(2, "b", "v1", "gpt"));            // unchecked before, failed after: no "fixed"/"broke"
        after.add(result(102, "b", "v2", "gpt", false, 0, 10, "0"));
        before.add(result(3, "c", "v1", "gpt", false, 0, 10, "0"));
        after.add(unchecked(103, "c", "v2", "gpt"));           // failed before, unchecked after: not "fixed"
        before.add(unchecked(4, "d", "v1", "gpt"));
        after.add(unchecked(104, "d", "v2", "gpt"));
        Comparison c = Comparison.of(before, after);
        assertThat(c.paired()).isEqualTo(1);
        assertThat(c.unchecked()).isEqualTo(3);
        assertThat(c.onlyBefore()).isZero();
        assertThat(c.onlyAfter()).isZero();
        assertThat(c.broke()).extracting(Comparison.Flip::caseId).containsExactly("a");
        assertThat(c.fixed()).isEmpty();
        assertThat(c.passRateChange().value()).isEqualTo(-1.0);
    }
}

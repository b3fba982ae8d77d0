package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.promptstudio.experiment.ExperimentRunner;

/**
 * {@link RunHistory#budgetText}: the one wording of why a budget stopped a run (run summary, run list, launcher). A
 * cap truly reached says what was spent; a call refused for its own worst case says so, with the spend so far (the
 * trial saw "budget of $1 reached" with $0.14 spent).
 */
class BudgetTextTest {

    private static ExperimentRunner.BudgetStop stop(int call, String estimate, String spent, String inFlight, int sent,
                                                    String maxCost, Integer maxCalls) {
        return new ExperimentRunner.BudgetStop(call, estimate == null ? null : new BigDecimal(estimate),
                new BigDecimal(spent), new BigDecimal(inFlight), sent,
                new ExperimentRunner.Budget(maxCost == null ? null : new BigDecimal(maxCost), maxCalls));
    }

    @Test
    void aCallRefusedForItsWorstCaseNamesTheCallTheEstimateAndTheSpend() {
        assertThat(RunHistory.budgetText(stop(12, "0.9", "0.14", "0", 11, "1", null))).isEqualTo(
                "stopped before call 12: its worst-case estimate $0.90 would pass the budget of $1.00 ($0.14 spent)");
        assertThat(RunHistory.budgetText(stop(5, "0.5", "0.2", "0.35", 4, "1", null))).isEqualTo(
                "stopped before call 5: its worst-case estimate $0.50 would pass the budget of $1.00 ($0.20 spent,"
                        + " up to $0.35 more in calls still running)");
        assertThat(RunHistory.budgetText(stop(3, null, "0.2", "0", 2, "1", null))).isEqualTo(
                "stopped before call 3: its cost cannot be estimated, so it cannot be checked against the budget of"
                        + " $1.00 ($0.20 spent)");
    }

    @Test
    void aCapTrulyReachedSaysWhatWasSpentOrSent() {
        assertThat(RunHistory.budgetText(stop(12, "0.01", "1.02", "0", 11, "1", null)))
                .isEqualTo("budget of $1.00 reached ($1.02 spent); stopped before call 12");
        assertThat(RunHistory.budgetText(stop(6, null, "0", "0", 5, null, 5)))
                .isEqualTo("budget of 5 calls reached (5 calls sent); stopped before call 6");
        assertThat(RunHistory.budgetText(stop(2, null, "0.3", "0", 1, "2.5", 1)))
                .isEqualTo("budget of 1 call reached (1 call sent; the other limit, $2.50, was not); stopped before"
                        + " call 2");
        // with both caps, the one reached is named (the trial read "$1.00 or 5 calls reached" as either)
        assertThat(RunHistory.budgetText(stop(4, "0.01", "2.6", "0", 3, "2.5", 10)))
                .isEqualTo("budget of $2.50 reached ($2.60 spent; the other limit, 10 calls, was not); stopped before"
                        + " call 4");
    }

    @Test
    void amountsFollowTheOneCostRuleAndNeverRoundASpendToZero() {
        assertThat(RunHistory.usd(new BigDecimal("1"))).isEqualTo("$1.00");
        assertThat(RunHistory.usd(new BigDecimal("0.90126"))).isEqualTo("$0.90");
        assertThat(RunHistory.usd(new BigDecimal("0.0000412"))).isEqualTo("$0.000041");
        assertThat(RunHistory.usd(BigDecimal.ZERO)).isEqualTo("$0");
    }
}

package org.promptstudio.labelling.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bradley-Terry scores on cases solvable by hand, the prior, the intervals and their determinism. */
class BradleyTerryTest {

    /** A beats B 3 times of 4: the estimate has p_A / p_B = 3, so the scores are 1000 +- 200 log10 3. */
    @Test
    void twoContestantsScoreTheLogOddsOfTheirRecord() {
        List<Comparison> comparisons = times(3, "A", "B", Outcome.FIRST);
        comparisons.add(new Comparison("A", "B", Outcome.SECOND));

        Ranking ranking = BradleyTerry.rank(comparisons, 0, 0, BradleyTerry.SEED);

        assertThat(ranking.defined()).isTrue();
        assertThat(ranking.standings()).extracting(Standing::contestant).containsExactly("A", "B");
        assertThat(ranking.standings().get(0).score()).hasValueCloseTo(1000 + 200 * Math.log10(3), within(1e-6));
        assertThat(ranking.standings().get(1).score()).hasValueCloseTo(1000 - 200 * Math.log10(3), within(1e-6));
        assertThat(ranking.standings().get(0).scoreText()).isEqualTo("1095");
        assertThat(ranking.intervalUndefinedReason()).isEqualTo("no resamples asked for");
        assertThat(ranking.standings().get(0).intervalText()).isEqualTo("-");
    }

    /** One win and two ties: A has 2 half-wins of 3, B 1, so p_A / p_B = 2 and the gap is 400 log10 2. */
    @Test
    void aTieIsHalfAWinForEach() {
        List<Comparison> comparisons = times(2, "A", "B", Outcome.TIE);
        comparisons.add(new Comparison("B", "A", Outcome.SECOND));

        Ranking ranking = BradleyTerry.rank(comparisons, 0, 0, BradleyTerry.SEED);

        Standing a = ranking.standings().get(0);
        Standing b = ranking.standings().get(1);
        assertThat(a.contestant()).isEqualTo("A");
        assertThat(a.score().getAsDouble() - b.score().getAsDouble()).isCloseTo(400 * Math.log10(2), within(1e-6));
        assertThat(a.wins()).isEqualTo(1);
        assertThat(a.ties()).isEqualTo(2);
        assertThat(b.losses()).isEqualTo(1);
        assertThat(a.comparisons()).isEqualTo(3);
    }

    /**
     * Three contestants whose records fit strengths 4 : 2 : 1 exactly (A-B 2-1, B-C 2-1, A-C 4-1): the likelihood
     * equations W_i = sum_j n_ij p_i / (p_i + p_j) hold there (A: 6 = 2 + 4, B: 3 = 1 + 2, C: 2 = 1 + 1), so the
     * scores are 400 log10 of 4, 2, 1 shifted to mean 1000: 1120.4, 1000, 879.6.
     */
    @Test
    void threeContestantsWithConsistentRecordsGetTheirExactStrengths() {
        List<Comparison> comparisons = new ArrayList<>();
        comparisons.addAll(times(2, "A", "B", Outcome.FIRST));
        comparisons.addAll(times(1, "A", "B", Outcome.SECOND));
        comparisons.addAll(times(2, "B", "C", Outcome.FIRST));
        comparisons.addAll(times(1, "C", "B", Outcome.FIRST));
        comparisons.addAll(times(4, "C", "A", Outcome.SECOND));
        comparisons.addAll(times(1, "A", "C", Outcome.SECOND));

        Ranking ranking = BradleyTerry.rank(comparisons, 0, 0, BradleyTerry.SEED);

        double step = 400 * Math.log10(2);
        assertThat(ranking.standings()).extracting(Standing::contestant).containsExactly("A", "B", "C");
        assertThat(ranking.standings().get(0).score()).hasValueCloseTo(1000 + step, within(1e-6));
        assertThat(ranking.standings().get(1).score()).hasValueCloseTo(1000.0, within(1e-6));
        assertThat(ranking.standings().get(2).score()).hasValueCloseTo(1000 - step, within(1e-6));
        assertThat(ranking.standings()).extracting(Standing::comparisons).containsExactly(8, 6, 8);
        assertThat(ranking.comparisons()).isEqualTo(11);
    }

    @Test
    void aSweepHasNoPlainEstimateAndTheRankingSaysSo() {
        List<Comparison> sweep = times(5, "new", "old", Outcome.FIRST);

        Ranking plain = BradleyTerry.rank(sweep, 0, 100, BradleyTerry.SEED);

        assertThat(plain.defined()).isFalse();
        assertThat(plain.undefinedReason()).isEqualTo(
                "no finite Bradley-Terry scores without a prior: some contestants never lost to the others");
        assertThat(plain.standings()).extracting(Standing::contestant).containsExactly("new", "old");
        assertThat(plain.standings()).allSatisfy(s -> assertThat(s.scoreText()).isEqualTo("-"));
        assertThat(plain.standings().get(0).wins()).isEqualTo(5);
    }

    /**
     * With the default prior (one virtual tie against a reference of strength 1) a 1-0 record has a finite estimate
     * x = p_A = 1 / p_B (the problem is symmetric), which must solve A's likelihood equation with the reference:
     * 1 + 1/2 = x / (x + 1/x) + x / (x + 1).
     */
    @Test
    void thePriorGivesASweepFiniteScoresThatSolveTheLikelihoodEquation() {
        Ranking ranking = BradleyTerry.rank(List.of(new Comparison("A", "B", Outcome.FIRST)), BradleyTerry.PRIOR, 0,
                BradleyTerry.SEED);

        double score = ranking.standings().get(0).score().getAsDouble();
        double x = Math.pow(10, (score - 1000) / 400);
        assertThat(score).isGreaterThan(1000);
        assertThat(ranking.standings().get(1).score()).hasValueCloseTo(2000 - score, within(1e-6));
        assertThat(x / (x + 1 / x) + x / (x + 1)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void intervalsAreTheSameEveryTimeAndForAnyInputOrder() {
        List<Comparison> comparisons = new ArrayList<>();
        comparisons.addAll(times(30, "gpt", "llama", Outcome.FIRST));
        comparisons.addAll(times(12, "llama", "gpt", Outcome.FIRST));
        comparisons.addAll(times(5, "gpt", "llama", Outcome.TIE));
        comparisons.addAll(times(20, "llama", "mistral", Outcome.FIRST));
        comparisons.addAll(times(15, "mistral", "llama", Outcome.FIRST));
        comparisons.addAll(times(8, "gpt", "mistral", Outcome.FIRST));
        comparisons.addAll(times(2, "mistral", "gpt", Outcome.FIRST));
        List<Comparison> shuffled = new ArrayList<>(comparisons);
        Collections.shuffle(shuffled, new Random(7));

        Ranking first = BradleyTerry.rank(comparisons);
        Ranking again = BradleyTerry.rank(comparisons);
        Ranking reordered = BradleyTerry.rank(shuffled);
        Ranking otherSeed = BradleyTerry.rank(comparisons, BradleyTerry.PRIOR, BradleyTerry.RESAMPLES, 1L);

        assertThat(again).isEqualTo(first);
        assertThat(reordered).isEqualTo(first);
        assertThat(otherSeed.standings()).isNotEqualTo(first.standings());
        assertThat(first.resamples()).isEqualTo(1000);
        assertThat(first.standings()).extracting(Standing::contestant).containsExactly("gpt", "llama", "mistral");
        for (Standing standing : first.standings()) {
            assertThat(standing.low().getAsDouble()).isLessThan(standing.score().getAsDouble());
            assertThat(standing.high().getAsDouble()).isGreaterThan(standing.score().getAsDouble());
        }
    }

    @Test
    void moreComparisonsNarrowTheInterval() {
        List<Comparison> few = new ArrayList<>(times(6, "A", "B", Outcome.FIRST));
        few.addAll(times(4, "B", "A", Outcome.FIRST));
        List<Comparison> many = new ArrayList<>(times(60, "A", "B", Outcome.FIRST));
        many.addAll(times(40, "B", "A", Outcome.FIRST));

        Standing a10 = BradleyTerry.rank(few).standings().get(0);
        Standing a100 = BradleyTerry.rank(many).standings().get(0);

        assertThat(a100.high().getAsDouble() - a100.low().getAsDouble())
                .isLessThan(a10.high().getAsDouble() - a10.low().getAsDouble());
    }

    /** Three labels "X beats Y" resample to the same three every time: no interval, rather than one of zero width. */
    @Test
    void aContestantWithFewComparisonsHasNoInterval() {
        Ranking ranking = BradleyTerry.rank(times(3, "X", "Y", Outcome.FIRST));

        assertThat(ranking.defined()).isTrue();
        assertThat(ranking.intervalUndefinedReason())
                .isEqualTo("X has 3 comparisons; an interval needs at least 10 per contestant");
        assertThat(ranking.standings()).allSatisfy(s -> assertThat(s.intervalText()).isEqualTo("-"));
    }

    /** Enough comparisons, but all alike: every resample is the same multiset, so the interval would have no width. */
    @Test
    void comparisonsAllAlikeHaveNoInterval() {
        Ranking ranking = BradleyTerry.rank(times(12, "X", "Y", Outcome.FIRST));

        assertThat(ranking.defined()).isTrue();
        assertThat(ranking.intervalUndefinedReason()).isEqualTo("every one of the 1000 resamples fits the same scores"
                + " (all 12 comparisons alike): the bootstrap cannot show the uncertainty");
        assertThat(ranking.standings()).allSatisfy(s -> assertThat(s.low()).isEmpty());
    }

    @Test
    void noComparisonsIsAnEmptyUndefinedRanking() {
        Ranking ranking = BradleyTerry.rank(List.of());

        assertThat(ranking.defined()).isFalse();
        assertThat(ranking.undefinedReason()).isEqualTo("needs comparisons between at least 2 contestants; found 0");
        assertThat(ranking.standings()).isEmpty();
    }

    /**
     * Twelve rankings of four answers, broken into their 6 pairwise outcomes each: resampled as whole rankings
     * (grouped), the interval is wider than when the same 72 outcomes are resampled one by one, as the rankings are 12
     * judgements, not 72; the groups' names and the input order change nothing, and groups of one are plain
     * comparisons.
     */
    @Test
    void theOutcomesOfOneRankingAreResampledTogether() {
        String[][] orders = {
                {"A", "B", "C", "D"}, {"A", "B", "C", "D"}, {"A", "B", "C", "D"}, {"A", "B", "C", "D"},
                {"A", "B", "C", "D"}, {"B", "A", "C", "D"}, {"B", "A", "D", "C"}, {"A", "C", "B", "D"},
                {"D", "C", "B", "A"}, {"A", "B", "D", "C"}, {"C", "A", "B", "D"}, {"A", "D", "B", "C"}};
        List<Comparison> grouped = new ArrayList<>();
        List<Comparison> renamed = new ArrayList<>();
        List<Comparison> single = new ArrayList<>();
        for (int r = 0; r < orders.length; r++) {
            for (int i = 0; i < 4; i++) {
                for (int j = i + 1; j < 4; j++) {
                    grouped.add(new Comparison(orders[r][i], orders[r][j], Outcome.FIRST, "ranking " + r));
                    renamed.add(new Comparison(orders[r][i], orders[r][j], Outcome.FIRST, "r" + (100 - r)));
                    single.add(new Comparison(orders[r][i], orders[r][j], Outcome.FIRST));
                }
            }
        }
        Ranking byRanking = BradleyTerry.rank(grouped);
        Ranking byOutcome = BradleyTerry.rank(single);

        assertThat(byRanking.intervalUndefinedReason()).isNull();
        assertThat(byOutcome.intervalUndefinedReason()).isNull();
        Standing a = byRanking.standings().get(0);
        Standing aAlone = byOutcome.standings().get(0);
        assertThat(a.contestant()).isEqualTo("A");
        assertThat(a.score()).isEqualTo(aAlone.score());
        assertThat(a.high().getAsDouble() - a.low().getAsDouble())
                .isGreaterThan(aAlone.high().getAsDouble() - aAlone.low().getAsDouble());

        Collections.shuffle(renamed, new Random(7));
        assertThat(BradleyTerry.rank(renamed)).isEqualTo(byRanking);
        List<Comparison> ownGroups = new ArrayList<>();
        for (int c = 0; c < single.size(); c++) {
            Comparison one = single.get(c);
            ownGroups.add(new Comparison(one.first(), one.second(), one.outcome(), "alone " + c));
        }
        assertThat(BradleyTerry.rank(ownGroups)).isEqualTo(byOutcome);
    }

    @Test
    void aContestantCannotMeetItself() {
        assertThatThrownBy(() -> new Comparison("A", "A", Outcome.TIE))
                .hasMessage("a comparison needs two different contestants; found A twice");
    }

    private static List<Comparison> times(int n, String first, String second, Outcome outcome) {
        List<Comparison> list = new ArrayList<>();
        for (int i = 0; i < n; i++) list.add(new Comparison(first, second, outcome));
        return list;
    }
}

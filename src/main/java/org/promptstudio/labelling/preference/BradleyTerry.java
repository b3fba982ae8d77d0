package org.promptstudio.labelling.preference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Bradley-Terry model fitted to pairwise comparisons: contestant {@code i} beats {@code j} with probability
 * {@code p_i / (p_i + p_j)}; a tie counts as half a win for each. The strengths are the maximum-likelihood estimate
 * found by the MM algorithm of D. R. Hunter, "MM algorithms for generalized Bradley-Terry models", The Annals of
 * Statistics 32(1), 2004 (update {@code p_i <- W_i / sum_j n_ij / (p_i + p_j)}), and are shown on the Elo scale the
 * LMSYS Chatbot Arena uses ({@code 400 log10 p_i}, shifted so the mean score is 1000): 400 points apart means 10 to 1
 * odds. The 95% interval is the percentile bootstrap over the judgements (resampled with replacement, refitted,
 * 2.5th and 97.5th percentiles of each contestant's score), with a fixed seed so the same comparisons print the same
 * intervals. A judgement is one comparison, or the comparisons that share a {@link Comparison#group()} (the k(k-1)/2
 * outcomes of one ranking), which are resampled together: a cluster bootstrap (Davison and Hinkley, "Bootstrap
 * Methods and their Application", 1997, section 3.8), so a long ranking does not pass for many independent
 * comparisons. The interval is undefined, with the reason, when a contestant has fewer than {@link #MIN_COMPARISONS}
 * comparisons or when fewer than 2 resamples fit differently (every comparison alike): a zero-width interval there
 * would claim a certainty the data does not have.
 *
 * <p>The plain estimate has no finite value when some group of contestants never lost to the others (one side won
 * every comparison: Hunter's Assumption 1 fails). {@link #PRIOR} therefore gives every contestant one virtual tie
 * against a reference contestant of strength 1 (a weak pull towards the average, like the L2 penalty of a logistic
 * fit); with enough real comparisons it changes little. With a prior of 0 the estimate is the plain one and a ranking
 * where it does not exist is undefined with a reason (decision 0125).
 */
public final class BradleyTerry {

    /** Virtual ties per contestant against the reference contestant, by default. */
    public static final double PRIOR = 1.0;
    /** Bootstrap resamples per ranking by default (as the Chatbot Arena notebook). */
    public static final int RESAMPLES = 1000;
    /** The seed used when a caller has no reason to choose one. */
    public static final long SEED = 20261130L;
    /** The Elo scale: a difference of this many points means odds of 10 to 1. */
    public static final double SCALE = 400;
    /** The mean score. */
    public static final double MEAN = 1000;
    /**
     * Comparisons each contestant needs before its interval is shown: with fewer, resampling a handful of outcomes
     * says little about the uncertainty (three labels "X beats Y" resample to three again, every time).
     */
    public static final int MIN_COMPARISONS = 10;

    private static final double TOLERANCE = 1e-10;
    private static final int MAX_ITERATIONS = 100_000;

    private BradleyTerry() {
    }

    /** {@link #rank(List, double, int, long)} with {@link #PRIOR}, {@link #RESAMPLES} and {@link #SEED}. */
    public static Ranking rank(List<Comparison> comparisons) {
        return rank(comparisons, PRIOR, RESAMPLES, SEED);
    }

    /**
     * Ranks the contestants of {@code comparisons}.
     *
     * @param comparisons the outcomes, any order (the result does not depend on it)
     * @param prior       virtual ties per contestant against a reference of strength 1; 0 for the plain estimate
     * @param resamples   bootstrap resamples for the intervals; 0 for no intervals
     * @param seed        the seed of the resampling
     * @return the ranking; with no comparisons an empty, undefined one
     * @throws IllegalArgumentException when {@code prior} or {@code resamples} is negative
     */
    public static Ranking rank(List<Comparison> comparisons, double prior, int resamples, long seed) {
        if (prior < 0 || !Double.isFinite(prior)) throw new IllegalArgumentException("prior must be >= 0: " + prior);
        if (resamples < 0) throw new IllegalArgumentException("resamples must be >= 0: " + resamples);
        List<String> names = new ArrayList<>(new TreeSet<>(names(comparisons)));
        TreeMap<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) index.put(names.get(i), i);
        int k = names.size();
        int[][] pairs = new int[comparisons.size()][3];
        Map<String, List<int[]>> grouped = new TreeMap<>();
        List<int[][]> clusters = new ArrayList<>();
        for (int c = 0; c < comparisons.size(); c++) {
            Comparison comparison = comparisons.get(c);
            pairs[c][0] = index.get(comparison.first());
            pairs[c][1] = index.get(comparison.second());
            pairs[c][2] = comparison.outcome().ordinal();
            if (comparison.group() == null) clusters.add(new int[][] {pairs[c]});
            else grouped.computeIfAbsent(comparison.group(), g -> new ArrayList<>()).add(pairs[c]);
        }
        for (List<int[]> group : grouped.values()) clusters.add(group.toArray(new int[0][]));
        // A canonical order, so the resampling (and so the intervals) does not depend on the order of the input or
        // on the groups' names.
        Arrays.sort(pairs, PAIR_ORDER);
        for (int[][] cluster : clusters) Arrays.sort(cluster, PAIR_ORDER);
        clusters.sort(BradleyTerry::compareClusters);
        int[] wins = new int[k];
        int[] losses = new int[k];
        int[] ties = new int[k];
        for (int[] pair : pairs) {
            switch (Outcome.values()[pair[2]]) {
                case FIRST -> {
                    wins[pair[0]]++;
                    losses[pair[1]]++;
                }
                case SECOND -> {
                    wins[pair[1]]++;
                    losses[pair[0]]++;
                }
                case TIE -> {
                    ties[pair[0]]++;
                    ties[pair[1]]++;
                }
            }
        }

        String undefined = null;
        String intervalUndefined = null;
        double[] scores = null;
        double[][] bounds = null;
        if (k < 2) {
            undefined = "needs comparisons between at least 2 contestants; found " + k;
        } else {
            scores = fit(k, pairs, prior);
            if (scores == null) {
                undefined = "no finite Bradley-Terry scores without a prior: some contestants never lost to the others";
            }
        }
        if (undefined != null) {
            intervalUndefined = undefined;
        } else if (resamples == 0) {
            intervalUndefined = "no resamples asked for";
        } else if ((intervalUndefined = tooFew(names, wins, losses, ties)) == null) {
            Bootstrap bootstrap = bootstrap(k, clusters, prior, resamples, seed);
            if (bootstrap == null) {
                intervalUndefined = "some resamples have no finite scores without a prior";
            } else if (bootstrap.distinct() < 2) {
                intervalUndefined = "every one of the " + resamples + " resamples fits the same scores (all "
                        + clusters.size() + (clusters.size() == pairs.length ? " comparisons" : " judgements")
                        + " alike): the bootstrap cannot show the uncertainty";
            } else {
                bounds = bootstrap.bounds();
            }
        }

        List<Standing> standings = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            standings.add(new Standing(names.get(i), scores == null ? OptionalDouble.empty() : OptionalDouble.of(scores[i]),
                    bounds == null ? OptionalDouble.empty() : OptionalDouble.of(bounds[i][0]),
                    bounds == null ? OptionalDouble.empty() : OptionalDouble.of(bounds[i][1]),
                    wins[i] + losses[i] + ties[i], wins[i], losses[i], ties[i]));
        }
        Comparator<Standing> order = scores != null
                ? Comparator.comparingDouble((Standing s) -> -s.score().getAsDouble())
                : Comparator.comparingDouble((Standing s) -> -(s.wins() + 0.5 * s.ties()) / s.comparisons());
        standings.sort(order.thenComparing(Standing::contestant));
        return new Ranking(standings, comparisons.size(), prior, resamples, seed, undefined, intervalUndefined);
    }

    private static final Comparator<int[]> PAIR_ORDER = Comparator.<int[]>comparingInt(pair -> pair[0])
            .thenComparingInt(pair -> pair[1]).thenComparingInt(pair -> pair[2]);

    /** Orders clusters (each sorted) by their comparisons, lexicographically, then by size. */
    private static int compareClusters(int[][] a, int[][] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = PAIR_ORDER.compare(a[i], b[i]);
            if (c != 0) return c;
        }
        return Integer.compare(a.length, b.length);
    }

    private static List<String> names(List<Comparison> comparisons) {
        List<String> names = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            names.add(comparison.first());
            names.add(comparison.second());
        }
        return names;
    }

    /**
     * Elo-scale scores (mean {@link #MEAN}) of {@code k} contestants from comparisons {@code {first, second,
     * outcome ordinal}}, or null when the plain estimate ({@code prior == 0}) does not exist.
     */
    static double[] fit(int k, int[][] pairs, double prior) {
        // Half-wins in whole numbers: won[i][j] = 2 * wins of i over j + ties between them.
        long[][] won = new long[k][k];
        for (int[] pair : pairs) {
            int a = pair[0];
            int b = pair[1];
            switch (Outcome.values()[pair[2]]) {
                case FIRST -> won[a][b] += 2;
                case SECOND -> won[b][a] += 2;
                case TIE -> {
                    won[a][b]++;
                    won[b][a]++;
                }
            }
        }
        if (prior == 0 && !stronglyConnected(won)) return null;
        double[] halfWins = new double[k];
        double[][] games = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                halfWins[i] += won[i][j];
                games[i][j] = (won[i][j] + won[j][i]) / 2.0;
            }
        }
        double[] p = new double[k];
        Arrays.fill(p, 1.0);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] next = new double[k];
            double change = 0;
            for (int i = 0; i < k; i++) {
                double denominator = prior / (p[i] + 1);
                for (int j = 0; j < k; j++) {
                    if (games[i][j] > 0) denominator += games[i][j] / (p[i] + p[j]);
                }
                next[i] = (halfWins[i] / 2 + prior / 2) / denominator;
            }
            if (prior == 0) normalise(next);
            for (int i = 0; i < k; i++) change = Math.max(change, Math.abs(Math.log(next[i] / p[i])));
            p = next;
            if (change < TOLERANCE) break;
        }
        double[] scores = new double[k];
        double mean = 0;
        for (int i = 0; i < k; i++) {
            scores[i] = SCALE * Math.log10(p[i]);
            mean += scores[i] / k;
        }
        for (int i = 0; i < k; i++) scores[i] += MEAN - mean;
        return scores;
    }

    /** Scales the strengths to a geometric mean of 1 (the plain estimate is unique only up to a factor). */
    private static void normalise(double[] p) {
        double logMean = 0;
        for (double x : p) logMean += Math.log(x) / p.length;
        double factor = Math.exp(logMean);
        for (int i = 0; i < p.length; i++) p[i] /= factor;
    }

    /**
     * Whether every contestant can be reached from every other along "won at least half a game against" edges: the
     * condition under which the plain estimate exists and is finite (Hunter 2004, Assumption 1).
     */
    static boolean stronglyConnected(long[][] won) {
        int k = won.length;
        return reachesAll(won, k, false) && reachesAll(won, k, true);
    }

    private static boolean reachesAll(long[][] won, int k, boolean reverse) {
        boolean[] seen = new boolean[k];
        int[] stack = new int[k];
        int top = 0;
        stack[top++] = 0;
        seen[0] = true;
        int count = 1;
        while (top > 0) {
            int i = stack[--top];
            for (int j = 0; j < k; j++) {
                long edge = reverse ? won[j][i] : won[i][j];
                if (!seen[j] && edge > 0) {
                    seen[j] = true;
                    count++;
                    stack[top++] = j;
                }
            }
        }
        return count == k;
    }

    /** Why the contestants are too few compared for an interval (the one with the fewest named), or null. */
    private static String tooFew(List<String> names, int[] wins, int[] losses, int[] ties) {
        int fewest = 0;
        for (int i = 1; i < names.size(); i++) {
            if (wins[i] + losses[i] + ties[i] < wins[fewest] + losses[fewest] + ties[fewest]) fewest = i;
        }
        int n = wins[fewest] + losses[fewest] + ties[fewest];
        if (n >= MIN_COMPARISONS) return null;
        return names.get(fewest) + " has " + n + (n == 1 ? " comparison" : " comparisons") + "; an interval needs at"
                + " least " + MIN_COMPARISONS + " per contestant";
    }

    /** The percentile bounds per contestant, and how many different fits the resamples gave (counted up to 2). */
    private record Bootstrap(double[][] bounds, int distinct) {
    }

    /**
     * Per contestant the 2.5th and 97.5th percentiles of the resampled scores, with the number of distinct resampled
     * fits (up to 2); null when a resample has no finite scores. Each resample draws as many judgements (clusters of
     * comparisons) as there are, with replacement.
     */
    private static Bootstrap bootstrap(int k, List<int[][]> clusters, double prior, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] resampled = new double[k][resamples];
        int n = clusters.size();
        List<int[]> sample = new ArrayList<>();
        Set<List<Double>> fits = new HashSet<>();
        for (int r = 0; r < resamples; r++) {
            sample.clear();
            for (int c = 0; c < n; c++) sample.addAll(Arrays.asList(clusters.get(random.nextInt(n))));
            double[] scores = fit(k, sample.toArray(new int[0][]), prior);
            if (scores == null) return null;
            List<Double> fit = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                resampled[i][r] = scores[i];
                fit.add(scores[i]);
            }
            if (fits.size() < 2) fits.add(fit);
        }
        double[][] bounds = new double[k][];
        int lo = (int) Math.floor(0.025 * resamples);
        int hi = Math.max(lo, (int) Math.ceil(0.975 * resamples) - 1);
        for (int i = 0; i < k; i++) {
            Arrays.sort(resampled[i]);
            bounds[i] = new double[] {resampled[i][lo], resampled[i][hi]};
        }
        return new Bootstrap(bounds, fits.size());
    }
}

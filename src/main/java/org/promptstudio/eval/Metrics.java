package org.promptstudio.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Closeness of an answer to a reference: ROUGE-L (Lin 2004), BLEU (Papineni et al. 2002) per sentence and per
 * corpus, the Levenshtein ratio, and embedding cosine similarity. Texts are compared as lowercased words (letters
 * and digits, as the rouge_score package tokenises); the token-list methods compare tokens as given, so they can be
 * checked against NLTK's published figures.
 */
public final class Metrics {

    /** Chen &amp; Cherry (2014) method 1: a zero n-gram match count becomes this much, so one miss is not a 0. */
    static final double SMOOTHING_EPSILON = 0.1;
    private static final int MAX_N = 4;

    private final Embedder embedder;

    public Metrics(Embedder embedder) {
        this.embedder = embedder;
    }

    /** Cosine similarity of the two texts' embeddings, in [-1, 1]; 0 when either is blank. */
    public double similarity(String a, String b) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) return 0;
        List<float[]> v = embedder.embedAll(List.of(a, b));
        return cosine(v.get(0), v.get(1));
    }

    public Embedder embedder() {
        return embedder;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Lowercased runs of letters and digits; everything else separates words. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) out.add(w);
        }
        return out;
    }

    /** ROUGE-L F-measure (beta 1) of {@code candidate} against {@code reference}, over {@link #words}. */
    public static double rougeL(String candidate, String reference) {
        return rougeL(words(candidate), words(reference)).f();
    }

    /** Precision, recall and F-measure of a longest-common-subsequence match. */
    public record Prf(double precision, double recall, double f) {
    }

    public static Prf rougeL(List<String> candidate, List<String> reference) {
        if (candidate.isEmpty() || reference.isEmpty()) return new Prf(0, 0, 0);
        int lcs = lcs(candidate, reference);
        double p = (double) lcs / candidate.size();
        double r = (double) lcs / reference.size();
        return new Prf(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = a.get(i - 1).equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    /** Sentence BLEU-4 over {@link #words}, smoothed (Chen &amp; Cherry method 1). */
    public static double bleu(String candidate, List<String> references) {
        return sentenceBleu(references.stream().map(Metrics::words).toList(), words(candidate));
    }

    /**
     * Sentence BLEU-4: clipped n-gram precisions for n = 1..4, their geometric mean, times the brevity penalty
     * against the reference closest in length. Smoothed with Chen &amp; Cherry method 1 (as NLTK's
     * {@code SmoothingFunction().method1}), so a short answer missing one 4-gram scores low rather than 0; with every
     * precision above zero it equals unsmoothed BLEU. No unigram in common gives 0.
     */
    public static double sentenceBleu(List<List<String>> references, List<String> candidate) {
        return corpusBleu(List.of(references), List.of(candidate), true);
    }

    /**
     * Corpus BLEU-4 (Papineni et al.): match and n-gram counts, candidate and reference lengths are summed over all
     * sentences before the precisions and the brevity penalty are taken, unsmoothed.
     */
    public static double corpusBleu(List<List<List<String>>> references, List<List<String>> candidates) {
        return corpusBleu(references, candidates, false);
    }

    private static double corpusBleu(List<List<List<String>>> references, List<List<String>> candidates,
                                     boolean smooth) {
        if (references.size() != candidates.size()) {
            throw new IllegalArgumentException("references and candidates differ in number");
        }
        long[] matches = new long[MAX_N + 1];
        long[] totals = new long[MAX_N + 1];
        long candidateLength = 0;
        long referenceLength = 0;
        for (int s = 0; s < candidates.size(); s++) {
            List<String> cand = candidates.get(s);
            List<List<String>> refs = references.get(s);
            for (int n = 1; n <= MAX_N; n++) {
                Map<List<String>, Integer> counts = ngrams(cand, n);
                Map<List<String>, Integer> maxRef = new HashMap<>();
                for (List<String> ref : refs) {
                    ngrams(ref, n).forEach((g, c) -> maxRef.merge(g, c, Math::max));
                }
                for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
                    matches[n] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
                }
                totals[n] += Math.max(0, cand.size() - n + 1);
            }
            candidateLength += cand.size();
            referenceLength += closestLength(refs, cand.size());
        }
        if (matches[1] == 0) return 0;
        double logSum = 0;
        for (int n = 1; n <= MAX_N; n++) {
            double p;
            if (matches[n] > 0) {
                p = (double) matches[n] / totals[n];
            } else if (smooth) {
                p = SMOOTHING_EPSILON / Math.max(1, totals[n]);
            } else {
                return 0;
            }
            logSum += Math.log(p) / MAX_N;
        }
        double bp = candidateLength > referenceLength ? 1
                : Math.exp(1 - (double) referenceLength / Math.max(1, candidateLength));
        return bp * Math.exp(logSum);
    }

    private static int closestLength(List<List<String>> refs, int length) {
        int best = -1;
        for (List<String> r : refs) {
            int d = Math.abs(r.size() - length);
            if (best < 0 || d < Math.abs(best - length) || d == Math.abs(best - length) && r.size() < best) {
                best = r.size();
            }
        }
        return Math.max(best, 0);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) out.merge(tokens.subList(i, i + n), 1, Integer::sum);
        return out;
    }

    /** Edits (insert, delete, substitute one character) to turn {@code a} into {@code b}. */
    public static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** 1 - distance / longer length: 1 for equal texts (two empty ones too), 0 for nothing in common. */
    public static double levenshteinRatio(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        return longer == 0 ? 1 : 1 - (double) levenshtein(a, b) / longer;
    }
}

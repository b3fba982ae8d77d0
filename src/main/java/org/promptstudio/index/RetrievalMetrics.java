package org.promptstudio.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Retrieval quality figures over ranked search results, as pure functions. Hits are chunks but relevance is judged
 * per document, so a ranking is first reduced to its documents: the sources in the order of their first chunk
 * ({@link #documents}). Definitions after Manning, Raghavan and Schütze, <i>Introduction to Information
 * Retrieval</i> (Cambridge University Press, 2008), chapter 8: recall (section 8.3) taken over the top k results
 * ("recall at k"), and mean reciprocal rank (section 8.4: the reciprocal of the rank of the first relevant result,
 * averaged over the queries).
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {
    }

    /**
     * One judged question: what the search returned and which documents answer it.
     *
     * @param ranked   the sources of the hits in rank order (chunk sources, repeats allowed)
     * @param relevant the sources of every document that answers the question; not empty
     */
    public record Judged(List<String> ranked, Set<String> relevant) {
        public Judged {
            ranked = List.copyOf(ranked);
            relevant = Set.copyOf(relevant);
            if (relevant.isEmpty()) throw new IllegalArgumentException("a judged question needs a relevant document");
        }
    }

    /** The documents of {@code rankedSources} (chunk sources in rank order), each once, at the rank of its first chunk. */
    public static List<String> documents(List<String> rankedSources) {
        return new ArrayList<>(new LinkedHashSet<>(rankedSources));
    }

    /** The sources of search hits in rank order (repeats kept; {@link #documents} removes them). */
    public static List<String> sources(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().chunk().source()).toList();
    }

    /**
     * Recall at k: the fraction of the relevant documents found among the first {@code k} documents of the ranking
     * (after de-duplicating chunks by source).
     *
     * @param rankedSources chunk sources in rank order
     * @param relevant      the relevant documents; empty gives 0
     * @param k             how many documents to look at, at least 1
     * @return a fraction from 0 to 1
     */
    public static double recallAtK(List<String> rankedSources, Collection<String> relevant, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, was " + k);
        Set<String> wanted = Set.copyOf(relevant);
        if (wanted.isEmpty()) return 0;
        List<String> docs = documents(rankedSources);
        long found = docs.subList(0, Math.min(k, docs.size())).stream().filter(wanted::contains).count();
        return (double) found / wanted.size();
    }

    /**
     * Reciprocal rank: 1 / the document rank (from 1, after de-duplicating by source) of the first relevant document;
     * 0 when none is in the list.
     *
     * @return a value from 0 to 1
     */
    public static double reciprocalRank(List<String> rankedSources, Collection<String> relevant) {
        Set<String> wanted = Set.copyOf(relevant);
        List<String> docs = documents(rankedSources);
        for (int i = 0; i < docs.size(); i++) {
            if (wanted.contains(docs.get(i))) return 1.0 / (i + 1);
        }
        return 0;
    }

    /** The mean of {@link #recallAtK} over {@code questions}; 0 for none. */
    public static double meanRecallAtK(List<Judged> questions, int k) {
        if (questions.isEmpty()) return 0;
        double sum = 0;
        for (Judged q : questions) sum += recallAtK(q.ranked(), q.relevant(), k);
        return sum / questions.size();
    }

    /** Mean reciprocal rank (MRR): the mean of {@link #reciprocalRank} over {@code questions}; 0 for none. */
    public static double meanReciprocalRank(List<Judged> questions) {
        if (questions.isEmpty()) return 0;
        double sum = 0;
        for (Judged q : questions) sum += reciprocalRank(q.ranked(), q.relevant());
        return sum / questions.size();
    }
}

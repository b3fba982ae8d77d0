package org.promptstudio.index;

/**
 * A search.
 *
 * @param query          the user's words
 * @param k              how many hits, from 1 to {@link #MAX_K}
 * @param mode           BM25, vector or hybrid
 * @param pathPrefix     only documents whose path starts with it ({@code docs/policies/}); null for all
 * @param includeFlagged whether chunks with injection flags may be returned
 */
public record SearchRequest(String query, int k, SearchMode mode, String pathPrefix, boolean includeFlagged) {

    /** The most hits a search returns: more is no longer a context a prompt can hold, and costs a slow search. */
    public static final int MAX_K = 1000;

    /** @throws IndexException when k is outside 1 to {@link #MAX_K} */
    public SearchRequest {
        if (k < 1 || k > MAX_K) throw new IndexException("k must be from 1 to " + MAX_K + ", not " + k);
        if (mode == null) mode = SearchMode.HYBRID;
    }
}

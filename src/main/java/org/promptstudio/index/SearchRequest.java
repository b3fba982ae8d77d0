package org.promptstudio.index;

/**
 * A search.
 *
 * @param query          the user's words
 * @param k              how many hits, at least 1
 * @param mode           BM25, vector or hybrid
 * @param pathPrefix     only documents whose path starts with it ({@code docs/policies/}); null for all
 * @param includeFlagged whether chunks with injection flags may be returned
 */
public record SearchRequest(String query, int k, SearchMode mode, String pathPrefix, boolean includeFlagged) {

    public SearchRequest {
        if (k < 1) throw new IndexException("k must be at least 1, not " + k);
        if (mode == null) mode = SearchMode.HYBRID;
    }
}

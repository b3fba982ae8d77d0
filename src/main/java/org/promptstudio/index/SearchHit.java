package org.promptstudio.index;

/**
 * One search result.
 *
 * @param chunk       the chunk found
 * @param rank        its place in the results, from 1
 * @param score       BM25 score, cosine similarity, or reciprocal-rank-fusion score, by mode
 * @param snippet     the best passage with matched words between {@code <<} and {@code >>}
 * @param bm25Rank    its rank in the BM25 list (from 1), or 0 when it was not in it or the mode did not run it
 * @param vectorRank  its rank in the vector list (from 1), or 0 likewise
 */
public record SearchHit(IndexedChunk chunk, int rank, double score, String snippet, int bm25Rank, int vectorRank) {
}

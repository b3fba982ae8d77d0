package org.promptstudio.index;

/** How a query is matched: BM25 over the words, KNN over MiniLM vectors, or both fused by reciprocal rank. */
public enum SearchMode { BM25, VECTOR, HYBRID }

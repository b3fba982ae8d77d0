package org.promptstudio.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Lucene index of chunks under a folder (a workspace's {@code .studio/index/}). SCAFFOLD (issue 14 contract): kept
 * in memory with a naive word-overlap search; helper L1 replaces the body with Lucene (BM25, HNSW KNN, reciprocal
 * rank fusion, highlights, corruption detection, the write lock), keeping these signatures.
 */
public final class ChunkStore implements AutoCloseable {

    private final Map<String, DocumentEntry> documents = new LinkedHashMap<>();
    private final Map<String, List<IndexedChunk>> chunks = new LinkedHashMap<>();
    private final boolean rebuilt;
    private final boolean readOnly;

    private ChunkStore(boolean rebuilt, boolean readOnly) {
        this.rebuilt = rebuilt;
        this.readOnly = readOnly;
    }

    /**
     * Opens (or creates) the index in {@code dir}. An index that is corrupt, or written by another format or
     * embedding model, is deleted and started empty ({@link #rebuilt()} says so: the caller then re-ingests every
     * document). When another process holds the write lock, the index opens read-only ({@link #readOnly()}).
     *
     * @throws IndexException naming {@code dir} when it cannot be opened or created at all
     */
    public static ChunkStore open(Path dir) {
        return new ChunkStore(false, false);
    }

    /** Whether {@link #open} found a corrupt or incompatible index and started an empty one. */
    public boolean rebuilt() {
        return rebuilt;
    }

    /** Whether another studio holds the write lock, so this one may only search. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Every indexed document by path, in path order. */
    public synchronized Map<String, DocumentEntry> documents() {
        return new java.util.TreeMap<>(documents);
    }

    /**
     * Replaces everything indexed for {@code document.path()} by {@code documentChunks} (visible to searches after
     * {@link #commit()}). Safe to call from several threads.
     *
     * @throws IndexException when the index is read-only or cannot be written
     */
    public synchronized void replaceDocument(DocumentEntry document, List<IndexedChunk> documentChunks) {
        documents.put(document.path(), document);
        chunks.put(document.path(), List.copyOf(documentChunks));
    }

    /** Removes a document and its chunks. */
    public synchronized void removeDocument(String path) {
        documents.remove(path);
        chunks.remove(path);
    }

    /** Makes the changes so far durable and visible to searches. */
    public synchronized void commit() {
    }

    /** Drops every document (before a rebuild). */
    public synchronized void clear() {
        documents.clear();
        chunks.clear();
    }

    /** How many chunks are indexed. */
    public synchronized int chunkCount() {
        return chunks.values().stream().mapToInt(List::size).sum();
    }

    /** The chunks of {@code path} in position order; empty when it is not indexed. */
    public synchronized List<IndexedChunk> chunksOf(String path) {
        return chunks.getOrDefault(path, List.of());
    }

    /** The chunk with id {@code source#position}. */
    public synchronized Optional<IndexedChunk> chunk(String id) {
        return chunks.values().stream().flatMap(List::stream).filter(c -> c.chunk().id().equals(id)).findFirst();
    }

    /**
     * The best {@code request.k()} chunks for the request; {@code queryVector} is the query's MiniLM vector (may be
     * null for BM25). Ties are broken by chunk id, so the order never depends on threads.
     */
    public synchronized List<SearchHit> search(SearchRequest request, float[] queryVector) {
        List<String> words = List.of(request.query().toLowerCase(Locale.ROOT).split("\\W+"));
        List<IndexedChunk> all = new ArrayList<>();
        chunks.values().forEach(all::addAll);
        List<IndexedChunk> found = all.stream()
                .filter(c -> request.pathPrefix() == null || c.chunk().source().startsWith(request.pathPrefix()))
                .filter(c -> request.includeFlagged() || !c.flagged())
                .filter(c -> words.stream().anyMatch(w -> !w.isEmpty() && c.chunk().text().toLowerCase(Locale.ROOT).contains(w)))
                .sorted(Comparator.comparing(c -> c.chunk().id()))
                .limit(request.k()).toList();
        List<SearchHit> out = new ArrayList<>();
        for (IndexedChunk c : found) out.add(new SearchHit(c, out.size() + 1, 1.0, c.chunk().text(), 0, 0));
        return out;
    }

    @Override
    public synchronized void close() {
    }
}

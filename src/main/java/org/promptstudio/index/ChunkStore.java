package org.promptstudio.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.promptstudio.provider.Embeddings;

/**
 * The Lucene index of chunks under a folder (a workspace's {@code .studio/index/}): BM25 over the chunk text (English
 * analyser: stop words, possessives, Porter stems), KNN over the chunks' MiniLM vectors (HNSW, dot product of unit
 * vectors), and hybrid search fusing both by reciprocal rank. Each document also has a record (path, title, modified,
 * hash, format) so ingestion can be incremental.
 *
 * <p>Writes go through one {@link IndexWriter} (thread-safe) and become visible to searches at {@link #commit()};
 * searches take a searcher from a {@link SearcherManager}, so they are cheap and may run on any thread. A second
 * studio on the same folder finds the write lock held and opens the index read-only (it sees the other's commits).
 * A corrupt index, or one written by another format or embedding model (the {@value #FORMAT_FILE} file beside the
 * Lucene files says which), is deleted and started empty. Lucene's exceptions end here: callers see
 * {@link IndexException}s naming the folder.
 */
public final class ChunkStore implements AutoCloseable {

    /** The file beside the Lucene files naming the layout, embedding model and dimension the index was written with. */
    static final String FORMAT_FILE = "studio-index.properties";
    /**
     * Bumped whenever the fields of {@link ChunkFields} change meaning: an older index is then rebuilt. 2: chunks are
     * embedded with their title and heading path in front, and those are indexed for BM25 in their own field.
     */
    static final int FORMAT_VERSION = 2;

    /**
     * The weight of a word found in a chunk's title and heading path against one found in its text, for BM25. The
     * heading is shared by every chunk of its section, so it helps find the section but should not outrank the text:
     * at 1.0 the sample's hybrid recall@1 and MRR fell below vector's, at 0.3 BM25 and hybrid gained
     * (support-assistant, 54 questions).
     */
    static final float CONTEXT_BOOST = 0.3f;

    /** Reciprocal rank fusion's constant (Cormack, Clarke and Buettcher 2009). */
    static final int RRF_K = 60;

    /**
     * The lock file a studio holds while it opens the index (and rebuilds a corrupt one), beside Lucene's
     * {@code write.lock}: a second studio that finds it held opens read-only.
     */
    static final String OPEN_LOCK_NAME = "studio-open.lock";
    /** The commit's user-data key under which {@link #builtWith()} is kept. */
    private static final String BUILT_WITH = "studio.builtWith";
    /** The commit's user-data key marking an index emptied because it was damaged, until the next commit. */
    private static final String EMPTIED = "studio.emptied";
    /** Tests only: run between a corrupt index's failed open and the deletion of its files. */
    static volatile Runnable beforeRebuildDeletes;

    private static final String READ_ONLY = "the index is being updated by another studio on this workspace";
    private static final int SNIPPET_CHARS = 300;

    private final Path folder;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final boolean rebuilt;
    private final Object commitLock = new Object();

    private ChunkStore(Path folder, Directory directory, IndexWriter writer, SearcherManager searchers, boolean rebuilt) {
        this.folder = folder;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.rebuilt = rebuilt;
    }

    /**
     * Opens (or creates) the index in {@code dir}. An index that is corrupt, or written by another format or
     * embedding model, is deleted and started empty ({@link #rebuilt()} says so: the caller then re-ingests every
     * document). When another process holds the write lock, the index opens read-only ({@link #readOnly()}).
     * Opening verifies the checksums of every index file (a read of the whole index, well under a second for the
     * sizes a workspace has).
     *
     * @throws IndexException naming {@code dir} when it cannot be opened or created at all
     */
    public static ChunkStore open(Path dir) {
        Directory directory = null;
        try {
            Files.createDirectories(dir);
            directory = FSDirectory.open(dir);
            return open(dir, directory);
        } catch (IOException | RuntimeException e) {
            closeQuietly(directory);
            if (e instanceof IndexException ie) throw ie;
            throw failure(dir, "could not be opened", e);
        }
    }

    private static ChunkStore open(Path dir, Directory directory) throws IOException {
        // Held while the writer is made, and through a rebuild: a failed IndexWriter releases the write lock before
        // the files are deleted, and a second studio must not take the index in between (it opens read-only).
        org.apache.lucene.store.Lock opening;
        try {
            opening = directory.obtainLock(OPEN_LOCK_NAME);
        } catch (LockObtainFailedException e) {
            return openWhileAnotherOpens(dir, directory);
        }
        try (opening) {
            return openLocked(dir, directory);
        }
    }

    /** Another studio is opening or rebuilding the index: read-only, or the one-line error while its files change. */
    private static ChunkStore openWhileAnotherOpens(Path dir, Directory directory) {
        try {
            return openReadOnly(dir, directory);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IndexException ie) throw ie;
            throw new IndexException(dir + ": " + READ_ONLY + "; search again when it is done", e);
        }
    }

    private static ChunkStore openLocked(Path dir, Directory directory) throws IOException {
        boolean existed = DirectoryReader.indexExists(directory);
        IndexWriter writer;
        try {
            writer = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        } catch (LockObtainFailedException e) {
            return openReadOnly(dir, directory);
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException
                 | IndexNotFoundException | NoSuchFileException | java.io.EOFException | IllegalArgumentException e) {
            // IllegalArgumentException: a commit naming a codec this Lucene does not have.
            // The writer released the write lock as it failed; the open lock keeps other studios out: start afresh.
            Runnable hook = beforeRebuildDeletes;
            if (hook != null) hook.run();
            deleteIndexFiles(dir);
            writer = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE));
            return started(dir, directory, writer, true);
        }
        boolean rebuild = false;
        if (existed) {
            rebuild = !compatible(dir) || !intact(writer);
            if (rebuild) {
                writer.deleteAll();
                writer.commit();
            }
        }
        // emptied by an earlier open (a search found it damaged) and not ingested since: still to be rebuilt
        boolean emptiedBefore = !rebuild && liveCommitData(writer).containsKey(EMPTIED);
        return started(dir, directory, writer, rebuild || emptiedBefore);
    }

    private static Map<String, String> liveCommitData(IndexWriter writer) {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) live.forEach(e -> data.put(e.getKey(), e.getValue()));
        return data;
    }

    private static ChunkStore started(Path dir, Directory directory, IndexWriter writer, boolean rebuilt) throws IOException {
        try {
            // kept until the next commit of this store's own, so the `studio index` after a search says it rebuilt
            if (rebuilt) writer.setLiveCommitData(Map.of(EMPTIED, "damaged or written by another version").entrySet());
            writer.commit();
            writeFormat(dir);
            return new ChunkStore(dir, directory, writer, new SearcherManager(writer, null), rebuilt);
        } catch (IOException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    private static ChunkStore openReadOnly(Path dir, Directory directory) throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            return new ChunkStore(dir, directory, null, null, false);
        }
        if (!compatible(dir)) {
            throw new IndexException(dir + ": the index was written by another version of the studio and "
                    + READ_ONLY + "; search again when it is done");
        }
        return new ChunkStore(dir, directory, null, new SearcherManager(directory, null), false);
    }

    private static IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
        IndexWriterConfig config = new IndexWriterConfig(new EnglishAnalyzer());
        config.setOpenMode(mode);
        // Flush by size, not count: a large buffer means few segments, so few merges (each re-builds HNSW graphs).
        config.setRAMBufferSizeMB(256);
        config.setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH);
        TieredMergePolicy merges = new TieredMergePolicy();
        merges.setSegmentsPerTier(10);
        config.setMergePolicy(merges);
        config.setCommitOnClose(false);
        return config;
    }

    /** Whether the format file beside the index names this format, embedding model and dimension. */
    private static boolean compatible(Path dir) {
        Properties found = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(FORMAT_FILE))) {
            found.load(in);
        } catch (IOException e) {
            return false;
        }
        return expectedFormat().equals(found);
    }

    private static Properties expectedFormat() {
        Properties p = new Properties();
        p.setProperty("format", String.valueOf(FORMAT_VERSION));
        p.setProperty("embedding.model", Embeddings.MODEL_NAME);
        p.setProperty("embedding.dimension", String.valueOf(Embeddings.DIMENSION));
        return p;
    }

    private static void writeFormat(Path dir) throws IOException {
        Path tmp = dir.resolve(FORMAT_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            expectedFormat().store(out, "Prompt Studio document index: rebuilt when these differ");
        }
        Files.move(tmp, dir.resolve(FORMAT_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether every segment can be opened and its files' checksums hold. */
    private static boolean intact(IndexWriter writer) {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            for (LeafReaderContext leaf : reader.leaves()) leaf.reader().checkIntegrity();
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static void deleteIndexFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(IndexWriter.WRITE_LOCK_NAME) && !name.equals(OPEN_LOCK_NAME)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Whether {@link #open} found a corrupt or incompatible index and started an empty one, or an earlier open did
     * and nothing was committed since (a search that found the index damaged leaves the rebuild to {@code studio index}).
     */
    public boolean rebuilt() {
        return rebuilt;
    }

    /** Whether another studio holds the write lock, so this one may only search. */
    public boolean readOnly() {
        return writer == null;
    }

    /** Every indexed document by path, in path order (as of the last commit). */
    public Map<String, DocumentEntry> documents() {
        return read(searcher -> {
            Map<String, DocumentEntry> out = new TreeMap<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : all(searcher, new TermQuery(new Term(ChunkFields.TYPE, ChunkFields.TYPE_DOCUMENT)))) {
                DocumentEntry e = ChunkFields.readEntry(stored.document(sd.doc));
                out.put(e.path(), e);
            }
            return out;
        }, new TreeMap<>());
    }

    /**
     * Replaces everything indexed for {@code document.path()} by {@code documentChunks} (visible to searches after
     * {@link #commit()}). Safe to call from several threads.
     *
     * @throws IndexException when the index is read-only or cannot be written, or a chunk's vector does not have
     *                        {@link Embeddings#DIMENSION} floats
     */
    public void replaceDocument(DocumentEntry document, List<IndexedChunk> documentChunks) {
        IndexWriter w = writable();
        List<Document> docs = new ArrayList<>(documentChunks.size() + 1);
        docs.add(ChunkFields.entryDocument(document));
        for (IndexedChunk c : documentChunks) {
            if (!c.chunk().source().equals(document.path())) {
                throw new IndexException(c.chunk().id() + ": a chunk of another document than " + document.path());
            }
            docs.add(ChunkFields.chunkDocument(c));
        }
        try {
            w.updateDocuments(new Term(ChunkFields.SOURCE, document.path()), docs);
        } catch (IOException | RuntimeException e) {
            throw failure(folder, "could not index " + document.path(), e);
        }
    }

    /**
     * Removes a document and its chunks (at the next commit).
     *
     * @throws IndexException when the index is read-only or cannot be written
     */
    public void removeDocument(String path) {
        try {
            writable().deleteDocuments(new Term(ChunkFields.SOURCE, path));
        } catch (IOException | RuntimeException e) {
            throw failure(folder, "could not remove " + path, e);
        }
    }

    /**
     * The settings the index's documents were last all read with ({@link Ingestion#settings()}), as of the last
     * commit; null for an index that never finished an ingestion (or was written before the studio recorded them).
     *
     * @throws IndexException when the index cannot be read
     */
    public String builtWith() {
        try {
            Map<String, String> data = new HashMap<>();
            if (writer != null) {
                data.putAll(liveCommitData(writer));
            } else {
                data.putAll(org.apache.lucene.index.SegmentInfos.readLatestCommit(directory).getUserData());
            }
            return data.get(BUILT_WITH);
        } catch (IOException | RuntimeException e) {
            throw failure(folder, "could not be read", e);
        }
    }

    /** Records {@code settings} (see {@link #builtWith()}) with the next commit. */
    public void builtWith(String settings) {
        writable().setLiveCommitData(Map.of(BUILT_WITH, settings).entrySet());
    }

    /**
     * Makes the changes so far durable and visible to searches.
     *
     * @throws IndexException when the index is read-only or cannot be written
     */
    public void commit() {
        IndexWriter w = writable();
        synchronized (commitLock) {
            try {
                Map<String, String> data = liveCommitData(w);
                if (data.remove(EMPTIED) != null) w.setLiveCommitData(data.entrySet()); // documents are coming back
                w.commit();
                searchers.maybeRefreshBlocking();
            } catch (IOException | RuntimeException e) {
                throw failure(folder, "could not save the index", e);
            }
        }
    }

    /**
     * Drops every document (before a rebuild; at the next commit).
     *
     * @throws IndexException when the index is read-only or cannot be written
     */
    public void clear() {
        try {
            writable().deleteAll();
        } catch (IOException | RuntimeException e) {
            throw failure(folder, "could not clear the index", e);
        }
    }

    /**
     * The share of an index's documents outside its largest segment from which {@link #mergeIfScattered} merges it
     * into one: a bulk ingestion leaves most of them spread over many segments, an edit a few in a small one.
     */
    static final double SCATTERED_SHARE = 0.2;

    /**
     * Merges the index into one segment and commits, when at least {@value #SCATTERED_SHARE} of its documents lie
     * outside its largest segment (after a bulk ingestion; after an edit or two Lucene's merge policy keeps the small
     * segments few). A search walks one HNSW graph per segment: at 100,000 generated chunks a hybrid search (query
     * vector made beforehand) took p50 11.5 / p95 18.3 ms over 10 segments and 8.8 / 12.0 ms over one, and the merge
     * 82.5 s (2 cores; decision 0138). Waits for the merge, asking {@code stop} every
     * {@code checkMillis}; when it turns true the merge is left to finish in the background (closing the store ends it).
     *
     * @return whether the index was merged and committed
     * @throws IndexException when the index is read-only or cannot be merged or committed
     */
    public boolean mergeIfScattered(java.util.function.BooleanSupplier stop, long checkMillis) {
        IndexWriter w = writable();
        boolean scattered = read(searcher -> {
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            long total = searcher.getIndexReader().maxDoc();
            long largest = leaves.stream().mapToLong(l -> l.reader().maxDoc()).max().orElse(0);
            return leaves.size() > 1 && total - largest >= SCATTERED_SHARE * total;
        }, false);
        if (!scattered) return false;
        try {
            w.forceMerge(1, false);
            while (w.hasPendingMerges() || !w.getMergingSegments().isEmpty()) {
                if (stop.getAsBoolean()) return false;
                Thread.sleep(checkMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | RuntimeException e) {
            throw failure(folder, "could not merge its segments", e);
        }
        commit();
        return true;
    }

    /**
     * Waits until the merges running in the background are done (benchmarks time queries on a settled index).
     *
     * @return the index's segments then, as a searcher sees them after a refresh
     * @throws IndexException when the index cannot be read
     */
    public int settle() {
        if (writer != null && writer.getConfig().getMergeScheduler()
                instanceof org.apache.lucene.index.ConcurrentMergeScheduler merges) {
            merges.sync();
        }
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw failure(folder, "could not be read", e);
        }
        return read(searcher -> searcher.getIndexReader().leaves().size(), 0);
    }

    /** How many chunks are indexed (as of the last commit). */
    public int chunkCount() {
        return read(searcher -> searcher.count(chunkType()), 0);
    }

    /** Whether any document is indexed (as of the last commit); cheap, unlike {@link #documents()}. */
    public boolean hasDocuments() {
        return read(searcher -> searcher.count(new TermQuery(new Term(ChunkFields.TYPE, ChunkFields.TYPE_DOCUMENT))) > 0,
                false);
    }

    /** The chunks of {@code path} in position order (as of the last commit); empty when it is not indexed. */
    public List<IndexedChunk> chunksOf(String path) {
        return read(searcher -> {
            BooleanQuery q = new BooleanQuery.Builder()
                    .add(chunkType(), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(ChunkFields.SOURCE, path)), BooleanClause.Occur.FILTER).build();
            StoredFields stored = searcher.storedFields();
            List<IndexedChunk> out = new ArrayList<>();
            for (ScoreDoc sd : all(searcher, q)) out.add(ChunkFields.readChunk(searcher, stored, sd.doc));
            out.sort(Comparator.comparingInt(c -> c.chunk().position()));
            return out;
        }, List.of());
    }

    /** The chunk with id {@code source#position} (as of the last commit). */
    public Optional<IndexedChunk> chunk(String id) {
        return read(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(ChunkFields.ID, id)), 1);
            return top.scoreDocs.length == 0 ? Optional.<IndexedChunk>empty()
                    : Optional.of(ChunkFields.readChunk(searcher, searcher.storedFields(), top.scoreDocs[0].doc));
        }, Optional.empty());
    }

    /**
     * The best {@code request.k()} chunks for the request; {@code queryVector} is the query's MiniLM vector (384
     * floats; may be null for BM25). BM25 matches the query's words after English analysis (any punctuation is
     * fine; a query of stop words only finds nothing); VECTOR ranks by cosine similarity; HYBRID fuses the best
     * {@code max(4k, 20)} of each by reciprocal rank ({@code sum 1/(60 + rank)}). Ties are broken by chunk id, so
     * the order never depends on threads. Snippets mark the query's words between {@code <<} and {@code >>}.
     *
     * @throws IndexException when a vector mode gets no vector or one of another dimension, or the index cannot be read
     */
    public List<SearchHit> search(SearchRequest request, float[] queryVector) {
        return searchWhileEmbedding(request, CompletableFuture.completedFuture(queryVector));
    }

    /**
     * As {@link #search(SearchRequest, float[])}, with the query's vector still being made: the BM25 half of a hybrid
     * search runs while MiniLM embeds the query, and the vector half waits for it.
     *
     * @param queryVector the vector when done (may complete with null for BM25)
     * @throws IndexException as above, and when the vector could not be made (its message), or the wait is interrupted
     */
    public List<SearchHit> searchWhileEmbedding(SearchRequest request, Future<float[]> queryVector) {
        if (request.query() == null || request.query().isBlank()) {
            queryVector.cancel(false);
            return List.of();
        }
        try {
            return read(searcher -> search(searcher, request, queryVector), List.of());
        } finally {
            queryVector.cancel(false); // no effect once it is done; stops an embedding nobody will read
        }
    }

    private float[] vectorFor(SearchRequest request, Future<float[]> queryVector) {
        float[] v;
        try {
            v = queryVector.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException(folder + ": the search was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.promptstudio.model.StudioException studio) throw studio;
            throw new IndexException(folder + ": the query could not be embedded: "
                    + org.promptstudio.model.ErrorText.reason(cause), cause);
        }
        if (v == null || v.length != Embeddings.DIMENSION) {
            throw new IndexException(folder + ": a " + request.mode().name().toLowerCase(java.util.Locale.ROOT)
                    + " search needs the query's " + Embeddings.DIMENSION + "-dimension vector");
        }
        return v;
    }

    private List<SearchHit> search(IndexSearcher searcher, SearchRequest request, Future<float[]> queryVector)
            throws IOException {
        Query filter = filter(searcher, request);
        Query words = wordsQuery(request.query());
        int k = request.k();
        int fetch = request.mode() == SearchMode.HYBRID ? Math.max(k * 4, 20) : k;
        List<Ranked> bm25 = request.mode() == SearchMode.VECTOR || words == null ? List.of()
                : ranked(searcher, filter == null ? words : new BooleanQuery.Builder()
                        .add(words, BooleanClause.Occur.MUST).add(filter, BooleanClause.Occur.FILTER).build(), fetch);
        float[] queryVectorNow = request.mode() == SearchMode.BM25 ? null : vectorFor(request, queryVector);
        List<Ranked> vector = request.mode() == SearchMode.BM25 || isZero(queryVectorNow) ? List.of()
                : vectorRanked(searcher, queryVectorNow, filter, fetch);
        List<Ranked> chosen = switch (request.mode()) {
            case BM25 -> bm25;
            case VECTOR -> vector;
            case HYBRID -> fuse(bm25, vector);
        };
        if (chosen.size() > k) chosen = chosen.subList(0, k);
        if (chosen.isEmpty()) return List.of();
        Map<Integer, Integer> bm25Rank = ranks(bm25);
        Map<Integer, Integer> vectorRank = ranks(vector);
        String[] snippets = snippets(searcher, words, chosen);
        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            Ranked r = chosen.get(i);
            IndexedChunk chunk = ChunkFields.readChunk(searcher, stored, r.doc());
            String snippet = snippets[i] != null ? trimmedStart(snippets[i]) : leading(chunk.chunk().text());
            hits.add(new SearchHit(chunk, i + 1, r.score(), snippet, bm25Rank.getOrDefault(r.doc(), 0),
                    vectorRank.getOrDefault(r.doc(), 0)));
        }
        return hits;
    }

    /** A Lucene document with its score and chunk id (for ties). */
    private record Ranked(int doc, double score, String id) {
    }

    private static final Comparator<Ranked> BEST_FIRST =
            Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Ranked::id);

    private static Query chunkType() {
        return new TermQuery(new Term(ChunkFields.TYPE, ChunkFields.TYPE_CHUNK));
    }

    /**
     * What the request leaves out, or null when it leaves out nothing. Only chunks have text and vectors, so neither
     * half needs a filter by type; a filter costs a BM25 search its fast path (Lucene scores a bare disjunction with
     * MaxScore, a filtered one document by document: 15 against 6 ms at 100,000 generated chunks), so it is made only
     * when there is a folder to keep to or a flagged chunk to hide.
     */
    private static Query filter(IndexSearcher searcher, SearchRequest request) throws IOException {
        boolean inFolder = request.pathPrefix() != null && !request.pathPrefix().isEmpty();
        Term flagged = new Term(ChunkFields.FLAGGED, "1");
        boolean hideFlagged = !request.includeFlagged() && searcher.getIndexReader().docFreq(flagged) > 0;
        if (!inFolder && !hideFlagged) return null;
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(chunkType(), BooleanClause.Occur.FILTER);
        if (inFolder) b.add(new PrefixQuery(new Term(ChunkFields.SOURCE, request.pathPrefix())), BooleanClause.Occur.FILTER);
        if (hideFlagged) b.add(new TermQuery(flagged), BooleanClause.Occur.MUST_NOT);
        return b.build();
    }

    /** The query's analysed words as optional term clauses; null when none is left (blank, stop words only). */
    private Query wordsQuery(String query) throws IOException {
        List<String> terms = words(query);
        if (terms.isEmpty()) return null;
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        // two clauses a word (its text and its context), within the clause limit
        for (String t : terms.subList(0, Math.min(terms.size(), IndexSearcher.getMaxClauseCount() / 2))) {
            b.add(new TermQuery(new Term(ChunkFields.TEXT, t)), BooleanClause.Occur.SHOULD);
            b.add(new BoostQuery(new TermQuery(new Term(ChunkFields.CONTEXT, t)), CONTEXT_BOOST),
                    BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /**
     * The words of {@code query} BM25 looks for, after English analysis (lower case, stop words out, Porter stems),
     * each once, in order; empty when the query has only stop words and punctuation (BM25 then finds nothing, and a
     * hybrid search has the vector hits alone).
     */
    public List<String> words(String query) {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(ChunkFields.TEXT, query == null ? "" : query)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String t = term.toString();
                if (!terms.contains(t)) terms.add(t);
            }
            ts.end();
        } catch (IOException e) {
            throw new IndexException(folder + ": could not analyse the query: " + org.promptstudio.model.ErrorText.reason(e), e);
        }
        return terms;
    }

    /**
     * The best {@code n} hits of {@code query} by score, equal scores by chunk id. Lucene's top-score search skips
     * documents that cannot enter the top (block-max WAND), which a sort by score and id could not; it cuts equal
     * scores by document number, which depends on how segments were written, so this fetches until the n-th score is
     * above the last one fetched and orders the ties by id itself.
     */
    private static List<Ranked> ranked(IndexSearcher searcher, Query query, int n) throws IOException {
        for (int fetch = n + 8; ; fetch *= 2) {
            List<Ranked> out = new ArrayList<>(withIds(searcher, searcher.search(query, fetch)));
            out.sort(BEST_FIRST);
            boolean tieAtCut = out.size() == fetch && out.size() > n
                    && out.get(n - 1).score() == out.get(out.size() - 1).score();
            if (!tieAtCut || fetch >= searcher.getIndexReader().maxDoc()) {
                return out.size() > n ? new ArrayList<>(out.subList(0, n)) : out;
            }
        }
    }

    private static List<Ranked> vectorRanked(IndexSearcher searcher, float[] vector, Query filter, int n) throws IOException {
        // Lucene cuts equal scores by document number, which depends on how segments were written: fetch until the
        // n-th score is below the last one fetched, so ties at the cut are decided by chunk id.
        for (int fetch = n + 8; ; fetch *= 2) {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(ChunkFields.VECTOR, vector, fetch, filter), fetch);
            List<Ranked> out = new ArrayList<>();
            for (Ranked r : withIds(searcher, top)) {
                // Lucene scores a dot product as (1 + dot) / 2; the hit shows the cosine itself.
                out.add(new Ranked(r.doc(), 2 * r.score() - 1, r.id()));
            }
            out.sort(BEST_FIRST);
            boolean tieAtCut = out.size() == fetch && out.size() > n
                    && out.get(n - 1).score() == out.get(out.size() - 1).score();
            if (!tieAtCut || fetch >= searcher.getIndexReader().maxDoc()) {
                return out.size() > n ? new ArrayList<>(out.subList(0, n)) : out;
            }
        }
    }

    /** The hits of {@code top} with their chunk ids, read from the id's doc values (no stored fields decompressed). */
    private static List<Ranked> withIds(IndexSearcher searcher, TopDocs top) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Ranked> out = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc sd : top.scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
            SortedDocValues ids = leaf.reader().getSortedDocValues(ChunkFields.ID);
            int local = sd.doc - leaf.docBase;
            String id = ids != null && ids.advanceExact(local) ? ids.lookupOrd(ids.ordValue()).utf8ToString() : "";
            out.add(new Ranked(sd.doc, sd.score, id));
        }
        return out;
    }

    /** Reciprocal rank fusion: each list gives {@code 1 / (60 + rank)}; best first, ties by chunk id. */
    private static List<Ranked> fuse(List<Ranked> a, List<Ranked> b) {
        Map<Integer, Double> scores = new LinkedHashMap<>();
        Map<Integer, String> ids = new HashMap<>();
        for (List<Ranked> list : List.of(a, b)) {
            for (int i = 0; i < list.size(); i++) {
                Ranked r = list.get(i);
                scores.merge(r.doc(), 1.0 / (RRF_K + i + 1), Double::sum);
                ids.put(r.doc(), r.id());
            }
        }
        List<Ranked> out = new ArrayList<>();
        scores.forEach((doc, score) -> out.add(new Ranked(doc, score, ids.get(doc))));
        out.sort(BEST_FIRST);
        return out;
    }

    private static Map<Integer, Integer> ranks(List<Ranked> list) {
        Map<Integer, Integer> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) out.put(list.get(i).doc(), i + 1);
        return out;
    }

    private String[] snippets(IndexSearcher searcher, Query words, List<Ranked> hits) throws IOException {
        if (words == null) return new String[hits.size()];
        ScoreDoc[] docs = new ScoreDoc[hits.size()];
        for (int i = 0; i < docs.length; i++) docs[i] = new ScoreDoc(hits.get(i).doc(), (float) hits.get(i).score());
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<<", ">>", " ... ", false))
                .withMaxNoHighlightPassages(0)
                .build();
        return highlighter.highlight(ChunkFields.TEXT, words,
                new TopDocs(new TotalHits(docs.length, TotalHits.Relation.EQUAL_TO), docs), 1);
    }

    /**
     * A passage without the punctuation and spaces it may start with: the highlighter's sentence breaks can leave the
     * end of the sentence before ({@code ". - <<Refunds>> are issued"}, the trial).
     */
    static String trimmedStart(String snippet) {
        int i = 0;
        while (i < snippet.length() && !snippet.startsWith("<<", i)
                && (Character.isWhitespace(snippet.charAt(i)) || ".,;:!?-\u2013\u2014)]}".indexOf(snippet.charAt(i)) >= 0)) {
            i++;
        }
        return i == snippet.length() ? snippet : snippet.substring(i);
    }

    private static String leading(String text) {
        if (text.length() <= SNIPPET_CHARS) return text;
        int cut = text.lastIndexOf(' ', SNIPPET_CHARS);
        return text.substring(0, cut > SNIPPET_CHARS / 2 ? cut : SNIPPET_CHARS) + " ...";
    }

    private static boolean isZero(float[] v) {
        if (v == null) return true;
        for (float f : v) if (f != 0) return false;
        return true;
    }

    private static ScoreDoc[] all(IndexSearcher searcher, Query q) throws IOException {
        int n = Math.max(1, searcher.count(q));
        return searcher.search(q, n).scoreDocs;
    }

    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Runs {@code work} on a current searcher; {@code empty} when there is no index yet (read-only, nothing written). */
    private <T> T read(SearcherWork<T> work, T empty) {
        if (searchers == null) return empty;
        try {
            if (writer == null) searchers.maybeRefresh(); // read-only: pick up the other studio's commits
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException | RuntimeException e) {
            // an IndexException, or the query's embedding failing (its own message, not a damaged index)
            if (e instanceof org.promptstudio.model.StudioException studio) throw studio;
            throw failure(folder, "could not be read", e);
        }
    }

    private IndexWriter writable() {
        if (writer == null) throw new IndexException(folder + ": " + READ_ONLY);
        return writer;
    }

    private static IndexException failure(Path dir, String what, Exception e) {
        // the reason without Java class names: a bare ClosedChannelException has no message of its own
        return new IndexException("index " + dir + ": " + what + ": "
                + firstLine(org.promptstudio.model.ErrorText.reason(e)), e);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing; the first error is the one reported
        }
    }

    /**
     * Closes the searchers and the writer without committing: what was written since the last {@link #commit()} is
     * dropped (quick, where a commit flushes and syncs it). The write lock is released.
     *
     * @throws IndexException naming the folder when it could not be closed cleanly (the lock is released anyway)
     */
    public void abandon() {
        release(false);
    }

    /** Commits what was written and closes the searchers and the writer; the write lock is released. */
    @Override
    public void close() {
        release(true);
    }

    private void release(boolean commit) {
        // Each step runs whatever the one before did, so a failure never leaves the write lock held (the next studio
        // would open read-only) or the folder open; the first failure is the one reported.
        Exception first = null;
        try {
            if (searchers != null) searchers.close();
        } catch (IOException | RuntimeException e) {
            first = e;
        }
        if (writer != null) {
            try {
                if (commit) writer.commit();
            } catch (IOException | RuntimeException e) {
                if (first == null) first = e;
            }
            try {
                writer.rollback(); // closes the writer and releases the write lock
            } catch (IOException | RuntimeException e) {
                if (first == null) first = e;
            }
        }
        try {
            directory.close();
        } catch (IOException | RuntimeException e) {
            if (first == null) first = e;
        }
        if (first != null) throw failure(folder, "could not be closed", first);
    }
}
